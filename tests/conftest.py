"""Shared helpers: a throw-away copy of the project, and running `handbook` as a user would."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = "2026-11-28"  # tests never read the machine clock


def copy_project(dest: Path) -> Path:
    """A copy of the project a test may edit freely; the code itself is linked, not copied."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("policy_data", "docs", "checklists"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, dest / name)
    for name in ("mkdocs.yml",):
        shutil.copy2(REPO / name, dest / name)
    (dest / "generator").symlink_to(REPO / "generator")
    if (REPO / "node_modules").exists():
        (dest / "node_modules").symlink_to(REPO / "node_modules")
    return dest


def run_handbook(*args: str, cwd: Path, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "HANDBOOK_DATE": AS_OF, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def edit_data(root: Path, rel: str, old: str, new: str) -> int:
    """Replace the first `old` in a project file; return the 1-based line where it was."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drift: {old!r} not in {rel}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def pdf_text(path: Path, *flags: str, flat: bool = False) -> str:
    """The words on a PDF's pages, as pdftotext reads them (flags such as "-layout" or "-bbox");
    pages are separated by form feeds.  With `flat`, all on one line, single-spaced."""
    text = subprocess.run(["pdftotext", *flags, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split()) if flat else text


def tree_digest(folder: Path) -> dict[str, str]:
    """Hash of every file under folder, to prove a failed build changed nothing."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The bundled data built once for the whole session; returns the project folder."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_handbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright cannot download its own browsers here)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def files_only_context(browser):
    """A browser context that may open files and nothing else, as on a shared drive with the
    network cut off; returns it and the list of requests it refused."""
    context = browser.new_context()
    blocked: list[str] = []

    def only_files(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    return context, blocked


@pytest.fixture(scope="session")
def site_url(built: Path):
    """The built site served over HTTP on 127.0.0.1 (a random free port)."""
    import functools
    import http.server
    import threading

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(built / "build/site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
