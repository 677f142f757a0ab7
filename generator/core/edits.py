"""Every edit the tool makes to a data file is validated before it lands.

The new text is read with the strict loader and validated against its kind's model (and the
kind's own file check), exactly as `handbook check` reads that file; on any error the edit is
refused with the first finding and the file is left as it was.  A valid edit replaces the file
in one step (a temporary file beside it, renamed over it), keeping the file's permissions, and
only if the file is still what the edit was made from (core/editing.py: the edit is made
inside `editing`, which holds the file).
The kind of a data file, from its path, is pipeline/edits.py's `kind_of`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .editing import Edit
from .findings import DataError, Finding
from .load import LoadedFile, load_text
from .model import Node
from .sources import validate
from .yaml_lines import EditRefused

FileCheck = Callable[[Path, Any], Iterable[Finding]]


def check_text(
    text: str,
    path: Path,
    shown: str,
    model: type[Node],
    file_check: FileCheck | None = None,
    loaded: LoadedFile | None = None,
) -> None:
    """Refuse (EditRefused) text that `handbook check` would reject in the file at `path`.
    `loaded`: the strict loader's reading of this very text, when the caller has it already
    (LineEdits.read_back), so it is not read twice."""
    if loaded is None:
        try:
            loaded = load_text(text, path, shown)
        except DataError as exc:
            raise EditRefused(f"the edit would leave {exc.findings[0]}") from None
    node, findings = validate(loaded, model)
    if node is not None and file_check is not None:
        findings = list(file_check(path, node))
    errors = [f for f in findings if f.level == "error"]
    if errors:
        raise EditRefused(f"the edit would leave {errors[0]}")


def replace_checked(
    edit: Edit,
    text: str,
    model: type[Node],
    file_check: FileCheck | None = None,
    loaded: LoadedFile | None = None,
) -> None:
    """Check `text`, then put it in place of the file held by `edit` whole or not at all,
    keeping the file's mode; ConcurrentEdit when the file changed since it was read."""
    check_text(text, edit.path, edit.shown, model, file_check, loaded)
    edit.write(text)
