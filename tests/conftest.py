"""Shared helpers: a throw-away copy of the project, and running `handbook` as a user would."""

from __future__ import annotations

import gc
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import timeline

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


def run_handbook(
    *args: str, cwd: Path, timeout: float = 300, env: dict | None = None, in_process: bool | None = None
) -> subprocess.CompletedProcess:
    """`handbook ARGS` run in `cwd` as a user would, with HANDBOOK_DATE set to AS_OF.

    It runs in this test process (tests/inprocess.py: the same exit code, stdout and stderr as a
    real process, without paying Python's start and the imports each time) unless a real
    process is the point or the only faithful way: `in_process=False`, an environment variable
    only a new process would read (LD_PRELOAD, PYTHONHASHSEED, ...), a project with its own copy
    of the generator, or `serve`, which runs until stopped.  HANDBOOK_TESTS_IN_PROCESS=0 runs
    every command in a process of its own, to compare."""
    return _run("handbook", args, cwd, timeout, env, in_process)


def _run(
    program: str,
    args: tuple[str, ...],
    cwd: Path,
    timeout: float,
    env: dict | None,
    in_process: bool | None,
    **fixed: str,
) -> subprocess.CompletedProcess:
    """`program ARGS` (tests/inprocess.py PROGRAMS) in this test process where it can run there
    as faithfully as in a new one (run_handbook says when), else in a process of its own; with
    HANDBOOK_DATE set to AS_OF, the variables `fixed` and then `env`."""
    from inprocess import can_run_in_process, run_in_process

    full_env = {**os.environ, "HANDBOOK_DATE": AS_OF, **fixed, **(env or {})}
    allowed = os.environ.get("HANDBOOK_TESTS_IN_PROCESS", "1") != "0"
    if allowed and in_process is not False and can_run_in_process(args, Path(cwd), env or {}):
        return run_in_process(args, Path(cwd), full_env, timeout, program=program)
    return _in_a_process(program, args, cwd, full_env, timeout)


