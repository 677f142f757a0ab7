"""What forms share: a field as the page shows it, and pydantic's errors in plain words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Field:
    name: str  # the form's name for it: "email", "dpo.email"
    label: str
    help: str  # the model's own description
    kind: str = "text"  # text, textarea, select, checkboxes, checkbox, date
    value: Any = ""  # as the form shows it (the person's input when a save was refused)
    choices: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    required: bool = False
    error: str | None = None
    # what the error is: a refused save's input ("Not saved:"), or a value already in the file
    error_label: str = "Not saved:"
    autocomplete: str | None = None
    input_type: str = "text"  # email, tel, url...

    @property
    def id(self) -> str:
        return "field-" + self.name.replace(".", "-").replace("_", "-")


def plain_error(error: dict) -> str:
    """A pydantic error as one sentence for the person who typed the value."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind in ("missing", "string_too_short") or (error.get("input") is None and kind.endswith("_type")):
        return "This cannot be left empty."
    if kind == "string_too_long":
        return f"This is too long: at most {context.get('max_length')} characters."
    if kind == "string_pattern_mismatch":
        return "Use only lower-case letters, digits and single hyphens (for example ann-smith)."
    if kind == "literal_error":
        return f"Choose one of the options ({context.get('expected', '')})."
    if kind.startswith("date"):
        return "This is not a date: write it as day/month/year, for example 30/09/2026."
    if kind == "too_short":
        return "Choose at least one."
    return str(error.get("msg", "This value is not accepted."))


def errors_by_field(exc, prefix: tuple = ()) -> dict[str, str]:
    """A ValidationError's errors keyed by the form's field names ("dpo.email"); the first error
    of each field."""
    found: dict[str, str] = {}
    for error in exc.errors():
        location = tuple(error.get("loc", ()))[len(prefix) :]
        name = ".".join(str(p) for p in location if not isinstance(p, int)) or "_form"
        # a Union (kind: a text or a list) reports each branch: the first is the plainest
        found.setdefault(name.split(".str")[0].split(".list")[0], plain_error(error))
    return found
