"""`handbook due [--days N]`: what falls due in the next N days (the work is in cycle.py)."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from generator.core.project import Project

from .arguments import STAFF_RECORDS, add_project_options, whole_number

NAME = "due"
HELP = "what falls due in the next N days: reviews, training, signatures, induction"
OUTPUTS = {"out": {}, "records": STAFF_RECORDS}
MAX_DAYS = 366


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument(
        "--days",
        type=whole_number(1, MAX_DAYS, "days"),
        default=28,
        metavar="N",
        help="how many days ahead to look (default: 28)",
    )
    parser.add_argument(
        "--records",
        type=Path,
        default=None,
        help="staff records folder (default: ROOT/records if it exists); the list then names people and goes to build/private/",
    )
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/build)")


def run(args: argparse.Namespace, project: Project) -> int:
    from .cycle import due_command

    if args.records is None and project.default_records.is_dir():  # names people only with records
        project = dataclasses.replace(project, records_dir=project.default_records)
    return due_command(project, args.days)
