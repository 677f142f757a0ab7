"""The release history: which released versions of a policy exist, and which release was in
force on a day.  Every feature that asks about earlier versions asks here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from generator.core.sources import SourceKind, sorted_by
from generator.features.glossary.glossary import GlossaryData

from .model import Release, ReleasedPolicy


def history_index(releases: list[Release]) -> dict[str, list[tuple[dt.date, ReleasedPolicy]]]:
    """Policy id -> (release date, snapshot) for every release that includes it, oldest first
    (releases are given oldest first)."""
    index: dict[str, list[tuple[dt.date, ReleasedPolicy]]] = {}
    for release in releases:
        for snapshot in release.policies:
            index.setdefault(snapshot.id, []).append((release.date, snapshot))
    return index


def released_versions(hb: ReleasesData, policy_id: str) -> list[tuple[dt.date, ReleasedPolicy]]:
    """(release date, snapshot) of every release that includes the policy, oldest first."""
    return hb.release_history.get(policy_id, [])


def released_fingerprint(hb: ReleasesData, policy_id: str, fingerprint: str) -> tuple[dt.date, ReleasedPolicy] | None:
    """The first release of the policy whose fingerprint is (or starts with) `fingerprint`."""
    for date, snapshot in released_versions(hb, policy_id):
        if snapshot.fingerprint.startswith(fingerprint):
            return date, snapshot
    return None


def release_in_force(hb: ReleasesData, on: dt.date) -> Release | None:
    """The latest release dated on or before `on`."""
    earlier = [r for r in hb.releases if r.date <= on]
    return earlier[-1] if earlier else None


@dataclass(kw_only=True)
class ReleasesData(GlossaryData):
    """The releases' slice of the handbook, over the glossary's."""

    releases: list[Release] = field(default_factory=list)  # oldest first

    @cached_property
    def release_history(self) -> dict[str, list[tuple[dt.date, ReleasedPolicy]]]:
        """Policy id -> (release date, snapshot) of every release that includes it, oldest first."""
        return history_index(self.releases)


SOURCES = (
    SourceKind(
        "releases",
        "releases/*.yaml",
        Release,
        "release",
        required=False,
        scope="own",
        into="releases",
        gather=sorted_by("id"),
    ),
)