def _in_a_process(
    program: str, args: tuple[str, ...], cwd: Path, env: dict, timeout: float
) -> subprocess.CompletedProcess:
    from inprocess import PROGRAMS

    return subprocess.run(
        [sys.executable, *PROGRAMS[program][1], *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_handbook_process(
    *args: str, cwd: Path, timeout: float = 300, env: dict | None = None
) -> subprocess.CompletedProcess:
    """`python -m generator.cli ARGS` in a new process, for tests where the process is the point."""
    return _in_a_process("handbook", args, cwd, {**os.environ, "HANDBOOK_DATE": AS_OF, **(env or {})}, timeout)


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
def project(request, tmp_path: Path):
    """A copy of the project a test may edit freely.  Marked `@pytest.mark.prebuilt`, the test
    gets it with build/ made already (a `copy_built` of `built`), so its own build remakes only
    what it changed; HANDBOOK_TESTS_PREBUILT=0 gives every test a fresh copy, to compare."""
    if request.node.get_closest_marker("prebuilt") is None or os.environ.get("HANDBOOK_TESTS_PREBUILT") == "0":
        yield copy_project(tmp_path / "project")
        return
    shared = request.getfixturevalue("built")
    yield copy_built(shared, tmp_path / "project")
    check_shared_build(shared)


# Projects built once for the whole run --------------------------------------------------------
#
# A cold build takes seconds; a rebuild after one edit reuses what did not change (core/cache.py)
# and takes about a second.  So a project that several tests need built is made once per run,
# by whichever pytest-xdist worker asks first (the others wait for it on a lock), and a test that
# edits it works on a copy whose build/ is hard-linked (`copy_built`): its rebuild is incremental.


def _shared_folder(tmp_path_factory) -> Path:
    """A folder every worker of this run sees: the parent of the workers' own temporary folders
    under pytest-xdist, this run's temporary folder without it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _file_states(folder: Path) -> dict[str, tuple]:
    """Each file's inode, size, change time and mode: writing into a hard-linked file changes them."""
    states = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            states[str(path.relative_to(folder))] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_mode)
    return states


_UNCHANGED_BUILDS: dict[Path, dict[str, tuple]] = {}  # a shared project's build/, as it was made


def session_project(tmp_path_factory, name: str, make) -> Path:
    """The project `make(root)` makes in an empty `root`, made once per test run and shared by
    every worker; tests must not change it (edit a `copy_built` of it)."""
    root = _made_once(_shared_folder(tmp_path_factory) / "session-projects", name, make)
    if (root / "build").is_dir() and root not in _UNCHANGED_BUILDS:
        _UNCHANGED_BUILDS[root] = _file_states(root / "build")
    return root


def _made_once(shared: Path, name: str, make) -> Path:
    """`make(root)` run by the first process of the run to ask (the others wait for it)."""
    import fcntl

    shared.mkdir(exist_ok=True)
    root, done = shared / name / "project", shared / f"{name}.done"
    asked, made = time.time(), None
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, even if make fails
        got = time.time()
        if not done.exists():
            shutil.rmtree(root.parent, ignore_errors=True)  # what a failed attempt left
            root.parent.mkdir()
            make(root)
            done.touch()
            made = time.time() - got
    timeline.record("lock", name=name, start=asked, waited=got - asked, made=made)
    return root


def copy_built(source: Path, dest: Path) -> Path:
    """A copy of a built project that a test may edit and build again.  Its data and every other
    file are copied; its build/ is hard-linked to the source's, which a build never writes into
    (it makes a new folder, linking what it can reuse, and swaps it in), so the next build only
    remakes what the test changed.  A test must not write into a file under build/ itself:
    `check_shared_build` fails the test that does."""
    dest.mkdir(parents=True)
    for entry in sorted(source.iterdir()):
        target = dest / entry.name
        if entry.name.startswith("."):
            continue  # a build's temporary folders
        if entry.is_symlink():
            target.symlink_to(os.readlink(entry))
        elif entry.name == "build" and entry.is_dir():
            shutil.copytree(entry, target, symlinks=True, copy_function=os.link)
        elif entry.is_dir():
            shutil.copytree(entry, target, symlinks=True)
        else:
            shutil.copy2(entry, target)
    return dest


def check_shared_build(root: Path) -> None:
    """Fail when a shared project's build/ is no longer as it was made (a test wrote into a
    hard-linked file, or into the shared project itself)."""
    if root in _UNCHANGED_BUILDS and _file_states(root / "build") != _UNCHANGED_BUILDS[root]:
        changed = _file_states(root / "build")
        before = _UNCHANGED_BUILDS[root]
        names = sorted(n for n in set(changed) | set(before) if changed.get(n) != before.get(n))
        _UNCHANGED_BUILDS[root] = changed  # report it once
        pytest.fail(f"the shared build {root}/build was changed (through a hard link?): {names[:10]}")


def build_bundled(root: Path, in_process: bool | None = None) -> None:
    copy_project(root)
    # --progress-json: the steps of this cold build, kept beside the project (PROGRESS), are
    # test_desk_build's every stage and every PDF reported, without a cold build of its own
    result = run_handbook("build", "--progress-json", cwd=root, in_process=in_process)
    assert result.returncode == 0, result.stderr
    (root.parent / PROGRESS).write_text(result.stdout, encoding="utf-8")


PROGRESS = "progress.jsonl"  # beside a `built` project: what its build said with --progress-json


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The bundled data built once for the whole run; returns the project folder (read only:
    a test that changes it takes `built_project`)."""
    return session_project(tmp_path_factory, "built", build_bundled)


@pytest.fixture
def built_project(built: Path, tmp_path: Path):
    """A copy of `built` to edit and build again (as `project` with @pytest.mark.prebuilt)."""
    yield copy_built(built, tmp_path / "project")
    check_shared_build(built)


EXAMPLE = REPO / "examples/local-authority"  # a repository of model policies with two settings


def copy_example(dest: Path) -> Path:
    """A copy of the local authority's example (without a build/ it may hold), running this
    checkout's code."""
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("build", ".build.*"))
    (dest / "generator").symlink_to(REPO / "generator")
    return dest


def build_example(root: Path, in_process: bool | None = None) -> None:
    copy_example(root)
    result = run_handbook(
        "build", "--all-settings", "-q", "--as-of", AS_OF, cwd=root, timeout=900, in_process=in_process
    )
    assert result.returncode == 0, result.stderr
    assert "built 2 of 2 settings" in result.stderr


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """The local authority's example with every setting built (`handbook build --all-settings`),
    once for the whole run; read only: a test that changes it works on a `copy_built` of it."""
    return session_project(tmp_path_factory, "local-authority", build_example)


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    # V8's optimising compilers (Maglev, TurboFan) off: the tests' scripts (axe-core, Material,
    # the search worker) each run a few times in a page that soon goes, so compiling them for
    # speed cost more CPU than it saved (about a fifth of an axe-core scan of the site's pages)
    "--js-flags=--max-opt=1",
]


