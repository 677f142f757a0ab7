"""`handbook serve`: a head editing a policy sees the change without restarting anything."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import AS_OF

# Seconds of waiting for a server or a file watcher: tests/conftest.py runs such files early.
pytestmark = pytest.mark.waits


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def served_version(page: str | None) -> str:
    """The version of the site the page was served from (MkDocs' live-reload script names it)."""
    found = re.search(r"livereload\((\d+),", page or "")
    assert found, "no live-reload script in the page"
    return found[1]


@contextmanager
def serving(project: Path, *args: str):
    """`handbook serve` in the project, with these arguments; yields the address it serves on."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", *args, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "HANDBOOK_DATE": AS_OF},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_editing_a_yaml_file_updates_the_served_page(project: Path):
    with serving(project) as base:
        url = f"{base}/policies/confidentiality.html"
        assert wait_for(lambda: "Foster an ethos of trust" in (fetch(url) or ""), 60), "server did not start"
        policy = project / "policy_data/policies/confidentiality.yaml"
        policy.write_text(policy.read_text().replace("Foster an ethos of trust", "Foster an ethos of warmth"))
        assert wait_for(lambda: "Foster an ethos of warmth" in (fetch(url) or ""), 60), "edit not shown"
        # Rebuilds are dirty (only changed pages are rendered): the rest of the site and the
        # search index must still be whole.
        assert "Policy register" in (fetch(f"{base}/register.html") or "")
        index = fetch(f"{base}/search/search_index.json") or ""
        assert "ethos of warmth" in index and "Policy register" in index
        # The index for a site opened from a shared drive (file://) is not written: never read over http.
        assert fetch(f"{base}/search/search_index.js") is None
        # A second edit, in another file: serve reloads only that file and keeps the first edit.
        roles = project / "policy_data/roles.yaml"
        roles.write_text(roles.read_text().replace("name: Centre office staff", "name: Centre office team"))
        assert wait_for(lambda: "Centre office team" in (fetch(f"{base}/roles/office-staff.html") or ""), 60), (
            "second edit not shown"
        )
        assert "Foster an ethos of warmth" in (fetch(url) or "")
        # A rebuild reads every data file: that is no change, and nothing is built again.
        shown = served_version(fetch(url))
        time.sleep(2)
        assert served_version(fetch(url)) == shown, "serve rebuilt with nothing edited"


def test_serve_shows_the_data_folder_it_is_given(project: Path, tmp_path: Path):
    """`handbook serve --data X` serves X, and its edits, not the project's own data."""
    other = tmp_path / "trial" / "policy_data"
    shutil.copytree(project / "policy_data", other)
    setting = other / "setting.yaml"
    setting.write_text(setting.read_text().replace("name: Homerton Early Years Centre", "name: Trial Nursery"))
    with serving(project, "--data", str(other)) as base:
        assert wait_for(lambda: "Trial Nursery staff handbook" in (fetch(f"{base}/index.html") or ""), 60), (
            "--data not served"
        )
        policy = other / "policies/confidentiality.yaml"
        policy.write_text(policy.read_text().replace("Foster an ethos of trust", "Foster an ethos of warmth"))
        page = f"{base}/policies/confidentiality.html"
        assert wait_for(lambda: "Foster an ethos of warmth" in (fetch(page) or ""), 60), "edit in --data not shown"
