"""Which version of a policy a page or a piece of paper shows.

Versions come from releases (policy_data/releases/): a release records the fingerprint of
every policy's words.  Text that matches a release is that version; text that matches none
is a draft.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from generator.core.clock import long_date
from generator.features.policies.fingerprint import policy_fingerprint, short

from .history import ReleasesData, released_versions

if TYPE_CHECKING:
    from generator.features.policies.model import Policy


@dataclass(frozen=True)
class PolicyVersion:
    label: str  # what a reader sees, e.g. "version 2 (released 1 September 2026)"
    fingerprint: str  # full SHA-256 of the current words
    number: int | None = None  # the release version, when the text is a released one
    released: dt.date | None = None

    @property
    def short(self) -> str:
        return short(self.fingerprint)

    @property
    def bare(self) -> str:
        """For a field or column already headed "Version": "1, released 1 September 2026", or
        the draft label."""
        if self.number and self.released:
            return f"{self.number}, released {long_date(self.released)}"
        return self.label

    @property
    def record(self) -> str:
        """The version as approvals' fingerprints have always recorded it ("version 2 (released
        2026-09-01)"): a machine string, kept in ISO form so that printing long dates for people
        does not make every recorded approval look changed."""
        if self.number and self.released:
            return f"version {self.number} (released {self.released.isoformat()})"
        return self.label


class VersionIndex:
    """The version of every policy's current words, worked out once per handbook: every page,
    checklist item and document asks, and hashing a policy's text each time dominated rendering."""

    def __init__(self, hb: VersionedData) -> None:
        self.hb = hb
        self.known: dict[str, PolicyVersion] = {}

    def of(self, policy: Policy) -> PolicyVersion:
        if policy.id not in self.known:
            self.known[policy.id] = _policy_version(self.hb, policy)
        return self.known[policy.id]


def policy_version(hb: VersionedData, policy: Policy) -> PolicyVersion:
    """The version of the policy's current words."""
    return hb.versions.of(policy)


def _fingerprint(hb: VersionedData, policy: Policy) -> str:
    """policy_fingerprint, which `handbook serve` (hb.kept) keeps with the policy it hashed: an
    edit to one policy hashes that policy's words alone (all 200 at bench scale were 0.01 s
    of every edit)."""
    return hb.kept_or_made(("policy fingerprint", policy.id), (policy,), lambda: policy_fingerprint(policy))


def _policy_version(hb: VersionedData, policy: Policy) -> PolicyVersion:
    fingerprint = _fingerprint(hb, policy)
    history = released_versions(hb, policy.id)
    for date, snapshot in reversed(history):
        if snapshot.fingerprint == fingerprint:
            return PolicyVersion(
                f"version {snapshot.version} (released {long_date(date)})", fingerprint, snapshot.version, date
            )
    if history:
        latest = history[-1][1]
        return PolicyVersion(f"draft, changed since version {latest.version}", fingerprint)
    return PolicyVersion("draft (not yet released)", fingerprint)


@dataclass(kw_only=True)
class VersionedData(ReleasesData):
    """The releases' slice with the version of each policy's current words."""

    @cached_property
    def versions(self) -> VersionIndex:
        """The version of each policy's current words (every page and paper shows it)."""
        return VersionIndex(self)
