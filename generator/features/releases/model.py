"""Released versions: policy_data/releases/<date>.yaml, snapshots of every policy's words.

A release is identified by its date and its number on that date: the first of a day is
DATE (file DATE.yaml, as every release was before a day could have two), a correction the
same day is DATE.2 (file DATE.2.yaml), then DATE.3, and so on.  A release is never replaced:
signatures, approvals and adopting settings point at it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

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


_RELEASE_ID = re.compile(r"(\d{4}-\d{2}-\d{2})(?:\.([1-9][0-9]{0,3}))?")
# How a release is written where it is referred to (sign --release, an overrides.yaml's adopted:).
RELEASE_ID_PATTERN = r"^\d{4}-\d{2}-\d{2}\.[1-9][0-9]{0,3}$"


@dataclass(frozen=True, order=True)
class ReleaseId:
    """Which release: its date and its number that day (1 for the first).  Orders releases."""

    date: dt.date
    number: int = 1

    def __str__(self) -> str:
        return self.date.isoformat() if self.number == 1 else f"{self.date.isoformat()}.{self.number}"

    def isoformat(self) -> str:
        """As written where a release is named: what a date's isoformat() gave before a day
        could hold two releases (templates and messages still call it)."""
        return str(self)

    def file_name(self) -> str:
        return f"{self}.yaml"

    @classmethod
    def parse(cls, value: Any) -> ReleaseId | None:
        """A date, "YYYY-MM-DD" or "YYYY-MM-DD.N" as a release id (None if it is none of those)."""
        if isinstance(value, ReleaseId):
            return value
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return cls(value)
        match = _RELEASE_ID.fullmatch(str(value).strip())
        if not match:
            return None
        try:
            return cls(dt.date.fromisoformat(match[1]), int(match[2] or 1))
        except ValueError:
            return None


class Release(Node):
    """policy_data/releases/<date>.yaml (or <date>.<number>.yaml): the versions of every policy
    released then."""

    date: dt.date
    # The release's number on its date: absent (1) for the first, 2 for a second release the
    # same day (file DATE.2.yaml), and so on.  Files written before a day could hold two
    # have no number and are the first of their day.
    number: Annotated[int, Field(ge=1, le=9999)] | None = None
    note: Text | None = None
    policies: list[ReleasedPolicy] = Field(min_length=1)

    @property
    def id(self) -> ReleaseId:
        return ReleaseId(self.date, self.number or 1)
