"""`handbook sign PERSON POLICY` or `handbook sign --csv FILE`: record signatures in the staff
records (the work is in cycle.py)."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from generator.core.project import Project

from .arguments import STAFF_RECORDS, add_project_options, date, release

NAME = "sign"
HELP = "record signatures in the staff records (one, or a CSV sign-in sheet)"
OUTPUTS = {"records": STAFF_RECORDS}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument("person", nargs="?", help="the person's id in staff.yaml, like ada-example")
    parser.add_argument("policy", nargs="?", help="the policy id, like safeguarding")
    parser.add_argument(
        "--release",
        type=release,
        default=None,
        metavar="YYYY-MM-DD",
        help="the release they signed, as its file is named: YYYY-MM-DD, or YYYY-MM-DD.N for a later one that day (default: the one in force on the day)",
    )
    parser.add_argument(
        "--date", type=date, default=None, metavar="YYYY-MM-DD", help="the day they signed (default: today)"
    )
    parser.add_argument(
        "--csv",
        type=Path,
        default=None,
        metavar="FILE",
        help="record every row of a CSV file (columns: person, policy, date, release)",
    )
    parser.add_argument("--records", type=Path, default=None, help="staff records folder (default: ROOT/records)")


def run(args: argparse.Namespace, project: Project) -> int:
    from .cycle import sign_command

    if args.records is None:  # signatures go into the staff records: the project's own by default
        project = dataclasses.replace(project, records_dir=project.default_records)
    day = args.date.isoformat() if args.date else None
    return sign_command(project, args.person, args.policy, args.release, day, args.csv)
