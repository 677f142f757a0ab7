"""Releases: record the words of every policy as a released version (`handbook release`).

A release is a snapshot (policy_data/releases/<YYYY-MM-DD>.yaml) of every policy's titles,
statement ids and texts, with a version number and the SHA-256 fingerprint of those words.
A policy's version goes up only when its fingerprint differs from its last release, so a
signature for version 3 stays good through releases that did not touch that policy.

A release is never replaced: signatures, approvals and settings that adopted it point at it,
and a printed page names its version.  A correction is a new release, the same day if need
be (<YYYY-MM-DD>.2.yaml; see model.ReleaseId).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from generator.core.findings import Finding
from generator.features.policies.fingerprint import policy_fingerprint, short
from generator.features.releases.codes import (
    DUPLICATE_ID,
    FINGERPRINT_MISMATCH,
    NAME_MISMATCH,
    POLICY_TWICE,
    VERSION_NOT_RAISED,
    VERSION_RENUMBERED,
)

from .history import released_versions
from .model import ReleaseId

if TYPE_CHECKING:
    from generator.features.policies.model import Policy
    from generator.features.releases.versions import VersionedData as Handbook


def release_path(data_dir: Path, release: ReleaseId) -> Path:
    return data_dir / "releases" / release.file_name()


def next_release_id(handbook: Handbook, date: dt.date) -> ReleaseId:
    """The id a new release on `date` gets: the date itself, or DATE.N after N-1 that day."""
    same_day = [r.id.number for r in handbook.releases if r.date == date]
    return ReleaseId(date, max(same_day) + 1 if same_day else 1)


def snapshot(policy: Policy, version: int) -> dict:
    return {
        "id": policy.id,
        "title": policy.title,
        "version": version,
        "fingerprint": policy_fingerprint(policy),
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "statements": [{"id": s.id, "text": s.text} for s in section.statements],
            }
            for section in policy.sections
        ],
    }


def plan_release(handbook: Handbook) -> tuple[list[dict], list[str]]:
    """Snapshots of every policy for a new release (always the latest: an earlier one is
    refused), and one line per policy saying what changed since its last release."""
    policies, changes = [], []
    for policy in handbook.policies.values():
        history = released_versions(handbook, policy.id)
        previous = history[-1][1] if history else None
        fingerprint = policy_fingerprint(policy)
        if previous is None:
            version, change = 1, "version 1 (first release)"
        elif previous.fingerprint == fingerprint:
            version, change = previous.version, f"version {previous.version} (unchanged)"
        else:
            version, change = (
                previous.version + 1,
                f"version {previous.version + 1} (changed since version {previous.version})",
            )
        policies.append(snapshot(policy, version))
        changes.append(f"{policy.id}: {change}, fingerprint {short(fingerprint)}")
    return policies, changes


def default_note(changes: list[str], first: bool) -> str:
    if first:
        return "First release: records the policy text as it stands on this date as version 1."
    return "Release of: " + "; ".join(changes) + "."


class _Dumper(yaml.SafeDumper):
    """Long statement texts as folded, readable lines; everything else plain."""


def _str(dumper, value: str):
    style = ">" if len(value) > 80 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def release_yaml(release: ReleaseId, note: str, policies: list[dict]) -> str:
    header = (
        f"# Release of {release}, written by `handbook release`. Do not edit: each policy's\n"
        "# fingerprint is checked against the text stored here, and signatures point at it.\n"
    )
    identity = {"date": release.date.isoformat()} | ({"number": release.number} if release.number > 1 else {})
    body = yaml.dump(
        identity | {"note": note, "policies": policies},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=96,
    )
    return header + body


def _duplicate_ids(snap) -> Iterable[Finding]:
    """A snapshot is compared statement by statement with later text: its ids must be unique."""
    for kind, items in (("section", snap.sections), ("statement", snap.statements())):
        first: dict[str, Any] = {}
        for item in items:
            if item.id in first:
                yield DUPLICATE_ID(
                    item.where("id"),
                    f"duplicate {kind} id '{item.id}' in '{snap.id}' version {snap.version} (first at {first[item.id].where('id')})",
                )
            else:
                first[item.id] = item


def check(handbook: Handbook) -> Iterable[Finding]:
    """Every stored snapshot must still match its fingerprint, and versions must increase."""
    history: dict[str, list] = {}
    for release in handbook.releases:
        source = release._source
        if source is not None and Path(source.name).name != release.id.file_name():
            yield NAME_MISMATCH(
                release.where("number" if release.number else "date"),
                f"the release file is named {Path(source.name).name} but it says it is release {release.id} "
                f"(date {release.date}{f', number {release.number}' if release.number else ''}); "
                f"they must agree: the file of release {release.id} is {release.id.file_name()}",
            )
        seen: set[str] = set()
        for snap in release.policies:
            if snap.id in seen:
                yield POLICY_TWICE(snap.where("id"), f"policy '{snap.id}' appears twice in this release")
            seen.add(snap.id)
            yield from _duplicate_ids(snap)
            actual = policy_fingerprint(snap)
            if actual != snap.fingerprint:
                yield FINGERPRINT_MISMATCH(
                    snap.where("fingerprint"),
                    f"'{snap.id}' version {snap.version}: the stored text does not match the stored fingerprint "
                    f"(text gives {short(actual)}, file says {short(snap.fingerprint)}); a release must not be edited",
                )
            history.setdefault(snap.id, []).append((release, snap))
    for policy_id, items in history.items():
        for (_, before), (_release, after) in zip(items, items[1:]):
            if after.fingerprint == before.fingerprint and after.version != before.version:
                yield VERSION_RENUMBERED(
                    after.where("version"),
                    f"'{policy_id}' is unchanged since version {before.version} but is numbered {after.version}",
                )
            elif after.fingerprint != before.fingerprint and after.version <= before.version:
                yield VERSION_NOT_RAISED(
                    after.where("version"),
                    f"'{policy_id}' changed since version {before.version}, so its version must be higher than {before.version} (got {after.version})",
                )
