"""Every edit the tool makes to a data file is validated before it lands.

The new text is read with the strict loader and validated against its kind's model (and the
kind's own file check), exactly as `handbook check` reads that file; on any error the edit is
refused with the first finding and the file is left as it was.  A valid edit replaces the file
in one step (a temporary file beside it, renamed over it), keeping the file's permissions.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path, PurePosixPath

from generator.core.findings import DataError
from generator.core.load import load_text
from generator.core.sources import SourceKind, validate
from generator.core.yaml_lines import EditRefused

from .handbook import SOURCES


def kind_of(relative: str | Path, folder: str = "data") -> SourceKind:
    """The kind of data file at `relative` (a path inside the data or checklists folder)."""
    path = PurePosixPath(Path(relative).as_posix())
    for kind in SOURCES.values():
        if kind.folder == folder and len(path.parts) == len(PurePosixPath(kind.pattern).parts) and path.match(kind.pattern):
            return kind
    raise EditRefused(f"{relative}: not a data file handbook knows how to check")


def check_text(text: str, path: Path, shown: str, kind: SourceKind) -> None:
    """Refuse (EditRefused) text that `handbook check` would reject as this kind of file."""
    try:
        loaded = load_text(text, path, shown)
    except DataError as exc:
        raise EditRefused(f"the edit would leave {exc.findings[0]}") from None
    node, findings = validate(loaded, kind.model)
    if node is not None and kind.file_check is not None:
        findings = list(kind.file_check(path, node))
    errors = [f for f in findings if f.level == "error"]
    if errors:
        raise EditRefused(f"the edit would leave {errors[0]}")


def replace_checked(path: Path, text: str, shown: str, kind: SourceKind) -> None:
    """Check `text` as `kind`, then put it in place of `path` whole or not at all, keeping the
    file's mode."""
    check_text(text, path, shown, kind)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask()
    # not *.yaml: if the rename never happens, no loader or glob takes the leftover for data
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temp, mode)  # mkstemp makes it private
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
