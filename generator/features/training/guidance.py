"""Current safeguarding training guidance the policy's intervals are compared with.

From the project's regulatory facts (section 2: KCSIE and the EYFS statutory framework).
The policy's own words are never changed: a longer interval is reported, quoting both.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.findings import Level


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
