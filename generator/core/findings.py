"""Findings: what the checks say about the data, each tied to a file, line and column."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import IO, Iterable, Literal, Optional

# A note is for the policy's owner (a review note on the source's words): it is listed, but
# never fails a check or a strict build.
Level = Literal["error", "warning", "note"]


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Finding:
    location: Location
    level: Level
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.level}: {self.message}"


def error(location: Location, message: str) -> Finding:
    return Finding(location, "error", message)


def warning(location: Location, message: str) -> Finding:
    return Finding(location, "warning", message)


def note(location: Location, message: str) -> Finding:
    return Finding(location, "note", message)


@dataclass
class Report:
    """All findings of one run, in file order so an editor can walk through them."""

    findings: list[Finding] = field(default_factory=list)

    def extend(self, items: Iterable[Finding]) -> None:
        self.findings.extend(items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "note"]

    def fails(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def sorted(self) -> list[Finding]:
        return sorted(set(self.findings))

    def print(self, stream: Optional[IO[str]] = None) -> None:
        """Every finding, one per line as path:line:column: level: message, in file order."""
        stream = stream or sys.stderr  # looked up now, so a redirected stderr is honoured
        for finding in self.sorted():
            print(finding, file=stream)

    def summary(self) -> str:
        e, w, n = len(self.errors), len(self.warnings), len(self.notes)
        notes = f", {n} note{'s' * (n != 1)}" if n else ""
        return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}{notes}"


class DataError(Exception):
    """Raised when the data cannot be loaded or checked; carries the findings to print."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(str(f) for f in findings))
        self.findings = findings
