"""`handbook export POLICY_ID --out FILE.docx [--force]`: a policy as a Word document to revise
(the work is in word.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.core.project import Project

from .arguments import add_project_options, slug

NAME = "export"
HELP = "a policy as a Word document to revise (then import --update)"
OUTPUTS = {"docx": {}}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument("policy", type=slug, metavar="POLICY_ID", help="the policy to export, like 'safeguarding'")
    # dest docx: the project's --out is an output folder, this is one file
    parser.add_argument("--out", dest="docx", type=Path, required=True, metavar="FILE.docx", help="the Word document to write (a new file)")
    parser.add_argument("--force", action="store_true", help="replace FILE.docx if it already exists (by default an existing file is never overwritten)")


def run(args: argparse.Namespace, project: Project) -> int:
    from .word import export_command

    return export_command(project, args.policy, args.docx, args.force)
