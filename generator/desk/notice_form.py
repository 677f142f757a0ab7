"""The Parent notice form: a notice's parts (policy_data/notices/<id>.yaml) as fields, with the
model's own descriptions as help, read back into line edits of the file.

The form is made by walking the notice model (features/notice/model.py), so a field added to
the model is on the page; its names are the places in the file ("purposes.items.0.lawful_basis"),
a new item's "purposes.new.purpose", an item's removal "purposes.items.0.remove", the notice's
own fields "notice.title".  A save is read back into line edits (saving.save: the version check,
the strict loader, the model, one rename); removals are made in a second pass, after the other
edits and additions, so that an item removed and one added at the end of the same list do not
touch the same lines.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError

from generator.core.datafiles import data_files
from generator.core.load import load_text
from generator.core.model import Node
from generator.core.project import Project
from generator.core.yaml_lines import LineEdits
from generator.features.notice.model import Notice
from generator.pipeline.edits import kind_of

from .dates import read_date_field
from .forms import Field, plain_error
from .lawful_bases import choices
from .saving import Target, read_current

STATEMENT_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# ---- which notices -------------------------------------------------------------------------------


def notice_targets(project: Project) -> dict[str, Target]:
    """The English notices, by their file's name (translations are made with `handbook
    translate`, not here): only these may be opened, whatever the address says."""
    folder = project.data_dir / "notices"
    kind = kind_of("notices/x.yaml")
    found: dict[str, Target] = {}
    for path in data_files(folder, "*.yaml") if folder.is_dir() else []:
        target = Target(path, project.shown(path), kind.model, kind.file_check)
        try:
            _, data = read_current(target)
        except Exception:  # a file that cannot be read is still listed: its page says why
            data = {}
        if "translation" not in data:
            found[path.stem] = target
    return found


# ---- the form ------------------------------------------------------------------------------------

# The parts in the order parents read them (the model's), then the contact a setting outside the
# UK names; `other_formats` is no longer printed (the check says so) and `translation` belongs
# to translations: neither is on the form.
PARTS: tuple[str, ...] = Notice.PART_ORDER
NOT_EDITED = ("id", "other_formats", "translation")
TOP = ("title", "introduction", "version", "issued")
TOP_PREFIX = "notice."  # the notice's own fields: "notice.version" (the form's "version" is the file's)
PART_LABELS = {
    "controller": "Who we are",
    "purposes": "Why we hold information",
    "categories": "What information we hold",
    "sources": "Where it comes from",
    "requirement": "Whether parents must give it",
    "recipients": "Who we share it with",
    "transfers": "Sending it outside the UK",
    "retention": "How long we keep it",
    "rights": "Parents' rights",
    "withdraw_consent": "Taking back consent",
    "automated_decisions": "Decisions made by computer",
    "dpo": "Our Data Protection Officer",
    "complaints": "Complaints",
    "representative": "Our representative in the UK",
}
ITEM_NOUNS = {
    "purposes": "reason",
    "categories": "kind of information",
    "sources": "source",
    "recipients": "recipient",
    "rights": "right",
}
LABELS = {
    "title": "Title",
    "introduction": "Introduction",
    "version": "Version number",
    "issued": "Day issued",
    "heading": "Heading (the parent's question)",
    "text": "What we say",
    "statements": "Policy statements quoted",
    "required_by_law": "Who the law requires us to share with",
    "regulator_text": "Complaining to the regulator",
    "records": "Records listed (retention.yaml ids)",
    "id": "Short name",
    "purpose": "Why",
    "lawful_basis": "Lawful basis",
    "lawful_basis_source": "Where our documents give the basis",
    "special_category": "Uses health information (special category data)",
    "article9_condition": "Article 9 condition",
    "legitimate_interests": "Our legitimate interests",
    "name": "Name",
    "sensitivity": "How we treat it",
    "from_parent": "Given by the parent",
    "why": "Why we share it",
    "right": "Right",
    "role": "Role",
    "email": "Email",
    "phone": "Phone",
    "address": "Address",
}
LONG = {"text", "introduction", "purpose", "why", "required_by_law", "regulator_text", "legitimate_interests"}
OWN_WORDS = "article9_own"  # the Article 9 condition in the setting's own words, instead of a listed one
CHOICE_LABELS = {
    "sensitivity": {"special-category": "As health information (special category)", "confidential": "As confidential"},
    "right": {
        "access": "Access (a copy of the information)",
        "rectification": "Rectification (correcting it)",
        "erasure": "Erasure (deleting it)",
        "restriction": "Restriction (limiting its use)",
        "objection": "Objection",
        "portability": "Portability (taking it elsewhere)",
    },
}


def _unwrap(annotation: Any) -> Any:
    """The type inside `X | None` and Annotated[X, ...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


@functools.cache  # the form asks it of each field on every request; a model's fields never change
def _kind_of(model: type[BaseModel], name: str) -> str:
    """How a field is typed on the form: text, textarea, select, checkbox, ids (a list of ids),
    number, date; model (a part, with its own fields) or items (a list of nodes)."""
    annotation = _unwrap(model.model_fields[name].annotation)
    origin = typing.get_origin(annotation)
    if origin is list:
        inner = _unwrap(typing.get_args(annotation)[0])
        return "items" if isinstance(inner, type) and issubclass(inner, Node) else "ids"
    if origin is Literal:
        return "select"
    if annotation is bool:
        return "checkbox"
    if annotation is int:
        return "number"
    if annotation is dt.date:
        return "date"
    if isinstance(annotation, type) and issubclass(annotation, Node):
        return "model"
    return "textarea" if name in LONG else "text"


def _model_of(model: type[BaseModel], name: str) -> type[BaseModel]:
    annotation = _unwrap(model.model_fields[name].annotation)
    if typing.get_origin(annotation) is list:
        annotation = _unwrap(typing.get_args(annotation)[0])
    return annotation


def _select_choices(model: type[BaseModel], name: str) -> list[tuple[str, str]]:
    if name == "lawful_basis":
        return [("", "Not decided yet")] + [(c.id, f"{c.name} ({c.article})") for c in choices().bases]
    values = typing.get_args(_unwrap(model.model_fields[name].annotation))
    labels = CHOICE_LABELS.get(name, {})
    return [("", "Not given")] + [(v, labels.get(v, v)) for v in values]


def _shown(kind: str, value: Any) -> Any:
    if kind == "checkbox":
        return bool(value)
    if value is None:
        return ""
    if kind == "ids":
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if kind == "date" and isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _field(model: type[BaseModel], name: str, prefix: str, value: Any, label: str | None = None) -> Field:
    kind = _kind_of(model, name)
    info = model.model_fields[name]
    shown_kind = {"ids": "text", "number": "text", "date": "text"}.get(kind, kind)
    out = Field(
        f"{prefix}{name}",
        label or LABELS.get(name, name.replace("_", " ").capitalize()),
        info.description or "",
        shown_kind,
        _shown(kind, value),
        required=info.is_required() and kind not in ("checkbox", "ids"),
        input_type="email" if name == "email" else "tel" if name == "phone" else "text",
    )
    if kind == "select":
        out.choices = _select_choices(model, name)
    if name == "article9_condition":
        listed = [(c.notice or c.name, c.name) for c in choices().conditions]
        known = [v for v, _ in listed]
        out.kind = "select"
        out.choices = [("", "Not decided yet"), *listed]
        if out.value and out.value not in known:  # the setting's own words stay, shown as they are
            out.choices.append((out.value, f"Our own words: {out.value}"))
    return out


@dataclass
class Item:
    index: int | None  # its place in the file's list (None: the blank row for a new one)
    fields: list[Field]
    remove: bool = False

    @property
    def title(self) -> str:
        first = self.fields[0].value if self.fields else ""
        return str(first)[:80] if first else ""


@dataclass
class Section:
    name: str  # the model's name for the part ("purposes"); "" for the notice's own fields
    label: str
    help: str
    fields: list[Field] = field(default_factory=list)
    items: list[Item] | None = None  # None: the part has no list of items
    new: Item | None = None  # the blank row that adds an item
    noun: str = ""
    absent: bool = False  # the file does not have this part yet


def _item_fields(model: type[BaseModel], prefix: str, data: Mapping[str, Any]) -> list[Field]:
    out = []
    for name in model.model_fields:
        out.append(_field(model, name, prefix, data.get(name)))
        if name == "article9_condition":
            out.append(
                Field(
                    f"{prefix}{OWN_WORDS}",
                    "Or the Article 9 condition in our own words",
                    "Only if none of the list fits (for example, the words your Data Protection Officer gave); "
                    "these words then go on the notice instead.",
                )
            )
    return out


def sections(data: Mapping[str, Any]) -> list[Section]:
    """The form's sections with the file's values (`data`: the notice as loaded)."""
    top = Section("", "The notice", "Its title, the words at its start, and its version once it is issued.")
    top.fields = [_field(Notice, name, TOP_PREFIX, data.get(name)) for name in TOP]
    out = [top]
    for name in (*PARTS, "representative"):
        model = _model_of(Notice, name)
        present = isinstance(data.get(name), dict)
        part = _mapping(data.get(name))
        section = Section(
            name,
            PART_LABELS[name],
            Notice.model_fields[name].description or "",
            absent=not present,
            noun=ITEM_NOUNS.get(name, ""),
        )
        for sub in model.model_fields:
            if _kind_of(model, sub) == "items":
                item_model = _model_of(model, sub)
                section.items = [
                    Item(i, _item_fields(item_model, f"{name}.items.{i}.", _mapping(item)))
                    for i, item in enumerate(_list(part.get(sub)))
                ]
                section.new = Item(None, _item_fields(item_model, f"{name}.new.", {}))
                for f in section.new.fields:
                    f.required = False  # a blank row adds nothing
            else:
                section.fields.append(_field(model, sub, f"{name}.", part.get(sub)))
        out.append(section)
    return out


def every_field(found: list[Section]) -> list[Field]:
    fields = [f for s in found for f in s.fields]
    fields += [f for s in found for item in (s.items or []) for f in item.fields]
    fields += [f for s in found if s.new for f in s.new.fields]
    return fields


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


# ---- reading a submitted form --------------------------------------------------------------------


@dataclass
class Known:
    """What a notice may name: the policies' statement ids and retention.yaml's record ids (an
    unknown one is shown beside its field, as `check` would report it)."""

    statements: set[str]
    records: set[str]


def known_ids(project: Project) -> Known:
    """The statement and record ids the form's fields may name: read from the files on every
    save, each file's ids kept by its text (a save reads every policy file again)."""
    statements: set[str] = set()
    folder = project.data_dir / "policies"
    for path in data_files(folder, "*.yaml") if folder.is_dir() else []:
        statements |= _ids_in(_text_of(path), "statements")
    records = _ids_in(_text_of(project.data_dir / "retention.yaml"), "records")
    return Known(statements, set(records))


def _text_of(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@functools.lru_cache(maxsize=128)
def _ids_in(text: str | None, which: str) -> frozenset[str]:
    """A policy file's statement ids, or a retention file's record ids; none from a file that
    cannot be read (`check` and the To do page report it; nothing here is named from it)."""
    data = _data_of(text)
    if which == "statements":
        return frozenset(_statement_ids(data))
    return frozenset(
        str(r["id"]) for r in (data.get("records") or []) if isinstance(r, dict) and isinstance(r.get("id"), str)
    )


def _data_of(text: str | None) -> dict:
    if text is None:
        return {}
    try:  # the data alone: the names given here are in no message anyone sees
        data = load_text(text, Path("data.yaml"), "data.yaml").data
    except Exception:
        return {}
    return data if isinstance(data, dict) else {}


def _statement_ids(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["id"]} if isinstance(node.get("id"), str) and STATEMENT_ID.match(node["id"]) else set()
        return found.union(*(_statement_ids(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_statement_ids(v) for v in node))
    return set()


@dataclass
class Submitted:
    """A form read back: the notice's new data, what to add and remove, the errors by field."""

    data: dict[str, Any]  # the notice as it would be saved
    added: dict[str, list[dict[str, Any]]]  # part -> new items
    removed: dict[str, list[int]]  # part -> places of the items that go
    errors: dict[str, str]
    typed: dict[str, Any]  # field name -> the value as typed (shown again when refused)


def _read_value(kind: str, text: str, name: str, known: Known, errors: dict[str, str]) -> Any:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()  # a textarea's line ends, as the files write them
    if kind == "checkbox":
        return text == "true"
    if kind == "ids":
        ids = [i for i in re.split(r"[\s,;]+", text) if i]
        records = name.endswith("records")
        for i in ids:
            if records and not SLUG.match(i):
                errors[name] = f"“{i}” is not a record id: ids are lower-case words joined by hyphens."
            elif records and i not in known.records:
                errors[name] = f"“{i}” is not a record of retention.yaml: check its id there."
            elif not records and not STATEMENT_ID.match(i):
                errors[name] = f"“{i}” is not a statement id: ids are written like CONF-STR-09."
            elif not records and i not in known.statements:
                errors[name] = f"“{i}” is not a statement of any policy: check its id on the policy's page."
            if name in errors:
                break
        return ids
    if not text:
        return None
    if kind == "number":
        if not text.isdigit() or int(text) < 1:
            errors[name] = f"“{text}” is not a version number: write a whole number, 1 or more."
            return None
        return int(text)
    if kind == "date":
        day, problem = read_date_field(text, "")
        if problem:
            errors[name] = problem
        return day
    return text


def read_form(form: Mapping[str, Any], data: Mapping[str, Any], known: Known) -> tuple[Submitted, list[Section]]:
    """The notice's new data from a submitted form, and the form's sections with the person's
    input and the errors beside the fields."""
    errors: dict[str, str] = {}
    typed: dict[str, Any] = {}
    found = sections(data)
    new: dict[str, Any] = dict(data)
    added: dict[str, list[dict[str, Any]]] = {}
    removed: dict[str, list[int]] = {}
    # where each proposed list item came from, to put a model's errors beside the right row
    places: dict[tuple[str, int], str] = {}

    def read(model: type[BaseModel], f: Field, sub: str) -> Any:
        value = form.get(f.name)
        text = value if isinstance(value, str) else ""
        typed[f.name] = (text == "true") if f.kind == "checkbox" else text
        return _read_value(_kind_of(model, sub), text, f.name, known, errors)

    for name in TOP:
        f = next(f for f in found[0].fields if f.name == TOP_PREFIX + name)
        new[name] = read(Notice, f, name)
    for section in found[1:]:
        model = _model_of(Notice, section.name)
        old = _mapping(data.get(section.name))
        part: dict[str, Any] = dict(old)
        for f in section.fields:
            sub = f.name.split(".", 1)[1]
            part[sub] = read(model, f, sub)
        if section.items is not None:
            item_model = _model_of(model, "items")
            old_items = _list(old.get("items"))
            items: list[dict[str, Any]] = []
            for item in section.items:
                assert item.index is not None
                prefix = f"{section.name}.items.{item.index}."
                if form.get(prefix + "remove") == "true":
                    typed[prefix + "remove"] = True
                    removed.setdefault(section.name, []).append(item.index)
                    continue
                values = dict(_mapping(old_items[item.index]))
                values.update(_read_item(item_model, item.fields, prefix, form, read))
                places[(section.name, len(items))] = prefix
                items.append(values)
            assert section.new is not None
            row = _read_item(item_model, section.new.fields, f"{section.name}.new.", form, read)
            if any(v not in (None, False, []) for v in row.values()):
                row = {k: v for k, v in row.items() if v not in (None, [], False)}
                places[(section.name, len(items))] = f"{section.name}.new."
                items.append(row)
                added.setdefault(section.name, []).append(row)
            part["items"] = items
        if not old and all(v in (None, False, []) for k, v in part.items()):
            new.pop(section.name, None)  # an absent part left blank stays absent
        else:
            new[section.name] = part
    try:
        Notice.model_validate(new)
    except ValidationError as exc:
        for error in exc.errors():
            place = _field_name(tuple(error.get("loc", ())), places)
            errors.setdefault(place, plain_error(dict(error)))
    _shown_again(found, typed, errors)
    return Submitted(new, added, removed, errors, typed), found


def _read_item(model: type[BaseModel], fields: list[Field], prefix: str, form, read) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in fields:
        sub = f.name[len(prefix) :]
        if sub == OWN_WORDS:
            continue
        values[sub] = read(model, f, sub)
    own = form.get(prefix + OWN_WORDS)
    if "article9_condition" in values and isinstance(own, str) and own.strip():
        values["article9_condition"] = own.strip()
    return values


def _field_name(location: tuple, places: Mapping[tuple[str, int], str]) -> str:
    """The form's name of the field a model error is about ("purposes.items.2.purpose", or a
    new row's "purposes.new.purpose"); the first entry's name for an error about a whole part."""
    if len(location) >= 3 and location[1] == "items" and isinstance(location[2], int):
        prefix = places.get((str(location[0]), location[2]))
        if prefix:
            rest = [str(p) for p in location[3:4]]
            return prefix + (rest[0] if rest else "")
    if location and location[0] in TOP:
        return TOP_PREFIX + str(location[0])
    return ".".join(str(p) for p in location[:2])


def _shown_again(found: list[Section], typed: Mapping[str, Any], errors: Mapping[str, str]) -> None:
    for section in found:
        for item in section.items or []:
            prefix = f"{section.name}.items.{item.index}."
            item.remove = bool(typed.get(prefix + "remove"))
    for f in every_field(found):
        if f.name in typed:
            f.value = typed[f.name]
            if f.kind == "select" and f.value and f.value not in [v for v, _ in f.choices]:
                f.choices = [*f.choices, (f.value, f"{f.value} (not one of the list)")]
        f.error = errors.get(f.name)


def wrong_list(found: list[Section]) -> list[tuple[str, str, str]]:
    """(field id, label, error) for the summary at the top of a refused form."""
    out = []
    for section in found:
        for f in section.fields:
            if f.error:
                out.append((f.id, f"{section.label}: {f.label}", f.error))
        for item in section.items or []:
            for f in item.fields:
                if f.error:
                    out.append((f.id, f"{section.label}, {section.noun} {item.index + 1}: {f.label}", f.error))  # type: ignore[operator]
        for f in section.new.fields if section.new else []:
            if f.error:
                out.append((f.id, f"{section.label}, the new {section.noun}: {f.label}", f.error))
    return out


# ---- the edits -----------------------------------------------------------------------------------


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6).strip()
    return str(value)


def _set(edits: LineEdits, path: tuple, old: Mapping[str, Any], key: str, value: Any) -> None:
    """One key of a mapping, only when its value changed (a blank never adds a key)."""
    present = key in old
    if old.get(key) == value or (not present and value in (None, [], False)):
        return
    if isinstance(value, str):
        edits.set_value((*path, key), value)
    else:
        edits.set_plain((*path, key), "null" if value is None else _plain(value))


def edits_for(data: Mapping[str, Any], submitted: Submitted) -> Callable[[LineEdits], LineEdits | None]:
    """The line edits that make the notice file hold `submitted.data`: only what changed."""

    def edit(edits: LineEdits) -> LineEdits | None:
        new = submitted.data
        for name in TOP:
            _set(edits, (), data, name, new.get(name))
        for name in (*PARTS, "representative"):
            old = data.get(name)
            part = new.get(name)
            if part is None:
                continue
            if not isinstance(old, dict):
                fields = [(k, v) for k, v in part.items() if k != "items" and v not in (None, [], False)]
                edits.add_mapping(name, fields)  # its items, if any, once it exists (below)
                continue
            for key, value in part.items():
                if key != "items":
                    _set(edits, (name,), old, key, value)
            if "items" not in part:
                continue
            gone = set(submitted.removed.get(name, []))
            old_items = _list(old.get("items"))
            kept = [i for i in range(len(old_items)) if i not in gone]
            for place, i in enumerate(kept):
                before = _mapping(old_items[i])
                for key, value in part["items"][place].items():
                    _set(edits, (name, "items", i), before, key, value)
            for row in submitted.added.get(name, []):
                edits.append_item((name, "items"), list(row.items()))
        # An absent part that gets items: its mapping first (above), then its items (a second pass).
        second: LineEdits | None = None
        if any(submitted.removed.values()) or _new_parts_with_items(data, new):
            text = edits.text()
            second = LineEdits(text, load_text(text, edits.loaded.path, edits.loaded.name))
            for name in _new_parts_with_items(data, new):
                for row in submitted.added.get(name, []):
                    second.append_item((name, "items"), list(row.items()))
            for name, places in submitted.removed.items():
                old_items = data[name]["items"]
                if len(places) == len(old_items) and not submitted.added.get(name):
                    second.set_plain((name, "items"), "[]")
                else:
                    for i in sorted(places, reverse=True):
                        second.delete_item((name, "items"), i)
        return second

    return edit


def _new_parts_with_items(data: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    return [
        name
        for name in PARTS
        if not isinstance(data.get(name), dict) and isinstance(new.get(name), dict) and new[name].get("items")
    ]


def field_link(project: Project) -> Callable[[Any], str | None]:
    """A function giving the Parent notice field that answers a finding in a notice file (None
    for a finding about another file): the field on the finding's line, else its part."""
    targets = {t.shown: (stem, t) for stem, t in notice_targets(project).items()}
    read: dict[str, tuple[dict[int, tuple], set[str]]] = {}

    def lines_of(target: Target) -> tuple[dict[int, tuple], set[str]]:
        try:
            loaded = load_text(target.path.read_text(encoding="utf-8"), target.path, target.shown)
        except Exception:  # unreadable: the finding links to the page, which says why
            return {}, set()
        found: dict[int, tuple] = {}
        for path, (line, _column) in loaded.positions.items():
            path = tuple(p for p in path if not (isinstance(p, str) and p.startswith("__")))
            if path and (line not in found or len(path) > len(found[line])):
                found[line] = path
        return found, {f.name for f in every_field(sections(_mapping(loaded.data)))}

    def link(finding) -> str | None:
        if finding.location.file not in targets:
            return None
        stem, target = targets[finding.location.file]
        if stem not in read:
            read[stem] = lines_of(target)
        lines, names = read[stem]
        path = lines.get(finding.location.line, ())
        for end in range(len(path), 0, -1):  # the longest part of the path that is a field
            name = ".".join(str(p) for p in path[:end])
            for candidate in (name, TOP_PREFIX + name):
                if candidate in names:
                    return f"/notice/{stem}#{Field(candidate, '', '').id}"
        if path and path[0] in (*PARTS, "representative"):
            return f"/notice/{stem}#part-{path[0]}"
        return f"/notice/{stem}"

    return link
