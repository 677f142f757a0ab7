"""Data files in, validated models out: one YAML file at a time, every problem a located finding.

The "load -> model" step of the pipeline for a single file; pipeline/handbook.py gathers the
whole data folder with it, and staff records and checklists use it too.  Each kind of data file
(a SourceKind, declared by its feature beside its slice of the handbook) names the field its
files fill and how they become its value, so the loader fills every field the same way.
"""

from __future__ import annotations

import difflib
import hashlib
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .codes import DATA_INVALID, SOURCE_DUPLICATE_ID
from .findings import DataError, Finding, Report
from .load import MAX_FILE_BYTES, LoadedFile, load_yaml
from .model import Node, attach_sources

# How the items of one kind of data file become the value of the handbook's field they fill:
# (items, report) -> value, reporting what it refuses (a second item with the same id).
Gather = Callable[[list[Any], Report], Any]


def unique_by_id(items: Iterable[Any], what: str, report: Report) -> dict[str, Any]:
    """Items by id, in order; a second item with an id already given is reported (and left out)."""
    by_id: dict[str, Any] = {}
    for item in items:
        if item.id in by_id:
            first = by_id[item.id].where("id")
            report.extend(
                [SOURCE_DUPLICATE_ID(item.where("id"), f"duplicate {what} id '{item.id}' (first used at {first})")]
            )
        else:
            by_id[item.id] = item
    return by_id


@dataclass(frozen=True)
class Shape:
    """One of the usual ways a kind's items become its field's value (a Gather):
    `every` (all of them, a list), `the_one` (the one file, or None), `unique(what)` (by id,
    a duplicate id reported as `duplicate <what> id`) and `sorted_by(attribute)` (a list)."""

    shape: str  # "list", "one", "unique" or "sorted"
    what: str = ""  # unique: what the id is of, in the duplicate-id finding ("policy")
    by: str = ""  # sorted: the attribute the items are sorted by

    def __call__(self, items: list[Any], report: Report) -> Any:
        if self.shape == "one":
            return next(iter(items), None)
        if self.shape == "unique":
            return unique_by_id(items, self.what, report)
        if self.shape == "sorted":
            return sorted(items, key=lambda item: getattr(item, self.by))
        return list(items)


every = Shape("list")
the_one = Shape("one")


def unique(what: str) -> Shape:
    return Shape("unique", what=what)


def sorted_by(attribute: str) -> Shape:
    return Shape("sorted", by=attribute)


@dataclass(frozen=True)
class SourceKind:
    """A kind of data file: where it is found, the model it must match, and the field of the
    handbook its files fill (pipeline/handbook.py fills every declared field the same way: a
    new kind of data file needs no line there)."""

    key: str  # the name the handbook gathers these files under
    pattern: str  # glob relative to its folder
    model: type[Node]
    schema: str  # its JSON Schema is schemas/<schema>.schema.json (see core/schema.py)
    required: bool = True
    # "data": the data folder; "checklists": the checklists folder beside it; "records": staff records
    folder: str = "data"
    # Checks that need the file's name as well as its content (a checklist is named after its role).
    file_check: Callable[[Path, Any], Iterable[Finding]] | None = None
    # Where settings adopt a model: "own" files are the setting's alone (its facts, releases,
    # approvals, training sessions, overrides), never read from the model; "shared" files come
    # from the model, a setting's file of the same name replacing the model's; "setting" files
    # exist only for a setting (overrides.yaml).
    scope: str = "shared"
    # The field of the handbook (the feature's slice) its files fill; a tuple when its gather
    # fills several (a tuple of values, in the same order); None when it fills none (the
    # overrides, read by the settings' adoption, and the staff records, read on demand).
    into: str | tuple[str, ...] | None = None
    # Its items: each file's list of this name, one after the other (None: the files themselves).
    items: str | None = None
    # How its items (after the steps of load_handbook that cross features) become the value.
    gather: Gather = every

    @property
    def fields(self) -> tuple[str, ...]:
        """The handbook's fields it fills."""
        return (self.into,) if isinstance(self.into, str) else (self.into or ())

    def items_of(self, files: list[Any]) -> list[Any]:
        """Its items in the files loaded, in order."""
        if self.items is None:
            return list(files)
        return [item for file in files for item in getattr(file, self.items)]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside Optional[...], list[...] or Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found:
            return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        if info is None:
            return current
        current = _inner_model(info.annotation)
    return current


