"""The bench's verdict: ratio figures against their targets, absolute figures against the last
ones recorded on the same kind of machine.

A ratio (two things measured in the same run, on the same machine) means the same on a busy
machine as on a quiet one, so a ratio worse than its target fails the bench (exit 1).  An
absolute figure (seconds, milliseconds a page) only compares with one measured on the same kind
of machine: more than 25% worse than the last recorded one prints a warning, so a regression is
seen in the run that made it.  Every figure here is "lower is better".

The last recorded figures are kept in bench/recorded.json, by machine kind (system, processor
and core count), and written only when asked (`bench/run.py --record`, on a quiet machine),
which also writes them, as one table with the date and the machine, into the manual's page on
speed (manual/docs/developers/speed.md, between its two marker comments).
"""

from __future__ import annotations

import json
import os
import platform
from dataclasses import dataclass
from pathlib import Path

RECORDED = Path(__file__).resolve().parent / "recorded.json"
MANUAL_PAGE = Path(__file__).resolve().parent.parent / "manual/docs/developers/speed.md"
TABLE_START = "<!-- recorded figures: bench/run.py --record writes this table from bench/recorded.json -->"
TABLE_END = "<!-- end of the recorded figures -->"
WORSE_BY = 1.25  # an absolute figure this much above the recorded one is a regression

# Ratio figures and their targets (the figure must be at most the target).
RATIO_TARGETS: dict[str, float] = {
    # the site built by `mkdocs build` with our plugin over plain MkDocs given our pre-rendered
    # HTML (CPU time, best of three each): what our loading, checking and page making add
    "site over the fair floor": 1.1,
    # 20 settings built cold together over 20 single builds divided by the cores
    "settings cold over ideal parallel": 1.2,
    # a checklist's CPU milliseconds a page at full scale over the same at --scale 0.25
    "checklist ms/page, full scale over scale 0.25": 1.2,
}


# Absolute figures the bench reports, compared with the last recorded ones (seconds unless named).
ABSOLUTE_FIGURES: tuple[str, ...] = (
    "cold build, total (wall)",
    "PDF stage, cold (wall)",
    "load + check, best of three (CPU)",
    "site via hook, best of three (CPU)",
    "one policy edited: rebuild (wall)",
    "serve: edited statement shows, median (wall)",
    "serve: edited statement, the server's CPU, median",
    "checklist ms/page (CPU)",
    "notice ms/page (CPU)",
    "training pack ms/page (CPU)",
    "settings: cold build --all-settings (wall)",
    # the desk's slowest form (Our setting, a policy's ticks, a starter added): its median save,
    # in milliseconds (issue 29's target: 300 ms)
    "desk: slowest form save, median, Homerton (ms)",
    "desk: slowest form save, median, at scale (ms)",
    "large-print notice ms/page (CPU)",
    "translated notice ms/page (CPU)",
    "due list ms/page (CPU)",
    "desk: notice preview after a save (wall)",
)


@dataclass(frozen=True)
class Verdict:
    failures: list[str]  # ratio figures worse than their targets: the bench fails
    warnings: list[str]  # absolute figures > 25% worse than the last recorded ones

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0


def machine_kind() -> str:
    """The kind of machine absolute figures compare across: system, processor, core count."""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count() or 1} cores"


def judge(ratios: dict[str, float], absolutes: dict[str, float], recorded: dict[str, float] | None) -> Verdict:
    """Fail on a ratio worse than its target; warn on an absolute figure more than 25% worse
    than the recorded one of the same name (figures not recorded, or not measured in this run,
    are not compared).  A ratio with no target is a mistake in the bench, not a pass."""
    failures = []
    for name, value in ratios.items():
        if name not in RATIO_TARGETS:
            raise KeyError(f"no target for the ratio figure {name!r}")
        if not value <= RATIO_TARGETS[name]:  # NaN fails too
            failures.append(f"FAIL: {name} is {value:.2f}, worse than its target {RATIO_TARGETS[name]:.2f}")
    warnings = []
    for name, value in absolutes.items():
        if name not in ABSOLUTE_FIGURES:
            raise KeyError(f"the absolute figure {name!r} is not one the bench reports")
        before = (recorded or {}).get(name)
        if before is not None and before > 0 and not value <= before * WORSE_BY:
            warnings.append(
                f"warning: {name} is {value:.3g}, {value / before - 1:.0%} worse than the "
                f"{before:.3g} last recorded on this kind of machine"
            )
    return Verdict(failures, warnings)


