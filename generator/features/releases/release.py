"""`handbook release`: record the words of every policy as a released version.

A release is a snapshot (policy_data/releases/<YYYY-MM-DD>.yaml) of every policy's titles,
statement ids and texts, with a version number and the SHA-256 fingerprint of those words.
A policy's version goes up only when its fingerprint differs from its last release, so a
signature for version 3 stays good through releases that did not touch that policy.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Iterable, Optional

import yaml

from generator.core.findings import DataError, Finding, Report, error
from generator.features.policies.fingerprint import policy_fingerprint, short
from generator.pipeline.handbook import load_and_check


def release_path(data_dir: Path, date: dt.date) -> Path:
    return data_dir / "releases" / f"{date.isoformat()}.yaml"


def last_release_of(handbook, policy_id: str, before: dt.date):
    """The newest snapshot of a policy released before `before` (None if never released)."""
    found = None
    for release in handbook.releases:
        if release.date >= before:
            continue
        for snapshot in release.policies:
            if snapshot.id == policy_id:
                found = snapshot
    return found


def snapshot(policy, version: int) -> dict:
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


def plan_release(handbook, date: dt.date) -> tuple[list[dict], list[str]]:
    """Snapshots of every policy for a release on `date`, and one line per policy saying what
    changed since its last release."""
    policies, changes = [], []
    for policy in handbook.policies.values():
        previous = last_release_of(handbook, policy.id, date)
        fingerprint = policy_fingerprint(policy)
        if previous is None:
            version, change = 1, "version 1 (first release)"
        elif previous.fingerprint == fingerprint:
            version, change = previous.version, f"version {previous.version} (unchanged)"
        else:
            version, change = previous.version + 1, f"version {previous.version + 1} (changed since version {previous.version})"
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


def release_yaml(date: dt.date, note: str, policies: list[dict]) -> str:
    header = (
        f"# Release of {date.isoformat()}, written by `handbook release`. Do not edit: each policy's\n"
        "# fingerprint is checked against the text stored here, and signatures point at it.\n"
    )
    body = yaml.dump(
        {"date": date.isoformat(), "note": note, "policies": policies},
        Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96,
    )
    return header + body


def make_release(root: Path, data_dir: Path, date: dt.date, note: Optional[str], overwrite: bool, stream=sys.stderr) -> int:
    """Write the release file; return the exit code."""
    try:
        handbook, report = load_and_check(data_dir, root)
    except DataError as exc:
        report = Report(exc.findings)
        handbook = None
    for finding in report.sorted():
        print(finding, file=stream)
    if report.errors or handbook is None:
        print(f"release refused: the data has errors ({report.summary()}); nothing was written", file=stream)
        return 1
    path = release_path(data_dir, date)
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    if path.exists() and not overwrite:
        print(f"release refused: {shown} already exists; pass --force to replace it", file=stream)
        return 1
    later = [r.date.isoformat() for r in handbook.releases if r.date > date]
    if later:
        print(f"release refused: a later release exists ({', '.join(later)}); versions must increase with the date", file=stream)
        return 1
    policies, changes = plan_release(handbook, date)
    first = not any(r.date < date for r in handbook.releases)
    text = release_yaml(date, note or default_note(changes, first), policies)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    print(f"wrote {shown}", file=stream)
    for line in changes:
        print(f"  {line}", file=stream)
    return 0


def _duplicate_ids(snap) -> Iterable[Finding]:
    """A snapshot is compared statement by statement with later text: its ids must be unique."""
    for kind, items in (("section", snap.sections), ("statement", snap.statements())):
        first: dict[str, object] = {}
        for item in items:
            if item.id in first:
                yield error(item.where("id"), f"duplicate {kind} id '{item.id}' in '{snap.id}' version {snap.version} (first at {first[item.id].where('id')})")
            else:
                first[item.id] = item


def check(handbook) -> Iterable[Finding]:
    """Every stored snapshot must still match its fingerprint, and versions must increase."""
    history: dict[str, list] = {}
    for release in handbook.releases:
        source = release._source
        if source is not None and Path(source.name).stem != release.date.isoformat():
            yield error(release.where("date"), f"the release file is named {Path(source.name).name} but its date is {release.date}; they must agree")
        seen: set[str] = set()
        for i, snap in enumerate(release.policies):
            if snap.id in seen:
                yield error(snap.where("id"), f"policy '{snap.id}' appears twice in this release")
            seen.add(snap.id)
            yield from _duplicate_ids(snap)
            actual = policy_fingerprint(snap)
            if actual != snap.fingerprint:
                yield error(
                    snap.where("fingerprint"),
                    f"'{snap.id}' version {snap.version}: the stored text does not match the stored fingerprint "
                    f"(text gives {short(actual)}, file says {short(snap.fingerprint)}); a release must not be edited",
                )
            history.setdefault(snap.id, []).append((release, snap))
    for policy_id, items in history.items():
        for (_, before), (release, after) in zip(items, items[1:]):
            if after.fingerprint == before.fingerprint and after.version != before.version:
                yield error(after.where("version"), f"'{policy_id}' is unchanged since version {before.version} but is numbered {after.version}")
            elif after.fingerprint != before.fingerprint and after.version <= before.version:
                yield error(after.where("version"), f"'{policy_id}' changed since version {before.version}, so its version must be higher than {before.version} (got {after.version})")
