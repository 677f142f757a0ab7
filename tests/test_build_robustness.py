"""A killed build loses nothing; the same data builds the same bytes at another time."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import AS_OF, run_handbook, tree_digest


def _temp_folders(root: Path) -> list[Path]:
    return sorted(root.glob(".build.new-*"))


@pytest.mark.slow
def test_a_build_killed_midway_leaves_the_previous_build(project: Path, built: Path):
    shutil.copytree(built / "build", project / "build")
    before = tree_digest(project / "build")
    killed = False
    for _attempt in range(5):  # the build is quick; try again if it finished before we struck
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "build"],
            cwd=project,
            env={**os.environ, "HANDBOOK_DATE": AS_OF},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            temps = _temp_folders(project)
            if temps and any(p.is_file() for p in temps[0].rglob("*")):
                proc.send_signal(signal.SIGKILL)
                killed = True
                break
            time.sleep(0.005)
        proc.wait(timeout=60)
        if killed:
            break
        shutil.rmtree(project / "build")
        shutil.copytree(built / "build", project / "build")
    assert killed, "never caught the build with its temporary folder full"
    assert _temp_folders(project), "the killed build should have left its temporary folder"
    assert tree_digest(project / "build") == before
    assert (project / "build/site/index.html").read_text(encoding="utf-8").lstrip().startswith("<!doctype html>")

    result = run_handbook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not _temp_folders(project), "the next build must clean up what the killed one left"
    assert not list(project.glob(".build.old-*"))
    assert tree_digest(project / "build") == before


def _faketime() -> str | None:
    for lib in (
        "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
    ):
        if Path(lib).exists():
            return lib
    return None


@pytest.mark.slow
def test_the_same_data_builds_the_same_bytes_at_another_time(project: Path, built: Path):
    first = tree_digest(built / "build")
    # A later wall clock (libfaketime when installed, else just later), same HANDBOOK_DATE.
    env = {"PYTHONHASHSEED": "random"}
    if lib := _faketime():
        env |= {"LD_PRELOAD": lib, "FAKETIME": "@2031-07-15 13:37:00", "DONT_FAKE_MONOTONIC": "1"}
    else:
        time.sleep(1.1)
    result = run_handbook("build", cwd=project, env=env)
    assert result.returncode == 0, result.stderr
    second = tree_digest(project / "build")
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"files differ between two builds of the same data: {differ}"
    assert len(first) > 20