def load_recorded(path: Path = RECORDED, kind: str | None = None) -> tuple[dict[str, float] | None, str | None]:
    """The figures last recorded on this kind of machine and the date they were recorded."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8")).get(kind or machine_kind())
    except FileNotFoundError:
        return None, None
    if not entry:
        return None, None
    return {k: float(v) for k, v in entry["figures"].items()}, entry.get("date")


def load_recorded_ratios(path: Path = RECORDED, kind: str | None = None) -> dict[str, float]:
    """The ratios last recorded on this kind of machine, kept for the manual's table (the site
    bench and the settings bench record theirs separately)."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8")).get(kind or machine_kind()) or {}
    except FileNotFoundError:
        return {}
    return {k: float(v) for k, v in entry.get("ratios", {}).items()}


def record(
    figures: dict[str, float],
    date: str,
    note: str,
    path: Path = RECORDED,
    kind: str | None = None,
    ratios: dict[str, float] | None = None,
) -> None:
    """Make these the last recorded figures of this kind of machine (other kinds kept).  The
    ratios are kept beside them for the manual's table only: a ratio is judged against its
    target, never against an earlier run."""
    try:
        everything = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        everything = {}
    entry = {"date": date, "note": note, "figures": {k: round(v, 4) for k, v in sorted(figures.items())}}
    if ratios:
        entry["ratios"] = {k: round(v, 4) for k, v in sorted(ratios.items())}
    everything[kind or machine_kind()] = entry
    path.write_text(json.dumps(everything, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def recorded_table(everything: dict) -> str:
    """Every recorded figure in one Markdown table: a row a figure (the ratios first, with their
    targets), a column a kind of machine, headed with the date its figures were recorded; each
    kind's note below.  A figure not recorded on a kind of machine is shown as a dash."""
    kinds = sorted(everything)
    if not kinds:
        return "No figures recorded yet: `bench/run.py --record` on a quiet machine."
    head = "| figure | " + " | ".join(f"{k}, {everything[k]['date']}" for k in kinds) + " | target |"
    rows = [head, "|---|" + "---|" * len(kinds) + "---|"]
    for name, target in RATIO_TARGETS.items():
        cells = [everything[k].get("ratios", {}).get(name) for k in kinds]
        rows.append(
            f"| {name} | " + " | ".join("-" if v is None else f"{v:.2f}" for v in cells) + f" | <= {target:.2f} |"
        )
    for name in ABSOLUTE_FIGURES:
        cells = [everything[k]["figures"].get(name) for k in kinds]
        unit = "ms" if "ms/page" in name or name.endswith("(ms)") else "s"  # the figure's name says which
        rows.append(f"| {name} | " + " | ".join("-" if v is None else f"{v:.3g} {unit}" for v in cells) + " | |")
    notes = [f"{k}: {everything[k]['note']}." for k in kinds]
    return "\n".join(rows) + "\n\n" + "\n\n".join(notes)


def with_recorded_table(page: str, table: str) -> str:
    """The manual page with the text between its two marker comments replaced by `table`."""
    start, end = page.find(TABLE_START), page.find(TABLE_END)
    if start < 0 or end < start:
        raise ValueError(f"the manual's speed page has lost its marker comments ({TABLE_START} ... {TABLE_END})")
    return page[: start + len(TABLE_START)] + "\n\n" + table + "\n\n" + page[end:]


def write_manual_table(path: Path = RECORDED, page: Path = MANUAL_PAGE) -> None:
    """Write the recorded figures of every kind of machine into the manual's page on speed."""
    everything = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    page.write_text(with_recorded_table(page.read_text(encoding="utf-8"), recorded_table(everything)), encoding="utf-8")
