"""The People page: role titles (roles.yaml) and the staff list (records/staff.yaml).

The staff list is personal data: it lives in the records folder, which is never published,
and a staff.yaml the desk makes is readable by its owner alone (datafiles.is_private).  A leaver
is recorded with a leaving date, never deleted: their signatures and training stay explained.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import yaml
from pydantic import ValidationError

from generator.core.yaml_lines import LineEdits
from generator.features.records.model import StaffMember

from .dates import NotADate, read_date, read_date_field
from .forms import errors_by_field

STAFF_FILE = "staff.yaml"
NEW_STAFF_FILE = (
    "# Staff records: personal data. Kept in the records folder, never published; readable by\n"
    "# its owner alone. Written by `handbook desk`; the commands read and edit it too.\n"
    "staff: []\n"
)


def staff_of(data: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    staff = (data or {}).get("staff") or []
    return [s for s in staff if isinstance(s, dict)]


def new_id(name: str, taken: Iterable[str]) -> str:
    """An id for a new member of staff from their name ("Zoë O'Neil" -> zoe-o-neil), made
    unique with a number."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:50] or "staff"
    taken = set(taken)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def read_starter(
    form: Mapping[str, Any], getlist, staff: list[dict], roles: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """A new starter from the form (name, roles, start date) and the errors beside its fields."""
    errors: dict[str, str] = {}
    name = (form.get("name") or "").strip()
    chosen = [r for r in getlist("roles") if r]
    start_text = (form.get("start_date") or "").strip()
    starter: dict[str, Any] = {"name": name, "roles": chosen, "start_date": start_text}
    unknown = [r for r in chosen if r not in roles]
    if unknown:
        errors["roles"] = f"“{unknown[0]}” is not one of the roles: choose from the list."
    start = None
    if not start_text:
        errors["start_date"] = "Give the day they start (or started)."
    else:
        try:
            start = read_date(start_text)
        except NotADate as exc:
            errors["start_date"] = str(exc) + "."
    member = {
        "id": new_id(name, (s.get("id", "") for s in staff)),
        "name": name,
        "roles": chosen,
        "start_date": start or dt.date(2000, 1, 1),
    }
    try:
        StaffMember.model_validate(member)
    except ValidationError as exc:
        for field, message in errors_by_field(exc).items():
            errors.setdefault(field, message)
    if not errors:
        starter = {**member, "start_date": start}
    return starter, errors


def add_starter(edits: LineEdits, starter: Mapping[str, Any]) -> None:
    edits.append_item(
        "staff",
        [
            ("id", starter["id"]),
            ("name", starter["name"]),
            ("roles", list(starter["roles"])),
            ("start_date", starter["start_date"]),
        ],
    )


def read_leaver(form: Mapping[str, Any], staff: list[dict]) -> tuple[dict[str, Any], dict[str, str]]:
    """Who leaves, and on which day; the errors beside the fields."""
    errors: dict[str, str] = {}
    who = (form.get("staff") or "").strip()
    when_text = (form.get("leave_date") or "").strip()
    leaver: dict[str, Any] = {"staff": who, "leave_date": when_text}
    ids = [s.get("id") for s in staff]
    if who not in ids:
        errors["staff"] = "Choose who is leaving from the list."
    else:
        member = staff[ids.index(who)]
        leaver["index"] = ids.index(who)
        if member.get("leave_date"):
            errors["staff"] = f"{member.get('name')} already has a leaving date."
    when, problem = read_date_field(when_text, "Give their last day, or the day they left.")
    if problem:
        errors["leave_date"] = problem
    if when is not None:
        leaver["leave_date"] = when
        start = staff[leaver["index"]].get("start_date") if "index" in leaver else None
        if start and str(start) > when.isoformat():
            errors["leave_date"] = f"They start on {start}: the leaving date cannot be before it."
    return leaver, errors


def record_leaver(edits: LineEdits, leaver: Mapping[str, Any]) -> None:
    edits.set_plain(("staff", leaver["index"], "leave_date"), leaver["leave_date"].isoformat())


def read_role_titles(form: Mapping[str, Any], roles: list[dict]) -> tuple[dict[int, str], dict[str, str]]:
    """The roles' new titles (by their place in roles.yaml) and the errors beside them."""
    titles: dict[int, str] = {}
    errors: dict[str, str] = {}
    for n, role in enumerate(roles):
        key = f"role.{role.get('id')}"
        if key not in form:
            continue
        title = (form.get(key) or "").strip()
        if not title:
            errors[key] = "A role needs a title."
        elif len(title) > 200:
            errors[key] = "This is too long for a title: at most 200 characters."
        elif title != role.get("name"):
            titles[n] = title
    return titles, errors


def rename_roles(edits: LineEdits, titles: Mapping[int, str]) -> None:
    for n, title in titles.items():
        edits.set_value(("roles", n, "name"), title)


def read_role_change(
    form: Mapping[str, Any], getlist, staff: list[dict], roles: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Whose roles change, and to what; the errors beside the fields."""
    errors: dict[str, str] = {}
    who = (form.get("staff") or "").strip()
    chosen = [r for r in getlist("roles") if r]
    change: dict[str, Any] = {"staff": who, "roles": chosen}
    ids = [s.get("id") for s in staff]
    if who not in ids:
        errors["staff"] = "Choose whose roles change from the list."
    else:
        change["index"] = ids.index(who)
    if not chosen:
        errors["roles"] = "Tick at least one role: everyone on the staff holds one (all staff, at least)."
    elif any(r not in roles for r in chosen):
        errors["roles"] = "Choose roles from the list."
    else:
        order = list(roles)
        change["roles"] = sorted(set(chosen), key=order.index)
    return change, errors


def change_roles(edits: LineEdits, change: Mapping[str, Any]) -> None:
    edits.set_plain(
        ("staff", change["index"], "roles"),
        yaml.safe_dump(list(change["roles"]), default_flow_style=True, width=10**6).strip(),
    )
