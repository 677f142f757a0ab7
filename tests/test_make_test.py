"""How `make test` runs the suite: scripts/beside.sh runs the static checks beside it (a failing
check fails the run even when the suite passes; each check's output is shown whole, after the
suite's), and tests/conftest.py hands the files to pytest-xdist's workers longest first."""

from __future__ import annotations

import subprocess
from pathlib import Path

BESIDE = Path(__file__).resolve().parent.parent / "scripts" / "beside.sh"


def beside(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BESIDE), *args], capture_output=True, text=True, timeout=60)


def test_a_failing_check_fails_the_run_and_says_which_after_the_suite():
    result = beside(
        "echo first line; sleep 0.3; echo second line",
        "echo lint error >&2; exit 3",
        "--",
        "bash",
        "-c",
        "sleep 0.1; echo suite passed",
    )
    assert result.returncode == 1
    out = result.stdout
    assert out.index("suite passed") < out.index("== echo first line")
    assert "== echo first line; sleep 0.3; echo second line: passed\nfirst line\nsecond line\n" in out
    assert "== echo lint error >&2; exit 3: FAILED (exit 3)\nlint error\n" in out


def test_a_failing_suite_fails_the_run_when_the_checks_pass():
    result = beside("true", "--", "bash", "-c", "exit 4")
    assert result.returncode == 4
    assert "== true: passed" in result.stdout


def test_the_run_passes_when_the_suite_and_every_check_pass():
    assert beside("true", "true", "--", "true").returncode == 0


class _Test:
    """What `longest_files_first` reads of a collected test: its id and its markers."""

    def __init__(self, nodeid: str, *markers: str):
        self.nodeid, self.markers = nodeid, markers

    def get_closest_marker(self, name: str):
        return name if name in self.markers else None


def test_the_files_with_the_most_long_tests_go_first_each_in_its_own_order():
    from conftest import longest_files_first

    tests = [
        _Test("tests/test_many.py::a"),
        _Test("tests/test_many.py::b"),
        _Test("tests/test_many.py::c"),
        _Test("tests/test_one_browser.py::a", "browser"),
        _Test("tests/test_few.py::a"),
        _Test("tests/test_slow.py::b"),
        _Test("tests/test_slow.py::a", "slow"),
        _Test("tests/test_slow.py::c", "package"),
    ]
    ordered = [t.nodeid for t in longest_files_first(tests)]
    assert ordered == [
        "tests/test_slow.py::b",
        "tests/test_slow.py::a",
        "tests/test_slow.py::c",
        "tests/test_one_browser.py::a",
        "tests/test_many.py::a",
        "tests/test_many.py::b",
        "tests/test_many.py::c",
        "tests/test_few.py::a",
    ]
