"""The Register page: who owns each document of register.yaml, how many months between its
reviews, and when it is next reviewed.  (Approving a policy on the Approve page moves its review
dates on by this cycle; its `approved` and `last_reviewed` are the approvals' to set.)

Each field is read strictly (a role of roles.yaml, a whole number of months from 1 to 120, a
date), and only what changed is written, through the line editor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .dates import NotADate, read_date

FIELDS = ("owner", "review_cycle_months", "next_review")
MAX_CYCLE = 120  # RegisterEntry.review_cycle_months: le=120


@dataclass
class Row:
    index: int  # its place in register.yaml's documents
    id: str
    title: str
    status: str
    values: dict[str, str]  # as the form shows them (a date as 01/09/2026; "" for unset)
    errors: dict[str, str] = field(default_factory=dict)


def _shown(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key == "next_review":
        text = str(value)
        try:
            return dt.date.fromisoformat(text).strftime("%d/%m/%Y")
        except ValueError:
            return text
    return str(value)


def rows_of(register: Mapping[str, Any]) -> list[Row]:
    rows = []
    for n, entry in enumerate(register.get("documents") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        rows.append(
            Row(
                n,
                entry["id"],
                str(entry.get("title") or entry["id"]),
                str(entry.get("status") or ""),
                {key: _shown(key, entry.get(key)) for key in FIELDS},
            )
        )
    return rows


def _written(key: str, text: str, roles: Mapping[str, str]) -> tuple[str | None, str | None]:
    """(the value as register.yaml writes it, or "null"; the error beside the field)."""
    if not text:
        return "null", None
    if key == "owner":
        if text not in roles:
            return None, "Choose the role that keeps it up to date."
        return text, None
    if key == "review_cycle_months":
        if not text.isdigit() or not 1 <= int(text) <= MAX_CYCLE:
            return None, f"Give the months between reviews as a whole number from 1 to {MAX_CYCLE} (12: every year)."
        return str(int(text)), None
    try:
        return read_date(text).isoformat(), None
    except NotADate as exc:
        return None, str(exc) + "."


def read_rows(
    getter, rows: list[Row], roles: Mapping[str, str]
) -> tuple[list[Row], dict[str, list[tuple[int, str]]], bool]:
    """The rows as typed (with errors beside their fields), the changes by key ({key: [(index,
    value as written)]}) and whether any field was wrong."""
    shown: list[Row] = []
    changes: dict[str, list[tuple[int, str]]] = {key: [] for key in FIELDS}
    wrong = False
    for row in rows:
        # a field the form did not send is left as it is (never cleared by a partial post)
        typed = {key: _typed(getter(f"{row.id}.{key}"), row.values[key]) for key in FIELDS}
        again = Row(row.index, row.id, row.title, row.status, typed)
        for key in FIELDS:
            if typed[key] == row.values[key]:
                continue
            value, error = _written(key, typed[key], roles)
            if error:
                again.errors[key] = error
                wrong = True
            elif value is not None:
                changes[key].append((row.index, value))
        shown.append(again)
    return shown, changes, wrong


def _typed(sent: Any, before: str) -> str:
    return before if sent is None else str(sent).strip()


def edits_of(changes: list[tuple[int, str]], key: str):
    """The line edits of one key (one key a pass: a key the line editor adds goes after the
    entry's id, and two added at one place would be two edits of the same lines)."""

    def edit(edits) -> None:
        for index, value in changes:
            edits.set_plain(("documents", index, key), value)

    return edit
