"""The Build page: a build in the background, with a progress bar, then links to what it made.

The build runs as `handbook build --progress-json` in a process of its own (MkDocs' logging,
WeasyPrint's memory and a crash all stay out of the desk), started by a thread that reads the
build's steps (commands/build.py: Step) as they come.  One build at a time: a second "Build
now" while one runs is told so and starts nothing.  Without JavaScript, the page asks the
browser to load it again every REFRESH_SECONDS while the build runs (the Refresh header, which
every browser follows; a <meta> refresh would be announced as a timed change), showing a
<progress> element.  When the build stops on errors in the data, each is listed in plain
words with a link to the form and field that fixes it (as on the To do page).
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from generator.commands.build import PDF, Step, stage_names
from generator.commands.check import findings_of
from generator.core.project import Project

from .tasks import Item, group
from .tools import PageTools

REFRESH_SECONDS = 2
BUILD_TIMEOUT = 1800  # seconds: a build of hundreds of settings' PDFs takes minutes, not half an hour
# What each of a build's stages (commands/build.stage_names) is called on the page.
STAGE_WORDS = {
    "load and check": "Reading and checking the files",
    "checklists": "Making the checklists",
    "parent-notices": "Making the parent notices",
    "training": "Making the training pack",
    "public": "Making the public edition",
    "site": "Making the handbook website",
    "offline-zip": "Packing the offline copy (zip)",
    PDF: "Printing the documents (PDFs)",
}


def build_command(project: Project) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "generator.cli",
        "build",
        "--progress-json",
        "--root",
        str(project.root),
        "--as-of",
        project.as_of.isoformat(),
    ]
    if project.setting:
        command += ["--setting", project.setting]
    elif project.data_dir != project.root / "policy_data":
        command += ["--data", str(project.data_dir)]
    return command


def outputs(project: Project) -> list[tuple[str, str]]:
    """(label, address) of what a build made, for the Build page."""
    out = project.out_dir
    found: list[tuple[str, str]] = []
    if (out / "site" / "index.html").is_file():
        found.append(("The staff handbook (website)", "/out/site/index.html"))
    if (out / "public" / "index.html").is_file():
        found.append(("The public edition (for the setting's website)", "/out/public/index.html"))
    for pdf in sorted((out / "print").rglob("*.pdf")) if (out / "print").is_dir() else []:
        found.append(
            (f"Printed: {pdf.relative_to(out / 'print').as_posix()}", f"/out/{pdf.relative_to(out).as_posix()}")
        )
    for archive in sorted(out.glob("*.zip")):
        found.append((f"Offline copy: {archive.name}", f"/out/{archive.name}"))
    return found


def build_report(output: str, ok: bool) -> list[str]:
    """What the Build page shows of the build's own words: its last line (what it made, and the
    count of findings, which the To do page lists); when it failed, the errors that stopped it
    first."""
    lines = [line for line in output.splitlines() if line.strip()]
    if ok:
        return lines[-1:]
    errors = [line for line in lines if ": error: " in line]
    return (errors[:40] + [line for line in lines[-3:] if line not in errors])[:60]


@dataclasses.dataclass
class BuildRun:
    """One build: how far it has come, then how it ended."""

    step: Step = dataclasses.field(default_factory=lambda: Step(stage_names()[0]))
    finished: bool = False
    ok: bool = False
    lines: list[str] = dataclasses.field(default_factory=list)
    problems: list[Item] = dataclasses.field(default_factory=list)  # the data's errors, linked to their forms

    @property
    def position(self) -> tuple[float, int]:
        """(value, max) of the page's <progress>: one unit a stage, the PDFs' share of theirs."""
        stages = stage_names()
        index = stages.index(self.step.stage) if self.step.stage in stages else 0
        part = self.step.done / self.step.total if self.step.total else 0.0
        return round(index + part, 2), len(stages)

    @property
    def doing(self) -> str:
        words = STAGE_WORDS.get(self.step.stage, self.step.stage)
        if self.step.stage == PDF and self.step.total:
            return f"{words}: {self.step.done} of {self.step.total}"
        return words


class Builder:
    """Starts builds, one at a time, and keeps the last one for the page."""

    def __init__(self, command: list[str], cwd: Path, problems_of: Callable[[], list[Item]]) -> None:
        """`problems_of()`: the data's errors, each linked to its form, for a build that failed."""
        self.command, self.cwd, self.problems_of = command, cwd, problems_of
        self.lock = threading.Lock()
        self.last: BuildRun | None = None
        self.thread: threading.Thread | None = None

    def start(self) -> bool:
        """Start a build; False (and nothing started) while one is running."""
        with self.lock:
            if self.last is not None and not self.last.finished:
                return False
            run = self.last = BuildRun()
            self.thread = threading.Thread(target=self._run, args=(run,), name="desk-build", daemon=True)
            self.thread.start()
            return True

    def wait(self, timeout: float | None = None) -> None:
        """Until the build that runs has finished (for the tests)."""
        if self.thread is not None:
            self.thread.join(timeout)

    def _run(self, run: BuildRun) -> None:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent.parent)}
        try:
            with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as said:
                process = subprocess.Popen(
                    self.command,
                    stdout=subprocess.PIPE,
                    stderr=said,  # to a file: a build with many findings would fill a pipe and stall
                    text=True,
                    env=env,
                    cwd=str(self.cwd),
                )
                assert process.stdout is not None
                for line in process.stdout:
                    step = read_step(line)
                    if step is not None:
                        run.step = step
                code = process.wait(BUILD_TIMEOUT)
                said.seek(0)
                words = said.read()
            run.ok = code == 0
            run.lines = build_report(words, run.ok)
            if not run.ok:
                run.problems = self.problems_of()
        except Exception as exc:  # never a thread that dies silently: the page says the build did not finish
            run.ok = False
            run.lines = [f"The build could not be run: {type(exc).__name__}: {exc}"]
        finally:
            run.finished = True


def read_step(line: str) -> Step | None:
    """A line of --progress-json as a Step; None for anything else."""
    try:
        data = json.loads(line)
        return Step(str(data["stage"]), int(data["done"]), int(data["total"]))
    except (ValueError, KeyError, TypeError):
        return None


def problems_of(project: Project, tools: PageTools) -> list[Item]:
    """The data's errors, in plain words, each with the form and field that fixes it."""
    _handbook, report = findings_of(tools.checked_project(project))
    return [item for task in group(report.errors, None, tools.field_links(project)) for item in task.items]


def builder_of(request: Request, tools: PageTools) -> Builder:
    state = request.app.state
    if getattr(state, "builder", None) is None:  # made on the first visit to the page (one event loop: no race)
        project = state.project
        state.builder = Builder(build_command(project), project.root, lambda: problems_of(project, tools))
    return state.builder


def build_page(tools: PageTools) -> Callable[[Request], Awaitable[Response]]:
    """The Build page (GET: how far the build is; POST: start one)."""

    async def page(request: Request) -> Response:
        builder = builder_of(request, tools)
        if request.method == "POST":
            await tools.read_form(request)
            started = builder.start()
            return RedirectResponse("/build" if started else "/build?busy=1", status_code=303)
        run = builder.last
        running = run is not None and not run.finished
        answer = tools.render(
            request,
            "build.html",
            run=run,
            running=running,
            busy="busy" in request.query_params and running,
            refresh=REFRESH_SECONDS,
            outputs=outputs(request.app.state.project),
        )
        if running:
            answer.headers["refresh"] = str(REFRESH_SECONDS)
        return answer

    return page
