"""`handbook release`: record the words of every policy as a released version
(policy_data/releases/<date>.yaml; see features/releases/release.py).

A release is never replaced, not even by the command that wrote it: signatures in the staff
records, approvals and settings that adopted it point at it, and paper already handed out
names its versions.  A correction is a new release, the same day if need be (DATE.2)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import IO

from generator.core.datafiles import write_atomically
from generator.core.project import Project

from .arguments import add_project_options, date
from .common import load_checked, usage

NAME = "release"
HELP = "record every policy's current words as a released version"
DESCRIPTION = (
    "Write policy_data/releases/DATE.yaml: every policy's words, each with its version and "
    "fingerprint. A release is never replaced: signatures, approvals and settings that adopted it point "
    "at it. A correction is a new release; a second one the same day is DATE.2 (DATE.2.yaml), then DATE.3. "
    "Refused, with nothing written, when the data has errors, when a later release exists, when the date "
    "is after today, or when nothing changed since that day's last release."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument(
        "--date",
        type=date,
        default=None,
        metavar="YYYY-MM-DD",
        help="release date, not after today or the --as-of date (default: today)",
    )
    parser.add_argument("--note", default=None, help="what the release is for (default: a list of what changed)")
    # --force used to replace a release; it is gone, but says why when typed.
    parser.add_argument("--force", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace, project: Project) -> int:
    if args.force:
        return usage(
            "release: --force is gone: a release is never replaced (signatures, approvals and settings that "
            "adopted it point at it). Run `handbook release` again without it: a correction is a new release "
            "(a second one the same day is DATE.2)"
        )
    return make_release(project, args.date or project.as_of, args.note)


NEVER_REPLACED = "a release is never replaced: signatures and approvals point at it"


def make_release(project: Project, date: dt.date, note: str | None, stream: IO[str] | None = None) -> int:
    """Write a new release file; return the exit code."""
    # Imported here, not above: the parser imports this module for its arguments.
    from generator.core.schema import SCHEMA_DIR, schema_line
    from generator.features.releases.release import (
        default_note,
        next_release_id,
        plan_release,
        release_path,
        release_yaml,
    )

    stream = stream or sys.stderr  # looked up now, so a redirected stderr is honoured
    if date > project.as_of:
        print(
            f"release refused: the date {date} is after today ({project.as_of}); a release records words "
            "as they stand, so it cannot be dated later; nothing was written",
            file=stream,
        )
        return 1
    handbook, _ = load_checked(project, "release refused", "nothing was written")
    if handbook is None:
        return 1
    later = [str(r.id) for r in handbook.releases if r.date > date]
    if later:
        print(
            f"release refused: a later release exists ({', '.join(later)}); versions must increase with the date; "
            "nothing was written",
            file=stream,
        )
        return 1
    release = next_release_id(handbook, date)
    policies, changes = plan_release(handbook)
    if not policies:  # a release of nothing would be a file every later command refuses
        print(
            f"release refused: the handbook has no policies yet ({project.shown(project.data_dir / 'policies')}/ "
            "is empty); import or write one first; nothing was written",
            file=stream,
        )
        return 1
    same_day = [r for r in handbook.releases if r.date == date]
    if same_day and {p["id"]: p["fingerprint"] for p in policies} == {
        p.id: p.fingerprint for p in same_day[-1].policies
    }:
        print(
            f"release refused: nothing changed since release {same_day[-1].id} of the same day; {NEVER_REPLACED}. "
            f"To correct it, change the policy, then run `{project.command('handbook release')}` again: "
            f"the correction becomes release {release}; nothing was written",
            file=stream,
        )
        return 1
    path = release_path(project.data_dir, release)
    shown = project.shown(path)
    if path.exists():  # only when a file is there the loader did not take as this release
        print(f"release refused: {shown} already exists; {NEVER_REPLACED}; nothing was written", file=stream)
        return 1
    text = schema_line(path, project.root / SCHEMA_DIR, "release") + release_yaml(
        release, note or default_note(changes, not handbook.releases), policies
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # checked as the loader will read it: a file every later command would refuse is never written
        problems = write_atomically(path, text, replace=False, check=lambda written: _not_a_release(written, path.name))
    except FileExistsError:
        print(f"release refused: {shown} already exists; {NEVER_REPLACED}; nothing was written", file=stream)
        return 1
    if problems:
        print("release refused: the release file would not load (a bug; please report it):", file=stream)
        for problem in problems:
            print(f"  {problem}", file=stream)
        return 1
    if same_day:
        print(
            f"this correction is release {release}; release {same_day[-1].id} is kept as it is "
            f"({NEVER_REPLACED.replace(': ', ', as ', 1)})",
            file=stream,
        )
    print(f"wrote {shown}", file=stream)
    for line in changes:
        print(f"  {line}", file=stream)
    return 0


def _not_a_release(written: Path, shown: str) -> list[str]:
    """What the loader would refuse in the release file written (a temporary file, named as the
    release file it becomes)."""
    from generator.core.sources import refusals
    from generator.features.releases.model import Release

    return refusals(written, Release, shown)
