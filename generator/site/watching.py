"""How `handbook serve` hears that a file changed: told by the kernel where it can be, by looking
where it cannot.

MkDocs' live preview looks at every watched file every so often (watchdog's PollingObserver):
an edit waits for the next look, and each look stat()s every file in a Python thread that holds
the interpreter against the rebuild.  On Linux the kernel can say at once that a file changed
(inotify), but only of changes made through this machine's kernel: a folder on a network drive
(NFS, SMB, a Windows drive under WSL, sshfs) changed from another machine says nothing.  So a
folder on a local file system is watched by inotify, and everything else, a folder on any
other file system or a single file (mkdocs.yml: an editor that saves by renaming a new file
over it leaves an inotify watch on the old one), is looked at as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

# File systems whose every change goes through this machine's kernel, so inotify hears of it.
# Any other (nfs, cifs, smb3, 9p and drvfs under WSL, fuse.sshfs, vboxsf, ...) is polled.
LOCAL_FILE_SYSTEMS = frozenset(
    {
        "ext2",
        "ext3",
        "ext4",
        "xfs",
        "btrfs",
        "bcachefs",
        "f2fs",
        "jfs",
        "reiserfs",
        "nilfs2",
        "zfs",
        "tmpfs",
        "ramfs",
        "overlay",
        "vfat",
        "exfat",
        "ntfs3",
        "hfsplus",
    }
)

# The changes that rebuild.  Not a file opened or closed unwritten: the rebuild reads every
# data file, and would hear its own reads and rebuild again, for ever.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileAttribEvent,  # `touch`, as the polling observer sees a new modification time
    FileMovedEvent,
    FileClosedEvent,  # closed after writing
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


def _unescape(field: str) -> str:
    """/proc/mounts writes a space, tab, newline or backslash in a path as octal (\\040)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def file_system_of(path: str, mounts: str) -> str | None:
    """The type of the file system `path` is on, from a table in /proc/mounts' format: that of
    the longest mount point the path is under (None when no line says)."""
    found, longest = None, -1
    real = os.path.realpath(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape(fields[1])
        under = real == point or real.startswith(point.rstrip("/") + "/")
        if under and len(point) > longest:
            found, longest = fields[2], len(point)
    return found


def on_local_file_system(path: str) -> bool:
    """A folder inotify hears every change of (False where that cannot be told)."""
    try:
        with open("/proc/self/mounts", encoding="utf-8") as f:
            mounts = f.read()
    except OSError:  # not Linux, or no /proc
        return False
    return file_system_of(path, mounts) in LOCAL_FILE_SYSTEMS


def _inotify_observer() -> BaseObserver | None:
    """A running inotify observer, or None where there can be none.  Running before anything is
    watched, so that a folder it cannot watch fails when it is scheduled (and is polled), not
    when the server starts the observers (which MkDocs would not survive)."""
    try:
        from watchdog.observers.inotify import InotifyObserver

        observer = InotifyObserver()
        observer.start()
        return observer
    except (ImportError, OSError):  # not Linux, or the user's inotify instances are used up
        return None


class Watcher:
    """Stands where MkDocs' LiveReloadServer keeps its observer (schedule, unschedule, start,
    stop, join): each watched path goes to inotify or to polling, as the module says."""

    def __init__(self, polling_interval: float, local: Callable[[str], bool] = on_local_file_system) -> None:
        self.polling = PollingObserver(timeout=polling_interval)
        self.inotify = _inotify_observer()
        self.local = local
        self._owners: list[tuple[ObservedWatch, BaseObserver]] = []

    def observer_for(self, path: str) -> BaseObserver:
        if self.inotify is not None and os.path.isdir(path) and self.local(path):
            return self.inotify
        return self.polling

    def schedule(self, handler: Any, path: str, *, recursive: bool = False) -> ObservedWatch:
        observer = self.observer_for(path)
        if observer is self.inotify:
            try:
                watch = observer.schedule(handler, path, recursive=recursive, event_filter=CHANGES)
            except OSError:  # the user's inotify watches are used up (ENOSPC): look at it instead
                observer = self.polling
        if observer is self.polling:
            watch = observer.schedule(handler, path, recursive=recursive)
        self._owners.append((watch, observer))
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        for n, (known, observer) in enumerate(self._owners):
            if known is watch:
                del self._owners[n]
                observer.unschedule(watch)
                return

    def _observers(self) -> list[BaseObserver]:
        return [self.polling] if self.inotify is None else [self.polling, self.inotify]

    def start(self) -> None:
        self.polling.start()  # the inotify observer runs already

    def stop(self) -> None:
        for observer in self._observers():
            observer.stop()

    def join(self, timeout: float | None = None) -> None:
        for observer in self._observers():
            observer.join(timeout)
