"""`handbook check`: validate only; every finding on stdout, the count on stderr."""

from __future__ import annotations

import sys

from generator.core.project import Project

from .common import load_checked


def check(project: Project) -> int:
    _, report = load_checked(project, None, findings=sys.stdout)
    print(report.summary(), file=sys.stderr)
    return 1 if report.errors else 0
