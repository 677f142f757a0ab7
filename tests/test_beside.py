"""scripts/beside.sh, which `make test` runs the static checks with beside the suite: a failing
check fails the run even when the suite passes, and each check's output is shown whole, after
the suite's, never mixed with another's."""

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
