"""Current safeguarding training guidance the policy's intervals are compared with.

From the project's regulatory facts (section 2: KCSIE and the EYFS statutory framework).
The policy's own words are never changed: a longer interval is reported, quoting both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from generator.core.findings import Level

if TYPE_CHECKING:
    from generator.pipeline.handbook import Handbook


@dataclass(frozen=True)
class Limit:
    months: int
    level: Level
    says: str  # what the guidance says, for the message and the pack


GUIDANCE: dict[str, Limit] = {
    "whole-staff-renewal": Limit(
        24, "warning",
        "EYFS statutory framework (in force 1 September 2025): practitioners' safeguarding training is renewed every two years",
    ),
    "refresher": Limit(
        12, "warning",
        'Keeping Children Safe in Education: all staff receive safeguarding and child protection updates "as required, and at least annually"',
    ),
    "dsl": Limit(
        24, "error",
        "Keeping Children Safe in Education: the designated safeguarding lead and deputies update their training at least every two years",
    ),
}

# Where Keeping children safe in education does not apply (a private nursery, a childminder, a
# children's centre: the kinds table), the EYFS safeguarding requirements alone.
EYFS_ONLY: dict[str, Optional[Limit]] = {
    "whole-staff-renewal": GUIDANCE["whole-staff-renewal"],
    "refresher": None,
    "dsl": Limit(
        24, "error",
        "EYFS statutory framework (in force 1 September 2025), Annex C: the designated safeguarding lead's training is renewed at least every two years",
    ),
}
EYFS_NO_REFRESHER = ("No comparison: Keeping children safe in education does not apply to this kind of setting, "
                     "and the EYFS sets no yearly update")


def limit_for(hb: Handbook, guidance: str) -> tuple[Optional[Limit], Optional[str]]:
    """The guidance an interval is measured against for this setting's kind, or None and why
    not: KCSIE for schools (maintained nursery schools included), the EYFS alone otherwise, and
    nothing assumed while the kind is unset (see features/policies/kinds.py)."""
    if guidance not in GUIDANCE:
        return None, None
    kcsie = hb.duty("kcsie")
    if kcsie is None:
        return None, "To be completed: which guidance applies depends on the kind of setting (setting.yaml kind:)"
    if kcsie:
        return GUIDANCE[guidance], None
    limit = EYFS_ONLY[guidance]
    return limit, None if limit else EYFS_NO_REFRESHER
