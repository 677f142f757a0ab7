"""The project a command works on: where everything is, which day it speaks for, how strict.

Built once (by the command line, or by the MkDocs plugin from its options) and passed
explicitly to every command and stage; nothing reads these from the environment later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .clock import today

DATA_DIR = "policy_data"
CHECKLISTS_DIR = "checklists"  # beside the data folder
RECORDS_DIR = "records"
OUT_DIR = "build"


@dataclass(frozen=True)
class Project:
    root: Path  # the project folder (mkdocs.yml, docs/); findings name files relative to it
    data_dir: Path
    checklists_dir: Path
    out_dir: Path
    as_of: dt.date  # the day dates are judged by and printed documents carry
    records_dir: Path | None = None  # staff records (personal data), only when asked for
    strict: bool = False  # fail on warnings too

    @classmethod
    def at(
        cls,
        root: Path,
        data: Path | None = None,
        *,
        checklists: Path | None = None,
        out: Path | None = None,
        records: Path | None = None,
        as_of: dt.date | None = None,
        strict: bool = False,
    ) -> "Project":
        """A project with the usual layout, any part of it overridden.  A data folder given
        elsewhere brings its checklists with it: they are found beside it."""
        root = root.resolve()
        data_dir = (data or root / DATA_DIR).resolve()
        return cls(
            root=root,
            data_dir=data_dir,
            checklists_dir=(checklists or data_dir.parent / CHECKLISTS_DIR).resolve(),
            out_dir=(out or root / OUT_DIR).resolve(),
            as_of=as_of or today(),
            records_dir=records.resolve() if records else None,
            strict=strict,
        )

    def shown(self, path: Path) -> str:
        """A path as findings and messages show it: relative to the project when inside it."""
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)
