"""Which version of a policy a page or a piece of paper shows.

Versions come from releases (policy_data/releases/): a release records the fingerprint of
every policy's words.  Text that matches a release is that version; text that matches none
is a draft.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from generator.features.policies.fingerprint import policy_fingerprint, short


@dataclass(frozen=True)
class PolicyVersion:
    label: str  # what a reader sees, e.g. "version 2 (released 2026-09-01)"
    fingerprint: str  # full SHA-256 of the current words
    number: Optional[int] = None  # the release version, when the text is a released one
    released: Optional[dt.date] = None

    @property
    def short(self) -> str:
        return short(self.fingerprint)

    @property
    def bare(self) -> str:
        """For a field or column already headed "Version": "1, released 2026-09-01", or the
        draft label."""
        return f"{self.number}, released {self.released.isoformat()}" if self.number else self.label


def released_versions(handbook, policy_id: str) -> list[tuple[dt.date, object]]:
    """(release date, ReleasedPolicy) for every release that includes the policy, oldest first."""
    return [(r.date, p) for r in handbook.releases for p in r.policies if p.id == policy_id]


def policy_version(handbook, policy) -> PolicyVersion:
    """The version of the policy's current words (remembered per handbook: every page, checklist
    item and document asks, and hashing a policy's text each time dominated rendering)."""
    cache = handbook.__dict__.setdefault("_policy_versions", {})
    if policy.id not in cache or cache[policy.id][0] is not policy:
        cache[policy.id] = (policy, _policy_version(handbook, policy))
    return cache[policy.id][1]


def _policy_version(handbook, policy) -> PolicyVersion:
    fingerprint = policy_fingerprint(policy)
    history = released_versions(handbook, policy.id)
    for date, snapshot in reversed(history):
        if snapshot.fingerprint == fingerprint:
            return PolicyVersion(f"version {snapshot.version} (released {date.isoformat()})", fingerprint, snapshot.version, date)
    if history:
        latest = history[-1][1]
        return PolicyVersion(f"draft, changed since version {latest.version}", fingerprint)
    return PolicyVersion("draft (not yet released)", fingerprint)
