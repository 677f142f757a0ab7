"""The retention schedule: every link to it resolves, and every blank is reported."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.core.findings import Finding
from generator.features.information.codes import (
    RETENTION_ACTION_UNSET,
    RETENTION_DEPARTURE_UNEXPLAINED,
    RETENTION_PERIOD_UNSET,
    RETENTION_UNKNOWN,
)
from generator.features.policies.checks.references import unknown

if TYPE_CHECKING:
    from generator.features.information.data import InformationData as Handbook

CENTRE_FACTS = {
    "period": "retention period",
    "action": "action at the end of the period",
}


def check(hb: Handbook) -> Iterable[Finding]:
    for policy in hb.policies.values():
        for statement in policy.statements():
            for i, record_id in enumerate(statement.retention):
                if record_id not in hb.retention:
                    yield RETENTION_UNKNOWN(
                        statement.where("retention", i),
                        unknown("retention entry", record_id, hb.retention) + " (add it to retention.yaml)",
                    )
    for entry in hb.retention.values():
        missing = [what for field, what in CENTRE_FACTS.items() if getattr(entry, field) is None]
        if missing:
            code = RETENTION_PERIOD_UNSET if entry.period is None else RETENTION_ACTION_UNSET
            yield code(
                entry.where("period" if entry.period is None else "action"),
                f"to be completed: '{entry.id}' has no {' and no '.join(missing)} set by the setting"
                + (" (the guideline is shown as guidance only)" if entry.guideline and entry.period is None else ""),
            )
        guideline = entry.guideline
        if entry.period and guideline and entry.period != guideline.period and entry.departure_reason is None:
            yield RETENTION_DEPARTURE_UNEXPLAINED(
                entry.where("departure_reason"),
                f"'{entry.id}': the setting's period differs from the guideline ({guideline.period}); "
                "give the reason in departure_reason",
            )
