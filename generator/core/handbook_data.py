"""The bottom of the handbook's data: where it was loaded from, the day it speaks for, and the
files read.

Each feature extends the data of the feature below it with its own slice (the policies'
`PoliciesData`, then the guidance's, ... up to the settings', which is the whole `Handbook`
pipeline/handbook.py loads), in the order of the features' layers (pyproject.toml,
[tool.importlinter]).  So a feature's code is typed with its own slice: it reads its own data and
the data of the features below it, and what it needs from a feature above it is handed to it
(pipeline/features.py), never reached through the handbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .load import LoadedFile
from .project import Project

T = TypeVar("T")


@dataclass(kw_only=True)
class HandbookData:
    project: Project  # where it was loaded from, and the day it speaks for
    files: list[LoadedFile] = field(default_factory=list)
    # `handbook serve`: what the loader keeps between rebuilds (SourceMemo.derived), where a
    # feature keeps what it made from unchanged inputs with those inputs (a policy's part of a
    # checklist, its glossary links); None otherwise.
    kept: dict[tuple[Any, ...], tuple[Any, ...]] | None = field(default=None, compare=False, repr=False)

    def kept_or_made(self, key: tuple[Any, ...], inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
        """`make()`, or under `handbook serve` what it made at an earlier rebuild from inputs equal
        to `inputs` (an unchanged file's model is the same object, from SourceMemo: compared at
        once); kept under `key` with its inputs."""
        if self.kept is None:
            return make()
        kept = self.kept.get(key)
        if kept is not None and kept[0] == inputs:
            made: T = kept[1]
            return made
        value = make()
        self.kept[key] = (inputs, value)
        return value

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def as_of(self) -> dt.date:
        return self.project.as_of
