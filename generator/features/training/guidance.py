"""Current safeguarding training guidance the policy's intervals are compared with.

Each limit names the document that sets it by its id in guidance.yaml, so the pack and the
check print the edition in force and the day it came into force from that one file.  Which
limits apply depends on the setting's kind (the kinds table): KCSIE for schools, maintained
nursery schools included; the EYFS framework alone otherwise (the childminders' framework for a
childminder).  The policy's own words are never changed: a longer interval is reported, quoting
both.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from generator.core.findings import Level
from generator.features.guidance.cite import cite_document, eyfs_document

if TYPE_CHECKING:
    from generator.features.training.data import TrainingData as Handbook


@dataclass(frozen=True)
class Limit:
    months: int
    level: Level
    document: str  # its id in guidance.yaml
    says: str  # what the document says, for the message and the pack (without its name)

    def cited(self, hb: Handbook) -> str:
        """ "<document, edition (in force from ...)>: <what it says>"."""
        doc = hb.guidance.get(self.document)
        return f"{cite_document(doc) if doc else self.document}: {self.says}"


GUIDANCE: dict[str, Limit] = {
    "whole-staff-renewal": Limit(
        24,
        "warning",
        "eyfs-group",
        "practitioners' safeguarding training is renewed at least every two years",
    ),
    "refresher": Limit(
        12,
        "warning",
        "kcsie",
        'all staff receive safeguarding and child protection updates "as required, and at least annually"',
    ),
    "dsl": Limit(
        24,
        "error",
        "kcsie",
        "the designated safeguarding lead and deputies update their training at least every two years",
    ),
}

# Where Keeping children safe in education does not apply (a private nursery, a childminder, a
# children's centre: the kinds table), the EYFS safeguarding requirements alone.
EYFS_ONLY: dict[str, Limit | None] = {
    "whole-staff-renewal": GUIDANCE["whole-staff-renewal"],
    "refresher": None,
    "dsl": Limit(
        24,
        "error",
        "eyfs-group",
        "the designated safeguarding lead's training is renewed at least every two years",
    ),
}
EYFS_NO_REFRESHER = (
    "No comparison: Keeping children safe in education does not apply to this kind of setting, "
    "and the EYFS sets no yearly update"
)
# limit_for's answer while the kind is unset: the pack prints it "to be completed" (tbc), at setting.yaml's kind.
KIND_UNSET = "which guidance applies depends on the kind of setting (kind: in setting.yaml)"


def limit_for(hb: Handbook, guidance: str) -> tuple[Limit | None, str | None]:
    """The guidance an interval is measured against for this setting's kind, or None and why
    not: KCSIE for schools (maintained nursery schools included), the EYFS alone otherwise, and
    nothing assumed while the kind is unset (KIND_UNSET; see features/policies/kinds.py)."""
    if guidance not in GUIDANCE:
        return None, None
    kcsie = hb.duty("kcsie")
    if kcsie is None:
        return None, KIND_UNSET
    limit = GUIDANCE[guidance] if kcsie else EYFS_ONLY[guidance]
    if limit is None:
        return None, EYFS_NO_REFRESHER
    if limit.document.startswith("eyfs-"):
        limit = replace(limit, document=eyfs_document(hb))
    return limit, None


def months_to_plan(hb: Handbook, interval) -> int | None:
    """The interval the due list and the schedule plan by: the policy's, or the current
    guidance's for this setting's kind where that is shorter.  The policy's words are kept as
    they are (a longer interval is reported by the check and carries a review note); planning
    by it would let someone fall overdue under the guidance while the tool says they are in
    date (audit, 2026-12-06: three-yearly training against the EYFS's two years)."""
    if interval.months is None:
        return None
    limit, _ = limit_for(hb, interval.guidance)
    return min(interval.months, limit.months) if limit is not None else interval.months
