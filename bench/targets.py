"""The bench's verdict: ratio figures against their targets, absolute figures against the last
ones recorded on the same kind of machine.

A ratio (two things measured in the same run, on the same machine) means the same on a busy
machine as on a quiet one, so a ratio worse than its target fails the bench (exit 1).  An
absolute figure (seconds, milliseconds a page) only compares with one measured on the same kind
of machine: more than 25% worse than the last recorded one prints a warning, so a regression is
seen in the run that made it.  Every figure here is "lower is better".

The last recorded figures are kept in bench/recorded.json, by machine kind (system, processor
and core count), and written only when asked (`bench/run.py --record`, on a quiet machine).
"""

from __future__ import annotations

import json
import os
import platform
from dataclasses import dataclass
from pathlib import Path

RECORDED = Path(__file__).resolve().parent / "recorded.json"
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


def record(figures: dict[str, float], date: str, note: str, path: Path = RECORDED, kind: str | None = None) -> None:
    """Make these the last recorded figures of this kind of machine (other kinds kept)."""
    try:
        everything = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        everything = {}
    everything[kind or machine_kind()] = {
        "date": date,
        "note": note,
        "figures": {k: round(v, 4) for k, v in sorted(figures.items())},
    }
    path.write_text(json.dumps(everything, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
