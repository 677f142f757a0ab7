"""The retention schedule: every link to it resolves, and every blank is reported."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.core.findings import Finding
from generator.features.guidance.cite import EYFS_FRAMEWORKS
from generator.features.information.codes import (
    RETENTION_ACTION_UNSET,
    RETENTION_DEPARTURE_UNEXPLAINED,
    RETENTION_PERIOD_MISATTRIBUTED,
    RETENTION_PERIOD_UNSET,
    RETENTION_UNKNOWN,
)
from generator.features.policies.checks.references import unknown

if TYPE_CHECKING:
    from generator.features.information.data import InformationData as Handbook

# Documents that set no retention period, so a guideline's period never "comes from" them: the
# EYFS's only rule on keeping records is that records about individual children are kept for a
# reasonable period after they leave (audit 2, 2026-12-06, W1: a starter had swapped the EYFS in
# for KCSIE as the source of the allegations records' ten years).
SET_NO_PERIOD = EYFS_FRAMEWORKS

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
        for i, citation in enumerate(guideline.cites if guideline else []):
            if citation.document in SET_NO_PERIOD:
                yield RETENTION_PERIOD_MISATTRIBUTED(
                    entry.where("guideline", "cites", i),
                    f"'{entry.id}': the guideline's period is said to come from {citation.document}, which sets "
                    "no retention period; cite the document that gives the period (or name it in source:), "
                    "and say in note: what the EYFS itself requires",
                )
