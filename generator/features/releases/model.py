"""Released versions: policy_data/releases/<date>.yaml, snapshots of every policy's words."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Optional

from pydantic import Field

from generator.core.model import Fingerprint, Node, Slug, StatementId, Text


class ReleasedStatement(Node):
    id: StatementId
    text: Text


class ReleasedSection(Node):
    id: Slug
    title: Text
    statements: list[ReleasedStatement] = Field(min_length=1)


class ReleasedPolicy(Node):
    """A snapshot of a policy's words as released, so any later text can be compared with it
    and its fingerprint recomputed (a tampered snapshot no longer matches)."""

    id: Slug
    title: Text
    version: Annotated[int, Field(ge=1)]
    fingerprint: Fingerprint
    sections: list[ReleasedSection] = Field(min_length=1)

    def statements(self) -> list[ReleasedStatement]:
        return [s for section in self.sections for s in section.statements]


class Release(Node):
    """policy_data/releases/<date>.yaml: the versions of every policy released that day."""

    date: dt.date
    note: Optional[Text] = None
    policies: list[ReleasedPolicy] = Field(min_length=1)