def chromium_executable() -> str:
    """Debian's headless shell of Chromium (`chromium-headless-shell`, which `make test`
    installs): the build Playwright itself runs for headless tests, the same Blink and V8 as the
    desktop browser without its windowing.  Opening a page costs a third of the desktop
    browser's CPU in it (a new page with one of the handbook's pages, 0.15 s against 0.43 s),
    and the suite opens hundreds.  Without it, the desktop `chromium`."""
    return shutil.which("chromium-headless-shell") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright cannot download its own browsers here)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


NOT_A_FILE = re.compile(r"^(?!file:)")  # an address that does not start with file:


def files_only_context(browser):
    """A browser context that may open files and nothing else, as on a shared drive with the
    network cut off; returns it and the list of requests it refused."""
    context = browser.new_context()
    blocked: list[str] = []

    def refuse(route):
        blocked.append(route.request.url)
        route.abort()

    # Every request but a file's is routed to `refuse`: Playwright's driver matches the pattern,
    # so a file loads untouched, without a round trip through this process for each one
    context.route(NOT_A_FILE, refuse)
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


def pytest_configure(config):
    if timeline.FOLDER:  # HANDBOOK_TESTS_TIMELINE: where the workers' time went (tests/timeline.py)
        config.pluginmanager.register(timeline.Timeline(), "handbook-timeline")


def pytest_collection_modifyitems(config, items):
    """Every test that drives Chromium is marked `browser` (so `make test-fast` can leave it
    out), whether or not its file says so: it is the one that asks for the `browser` fixture."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)
    if hasattr(config, "workerinput"):
        items[:] = longest_files_first(items)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """When a file's last test and its fixtures are done, what the worker keeps from it (the
    modules it imported, the caches they filled, the session's fixtures) is collected once and
    frozen (gc.freeze): Python's full collections then walk only what later tests make.  A
    worker keeps about two hundred thousand objects for good, and its full collections walked
    all of them every time: 13 s of the three workers' 180 s of CPU in a whole run, 7 s since.
    Reference counting frees frozen objects as ever; only a reference cycle that forms among
    them later is never freed."""
    yield
    if nextitem is None or nextitem.path != item.path:
        gc.collect()
        gc.freeze()


# The markers of the tests that take seconds each: in a browser, slow, of the package, building
# a copy of the session's build again (`prebuilt`), or waiting for a server or a file watcher.
LONG = ("browser", "slow", "package", "prebuilt", "waits")


def longest_files_first(items: list) -> list:
    """The tests file by file, the files with the most long tests first (browser, slow and
    package tests; `prebuilt` ones, which build their copy of the session's build again; and
    those that `waits` for a server or a file watcher), then those with the most tests.
    pytest-xdist's `--dist loadfile` hands the files to its workers in this order (with
    --no-loadscope-reorder): the long files start early, and the run does not end with one
    worker on a long file and a core idle.  (Before `prebuilt` and `waits` counted, a file of
    five rebuilds came last but one, and the run ended on `serve` waiting for its server.)"""
    files: dict[str, list] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::")[0], []).append(item)

    def long(test) -> bool:
        return any(test.get_closest_marker(m) for m in LONG)

    def length(tests: list) -> tuple[int, int]:
        return sum(map(long, tests)), len(tests)

    return [item for tests in sorted(files.values(), key=length, reverse=True) for item in tests]


def add_test_translations(root: Path) -> None:
    """The test translations of the parents' notice (tests/fixtures/notices: Yiddish, Urdu,
    Bengali), each given the fingerprint of the project's current English notice."""
    import datetime as dt

    from generator.core.project import Project
    from generator.features.notice.content import notice_fingerprint
    from generator.pipeline.handbook import load_and_check

    hb, _ = load_and_check(Project.at(root, root / "policy_data", as_of=dt.date.fromisoformat(AS_OF)))
    fingerprint = notice_fingerprint(hb, hb.notices["fair-processing-notice"])
    for lang in ("yi", "ur", "bn"):
        source = (FIXTURES / "notices" / f"fair-processing-notice.{lang}.yaml").read_text(encoding="utf-8")
        (root / "policy_data/notices" / f"fair-processing-notice.{lang}.yaml").write_text(
            source.replace("SOURCE_FINGERPRINT", fingerprint), encoding="utf-8"
        )


