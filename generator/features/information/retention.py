"""The records retention schedule (policy_data/retention.yaml).

One entry per kind of record the policies name.  The setting's own period, action and
statutory basis stay unset until the setting gives them; guideline periods (from the IRMS
toolkit and local authority schedules) may be recorded beside them, but only as guidance:
they are never shown as the setting's decision.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from generator.core.model import Node, Slug, Text

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
    source: Text  # who says so, e.g. "IRMS Information Management Toolkit for Schools"
    checked: bool  # False: believed but not confirmed in a public source
    note: Optional[Text] = None


class RetentionEntry(Node):
    id: Slug
    record: Text  # the kind of record, as parents and staff would name it
    description: Optional[Text] = None
    access: Optional[Text] = None  # who may see it
    held: Optional[Text] = None  # where and how it is kept
    period: Optional[Text] = None  # the setting's own retention period
    action: Optional[EndAction] = None  # what happens at the end of the period
    statutory_basis: Optional[Text] = None
    departure_reason: Optional[Text] = None  # why the setting's period differs from the guideline
    guideline: Optional[Guideline] = None


class RetentionSchedule(Node):
    records: list[RetentionEntry] = Field(min_length=1)
