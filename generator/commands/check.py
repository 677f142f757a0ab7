"""`handbook check`: validate only; every finding on stdout (as text or JSON), the count on stderr."""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import TYPE_CHECKING

from generator.core.findings import DataError, Report
from generator.core.project import Project
from generator.core.safepath import UnsafePath

from .arguments import add_project_options
from .common import load_checked

NAME = "check"
HELP = "validate the data and print every problem"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        dest="output_format",
        help="text: one finding a line, path:line:column: level: message (default); json: a list of "
        "findings, each with its code (the manual lists every code)",
    )


def run(args: argparse.Namespace, project: Project) -> int:
    return check(project, args.output_format)


if TYPE_CHECKING:
    from generator.pipeline.handbook import Handbook


def findings_of(project: Project) -> tuple[Handbook | None, Report]:
    """Everything `check` reports (the desk's To do page lists the same), and the handbook when
    the data can form one."""
    handbook, report = load_checked(project, None, findings=io.StringIO())
    if handbook is not None:
        # Facts the outputs would print "To be completed" that no check above names.
        from .build import placeholders_of, unreported_placeholders

        try:
            printed = placeholders_of(handbook)
        except (DataError, OSError, RuntimeError, UnsafePath):  # an output that cannot be made: `build` says why
            printed = []
        report.extend(unreported_placeholders(printed, report, "build"))
    return handbook, report


def check(project: Project, output_format: str = "text") -> int:
    # Printed at the end, all in file order, with the facts found by rendering.
    _, report = findings_of(project)
    if output_format == "json":
        # For editors and scripts: each finding with its code, which stays when a message is reworded.
        json.dump([finding.as_dict() for finding in report.sorted()], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        report.print(sys.stdout)
    print(report.summary(), file=sys.stderr)
    return 1 if report.errors else 0
