"""Saving a form into a data file without losing anyone's work.

A form carries the version (a hash of the bytes) of the file it was made from; a save against
a file that has changed since (another tab, a command, a git pull) is refused, and the page
shows the person's input again with the reason.  A save that is not refused is made with the
line editor (untouched lines stay byte for byte), checked with the strict loader and the
file's model (core/edits.check_text) and written in one rename (datafiles.write_atomically),
with the file held from the version check to the rename (core/editing.py).
"""

from __future__ import annotations

import copy
import errno
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.core.datafiles import is_private
from generator.core.editing import ConcurrentEdit, Edit, editing
from generator.core.edits import FileCheck, check_text, replace_checked
from generator.core.load import LoadedFile, load_text
from generator.core.model import Node
from generator.core.yaml_lines import EditRefused, LineEdits

ABSENT = "absent"  # the version of a file that does not exist yet


def version_of(path: Path) -> str:
    """The version a form is made from: the SHA-256 of the file's bytes ("absent": no file)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ABSENT


class Stale(Exception):
    """The file changed since the form was made: saving would lose someone else's edit."""


def stale_message(shown: str) -> str:
    return (
        f"{shown} was changed after this page was opened (in another tab, by a command or by "
        "someone else), so nothing was saved. Your entries are below: check them against the "
        "file as it is now, then save again."
    )


@dataclass
class Target:
    """A data file a form edits: where it is, how findings name it, what it must satisfy."""

    path: Path
    shown: str
    model: type[Node]
    file_check: FileCheck | None = None
    initial: str | None = None  # the text a missing file starts from (else: a missing file is an error)


def save(target: Target, version: str, edits_of) -> None:
    """Apply `edits_of(LineEdits)` to the file, if it is still at `version`.  Stale when it is
    not; EditRefused (one line, nothing written) when the result would not pass `check`.
    `edits_of` may return a second LineEdits made from the first's text (edits that cannot be
    made in one pass, such as removing list items after adding some): its text is saved."""
    try:
        # Held while the edit is made (core/editing.py): a command or another save waits, and
        # a change made without the lock (an editor, `git pull`) refuses the rename.
        with editing(target.path, target.shown) as edit:
            _save(target, edit, version, edits_of)
    except ConcurrentEdit:
        raise Stale(stale_message(target.shown)) from None


def _save(target: Target, edit: Edit, version: str, edits_of) -> None:
    raw = edit.before
    if (ABSENT if raw is None else hashlib.sha256(raw).hexdigest()) != version:
        raise Stale(stale_message(target.shown))
    if raw is None:
        if target.initial is None:  # a missing file is an error, unless the target says how it starts
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(target.path))
        edits = LineEdits(target.initial, load_text(target.initial, target.path, target.shown))
    else:
        # the reading the form's page made of these very bytes, when it is still kept
        edits = LineEdits(raw.decode("utf-8"), _reading(target, raw, version))
    second = edits_of(edits)
    final = second if isinstance(second, LineEdits) else edits
    text = final.text()
    loaded = final.read_back  # the strict loader's reading of `text`: checked below without reading it again
    if raw is None:  # a new file: checked, then made only if it is still missing
        check_text(text, target.path, target.shown, target.model, target.file_check, loaded)
        target.path.parent.mkdir(mode=0o700 if is_private(target.path) else 0o777, parents=True, exist_ok=True)
        edit.write(text)
        return
    replace_checked(edit, text, target.model, target.file_check, loaded)


__all__ = ["ABSENT", "EditRefused", "Stale", "Target", "save", "version_of"]


def read_current(target: Target) -> tuple[str, dict]:
    """The file's version and data, from one reading of its bytes ({} and ABSENT: no file).
    The data is the caller's own copy."""
    try:
        raw = target.path.read_bytes()
    except FileNotFoundError:
        return ABSENT, {}
    version = hashlib.sha256(raw).hexdigest()
    data = _reading(target, raw, version).data
    return version, copy.deepcopy(data) if isinstance(data, dict) else {}


def in_passes(*passes: Callable[[LineEdits], object]) -> Callable[[LineEdits], LineEdits]:
    """One save made of several passes of line edits, each over the text the pass before made
    (two edits of the same lines cannot be made in one pass: a key added after an entry's id for
    two fields).  Given to `save`, the file is written once, with every pass or none: a refused
    pass leaves the file as it was, so "nothing was saved" is true."""

    def edit(edits: LineEdits) -> LineEdits:
        current = edits
        for number, one_pass in enumerate(passes):
            if number:
                text = current.text()
                current = LineEdits(text, load_text(text, current.loaded.path, current.loaded.name))
            one_pass(current)
        return current

    return edit


def _reading(target: Target, raw: bytes, version: str) -> LoadedFile:
    """The strict loader's reading of these bytes (`version`: their hash)."""
    return _read(target.path, target.shown, version, raw)


# A save reads the file its form was made from again, and a large file (a staff list of
# hundreds) takes tens of milliseconds to load: the last few readings are kept.  A pure function
# of the bytes (their hash is part of the key, with the bytes themselves), so a reading is only
# ever reused for the very same bytes; nobody changes a reading (read_current hands out copies;
# LineEdits copies what it keeps).
@lru_cache(maxsize=16)
def _read(path: Path, shown: str, version: str, raw: bytes) -> LoadedFile:
    return load_text(raw.decode("utf-8"), path, shown)
