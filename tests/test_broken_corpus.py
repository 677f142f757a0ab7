"""Hundreds of broken data folders: each one gives exit 1, a message naming the file and a line,
no traceback, no hang, and leaves the previous build/ exactly as it was.

Most variants run in-process through generator.cli.main, the code path of the `handbook`
command, with stdout/stderr captured; a representative subset runs as real subprocesses over a
real previous build."""

from __future__ import annotations

import contextlib
import functools
import io
import re
import signal
import tempfile
import time
import tracemalloc
from pathlib import Path

import pytest
from broken_corpus import HUGE, POLICY, all_variants
from conftest import AS_OF, REPO, run_handbook, tree_digest

from generator import cli
from generator.core.findings import DataError
from generator.core.load import load_yaml

VARIANTS = all_variants()
BY_NAME = {v.name: v for v in VARIANTS}
SECONDS = 20  # per in-process run; a real run takes milliseconds


def test_the_corpus_is_large_and_varied():
    assert len(VARIANTS) >= 200
    kinds = {v.name.split(":")[0] for v in VARIANTS}
    for kind in (
        "missing",
        "type",
        "date",
        "ref",
        "dupid",
        "dupkey",
        "tab",
        "indent+1",
        "truncated",
        "empty",
        "binary",
        "latin1",
        "tag",
        "alias-bomb",
        "deep-flow",
        "huge-string",
        "path-id",
    ):
        assert kind in kinds, kind


@functools.cache
def _project_files() -> tuple[tuple[str, bytes | None], ...]:
    """The repository's policy_data/ and mkdocs.yml, each folder (None) before what it holds,
    read once for the hundreds of variants: shutil.copytree read each file again and copied its
    times and mode, about 250 more system calls a variant, which cost more than the rest of the
    copy on a busy machine.  Bytes, so no variant can change them."""
    entries: list[tuple[str, bytes | None]] = [("policy_data", None)]
    for path in sorted((REPO / "policy_data").rglob("*")):
        assert not path.is_symlink(), path  # a copy of a link would be a file here
        entries.append((path.relative_to(REPO).as_posix(), None if path.is_dir() else path.read_bytes()))
    entries.append(("mkdocs.yml", (REPO / "mkdocs.yml").read_bytes()))
    return tuple(entries)


def _project(folder: Path) -> Path:
    """A copy of the real project's data of the variant's own: every file written afresh, since
    variants write into them (a hard link would carry one variant's damage into the next)."""
    root = folder / "project"
    root.mkdir(parents=True)
    for rel, data in _project_files():
        if data is None:
            (root / rel).mkdir()
        else:
            (root / rel).write_bytes(data)
    return root


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: int):
    def expire(signum, frame):
        raise _Timeout(f"no answer after {seconds}s: the run hangs")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_reported(variant, output: str, root: Path) -> None:
    assert "Traceback" not in output, output
    located = re.findall(rf"^{re.escape(variant.file)}:(\d+):(\d+): error: (.*)$", output, re.M)
    assert located, f"no error naming {variant.file}:line:column in:\n{output}"
    lines = {int(found[0]) for found in located}
    if variant.line is not None:
        assert variant.line in lines, f"expected line {variant.line} in:\n{output}"
    elif variant.line_of is not None:  # the key's line, or its value's line (the mutated file read once)
        loaded = load_yaml(root / variant.file, variant.file)
        lines_ok = {loaded.where(variant.line_of).line, loaded.where(tuple(variant.line_of) + ("__value__",)).line}
        assert lines & lines_ok, f"expected line {sorted(lines_ok)} in:\n{output}"
    if variant.message:
        assert any(re.search(variant.message, found[2]) for found in located), (
            f"expected /{variant.message}/ in:\n{output}"
        )


def run_in_process(args: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _time_limit(SECONDS):
        code = cli.main(args)  # anything raised fails the test: the user would see a traceback
    return code, out.getvalue() + err.getvalue()


@pytest.fixture(scope="module")
def variants_folder(tmp_path_factory) -> Path:
    """Where each variant makes a folder of its own (tempfile.mkdtemp: a new name, made at once).
    Not pytest's tmp_path: it numbers the folders of tests whose names start alike by listing
    every one made before, so each of the hundreds of variants paid more than the last."""
    return tmp_path_factory.mktemp("variants")


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_broken_variant_in_process(variant, variants_folder, monkeypatch):
    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    root = _project(Path(tempfile.mkdtemp(dir=variants_folder)))
    previous = root / "build" / "site"
    previous.mkdir(parents=True)
    (previous / "index.html").write_text("the last good handbook\n")
    before = tree_digest(root / "build")
    variant.apply(root)

    started = time.monotonic()
    code, output = run_in_process(["build", "--root", str(root)])
    assert code == 1, output
    assert "was not changed" in output
    assert_reported(variant, output, root if variant.name != "huge-string" else None)
    assert tree_digest(root / "build") == before
    assert sorted(p.name for p in root.iterdir()) == ["build", "mkdocs.yml", "policy_data"]  # no stray folders
    assert not (root / "pwned").exists() and not Path("pwned").exists()
    assert time.monotonic() - started < 10

    if not variant.name.startswith("missing:"):  # `handbook check` takes the same path; spot-check it
        code, check_output = run_in_process(["check", "--root", str(root)])
        assert code == 1 and "Traceback" not in check_output


SUBPROCESS_SUBSET = [
    "missing:policy_data/setting.yaml:name",
    "type:policy_data/roles.yaml:roles/*/part_of",
    "date:policy_data/register.yaml:documents/*/next_review:2026-02-30",
    "alias-bomb",
    "deep-flow",
    "tag:!!python/object/apply:os.system",
    "tag:!!python/object/new:subprocess.Popen",
    "binary:policy_data/roles.yaml",
    "latin1:" + POLICY,
    "empty:policy_data/register.yaml",
    "huge-string",
    "path-id:'../../escape'",
    "path-id:'evil\\u202egpj.md'",
    "dupid:" + POLICY + ":sections",
    "ref:" + POLICY + ":links/14",
]


def test_subset_names_exist():
    missing = [name for name in SUBPROCESS_SUBSET if name not in BY_NAME]
    assert not missing, f"{missing}; some names: {list(BY_NAME)[:5]}"


@pytest.mark.parametrize("name", SUBPROCESS_SUBSET)
def test_broken_variant_as_a_user_runs_it(name, built_project: Path):
    """Over the session's build of the bundled data, hard-linked (a build never writes into its
    previous files, and conftest.check_shared_build fails the test if this one did)."""
    if name not in BY_NAME:
        pytest.skip("covered by test_subset_names_exist")
    variant = BY_NAME[name]
    project = built_project
    before = tree_digest(project / "build")
    variant.apply(project)
    started = time.monotonic()
    result = run_handbook("build", cwd=project, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "was not changed" in result.stderr
    assert_reported(variant, result.stdout + result.stderr, project if name != "huge-string" else None)
    assert tree_digest(project / "build") == before
    assert time.monotonic() - started < 30
    assert not (project / "pwned").exists()


def test_a_100_mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as out:
        out.write(b"title: ")
        out.truncate(HUGE)  # the size is all the loader may look at
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(DataError, match="larger than"):
        load_yaml(path, "huge.yaml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.monotonic() - started < 1
    assert peak < 5_000_000, f"the loader allocated {peak} bytes"
