"""Current safeguarding training guidance the policy's intervals are compared with.

Each limit names the document that sets it by its id in guidance.yaml, so the pack and the
check print the edition in force and the day it came into force from that one file.  The
policy's own words are never changed: a longer interval is reported, quoting both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.core.findings import Level
from generator.features.guidance.cite import cite_document

if TYPE_CHECKING:
    from generator.pipeline.handbook import Handbook


@dataclass(frozen=True)
class Limit:
    months: int
    level: Level
    document: str  # its id in guidance.yaml
    says: str  # what the document says, for the message and the pack (without its name)

    def cited(self, hb: "Handbook") -> str:
        """"<document, edition (in force from ...)>: <what it says>"."""
        doc = hb.guidance.get(self.document)
        return f"{cite_document(doc) if doc else self.document}: {self.says}"


GUIDANCE: dict[str, Limit] = {
    "whole-staff-renewal": Limit(
        24, "warning", "eyfs-group",
        "practitioners' safeguarding training is renewed at least every two years",
    ),
    "refresher": Limit(
        12, "warning", "kcsie",
        'all staff receive safeguarding and child protection updates "as required, and at least annually"',
    ),
    "dsl": Limit(
        24, "error", "kcsie",
        "the designated safeguarding lead and deputies update their training at least every two years",
    ),
}
