"""Cross-checks of the staff records the training schedule reads (only with --records)."""

from __future__ import annotations

from typing import Iterable

from generator.features.policies.checks.references import unknown
from generator.core.findings import Finding, error


def check_records(handbook, records) -> Iterable[Finding]:
    for member in records.staff.values():
        for i, role in enumerate(member.roles):
            if role not in handbook.roles:
                yield error(member.where("roles", i), unknown("role", role, handbook.roles))
        if member.leave_date and member.leave_date < member.start_date:
            yield error(member.where("leave_date"), f"'{member.id}' leaves before starting ({member.start_date})")
    for record in records.training:
        if record.staff not in records.staff:
            yield error(record.where("staff"), unknown("member of staff", record.staff, records.staff))
