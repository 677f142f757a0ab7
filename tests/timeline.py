"""Opt-in record of how a run spent its workers' time, to find where a worker sits idle.

`HANDBOOK_TESTS_TIMELINE=FOLDER pytest ...` writes one JSON line per test (worker, start, end,
the CPU seconds its process and all its children used, the browser's processes included) and per wait on a session project's
lock (tests/conftest.py `session_project`) into FOLDER/<worker>.jsonl;
`python tests/timeline.py FOLDER` then prints each worker's busy, waiting and idle time, the
longest files, the lock waits and the gaps.  Without the variable nothing is recorded."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

FOLDER = os.environ.get("HANDBOOK_TESTS_TIMELINE")


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


_TICK = os.sysconf("SC_CLK_TCK")


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a live process, its waited-for children, and its live descendants (the
    browser's processes are the Playwright driver's children, not ours)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        seconds = sum(int(f) for f in fields[11:15]) / _TICK  # utime stime cutime cstime
        children = [
            int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()
        ]
    except (OSError, ValueError):
        return 0.0
    return seconds + sum(_tree_cpu(child) for child in children)


def _cpu() -> float:
    return _tree_cpu(os.getpid())


def record(kind: str, **fields) -> None:
    """One line in this worker's file; nothing unless the timeline was asked for."""
    if not FOLDER:
        return
    Path(FOLDER).mkdir(parents=True, exist_ok=True)
    with open(Path(FOLDER) / f"{_worker()}.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps({"kind": kind, "worker": _worker(), **fields}) + "\n")


class Timeline:
    """The hooks, registered by tests/conftest.py when HANDBOOK_TESTS_TIMELINE is set."""

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        start, cpu = time.time(), _cpu()
        yield
        # below zero when processes that used CPU in earlier tests end unwaited (the browser's)
        record("test", id=item.nodeid, start=start, end=time.time(), cpu=max(0.0, _cpu() - cpu))

    def pytest_sessionstart(self, session):
        record("session", start=time.time())

    def pytest_sessionfinish(self, session):
        record("session", end=time.time())


def report(folder: Path) -> None:
    rows = [json.loads(line) for path in sorted(folder.glob("*.jsonl")) for line in path.read_text().splitlines()]
    tests = [r for r in rows if r["kind"] == "test"]
    if not tests:
        sys.exit(f"no tests recorded in {folder}")
    t0 = min(r["start"] for r in tests)
    t1 = max(r["end"] for r in tests)
    print(f"{len(tests)} tests, first start to last end {t1 - t0:.1f} s")
    workers = sorted({r["worker"] for r in tests})
    for worker in workers:
        mine = sorted((r for r in tests if r["worker"] == worker), key=lambda r: r["start"])
        busy = sum(r["end"] - r["start"] for r in mine)
        cpu = sum(r["cpu"] for r in mine)
        waits = [r for r in rows if r["kind"] == "lock" and r["worker"] == worker]
        waited = sum(r["waited"] for r in waits)
        gaps = [(b["start"] - a["end"], a["id"], b["id"]) for a, b in zip(mine, mine[1:])]
        print(
            f"{worker}: starts at +{mine[0]['start'] - t0:.1f} s, ends at +{mine[-1]['end'] - t0:.1f} s "
            f"(idle tail {t1 - mine[-1]['end']:.1f} s); in tests {busy:.1f} s using {cpu:.1f} s CPU "
            f"(with its children); lock waits {waited:.1f} s; gaps between tests "
            f"{sum(g[0] for g in gaps):.1f} s"
        )
        for gap, before, after in sorted(gaps, reverse=True)[:3]:
            if gap > 0.5:
                print(f"    gap {gap:.1f} s between {before} and {after}")
        for wait in waits:
            print(
                f"    lock {wait['name']}: at +{wait['start'] - t0:.1f} s waited {wait['waited']:.1f} s"
                + (f", built it in {wait['made']:.1f} s" if wait.get("made") is not None else "")
            )
    for made in (r for r in rows if r["kind"] == "lock" and r["worker"] not in workers and r.get("made")):
        print(
            f"{made['worker']} made {made['name']} from +{made['start'] + made['waited'] - t0:.1f} s in {made['made']:.1f} s"
        )
    files: dict[tuple[str, str], list] = {}
    for r in tests:
        files.setdefault((r["worker"], r["id"].split("::")[0]), []).append(r)
    spans = sorted(
        (
            (min(r["start"] for r in rs) - t0, max(r["end"] for r in rs) - t0, sum(r["cpu"] for r in rs), w, f)
            for (w, f), rs in files.items()
        ),
        key=lambda s: s[0],
    )
    print("files in the order they started (start, end, wall, CPU):")
    for start, end, cpu, worker, name in spans:
        print(f"  {worker:4} +{start:6.1f} +{end:6.1f} {end - start:6.1f} {cpu:6.1f}  {name}")


if __name__ == "__main__":
    report(Path(sys.argv[1]))
