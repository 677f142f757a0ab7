"""Changing a data file without losing what someone else wrote into it meanwhile.

A command that changes a data or records file reads it (often with the whole project), makes
its change and writes the file back.  Two at once, say two `handbook sign` runs, or `sign` and
the desk's Signatures page, each read the file before the other wrote it, and the second
write put back what the first had replaced: one signature lost, and both said it was recorded.

So every read-modify-write is made inside `editing(path)`:

- it holds an exclusive lock on the file from before the read until after the new file is in
  place, so a second writer waits, then reads what the first wrote.  The lock is `flock` on
  the file itself (Linux and macOS), not on a lock file: nothing is left in the data folders
  (where it would show in `git status` and be committed).  A writer replaces the file by a
  rename, so a waiter that gets the lock of the file it opened checks that the name still
  leads to that file, and otherwise locks the new one;
- the new file is renamed into place only if the file's bytes are still those there when the
  lock was taken: an editor, `git pull` or a file system that refuses locks takes no lock.
  Otherwise ConcurrentEdit, and nothing is written.

A file that does not exist yet cannot be locked: it is made only if it still does not exist
(`place_new`), else ConcurrentEdit.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .datafiles import write_atomically

# How long a writer waits for another to finish with the file.  A command holds the lock for
# as long as it takes to load the project and write (seconds); a minute means something is stuck.
LOCK_WAIT_SECONDS = 60.0
_POLL_SECONDS = 0.05


class ConcurrentEdit(Exception):
    """The file changed while this command was changing it, or another writer kept it too
    long: nothing was written.  The message says so, and to run the command again."""


def changed_message(shown: str) -> str:
    return (
        f"{shown} was changed by something else (an editor, another command or the desk) while this "
        "command was changing it, so nothing was written; run it again"
    )


def busy_message(shown: str) -> str:
    return (
        f"another command (or the desk) has been changing {shown} for over {LOCK_WAIT_SECONDS:.0f} seconds, "
        "so nothing was written; run this again when it has finished"
    )


@dataclass
class Edit:
    """A file held for changing.  `before`: its bytes when the lock was taken (None: no file)."""

    path: Path
    shown: str
    before: bytes | None

    @property
    def text(self) -> str | None:
        return None if self.before is None else self.before.decode("utf-8")

    def require(self, read: bytes | None) -> None:
        """ConcurrentEdit unless the file is still `read`: the bytes the caller made its change
        from before it took the lock (a page's form, a plan shown for confirmation)."""
        if read != self.before:
            raise ConcurrentEdit(changed_message(self.shown))

    def write(
        self,
        content: str | bytes,
        *,
        check: Callable[[Path], Iterable[str] | None] | None = None,
        private: bool = False,
    ) -> list[str]:
        """Put `content` in place of the file (datafiles.write_atomically), unless it is no
        longer the bytes it was when the lock was taken (ConcurrentEdit).  Returns the
        problems `check` found, which refuse the write."""
        try:
            problems = write_atomically(
                self.path,
                content,
                check=check,
                private=private,
                replace=self.before is not None,
                before_rename=self._still_as_read,
            )
        except FileExistsError:  # it did not exist, and another writer made it meanwhile
            raise ConcurrentEdit(changed_message(self.shown)) from None
        if not problems:
            self.before = content.encode("utf-8") if isinstance(content, str) else content
        return problems

    def _still_as_read(self) -> None:
        # Read as late as possible, just before the rename: an editor takes no lock.
        if self.before is not None and _current_bytes(self.path) != self.before:
            raise ConcurrentEdit(changed_message(self.shown))


@contextmanager
def editing(path: Path, shown: str | None = None) -> Iterator[Edit]:
    """Hold `path` for a read-modify-write: read it (and whatever it is read with) inside the
    block, and write it with the Edit's `write`.  ConcurrentEdit when another writer keeps it
    longer than LOCK_WAIT_SECONDS, or when it changed without the lock (see the module)."""
    shown = shown or str(path)
    with _locked(path, shown) as before:
        yield Edit(path, shown, before)


@contextmanager
def holding(folder: Path, shown: str) -> Iterator[None]:
    """An exclusive lock on a folder while a command replaces several files in it as one change
    (status's build/private/ and its list of what it wrote): a second run waits, then reads what
    the first wrote.  The lock is the folder's own (flock on it), so none is left behind;
    ConcurrentEdit when another keeps it longer than LOCK_WAIT_SECONDS.  Where there are no
    locks, nothing is held."""
    if not CAN_LOCK:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        if not _lock(fd, time.monotonic() + LOCK_WAIT_SECONDS):
            raise ConcurrentEdit(busy_message(shown))
        yield
    finally:
        os.close(fd)  # releases the lock


# The files this thread holds: a function that edits a file inside another's editing of the
# same file does not wait for itself (flock would make it: each open is locked apart).  The
# outer write then finds the file changed, and refuses.
_held = threading.local()


def _held_here() -> set[tuple[int, int]]:
    if not hasattr(_held, "files"):
        _held.files = set()
    held: set[tuple[int, int]] = _held.files
    return held


# Windows has no flock, and a file held open there cannot be replaced by a rename: there the
# bytes are read and the file closed at once, and only the check before the rename protects.
try:
    import fcntl
except ImportError:  # pragma: no cover (Windows)
    fcntl = None  # type: ignore[assignment]
CAN_LOCK = fcntl is not None


@contextmanager
def _locked(path: Path, shown: str) -> Iterator[bytes | None]:
    """The file's bytes (None: no file), locked until the block ends (where locks exist)."""
    if not CAN_LOCK:
        yield _current_bytes(path)
        return
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            yield None  # made only if it is still missing (Edit.write)
            return
        try:
            identity = _identity(os.fstat(fd))
            nested = identity in _held_here()
            if not nested and not _lock(fd, deadline):
                raise ConcurrentEdit(busy_message(shown))
            if nested or _still_named(path, identity):
                _held_here().add(identity)
                try:
                    yield _read_all(fd)
                finally:
                    if not nested:
                        _held_here().discard(identity)
                return
            # another writer put a new file in its place while this one waited: lock that
        finally:
            os.close(fd)  # releases the lock


def _lock(fd: int, deadline: float) -> bool:
    """Take the file's exclusive lock, waiting up to `deadline`; False when it did not come.
    True, without a lock, on a file system or system that has none (the bytes are still checked)."""
    assert fcntl is not None  # CAN_LOCK
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            wait_for_lock()
        except OSError:
            # No locks here (some network drives: ENOLCK; macOS's ENOTSUP, which is not its
            # EOPNOTSUPP): a writer is not stopped for that; the check before the rename remains.
            return True


def wait_for_lock() -> None:
    """A moment's wait while another writer holds the file (a function: tests see the wait)."""
    time.sleep(_POLL_SECONDS)


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def _still_named(path: Path, identity: tuple[int, int]) -> bool:
    try:
        return _identity(path.stat()) == identity
    except FileNotFoundError:
        return False


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
