"""`handbook release`: record the words of every policy as a released version
(policy_data/releases/<date>.yaml; see features/releases/release.py)."""

from __future__ import annotations

import datetime as dt
import sys
from typing import IO, Optional

from generator.core.datafiles import write_atomically
from generator.core.project import Project
from generator.core.schema import SCHEMA_DIR, schema_line
from generator.features.releases.release import default_note, plan_release, release_path, release_yaml

from .common import load_checked


def make_release(project: Project, date: dt.date, note: Optional[str], overwrite: bool, stream: IO[str] = sys.stderr) -> int:
    """Write the release file; return the exit code."""
    handbook, _ = load_checked(project, "release refused", "nothing was written")
    if handbook is None:
        return 1
    path = release_path(project.data_dir, date)
    shown = project.shown(path)
    if path.exists() and not overwrite:
        print(f"release refused: {shown} already exists; pass --force to replace it", file=stream)
        return 1
    later = [r.date.isoformat() for r in handbook.releases if r.date > date]
    if later:
        print(f"release refused: a later release exists ({', '.join(later)}); versions must increase with the date", file=stream)
        return 1
    policies, changes = plan_release(handbook, date)
    first = not any(r.date < date for r in handbook.releases)
    text = schema_line(path, project.root / SCHEMA_DIR, "release") + release_yaml(date, note or default_note(changes, first), policies)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)
    print(f"wrote {shown}", file=stream)
    for line in changes:
        print(f"  {line}", file=stream)
    return 0
