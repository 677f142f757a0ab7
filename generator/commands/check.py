"""`handbook check`: validate only; every finding on stdout, the count on stderr."""

from __future__ import annotations

import sys

from generator.core.findings import Report
from generator.core.project import Project

from .common import load_checked


def check(project: Project) -> int:
    handbook, report = load_checked(project, None, findings=sys.stdout)
    if handbook is not None:
        # Facts the outputs would print "To be completed" that no check above names.
        from .build import placeholders_of, unreported_placeholders

        unfilled = unreported_placeholders(placeholders_of(handbook), report, "build")
        Report(unfilled).print(sys.stdout)
        report.extend(unfilled)
    print(report.summary(), file=sys.stderr)
    return 1 if report.errors else 0