@pytest.fixture(scope="session")
def built_translated(tmp_path_factory, built: Path) -> Path:
    """`built` with the test translations added (`add_test_translations`) and built, once for
    the whole run; read only (a test that edits it works on a `copy_built` of it).  What that
    build printed on stderr is in build.stderr beside the project folder."""
    return session_project(tmp_path_factory, "translated", lambda root: build_translated(built, root))


def build_translated(built: Path, root: Path, in_process: bool | None = None) -> None:
    copy_built(built, root)
    add_test_translations(root)
    result = run_handbook("build", cwd=root, in_process=in_process)
    assert result.returncode == 0, result.stderr
    (root.parent / "build.stderr").write_text(result.stderr, encoding="utf-8")


# The session projects made by pytest-xdist's controller as the run starts ----------------------
#
# With HANDBOOK_TESTS_PREBUILD=1 (`make test`), the controller, which runs no test itself, makes
# `built` (then `translated` from it) and the local authority's example while its workers start
# and collect, each build in a process of its own, under the locks `session_project` takes: a
# worker that needs one waits only for the rest of its build (it finds it made, most often), and
# no worker stops to make one while the other waits for it with a core idle.


def _prebuild(shared: Path, builds) -> None:
    try:
        for name, make in builds:
            _made_once(shared, name, make)
    except Exception:
        pass  # the first worker that needs it makes it again, and its test reports why


def pytest_sessionstart(session):
    from xdist import is_xdist_controller

    if os.environ.get("HANDBOOK_TESTS_PREBUILD") != "1" or not is_xdist_controller(session):
        return
    import threading

    shared = _shared_folder(session.config._tmp_path_factory) / "session-projects"
    built = shared / "built" / "project"
    chains = [
        [
            ("built", lambda root: build_bundled(root, in_process=False)),
            ("translated", lambda root: build_translated(built, root, in_process=False)),
        ],
        [("local-authority", lambda root: build_example(root, in_process=False))],
    ]
    session.config._handbook_prebuilds = [
        threading.Thread(target=_prebuild, args=(shared, chain), daemon=True) for chain in chains
    ]
    for thread in session.config._handbook_prebuilds:
        thread.start()


def pytest_sessionfinish(session):
    for thread in getattr(session.config, "_handbook_prebuilds", ()):
        thread.join()  # its build writes into this run's folders: not after the run


def plain_mkdocs_site(project: Path, site: Path) -> subprocess.CompletedProcess:
    """The site alone, as plain `mkdocs build` makes it in `project` (the same plugin and pages as
    `handbook build`, without the PDFs), into `site`: for a test that reads a page and no PDF.
    A folder of its own, since a `copy_built` project's build/site is hard-linked to the session's."""
    return run_mkdocs("build", "-q", "-d", str(site), cwd=project)


# Plain `mkdocs` in the test process ------------------------------------------------------------


def run_mkdocs(
    *args: str, cwd: Path, env: dict | None = None, timeout: float = 300, in_process: bool | None = None
) -> subprocess.CompletedProcess:
    """`python -m mkdocs ARGS` in `cwd`, as a user runs plain MkDocs (the plugin mkdocs.yml
    names, without `handbook build` around it), with HANDBOOK_DATE set to AS_OF.  Like
    run_handbook, it runs in this test process (tests/inprocess.py: the same exit code, stdout
    and stderr; a fresh MkDocs configuration and plugin each time) unless a process is the point
    or the only faithful way, saving a new interpreter's start and imports (half a second of
    CPU a build).  Material's notice about MkDocs 2 is off either way: NO_MKDOCS_2_WARNING in a
    process; in this one Material prints it only when the program is named `mkdocs`."""
    return _run("mkdocs", args, cwd, timeout, env, in_process, NO_MKDOCS_2_WARNING="1")


# Projects several test files read, built once for the run (each file used to build its own) ---


@pytest.fixture(scope="session")
def seeded_project(tmp_path_factory) -> Path:
    """This project with markup in every free-text field and every private thing filled in,
    built with the staff records, once for the run (tests/seeded.py); read only.  Its seeder
    (which field each payload went into) is `seeded.seeder_of(root)`."""
    from seeded import make_seeded

    return session_project(tmp_path_factory, "seeded", make_seeded)
