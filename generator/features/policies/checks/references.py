"""Every id that points somewhere must point at something that exists."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from generator.core.findings import Finding
from generator.features.policies.codes import (
    NOT_IN_REGISTER,
    REGISTER_DOCUMENT_MISSING,
    REGISTER_STATUS,
    ROLE_LOOP,
    STAFF_WITHOUT_ROLE,
    UNKNOWN_LINK,
    UNKNOWN_ROLE,
)

if TYPE_CHECKING:
    from generator.features.policies.data import PoliciesData as Handbook


def suggest(value: str, known: Iterable[str]) -> str:
    """'; did you mean 'X'?' for the nearest known value, or nothing."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def unknown(kind: str, value: str, known: Iterable[str]) -> str:
    return f"unknown {kind} '{value}'{suggest(value, known)}"


def unknown_statement(hb: Handbook, sid: str, known: Iterable[str], fix: str, kind: str = "statement") -> str:
    """Why a statement id is not in the handbook: a setting may have left it out of the model
    it adopts (then say so, and how to fix the words that cite it), or it is a typing slip."""
    reason = hb.left_out.get(sid)
    if reason is not None:
        return f"{sid} is left out by this setting (overrides.yaml remove: “{reason}”); {fix}"
    return unknown(kind, sid, known)


def check(hb: Handbook, notice_ids: Collection[str]) -> Iterable[Finding]:
    """notice_ids: the parent notices' (the notice feature's, above this one): a register entry
    in the handbook is a policy or a notice."""
    for role in hb.roles.values():
        for i, parent in enumerate(role.part_of):
            if parent not in hb.roles:
                yield UNKNOWN_ROLE(role.where("part_of", i), unknown("role", parent, hb.roles))
        if role.id in hb.wider_roles(role.id):
            yield ROLE_LOOP(role.where("part_of"), f"role '{role.id}' is part of itself (a loop in part_of)")

    for entry in hb.register.values():
        if entry.owner and entry.owner not in hb.roles:
            yield UNKNOWN_ROLE(entry.where("owner"), unknown("role", entry.owner, hb.roles))
        if entry.status == "in-handbook" and entry.id not in hb.policies and entry.id not in notice_ids:
            yield REGISTER_DOCUMENT_MISSING(
                entry.where("status"), f"'{entry.id}' is marked in-handbook but neither policies/ nor notices/ has it"
            )

    for policy in hb.policies.values():
        listed = hb.register.get(policy.id)
        if listed is None:
            yield NOT_IN_REGISTER(
                policy.where("id"), unknown("register entry", policy.id, hb.register) + " (add it to register.yaml)"
            )
        elif listed.status != "in-handbook":
            yield REGISTER_STATUS(
                policy.where("id"), f"register.yaml lists '{policy.id}' as {listed.status}, not in-handbook"
            )
        for i, link in enumerate(policy.links):
            if link not in hb.register:
                yield UNKNOWN_LINK(policy.where("links", i), unknown("register entry", link, hb.register))
        for statement in policy.statements():
            for i, role_id in enumerate(statement.roles):
                if role_id not in hb.roles:
                    yield UNKNOWN_ROLE(statement.where("roles", i), unknown("role", role_id, hb.roles))
            if "staff" in statement.audience and not statement.roles:
                yield STAFF_WITHOUT_ROLE(
                    statement.where("roles"), f"{statement.id} is for staff but names no role that must read it"
                )
