"""The opening every command shares: load the data (checked, or only validated), print the
findings, and refuse to go on when the data has errors, always in the same words
(`refuse_data_errors`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from generator.core.findings import DataError, Report
from generator.core.project import Project

if TYPE_CHECKING:  # the pipeline is imported when a command runs, not when the parser is built
    from generator.pipeline.handbook import Handbook


def load_checked(
    project: Project,
    refusal: str | None,
    unchanged: str = "",
    *,
    findings: IO[str] | None = None,
    warnings: bool = True,
    explain: Callable[[Handbook], None] | None = None,
) -> tuple[Handbook | None, Report]:
    """Load and check the project (its staff records too, when it names a records folder) and
    print every finding on `findings` (default stderr).  When the data has errors (or
    warnings, for a strict project), say so on stderr as "<refusal>: ...; <unchanged>" and
    return no handbook.  Without `warnings`, only errors are printed; `explain` may say more
    before a strict refusal on warnings."""
    from generator.pipeline.handbook import load_and_check

    try:
        handbook, report = load_and_check(project)
    except DataError as exc:
        handbook, report = None, Report(exc.findings)
    (report if warnings else Report(report.errors)).print(findings)
    if handbook is None or report.fails(project.strict):
        if handbook is not None and not report.errors and explain is not None:
            explain(handbook)
        if refusal is not None:
            if report.errors or handbook is None:
                refuse_data_errors(refusal, report, unchanged)
            else:
                print(f"{refusal}: {report.summary()}, failing on warnings (--strict); {unchanged}", file=sys.stderr)
        return None, report
    return handbook, report


def refuse_data_errors(refusal: str, report: Report, unchanged: str, stream: IO[str] | None = None) -> int:
    """The one refusal of every command that will not go on with data that has errors:
    "<refusal>: the data has errors (<summary>); <unchanged>" on stderr.  Returns the exit code."""
    print(f"{refusal}: the data has errors ({report.summary()}); {unchanged}", file=stream or sys.stderr)
    return 1


def load_validated(project: Project, refusal: str, unchanged: str) -> Handbook | None:
    """The data as loaded and validated, without the checks (for a command whose edit is often
    what clears a check's finding: a merge, a translation, a resolved conflict).  When it cannot
    be loaded, print its errors and the refusal, and return None."""
    from generator.pipeline.handbook import load_handbook

    try:
        handbook, _ = load_handbook(project)
    except DataError as exc:
        report = Report(exc.findings)
        report.print()
        refuse_data_errors(refusal, report, unchanged)
        return None
    return handbook


def usage(message: str) -> int:
    """A command given the wrong options: "handbook <message>" on stderr, exit code 2."""
    print(f"handbook {message}", file=sys.stderr)
    return 2