_ID_HINTS = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "use lower-case letters, digits and single hyphens, like 'child-protection'",
    r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$": "use capitals, digits and hyphens, like 'CONF-AIM-01'",
}


def _message(err: ErrorDetails, model: type[BaseModel], loaded: LoadedFile) -> tuple[tuple[Any, ...], str]:
    """A plain-English message for one pydantic error, and the data path it is about."""
    loc = tuple(p for p in err["loc"] if isinstance(p, (int, str)))
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return loc[:-1], f"missing required key '{loc[-1]}'"
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        valid = sorted(parent.model_fields) if parent else []
        close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else (f"; valid keys: {', '.join(valid)}" if valid else "")
        return loc, f"unknown key '{loc[-1]}'{hint}"
    if kind.startswith("date"):
        return loc + ("__value__",), f"'{value}' is not a valid date; write it as YYYY-MM-DD, like 2026-09-01"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        return loc + ("__value__",), f"'{value}' is not a valid id: {_ID_HINTS.get(pattern, err['msg'])}"
    field = loc[-1] if loc and isinstance(loc[-1], str) else (loc[-2] if len(loc) > 1 else "value")
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    if isinstance(value, str) and len(value) > 60:
        shown = repr(value[:57] + "...")
    return loc + ("__value__",), f"{field}: {err['msg'].rstrip('.')} (got {shown})"


def validate(loaded: LoadedFile, model: type[Node]) -> tuple[Node | None, list[Finding]]:
    try:
        node = model.model_validate(loaded.data)
    except ValidationError as exc:
        findings = []
        for err in exc.errors(include_url=False):
            path, message = _message(err, model, loaded)
            findings.append(DATA_INVALID(loaded.where(path), message))
        return None, findings
    attach_sources(node, loaded)
    return node, []


def refusals(path: Path, model: type[Node], shown: str) -> list[str]:
    """What the loader would refuse in a file a command has just written (a temporary file,
    named `shown` in the messages), as `file:line:column: message` lines; empty when it loads
    and validates as `model`.  The check a writer runs before its file replaces the old one."""
    try:
        _, findings = validate(load_yaml(path, shown), model)
    except DataError as exc:
        findings = exc.findings
    return [str(f) for f in findings]


def load_model(
    path: Path, model: type[Node], shown: str, report: Report, memo: SourceMemo | None = None
) -> tuple[LoadedFile | None, Any]:
    """Load one YAML file (shown to the user as `shown`) and validate it against `model`; every
    problem goes into `report`.  Returns (file, node): file is None when it cannot be read,
    node when it is not valid."""
    key = (str(path), shown, model)
    digest = _content_digest(path) if memo is not None else None
    if memo is not None and digest is not None and (kept := memo.files.get(key)) is not None and kept[0] == digest:
        _, loaded, node, findings = kept
        report.extend(findings)
        return loaded, node
    try:
        loaded = load_yaml(path, shown, shared=True)
    except DataError as exc:
        loaded, node, findings = None, None, exc.findings
    else:
        node, findings = validate(loaded, model)
    report.extend(findings)
    if memo is not None and digest is not None:
        memo.files[key] = (digest, loaded, node, findings)
    return loaded, node


class SourceMemo:
    """`handbook serve` loads the whole data folder again after every edit, though usually one
    file changed.  It keeps one of these (on the MkDocs plugin) to remember each file's
    validated model by its content: models are frozen, so an unchanged file's model can be
    handed out again.  One-shot commands pass none (nothing to reuse)."""

    def __init__(self) -> None:
        self.files: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        # What the loader makes of a model with other files' data (a policy with its citations
        # read): key -> (the model, those other inputs, the result), reused while both are equal.
        self.derived: dict[tuple[Any, ...], tuple[Any, ...]] = {}


def _content_digest(path: Path) -> bytes | None:
    """A hash of the file's bytes, or None when load_yaml should read it (and report why not)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None
