"""`handbook upgrade`: rewrite a project made by an older version of the tool into the format
this version reads, in place, keeping every comment and every word of the setting's.

Each upgrade is one function of UPGRADES, which finds the files written in an old format and
returns their new text; a file already in the current format is left as it is, so `upgrade`
may be run again and again.  The project's schemas/ are written afresh too, for the editors.

The upgrades so far:

- Training courses are data (a pack's `courses:`).  A pack made before names the tool's old
  fixed course ids (induction, cp-annual-head, cp-service, dsl) without declaring them; the
  upgrade declares each, with the title and provider the pack's intervals gave it (else the
  words the tool printed for it), so the outputs read as before and the staff records'
  `course:` ids need no change.  The setting then renames them as it likes.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from generator.core.project import Project

from .arguments import add_project_options

if TYPE_CHECKING:  # the steps' work loads when the command runs
    from .upgrade_steps import Change

NAME = "upgrade"
HELP = "rewrite a project made by an older version into the current data format (keeps comments)"
DESCRIPTION = (
    "Rewrite the data files of a project made by an older version of handbook into the format this "
    "version reads, in place, keeping comments and the setting's words; then write schemas/ afresh. "
    "A file already in the current format is left as it is. With --dry-run, only list what would change."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument("--dry-run", action="store_true", help="list the files that would change, change nothing")


def run(args: argparse.Namespace, project: Project) -> int:
    # the parser imports this module for its arguments: the steps' work loads when it runs
    from generator.core.editing import ConcurrentEdit
    from generator.core.edits import check_text
    from generator.core.yaml_lines import EditRefused

    from .schema import write_schemas
    from .upgrade_steps import UPGRADES

    changes = [change for upgrade in UPGRADES for change in upgrade(project)]
    for change in changes:  # every new text checked before any is written: all or nothing
        try:
            check_text(change.text, change.path, project.shown(change.path), change.model)
        except EditRefused as refused:
            print(f"error: nothing was changed: {project.shown(change.path)}: {refused}", file=sys.stderr)
            return 1
    for change in changes:
        if not args.dry_run:
            try:
                write_unchanged_since(change, project.shown(change.path))
            except ConcurrentEdit as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
        said = "would change" if args.dry_run else "changed"
        print(f"{said} {project.shown(change.path)}: {change.what}", file=sys.stderr)
    if not changes:
        print("nothing to upgrade: the data is in the current format", file=sys.stderr)
    if args.dry_run:
        return 0
    return write_schemas(project)


def write_unchanged_since(change: Change, shown: str) -> None:
    """The change's new text in place of its file, whole or not at all, its mode kept; only over
    the very bytes it was made from (core/editing.py), else ConcurrentEdit."""
    from generator.core.editing import editing

    with editing(change.path, shown) as edit:
        edit.require(change.original)
        edit.write(change.text)
