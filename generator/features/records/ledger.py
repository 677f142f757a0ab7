"""Who signed what: the signatures ledger checked against the handbook, and each person's
acknowledgement state per policy.

A signature counts for the exact words read: the policy fingerprint on the paper.  The
states of a person for one policy, as of a date:

  signed-current  they signed the fingerprint of the policy's current text
  signed-older    they signed an older release only: the text has changed, they must re-sign
  not-yet-due     a new starter: started fewer than NEW_STARTER_DAYS days ago (or not yet),
                  and has not signed the current text; due by start date + NEW_STARTER_DAYS
  never-signed    none of the above: they have never signed any version, and it is overdue
  not-required    no statement or checklist item of the policy applies to their roles
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from generator.features.checklists.content import checklist_parts
from generator.features.releases.history import released_fingerprint
from generator.features.releases.versions import policy_version

from .model import Records, StaffMember

if TYPE_CHECKING:
    from generator.features.policies.model import Policy
    from generator.features.records.data import RecordsData as Handbook

# New staff sign during their induction; until this many days after their start date a
# missing signature is "not yet due" rather than overdue.
NEW_STARTER_DAYS = 28

State = Literal["signed-current", "signed-older", "not-yet-due", "never-signed", "not-required"]
STATE_LABELS: dict[str, str] = {
    "signed-current": "Signed current version",
    "signed-older": "Signed older release: must re-sign",
    "never-signed": "Never signed",
    "not-yet-due": f"New starter: not yet due (within {NEW_STARTER_DAYS} days of starting)",
    "not-required": "Not required for their role",
}
STATE_ORDER = ["signed-current", "signed-older", "never-signed", "not-yet-due", "not-required"]
# States that mean the person still has a checklist to sign.
TO_SIGN = {"signed-older", "never-signed", "not-yet-due"}


@dataclass(frozen=True)
class Cell:
    state: str
    signed: dt.date | None = None  # the date of their latest signature of this policy
    signed_version: int | None = None
    due: dt.date | None = None  # for a new starter: the day their signature becomes due


def applies(hb: Handbook, member: StaffMember, policy_id: str) -> bool:
    return bool(checklist_parts(hb, member.roles, {policy_id}))


def cell(hb: Handbook, records: Records, member: StaffMember, policy: Policy, on: dt.date) -> Cell:
    if not applies(hb, member, policy.id):
        return Cell("not-required")
    current = policy_version(hb, policy).fingerprint
    rows = records.signatures_by_person_and_policy.get((member.id, policy.id), [])
    latest = max(rows, key=lambda s: s.date, default=None)
    signed_version = None
    if latest is not None and (found := released_fingerprint(hb, policy.id, latest.fingerprint)):
        signed_version = found[1].version
    if any(current.startswith(s.fingerprint) for s in rows):
        signed = max(s.date for s in rows if current.startswith(s.fingerprint))
        return Cell("signed-current", signed, signed_version)
    due = member.start_date + dt.timedelta(days=NEW_STARTER_DAYS)
    if due > on:
        return Cell("not-yet-due", latest.date if latest else None, signed_version, due)
    if latest is not None:
        return Cell("signed-older", latest.date, signed_version)
    return Cell("never-signed")


def matrix(hb: Handbook, records: Records, on: dt.date) -> list[tuple[StaffMember, dict[str, Cell]]]:
    """(person, {policy id: Cell}) for everyone still on the staff."""
    return [(m, {p.id: cell(hb, records, m, p, on) for p in hb.policies.values()}) for m in records.current(on)]


def counts(rows: Iterable[tuple[StaffMember, dict[str, Cell]]], policy_ids: list[str]) -> dict[str, dict[str, int]]:
    table = {pid: {state: 0 for state in STATE_ORDER} for pid in policy_ids}
    for _, cells in rows:
        for pid, c in cells.items():
            table[pid][c.state] += 1
    return table
