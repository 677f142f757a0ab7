"""The "Our setting" form: setting.yaml's fields, with help from the model's own descriptions,
read back into edits of the file by the line editor."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from generator.core.yaml_lines import LineEdits
from generator.features.policies.model import Contact, Setting

from .forms import Field, errors_by_field

# The fields, in the order the manager thinks of them (every field of the model is here: a test
# walks the model); id names the files and is not edited here.
ORDER = [
    "name",
    "run_by",
    "company_number",
    "charity_number",
    "kind",
    "noun",
    "nation",
    "address",
    "phone",
    "email",
    "website",
    "local_authority",
    "ico_registration",
    "dpo",
    "handbook_contact",
    "complaints_email",
    "complaints_form",
    "publish_drafts",
]
NOT_EDITED = ("id",)
CONTACT_FIELDS = [f"dpo.{name}" for name in Contact.model_fields]
# The form's parts (every field of ORDER is in one of them).
GROUPS = [
    (
        "About the setting",
        ["name", "run_by", "company_number", "charity_number", "kind", "noun", "nation", "local_authority"],
    ),
    ("How to reach the setting", ["address", "phone", "email", "website"]),
    ("Data protection", ["ico_registration", *CONTACT_FIELDS, "complaints_email", "complaints_form"]),
    ("The handbook", ["handbook_contact", "publish_drafts"]),
]
LABELS = {
    "name": "Name of the setting",
    "run_by": "Run by (its legal name)",
    "company_number": "Company number",
    "charity_number": "Registered charity number",
    "kind": "Kind of setting",
    "noun": "What the handbook calls it",
    "nation": "Nation",
    "address": "Postal address",
    "phone": "Phone",
    "email": "Email",
    "website": "Website",
    "local_authority": "Local authority",
    "ico_registration": "Registration number with the Information Commissioner",
    "handbook_contact": "Contact for this handbook",
    "complaints_email": "Email for data protection complaints",
    "complaints_form": "Online complaints form",
    "publish_drafts": "Publish drafts in the public edition",
}
CONTACT_LABELS = {"name": "Name", "role": "Role", "email": "Email", "phone": "Phone", "address": "Address"}
INPUT_TYPES = {
    "email": "email",
    "complaints_email": "email",
    "phone": "tel",
    "website": "url",
    "complaints_form": "url",
}
AUTOCOMPLETE = {"name": "organization", "address": "street-address", "phone": "tel", "email": "email", "website": "url"}
NATIONS = [
    ("", "Not given"),
    ("england", "England"),
    ("wales", "Wales"),
    ("scotland", "Scotland"),
    ("northern-ireland", "Northern Ireland"),
]


def _kinds_of(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def kind_choices(kinds: Iterable, current: list[str]) -> list[tuple[str, str]]:
    """Every kind of the table, and any kind the file names that the table does not know (so
    that it is shown, ticked, with the check's finding beside it)."""
    choices = [(k.id, k.name[:1].upper() + k.name[1:]) for k in kinds]
    known = {c for c, _ in choices} | {label.lower() for _, label in choices}
    choices += [
        (c, f"{c} (not a kind the handbook knows)") for c in current if c not in known and c.lower() not in known
    ]
    return choices


def fields(data: Mapping[str, Any], kinds: Iterable) -> list[Field]:
    """The form's fields with the file's values (`data`: setting.yaml as loaded)."""
    described = Setting.model_fields
    out: list[Field] = []
    for name in ORDER:
        info = described[name]
        value = data.get(name)
        if name == "dpo":
            contact = value if isinstance(value, dict) else {}
            for sub, sub_info in Contact.model_fields.items():
                kind = "textarea" if sub == "address" else "text"
                out.append(
                    Field(
                        f"dpo.{sub}",
                        f"Data Protection Officer: {CONTACT_LABELS[sub].lower()}",
                        sub_info.description or "",
                        kind,
                        _shown(contact.get(sub)),
                        input_type={"email": "email", "phone": "tel"}.get(sub, "text"),
                    )
                )
            continue
        field = Field(
            name,
            LABELS[name],
            info.description or "",
            value=_shown(value),
            required=info.is_required(),
            input_type=INPUT_TYPES.get(name, "text"),
            autocomplete=AUTOCOMPLETE.get(name),
        )
        if name == "address":
            field.kind = "textarea"
        elif name == "kind":
            field.kind, field.value = "checkboxes", _kinds_of(value)
            field.choices = kind_choices(kinds, field.value)
        elif name == "nation":
            field.kind, field.choices = "select", NATIONS
        elif name == "publish_drafts":
            field.kind, field.value = "checkbox", bool(value)
        out.append(field)
    return out


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def read_form(
    form: Mapping[str, Any], getlist, data: Mapping[str, Any], kinds: Iterable
) -> tuple[dict[str, Any], dict[str, str]]:
    """The setting's new values from a submitted form, and the errors to show beside the fields
    (empty when the form can be saved).  `getlist(name)`: every value of a repeated field."""
    new: dict[str, Any] = {}
    errors: dict[str, str] = {}
    known = {k.id for k in kinds} | {k.name.lower() for k in kinds}
    for name in ORDER:
        if name == "dpo":
            new["dpo"] = {sub: (form.get(f"dpo.{sub}") or "").strip() or None for sub in Contact.model_fields}
        elif name == "kind":
            chosen = [k for k in getlist("kind") if k]
            unknown = [
                k for k in chosen if k not in known and k.lower() not in known and k not in _kinds_of(data.get("kind"))
            ]
            if unknown:
                errors["kind"] = f"“{unknown[0]}” is not a kind of setting the handbook knows: choose from the list."
            new["kind"] = None if not chosen else chosen[0] if len(chosen) == 1 else chosen
        elif name == "publish_drafts":
            new["publish_drafts"] = form.get("publish_drafts") == "true"
        else:
            new[name] = (form.get(name) or "").strip() or None
    proposed = {**data, **new, "dpo": {**(data.get("dpo") or {}), **new["dpo"]}}
    try:
        Setting.model_validate(proposed)
    except ValidationError as exc:
        for name, message in errors_by_field(exc).items():
            errors.setdefault(name, message)
    return new, errors


def file_errors(data: Mapping[str, Any]) -> dict[str, str]:
    """What the data model refuses in setting.yaml as it is, by form field name."""
    try:
        Setting.model_validate(data)
    except ValidationError as exc:
        return errors_by_field(exc)
    return {}


def shown_again(fields_: list[Field], new: Mapping[str, Any], errors: Mapping[str, str]) -> list[Field]:
    """The fields with the person's input (not the file's) and the errors beside them."""
    for field in fields_:
        head, _, sub = field.name.partition(".")
        value = new.get(head) if not sub else (new.get(head) or {}).get(sub)
        if field.kind == "checkboxes":
            field.value = _kinds_of(value)
        elif field.kind == "checkbox":
            field.value = bool(value)
        else:
            field.value = _shown(value)
        field.error = errors.get(field.name)
    return fields_


def edit(edits: LineEdits, data: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    """The line edits that make setting.yaml hold `new`: only the values that changed."""
    for name, value in new.items():
        if name == "dpo":
            old = data.get("dpo") or {}
            for sub, sub_value in value.items():
                if old.get(sub) != sub_value:
                    _set(edits, ("dpo", sub), sub_value, sub in old)
        elif data.get(name) != value and not (value is None and name not in data):
            if name == "publish_drafts":
                if value or name in data:
                    edits.set_plain((name,), "true" if value else "false")
            else:
                _set(edits, (name,), value, name in data)


def _set(edits: LineEdits, key: tuple, value: Any, present: bool) -> None:
    if value is None:
        if present:
            edits.set_plain(key, "null")
    elif isinstance(value, list):
        edits.set_plain(key, _flow(value))
    else:
        edits.set_value(key, value)


def _flow(items: list[str]) -> str:
    import yaml

    return yaml.safe_dump(items, default_flow_style=True, allow_unicode=True, width=10**6).strip()
