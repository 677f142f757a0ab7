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
from dataclasses import dataclass
from typing import Iterable, Literal, Optional

from generator.features.checklists.content import checklist_parts
from generator.features.policies.checks.references import unknown
from generator.core.findings import Finding, error
from generator.features.policies.fingerprint import short
from generator.features.releases.versions import policy_version

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


def _releases_of(hb, policy_id: str) -> list[tuple[dt.date, object]]:
    return [(r.date, p) for r in hb.releases for p in r.policies if p.id == policy_id]


def released_fingerprint(hb, policy_id: str, fingerprint: str) -> Optional[tuple[dt.date, object]]:
    """The first release of the policy whose fingerprint is (or starts with) `fingerprint`."""
    for date, snapshot in _releases_of(hb, policy_id):
        if snapshot.fingerprint.startswith(fingerprint):
            return date, snapshot
    return None


def check_records(hb, records, on: dt.date) -> list[Finding]:
    """Every row of the records must name a known person, role and policy, a released
    fingerprint of that policy, a date not after `on`, and appear once."""
    findings: list[Finding] = []
    for member in records.staff.values():
        for i, role in enumerate(member.roles):
            if role not in hb.roles:
                findings.append(error(member.where("roles", i), unknown("role", role, hb.roles)))
        if member.leave_date and member.leave_date < member.start_date:
            findings.append(error(member.where("leave_date"), f"'{member.id}' leaves ({member.leave_date}) before starting ({member.start_date})"))
    seen: dict[tuple, object] = {}
    for row in records.signatures:
        if row.staff not in records.staff:
            findings.append(error(row.where("staff"), unknown("person", row.staff, records.staff) + " (not in staff.yaml)"))
        if row.policy not in hb.policies:
            findings.append(error(row.where("policy"), unknown("policy", row.policy, hb.policies)))
        else:
            release = released_fingerprint(hb, row.policy, row.fingerprint)
            if release is None:
                versions = ", ".join(f"version {p.version} {short(p.fingerprint)}" for _, p in _releases_of(hb, row.policy)) or "none yet"
                findings.append(error(row.where("fingerprint"), f"fingerprint {row.fingerprint} is not a release of '{row.policy}' (its releases: {versions})"))
            elif row.date < release[0]:
                findings.append(error(row.where("date"), f"signed on {row.date}, before that version was released on {release[0]}"))
        if row.date > on:
            findings.append(error(row.where("date"), f"the date {row.date} is in the future (today is {on})"))
        full = released_fingerprint(hb, row.policy, row.fingerprint) if row.policy in hb.policies else None
        key = (row.staff, row.policy, full[1].fingerprint if full else row.fingerprint)
        if key in seen:
            first = seen[key].where("staff")
            findings.append(error(row.where("staff"), f"duplicate signature: '{row.staff}' already signed this version of '{row.policy}' (line {first.line})"))
        else:
            seen[key] = row
    for row in records.training:
        if row.staff not in records.staff:
            findings.append(error(row.where("staff"), unknown("person", row.staff, records.staff) + " (not in staff.yaml)"))
        if row.date > on:
            findings.append(error(row.where("date"), f"the date {row.date} is in the future (today is {on})"))
    return findings


@dataclass(frozen=True)
class Cell:
    state: str
    signed: Optional[dt.date] = None  # the date of their latest signature of this policy
    signed_version: Optional[int] = None
    due: Optional[dt.date] = None  # for a new starter: the day their signature becomes due


def current_people(records, on: dt.date) -> list:
    """Everyone on the staff list who has not left, in staff.yaml order."""
    return [m for m in records.staff.values() if m.leave_date is None or m.leave_date > on]


def applies(hb, member, policy_id: str) -> bool:
    return bool(checklist_parts(hb, member.roles, {policy_id}))


def _signatures_by_person_and_policy(records) -> dict[tuple[str, str], list]:
    """The ledger grouped once: the matrix asks for every person and policy."""
    cache = records.__dict__.setdefault("_signature_index", {})
    if not cache:
        for signature in records.signatures:
            cache.setdefault((signature.staff, signature.policy), []).append(signature)
    return cache


def cell(hb, records, member, policy, on: dt.date) -> Cell:
    if not applies(hb, member, policy.id):
        return Cell("not-required")
    current = policy_version(hb, policy).fingerprint
    rows = _signatures_by_person_and_policy(records).get((member.id, policy.id), [])
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
    if rows:
        return Cell("signed-older", latest.date, signed_version)
    return Cell("never-signed")


def matrix(hb, records, on: dt.date) -> list[tuple[object, dict[str, Cell]]]:
    """(person, {policy id: Cell}) for everyone still on the staff."""
    return [(m, {p.id: cell(hb, records, m, p, on) for p in hb.policies.values()}) for m in current_people(records, on)]


def counts(rows: Iterable[tuple[object, dict[str, Cell]]], policy_ids: list[str]) -> dict[str, dict[str, int]]:
    table = {pid: {state: 0 for state in STATE_ORDER} for pid in policy_ids}
    for _, cells in rows:
        for pid, c in cells.items():
            table[pid][c.state] += 1
    return table
