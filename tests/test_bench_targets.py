"""The bench's verdict (bench/targets.py): a ratio worse than its target fails `make bench`; an
absolute figure more than 25% worse than the last one recorded on the same kind of machine
prints a warning.  No build: the logic alone, on figures given here."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _targets():
    spec = importlib.util.spec_from_file_location("bench_targets", BENCH / "targets.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


targets = _targets()


@pytest.mark.parametrize("name", sorted(targets.RATIO_TARGETS))
def test_every_ratio_fails_the_bench_only_when_worse_than_its_target(name: str):
    target = targets.RATIO_TARGETS[name]
    at_target = targets.judge({name: target}, {}, None)
    assert at_target.failures == [] and at_target.exit_code == 0
    better = targets.judge({name: target * 0.5}, {}, None)
    assert better.exit_code == 0
    worse = targets.judge({name: target * 1.01}, {}, None)
    assert worse.exit_code == 1
    assert len(worse.failures) == 1 and name in worse.failures[0] and f"{target:.2f}" in worse.failures[0]
    # a ratio that could not be worked out (0 / 0) is not a pass
    assert targets.judge({name: math.nan}, {}, None).exit_code == 1


def test_a_ratio_without_a_target_is_a_mistake_in_the_bench():
    with pytest.raises(KeyError):
        targets.judge({"site over the floor, misspelt": 1.0}, {}, None)


@pytest.mark.parametrize("name", targets.ABSOLUTE_FIGURES)
def test_every_absolute_figure_warns_when_more_than_a_quarter_worse_than_recorded(name: str):
    recorded = {name: 2.0}
    assert targets.judge({}, {name: 2.5}, recorded).warnings == []  # exactly 25% worse: no warning
    assert targets.judge({}, {name: 1.0}, recorded).warnings == []  # better
    verdict = targets.judge({}, {name: 2.6}, recorded)
    assert len(verdict.warnings) == 1 and name in verdict.warnings[0] and "30% worse" in verdict.warnings[0]
    assert verdict.exit_code == 0  # absolute figures vary with the machine's load: a warning only
    assert targets.judge({}, {name: 100.0}, None).warnings == []  # nothing recorded on this kind of machine
    assert targets.judge({}, {name: 100.0}, {}).warnings == []


def test_an_absolute_figure_the_bench_does_not_report_is_refused():
    with pytest.raises(KeyError):
        targets.judge({}, {"PDF stage (seconds)": 1.0}, {})


def test_failures_and_warnings_are_reported_together():
    name = next(iter(targets.RATIO_TARGETS))
    figure = targets.ABSOLUTE_FIGURES[0]
    verdict = targets.judge({name: 99.0}, {figure: 99.0}, {figure: 1.0})
    assert verdict.exit_code == 1 and len(verdict.failures) == 1 and len(verdict.warnings) == 1


def test_recorded_figures_are_kept_per_kind_of_machine(tmp_path: Path):
    path = tmp_path / "recorded.json"
    figure = targets.ABSOLUTE_FIGURES[0]
    assert targets.load_recorded(path, "Linux x86_64, 2 cores") == (None, None)
    targets.record({figure: 1.5}, "2026-12-06", "quiet machine", path, "Linux x86_64, 2 cores")
    targets.record({figure: 0.5}, "2026-12-07", "quiet machine", path, "Linux aarch64, 8 cores")
    assert targets.load_recorded(path, "Linux x86_64, 2 cores") == ({figure: 1.5}, "2026-12-06")
    assert targets.load_recorded(path, "Linux aarch64, 8 cores") == ({figure: 0.5}, "2026-12-07")
    assert targets.load_recorded(path, "Darwin arm64, 10 cores") == (None, None)
    # recording again replaces that kind's figures only
    targets.record({figure: 1.2}, "2026-12-08", "quiet machine", path, "Linux x86_64, 2 cores")
    assert targets.load_recorded(path, "Linux x86_64, 2 cores") == ({figure: 1.2}, "2026-12-08")
    assert targets.load_recorded(path, "Linux aarch64, 8 cores")[0] == {figure: 0.5}


def test_the_committed_recorded_figures_are_ones_the_bench_reports():
    """A misspelt name in bench/recorded.json would never be compared: every name must be one
    the bench reports, with a date and a number."""
    recorded = json.loads((BENCH / "recorded.json").read_text(encoding="utf-8"))
    assert recorded
    for kind, entry in recorded.items():
        assert entry["date"] and entry["note"], kind
        for name, value in entry["figures"].items():
            assert name in targets.ABSOLUTE_FIGURES, (kind, name)
            assert value > 0, (kind, name)


def test_recording_writes_every_figure_into_the_manuals_one_table(tmp_path: Path):
    """`bench/run.py --record` keeps the ratios beside the absolute figures and writes all of
    them, with the date and the machine, into the manual's speed page between its markers;
    the rest of the page is left as it was, and a figure not measured on a machine is a dash."""
    path, page = tmp_path / "recorded.json", tmp_path / "speed.md"
    ratio, figure = next(iter(targets.RATIO_TARGETS)), targets.ABSOLUTE_FIGURES[0]
    page.write_text(f"# Speed\n\nBefore.\n\n{targets.TABLE_START}\nold table\n{targets.TABLE_END}\n\nAfter.\n")
    targets.record({figure: 12.5}, "2026-12-06", "a quiet machine", path, "Linux x86_64, 2 cores", {ratio: 0.95})
    targets.record({}, "2026-12-07", "another", path, "Linux aarch64, 8 cores", {ratio: 1.3})
    assert targets.load_recorded_ratios(path, "Linux x86_64, 2 cores") == {ratio: 0.95}
    targets.write_manual_table(path, page)
    text = page.read_text()
    assert text.startswith("# Speed\n\nBefore.\n\n") and text.endswith("\n\nAfter.\n")
    assert "old table" not in text
    table = text[text.index(targets.TABLE_START) : text.index(targets.TABLE_END)]
    assert "| Linux aarch64, 8 cores, 2026-12-07 | Linux x86_64, 2 cores, 2026-12-06 |" in table
    ratio_row = next(line for line in table.splitlines() if line.startswith(f"| {ratio} |"))
    assert ratio_row == f"| {ratio} | 1.30 | 0.95 | <= {targets.RATIO_TARGETS[ratio]:.2f} |"
    figure_row = next(line for line in table.splitlines() if line.startswith(f"| {figure} |"))
    assert figure_row == f"| {figure} | - | 12.5 s | |"
    assert "Linux x86_64, 2 cores: a quiet machine." in table
    # Each figure in the unit its name gives: milliseconds a page, milliseconds, else seconds.
    for name in targets.ABSOLUTE_FIGURES:
        targets.record({name: 9.5}, "2026-12-06", "a quiet machine", path, "Linux x86_64, 2 cores", {})
        targets.write_manual_table(path, page)
        row = next(line for line in page.read_text().splitlines() if line.startswith(f"| {name} |"))
        unit = "ms" if "ms/page" in name or name.endswith("(ms)") else "s"
        assert f"| 9.5 {unit} |" in row, row
    targets.record({figure: 12.5}, "2026-12-06", "a quiet machine", path, "Linux x86_64, 2 cores", {ratio: 0.95})
    targets.write_manual_table(path, page)
    text = page.read_text()
    targets.write_manual_table(path, page)  # written again: the same page
    assert page.read_text() == text


def test_the_manual_speed_page_holds_the_table_of_the_committed_figures():
    """The table in the manual is the one the committed bench/recorded.json makes (after
    editing recorded.json by hand, run: python -c 'import targets; targets.write_manual_table()'
    from bench/)."""
    page = targets.MANUAL_PAGE.read_text(encoding="utf-8")
    everything = json.loads((BENCH / "recorded.json").read_text(encoding="utf-8"))
    assert targets.with_recorded_table(page, targets.recorded_table(everything)) == page
    with pytest.raises(ValueError):
        targets.with_recorded_table("# Speed, markers lost\n", "table")
