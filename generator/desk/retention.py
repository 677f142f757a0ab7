"""The Records page: the setting's own retention decisions for each kind of record of
retention.yaml: who may see it, where it is kept, how long, what happens then, the law that
says so, and why the period differs from the guideline when it does.

The guideline stays beside each record as guidance only: the form never copies it into the
setting's period (unset stays unset until the setting decides).  Only what changed is written,
through the line editor; a field the form did not send is left as it is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.core.load import UNPRINTABLE
from generator.core.model import MAX_TEXT_CHARS
from generator.features.information.retention import END_ACTION_LABELS, RetentionEntry

# (key, label, help): every field of a record the setting decides (a test walks the model).
FIELDS = [
    ("access", "Who may see it", "For example: the manager and the child's key person."),
    ("held", "Where and how it is kept", "For example: in the locked cabinet in the office."),
    ("period", "How long it is kept", "The setting's own period, for example: until the child is 25."),
    ("action", "What happens at the end of the period", ""),
    ("statutory_basis", "The law or guidance that says so", "For example: the EYFS statutory framework."),
    (
        "departure_reason",
        "Why the period differs from the guideline",
        "Only when the setting's period is not the guideline's.",
    ),
]
NOT_DECIDED_HERE = ("id", "record", "description", "guideline")  # the schedule's own words and its guidance
# An unconfirmed guideline (checked: false) is printed as "to be completed: check <its source>":
# once the setting has checked the source, it says so here (and only then: never ticked for it).
CONFIRMED = "guideline.checked"
KEYS = [*(key for key, _, _ in FIELDS), CONFIRMED]  # what a save may change, one key a pass
ACTIONS = [("", "Not decided yet"), *END_ACTION_LABELS.items()]


@dataclass
class Row:
    index: int  # its place in retention.yaml's records
    id: str
    record: str
    description: str
    guideline: str  # the guideline's period, shown as guidance only ("" when there is none)
    values: dict[str, str]
    unconfirmed: str = ""  # an unconfirmed guideline's source, to check ("" when none waits)
    errors: dict[str, str] = field(default_factory=dict)


def rows_of(schedule: Mapping[str, Any]) -> list[Row]:
    rows = []
    for n, entry in enumerate(schedule.get("records") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        given = entry.get("guideline")
        guideline: dict[str, Any] = given if isinstance(given, dict) else {}
        rows.append(
            Row(
                n,
                entry["id"],
                str(entry.get("record") or entry["id"]),
                str(entry.get("description") or ""),
                str(guideline.get("period") or ""),
                {key: "" if entry.get(key) is None else str(entry.get(key)) for key, _, _ in FIELDS},
                _source(guideline) if guideline and guideline.get("checked") is False else "",
            )
        )
    return rows


def _source(guideline: Mapping[str, Any]) -> str:
    """Where an unconfirmed guideline comes from, in words (its cited documents, its source)."""
    cited = [
        " ".join(str(c.get(k)) for k in ("document", "part") if c.get(k))
        for c in guideline.get("cites") or []
        if isinstance(c, dict)
    ]
    return "; ".join([*cited, *([str(guideline["source"])] if guideline.get("source") else [])]) or "its source"


def _error(key: str, text: str) -> str | None:
    if key == "action":
        return None if text in END_ACTION_LABELS else "Choose what happens at the end of the period."
    if UNPRINTABLE.search(text):
        return "Remove the control characters (they cannot be printed)."
    if len(text) > MAX_TEXT_CHARS:
        return f"Shorten this to at most {MAX_TEXT_CHARS} characters."
    return None


def read_rows(getter, rows: list[Row]) -> tuple[list[Row], list[tuple[int, str, str | None]], bool]:
    """The rows as typed (errors beside their fields), the changes [(index, key, new value or
    None to unset)] and whether any field was wrong."""
    shown: list[Row] = []
    changes: list[tuple[int, str, str | None]] = []
    wrong = False
    for row in rows:
        typed = {}
        for key, _, _ in FIELDS:
            sent = getter(f"{row.id}.{key}")
            # whitespace runs become one space: a value is one paragraph in the outputs
            typed[key] = row.values[key] if sent is None else " ".join(str(sent).split())
        again = Row(row.index, row.id, row.record, row.description, row.guideline, typed, row.unconfirmed)
        if row.unconfirmed and getter(f"{row.id}.{CONFIRMED}") == "true":
            changes.append((row.index, CONFIRMED, "true"))
        for key, _, _ in FIELDS:
            if typed[key] == row.values[key]:
                continue
            error = _error(key, typed[key]) if typed[key] else None
            if error:
                again.errors[key] = error
                wrong = True
            else:
                changes.append((row.index, key, typed[key] or None))
        shown.append(again)
    return shown, changes, wrong


def edits_of(changes: list[tuple[int, str, str | None]], key: str):
    """The line edits of one key (one key a pass, as register.edits_of)."""

    def edit(edits) -> None:
        for index, changed, value in changes:
            if changed != key:
                continue
            if key == CONFIRMED:
                edits.set_plain(("records", index, "guideline", "checked"), "true")
            elif value is None:
                edits.set_plain(("records", index, key), "null")
            elif key == "action":
                edits.set_plain(("records", index, key), value)
            else:
                edits.set_value(("records", index, key), value)

    return edit


def covers_the_model() -> set[str]:
    """The fields of a record neither decided here nor kept as the schedule's own words (empty:
    the form covers the model)."""
    return set(RetentionEntry.model_fields) - {key for key, _, _ in FIELDS} - set(NOT_DECIDED_HERE)
