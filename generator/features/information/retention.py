"""The records retention schedule (policy_data/retention.yaml).

One entry per kind of record the policies name.  The setting's own period, action and
statutory basis stay unset until the setting gives them; guideline periods (from the IRMS
toolkit and local authority schedules) may be recorded beside them, but only as guidance:
they are never shown as the setting's decision.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.core.model import Node, Slug, Text
from generator.features.guidance.model import Citation

EndAction = Literal["secure-disposal", "review", "archive", "transfer"]
END_ACTION_LABELS = {
    "secure-disposal": "Secure disposal",
    "review": "Review",
    "archive": "Archive",
    "transfer": "Transfer",
}


class Guideline(Node):
    """What published guidance suggests: shown as guidance, never as the setting's period."""

    period: Text
    # Who says so: the documents of guidance.yaml by id (printed with their edition), and/or
    # free text for what guidance.yaml does not hold ("Local authority retention schedules").
    cites: list[Citation] = Field(default_factory=list)
    source: Text | None = None
    checked: bool  # False: believed but not confirmed in a public source
    note: Text | None = None

    @model_validator(mode="after")
    def _says_who(self) -> Guideline:
        if not self.cites and not self.source:
            raise PydanticCustomError("guideline", "a guideline needs cites (documents in guidance.yaml) or a source")
        return self


class RetentionEntry(Node):
    id: Slug
    record: Text  # the kind of record, as parents and staff would name it
    description: Text | None = None
    access: Text | None = None  # who may see it
    held: Text | None = None  # where and how it is kept
    period: Text | None = None  # the setting's own retention period
    action: EndAction | None = None  # what happens at the end of the period
    statutory_basis: Text | None = None
    departure_reason: Text | None = None  # why the setting's period differs from the guideline
    guideline: Guideline | None = None


class RetentionSchedule(Node):
    records: list[RetentionEntry] = Field(min_length=1)
