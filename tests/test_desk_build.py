"""The desk's Build page: a build in the background with a progress bar, one at a time, and
the build's own report of its progress (commands/build.py: a callback, passed explicitly)."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from conftest import AS_OF, PROGRESS, copy_project
from starlette.testclient import TestClient

from generator.commands.build import PDF, Step, stage_names
from generator.core.project import Project
from generator.desk import build_progress
from generator.desk.app import make_app

PORT = 8767
TOKEN = "build-test-token"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def desk(root: Path) -> TestClient:
    project = Project.at(root, as_of=dt.date.fromisoformat(AS_OF))
    client = TestClient(
        make_app(project, token=TOKEN, port=PORT),
        base_url=f"http://127.0.0.1:{PORT}",
        raise_server_exceptions=False,
        follow_redirects=False,
    )
    assert client.get(f"/build?token={TOKEN}").status_code == 303
    return client


def csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]*)"', page).group(1)


def test_every_stage_of_a_build_has_words_on_the_page():
    assert [name for name in stage_names() if name not in build_progress.STAGE_WORDS] == []
    assert stage_names()[0] == "load and check" and stage_names()[-1] == PDF


def test_a_build_reports_each_stage_and_every_pdf_through_its_callback(built: Path):
    # The session's cold build of the project, run as `handbook build --progress-json` (as the
    # desk runs it): its callback printed each step as a line that the desk reads.
    said = (built.parent / PROGRESS).read_text(encoding="utf-8").splitlines()
    steps = [step for step in map(build_progress.read_step, said) if step is not None]
    root = built
    started = [s.stage for s in steps if s.done == 0]
    assert started == stage_names()  # every stage, in order, once
    pdfs = [(s.done, s.total) for s in steps if s.stage == PDF]
    total = pdfs[0][1]
    assert total == len(list((root / "build" / "print").rglob("*.pdf"))) and total > 0
    counts = [done for done, _ in pdfs]  # after each share of PDFs (one or a few, by the cores)
    assert counts[0] == 0 and counts[-1] == total and counts == sorted(set(counts)) and len(counts) > 2
    assert {t for _, t in pdfs} == {total}


# A build the test holds half-way: it says it is printing 3 of 12 documents, then waits until
# the test lets it finish (the file `go` appears), as `handbook build --progress-json` would.
HELD_BUILD = """
import json, pathlib, sys, time
print(json.dumps({"stage": "load and check", "done": 0, "total": 1}), flush=True)
print(json.dumps({"stage": "pdf", "done": 3, "total": 12}), flush=True)
go = pathlib.Path(sys.argv[1])
for _ in range(6000):
    if go.exists():
        break
    time.sleep(0.05)
print("built build/ in 1.0 s (0 errors, 2 warnings, 0 notes)", file=sys.stderr)
"""


def test_the_page_shows_the_progress_while_it_builds_and_one_build_at_a_time(root: Path, tmp_path: Path):
    client = desk(root)
    go = tmp_path / "go"
    state = client.app.app.state
    state.builder = build_progress.Builder([sys.executable, "-c", HELD_BUILD, str(go)], root, lambda: [])
    page = client.get("/build").text
    assert client.post("/build", data={"csrf": csrf(page)}).status_code == 303
    try:
        for _ in range(600):  # until the held build has said how far it is
            building = client.get("/build")
            if "3 of 12" in building.text:
                break
            state.builder.wait(0.05)
        assert building.headers["refresh"] == str(build_progress.REFRESH_SECONDS)
        assert "Printing the documents (PDFs): 3 of 12" in building.text
        # stage 9 of 9 (the PDFs), a quarter done
        value, most = len(stage_names()) - 1 + 0.25, len(stage_names())
        assert f'<progress id="build-progress" value="{value}" max="{most}">' in building.text
        assert "Build now" not in building.text
        again = client.post("/build", data={"csrf": csrf(page)})
        assert again.status_code == 303 and again.headers["location"] == "/build?busy=1"
        assert "no second one was started" in client.get("/build?busy=1").text
    finally:
        go.touch()
        state.builder.wait(60)
    done = client.get("/build")
    assert "refresh" not in done.headers and "Built." in done.text and "0 errors, 2 warnings" in done.text
    assert "Build now" in done.text


def test_a_build_without_its_csrf_token_starts_nothing(root: Path):
    client = desk(root)
    assert client.post("/build", data={}).status_code == 403
    assert client.app.app.state.builder.last is None  # made on the visit, never started


def test_the_progress_lines_are_read_and_anything_else_is_ignored():
    assert build_progress.read_step('{"stage": "pdf", "done": 2, "total": 5}\n') == Step(PDF, 2, 5)
    for other in ("mkdocs WARNING: a page", '{"stage": "pdf"}', "[1, 2]", ""):
        assert build_progress.read_step(other) is None
