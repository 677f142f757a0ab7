"""`handbook check`: validate only; every finding on stdout, the count on stderr."""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING, Optional

from generator.core.findings import DataError, Report
from generator.core.project import Project
from generator.core.safepath import UnsafePath

from .common import load_checked

if TYPE_CHECKING:
    from generator.pipeline.handbook import Handbook


def findings_of(project: Project) -> tuple[Optional[Handbook], Report]:
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


def check(project: Project) -> int:
    # Printed at the end, all in file order, with the facts found by rendering.
    _, report = findings_of(project)
    report.print(sys.stdout)
    print(report.summary(), file=sys.stderr)
    return 1 if report.errors else 0
