"""The one check of the staff records, used by every command that reads them (`handbook build
--records`, `handbook status`): people, roles, policies, fingerprints and dates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from generator.core.findings import Finding
from generator.features.policies.checks.references import unknown
from generator.features.policies.fingerprint import short
from generator.features.records.codes import (
    DUPLICATE_SIGNATURE,
    FUTURE_DATE,
    GROUP_ROLE,
    LEAVES_BEFORE_START,
    SIGNED_BEFORE_RELEASE,
    UNKNOWN_COURSE,
    UNKNOWN_PERSON,
    UNKNOWN_POLICY,
    UNKNOWN_RELEASE,
    UNKNOWN_ROLE,
)
from generator.features.records.model import Signature, undeclared
from generator.features.releases.history import released_fingerprint, released_versions

if TYPE_CHECKING:
    from generator.features.records.data import RecordsData as Handbook


def check(hb: Handbook, packs: Sequence[Any]) -> list[Finding]:
    """`packs`: the training packs (features/training, above this one), whose courses a record names."""
    """Every row of the staff records must name a known person, role and policy, a released
    fingerprint of that policy, a date not after the day the handbook speaks for, and appear
    once.  (Only when the records were loaded: `handbook build --records`, `handbook status`.)"""
    records, on = hb.records, hb.as_of
    findings: list[Finding] = []
    if records is None:
        return findings
    for member in records.staff.values():
        for i, role in enumerate(member.roles):
            if role not in hb.roles:
                findings.append(UNKNOWN_ROLE(member.where("roles", i), unknown("role", role, hb.roles)))
            elif hb.roles[role].group:
                members = ", ".join(r.id for r in hb.roles.values() if role in r.part_of)
                findings.append(
                    GROUP_ROLE(
                        member.where("roles", i),
                        f"'{role}' is a group of roles nobody holds on its own; give one of: {members}",
                    )
                )
        if member.leave_date and member.leave_date < member.start_date:
            findings.append(
                LEAVES_BEFORE_START(
                    member.where("leave_date"),
                    f"'{member.id}' leaves ({member.leave_date}) before starting ({member.start_date})",
                )
            )
    seen: dict[tuple[str, str, str], Signature] = {}
    for row in records.signatures:
        if row.staff not in records.staff:
            findings.append(
                UNKNOWN_PERSON(row.where("staff"), unknown("person", row.staff, records.staff) + " (not in staff.yaml)")
            )
        if row.policy not in hb.policies:
            findings.append(UNKNOWN_POLICY(row.where("policy"), unknown("policy", row.policy, hb.policies)))
        else:
            release = released_fingerprint(hb, row.policy, row.fingerprint)
            if release is None:
                versions = (
                    ", ".join(
                        f"version {p.version} {short(p.fingerprint)}" for _, p in released_versions(hb, row.policy)
                    )
                    or "none yet"
                )
                findings.append(
                    UNKNOWN_RELEASE(
                        row.where("fingerprint"),
                        f"fingerprint {row.fingerprint} is not a release of '{row.policy}' (its releases: {versions})",
                    )
                )
            elif row.date < release[0]:
                findings.append(
                    SIGNED_BEFORE_RELEASE(
                        row.where("date"), f"signed on {row.date}, before that version was released on {release[0]}"
                    )
                )
        if row.date > on:
            findings.append(FUTURE_DATE(row.where("date"), f"the date {row.date} is in the future (today is {on})"))
        full = released_fingerprint(hb, row.policy, row.fingerprint) if row.policy in hb.policies else None
        key = (row.staff, row.policy, full[1].fingerprint if full else row.fingerprint)
        if key in seen:
            first = seen[key].where("staff")
            findings.append(
                DUPLICATE_SIGNATURE(
                    row.where("staff"),
                    f"duplicate signature: '{row.staff}' already signed this version of '{row.policy}' (line {first.line})",
                )
            )
        else:
            seen[key] = row
    # the courses the training packs declare, by the setting's own ids (none while there is no pack)
    courses = {c.id for pack in packs for c in pack.courses}
    for session in records.training:
        if packs and session.course not in courses:
            findings.append(
                UNKNOWN_COURSE(
                    session.where("course"),
                    undeclared(session.course, "any training pack", any(not p.courses for p in packs)),
                )
            )
        if session.staff not in records.staff:
            findings.append(
                UNKNOWN_PERSON(
                    session.where("staff"), unknown("person", session.staff, records.staff) + " (not in staff.yaml)"
                )
            )
        if session.date > on:
            findings.append(
                FUTURE_DATE(session.where("date"), f"the date {session.date} is in the future (today is {on})")
            )
    return findings
