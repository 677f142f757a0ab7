"""The opening every command shares: load the data, check it, print the findings, and refuse
to go on when they fail."""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING, Callable, Optional

from generator.core.findings import DataError, Report
from generator.core.project import Project
from generator.pipeline.handbook import load_and_check

if TYPE_CHECKING:
    from generator.pipeline.handbook import Handbook


def load_checked(
    project: Project,
    refusal: Optional[str],
    unchanged: str = "",
    *,
    findings: Optional[IO[str]] = None,
    warnings: bool = True,
    explain: Optional[Callable[[Handbook], None]] = None,
) -> tuple[Optional[Handbook], Report]:
    """Load and check the project (its staff records too, when it names a records folder) and
    print every finding on `findings` (default stderr).  When the data has errors (or
    warnings, for a strict project), say so on stderr as "<refusal>: ...; <unchanged>" and
    return no handbook.  Without `warnings`, only errors are printed; `explain` may say more
    before a strict refusal on warnings."""
    try:
        handbook, report = load_and_check(project)
    except DataError as exc:
        handbook, report = None, Report(exc.findings)
    (report if warnings else Report(report.errors)).print(findings)
    if handbook is None or report.fails(project.strict):
        if handbook is not None and not report.errors and explain is not None:
            explain(handbook)
        if refusal is not None:
            why = f"the data has errors ({report.summary()})" if report.errors or handbook is None else f"{report.summary()}, failing on warnings (--strict)"
            print(f"{refusal}: {why}; {unchanged}", file=sys.stderr)
        return None, report
    return handbook, report


def usage(message: str) -> int:
    """A command given the wrong options: "handbook <message>" on stderr, exit code 2."""
    print(f"handbook {message}", file=sys.stderr)
    return 2
