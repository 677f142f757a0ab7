"""Findings: what the checks say about the data, each tied to a file, line and column."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import IO, Literal

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
    # What kind of finding this is (a Code's name, e.g. "notice.basis-unset"): what other code
    # recognises a finding by, so a message can be reworded without breaking anything.
    code: str

    def __str__(self) -> str:
        return f"{self.location}: {self.level}: {self.message}"

    def as_dict(self) -> dict[str, str | int]:
        """`handbook check --format json`: the finding's parts, its code among them."""
        where = self.location
        return {
            "file": where.file,
            "line": where.line,
            "column": where.column,
            "level": self.level,
            "code": self.code,
            "message": self.message,
        }


# A code is `area.kebab-name`: the feature (or core part) that reports it, then what it says.
_CODE_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Code:
    """One kind of finding: a stable name, its level, and one line for the manual's table.

    Each feature declares its codes in its `codes.py`; a finding is made by calling its code:
    `BASIS_UNSET(where, "to be completed: ...")`."""

    name: str
    level: Level
    description: str

    def __post_init__(self) -> None:
        if not _CODE_NAME.match(self.name):
            raise ValueError(f"finding code {self.name!r} is not area.kebab-name")
        if not self.description or "\n" in self.description:
            raise ValueError(f"finding code {self.name!r} needs a one-line description")

    def __call__(self, location: Location, message: str) -> Finding:
        return Finding(location, self.level, message, self.name)


def codes_of(module: ModuleType) -> list[Code]:
    """The codes a `codes.py` module declares (its module-level Code constants)."""
    return [value for value in vars(module).values() if isinstance(value, Code)]


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

    def print(self, stream: IO[str] | None = None) -> None:
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
