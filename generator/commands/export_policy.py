"""`handbook export POLICY_ID --out FILE.docx`: a policy as a Word document to revise (the
document is made by features/importer/word_export.py; this prints what was written).  The data
is loaded as validated, without the checks: exporting a policy is often how a finding gets
fixed, so findings do not stop it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core.project import Project

from .arguments import add_project_options, slug
from .common import load_validated

if TYPE_CHECKING:  # the features are imported when the command runs, not when the parser is built
    from generator.features.importer import Refused

NAME = "export"
HELP = "a policy as a Word document to revise (then import --update)"
OUTPUTS: dict[str, dict[str, Any]] = {"docx": {}}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument("policy", type=slug, metavar="POLICY_ID", help="the policy to export, like 'safeguarding'")
    # dest docx: the project's --out is an output folder, this is one file
    parser.add_argument(
        "--out",
        dest="docx",
        type=Path,
        required=True,
        metavar="FILE.docx",
        help="the Word document to write (a new file)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace FILE.docx if it already exists (by default an existing file is never overwritten)",
    )


def run(args: argparse.Namespace, project: Project) -> int:
    return export_command(project, args.policy, args.docx, args.force)


def export_command(project: Project, policy_id: str, out: Path, replace: bool = False) -> int:
    from generator.features.importer import Refused, export_policy, refuse_output

    try:
        refuse_output(out, replace)  # before loading the data: a mistyped --out costs nothing
    except Refused as exc:
        return _fail(exc)
    handbook = load_validated(project, "handbook export", "nothing was exported")
    if handbook is None:
        return 1
    try:
        exported = export_policy(handbook, policy_id, out, replace)
    except Refused as exc:
        return _fail(exc)
    print(f"Exported {exported.policy_id} ({exported.version}) -> {exported.out}")
    print(f"  {exported.sections} sections, {exported.statements} statements; each carries its id as a bookmark.")
    print(
        f"  Revise it in Word (Track Changes welcome), then: handbook import {exported.out.name} "
        f"--update {exported.policy_id} --dry-run"
    )
    return 0


def _fail(refused: Refused) -> int:
    print(f"handbook export: {refused}", file=sys.stderr)
    return 1
