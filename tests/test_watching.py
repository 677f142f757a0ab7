"""`handbook serve` hears of an edit: at once from the kernel for a local folder, by looking for
a folder on a network drive or a single file (generator/site/watching.py)."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest
from watchdog.events import FileSystemEventHandler

from generator.site.watching import Watcher, file_system_of, on_local_file_system

# Seconds of waiting for a server or a file watcher: tests/conftest.py runs such files early.
pytestmark = pytest.mark.waits

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid 0 0
server:/export /home/staff/shared nfs4 rw,relatime 0 0
drvfs /mnt/c 9p rw,noatime 0 0
/dev/vdb /home/staff/My\\040Files xfs rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


def test_the_file_system_is_that_of_the_longest_mount_point_above_the_path():
    assert file_system_of("/home/staff/handbook/policy_data", MOUNTS) == "ext4"
    assert file_system_of("/home/staff/shared/handbook/policy_data", MOUNTS) == "nfs4"
    assert file_system_of("/home/staff/shared", MOUNTS) == "nfs4"
    assert file_system_of("/home/staff/sharedother", MOUNTS) == "ext4"  # a prefix is not a parent
    assert file_system_of("/mnt/c/Users/head/handbook", MOUNTS) == "9p"  # a Windows drive under WSL
    assert file_system_of("/home/staff/My Files/handbook", MOUNTS) == "xfs"  # \040 is a space
    assert file_system_of("/tmp/x", "") is None


class Changes(FileSystemEventHandler):
    """What MkDocs' server does with an event: a file's (not a folder's) means rebuild."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.heard = threading.Event()

    def on_any_event(self, event) -> None:
        if not event.is_directory:
            self.files += [os.fsdecode(event.src_path), os.fsdecode(event.dest_path)]
            self.heard.set()

    def wait(self, seconds: float) -> bool:
        heard = self.heard.wait(seconds)
        self.heard.clear()
        return heard


def watching(folder: Path, local) -> tuple[Watcher, Changes]:
    watcher = Watcher(0.1, local=local)
    changes = Changes()
    watcher.schedule(changes, str(folder), recursive=True)
    watcher.start()
    time.sleep(0.3)  # the polling observer's first look, before anything changes
    return watcher, changes


def edits_are_heard_and_reads_are_not(folder: Path, within: float, changes: Changes) -> None:
    policy = folder / "policies" / "policy.yaml"
    policy.read_text(encoding="utf-8")  # a rebuild reads every data file: never a change
    assert not changes.wait(0.5), changes.files
    policy.write_text("title: Edited\n", encoding="utf-8")  # an editor's save in place
    assert changes.wait(within), "a write was not heard of"
    time.sleep(0.3)
    changes.files.clear()
    new = folder / "policies" / ".policy.yaml.tmp"  # an editor's save by renaming a new file over
    new.write_text("title: Edited again\n", encoding="utf-8")
    new.replace(policy)
    assert changes.wait(within), "a rename over the file was not heard of"
    time.sleep(0.3)
    assert str(policy) in changes.files


@pytest.fixture
def data(tmp_path: Path) -> Path:
    (tmp_path / "data" / "policies").mkdir(parents=True)
    (tmp_path / "data" / "policies" / "policy.yaml").write_text("title: Policy\n", encoding="utf-8")
    return tmp_path / "data"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")
def test_a_local_folder_is_watched_by_inotify_which_hears_an_edit_at_once(data: Path):
    if not on_local_file_system(str(data)):
        pytest.skip("the temporary folder is not on a local file system")
    watcher, changes = watching(data, local=on_local_file_system)
    try:
        assert watcher.observer_for(str(data)) is watcher.inotify is not None
        # Nothing polls the folder: what is heard of, inotify told.
        assert not watcher.polling.emitters
        edits_are_heard_and_reads_are_not(data, 1.0, changes)
    finally:
        watcher.stop()
        watcher.join()


def test_a_folder_inotify_cannot_hear_is_still_looked_at(data: Path):
    """A network drive's folder (here: one said not to be local) is polled, as MkDocs does."""
    watcher, changes = watching(data, local=lambda path: False)
    try:
        assert watcher.observer_for(str(data)) is watcher.polling
        edits_are_heard_and_reads_are_not(data, 2.0, changes)
    finally:
        watcher.stop()
        watcher.join()


def test_a_single_file_is_looked_at_so_a_save_by_rename_is_heard_every_time(tmp_path: Path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: One\n", encoding="utf-8")
    watcher = Watcher(0.1, local=lambda path: True)
    changes = Changes()
    watcher.schedule(changes, str(config), recursive=True)
    watcher.start()
    try:
        assert watcher.observer_for(str(config)) is watcher.polling
        time.sleep(0.3)
        for n in range(2):
            new = tmp_path / "mkdocs.yml.new"
            new.write_text(f"site_name: Renamed {n}\n", encoding="utf-8")
            new.replace(config)
            assert changes.wait(2.0), f"save {n + 1} by rename not heard of"
    finally:
        watcher.stop()
        watcher.join()


def test_a_folder_inotify_has_no_watch_left_for_is_looked_at(data: Path, monkeypatch):
    """The user's inotify watches used up (other programs hold them): the folder is polled."""
    import errno

    watcher = Watcher(0.1, local=lambda path: True)
    if watcher.inotify is None:
        pytest.skip("no inotify here")

    def used_up(*args, **kwargs):
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(watcher.inotify, "schedule", used_up)
    changes = Changes()
    watcher.schedule(changes, str(data), recursive=True)
    watcher.start()
    try:
        assert watcher.polling.emitters, "the folder is not polled"
        time.sleep(0.3)
        edits_are_heard_and_reads_are_not(data, 2.0, changes)
    finally:
        watcher.stop()
        watcher.join()
