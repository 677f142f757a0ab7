"""The Policies page: for each statement of a policy, who may read it (audience) and which
roles must read and sign it, as tick boxes.

A statement brought in by `handbook import` has `audience:` and `roles:` unset (null): "not
decided yet", reported by `check`.  Ticking nothing leaves such a statement undecided; for a
statement no role must sign, the "No role signs this" box writes `roles: []`, a decision.
Only the statements whose answers changed are edited, with the line editor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.core.yaml_lines import LineEdits

AUDIENCES = [("staff", "Staff"), ("parents", "Parents"), ("public", "The public")]
NO_ROLE = "none"


@dataclass
class StatementRow:
    path: tuple  # ("sections", i, "statements", j)
    id: str
    section: str
    text: str
    audience: list[str] | None  # None: not decided yet
    roles: list[str] | None
    review_notes: list[dict] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def undecided(self) -> list[str]:
        return [name for name in ("audience", "roles") if getattr(self, name) is None]


def statements_of(data: Mapping[str, Any]) -> list[StatementRow]:
    rows = []
    for i, section in enumerate(data.get("sections") or []):
        for j, statement in enumerate((section or {}).get("statements") or []):
            if not isinstance(statement, dict):
                continue
            rows.append(
                StatementRow(
                    ("sections", i, "statements", j),
                    str(statement.get("id", "")),
                    str(section.get("title", "")),
                    str(statement.get("text", "")),
                    _list(statement, "audience"),
                    _list(statement, "roles", default=[]),
                    [n for n in statement.get("review_notes") or [] if isinstance(n, dict)],
                )
            )
    return rows


def _list(statement: Mapping[str, Any], key: str, default: Any = None) -> list[str] | None:
    if key not in statement:
        return default
    value = statement[key]
    return None if value is None else [str(v) for v in value] if isinstance(value, list) else [str(value)]


def to_review(rows: list[StatementRow]) -> int:
    """How many statements still wait for a decision."""
    return sum(bool(r.undecided) for r in rows)


def read_decisions(
    getlist, rows: list[StatementRow], roles: list[str]
) -> tuple[list[StatementRow], dict[tuple, dict[str, list[str] | None]], int]:
    """The statements as ticked, the changes to make ({path: {"audience": [...], "roles": [...]}})
    and how many errors (each on its row)."""
    order = {name: n for n, (name, _) in enumerate(AUDIENCES)}
    role_order = {r: n for n, r in enumerate(roles)}
    changes: dict[tuple, dict[str, list[str] | None]] = {}
    errors = 0
    shown: list[StatementRow] = []
    for row in rows:
        new = StatementRow(row.path, row.id, row.section, row.text, row.audience, row.roles, row.review_notes)
        audience = [a for a in getlist(f"{row.id}.audience") if a]
        ticked_roles = [r for r in getlist(f"{row.id}.roles") if r]
        change: dict[str, list[str] | None] = {}
        if any(a not in order for a in audience):
            new.errors["audience"] = "Choose staff, parents or the public."
        elif audience:
            new.audience = sorted(set(audience), key=order.__getitem__)
        elif row.audience is not None:
            new.errors["audience"] = "Tick at least one: who may read this statement."
        if NO_ROLE in ticked_roles and len(ticked_roles) > 1:
            new.errors["roles"] = "Tick the roles that must sign it, or “No role signs this”, not both."
        elif any(r not in role_order for r in ticked_roles if r != NO_ROLE):
            new.errors["roles"] = "Choose roles from the list."
        elif ticked_roles:
            new.roles = [] if ticked_roles == [NO_ROLE] else sorted(set(ticked_roles), key=role_order.__getitem__)
        elif row.roles is not None:
            new.roles = []
        if not new.errors:
            if new.audience != row.audience:
                change["audience"] = new.audience
            if new.roles != row.roles:
                change["roles"] = new.roles
        if change:
            changes[row.path] = change
        errors += len(new.errors)
        shown.append(new)
    return shown, changes, errors


def edit(edits: LineEdits, changes: Mapping[tuple, Mapping[str, list[str] | None]]) -> None:
    for path, change in changes.items():
        for key, value in change.items():
            edits.set_plain(path + (key,), yaml.safe_dump(value, default_flow_style=True, width=10**6).strip())
