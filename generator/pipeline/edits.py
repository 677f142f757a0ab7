"""The kind of a data file, from its path: which model (and file check) `handbook check`
validates it against, so that an edit is validated the same way before it lands
(core/edits.py)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from generator.core.sources import SourceKind
from generator.core.yaml_lines import EditRefused

from .handbook import SOURCES


def kind_of(relative: str | Path, folder: str = "data") -> SourceKind:
    """The kind of data file at `relative` (a path inside the data or checklists folder)."""
    path = PurePosixPath(Path(relative).as_posix())
    for kind in SOURCES.values():
        if (
            kind.folder == folder
            and len(path.parts) == len(PurePosixPath(kind.pattern).parts)
            and path.match(kind.pattern)
        ):
            return kind
    raise EditRefused(f"{relative}: not a data file handbook knows how to check")
