"""The Signatures page: a grid of the staff by the policies they must sign, each cell saying
where the person stands (signed, must re-sign, never signed, not yet due); a tick in a cell
that still needs a signature, and one date, records the signatures through `handbook sign`'s
own checks, all or nothing.  A sign-in sheet or a form's export can be uploaded instead: it is
read and recorded by `handbook sign --csv`'s own code, all or nothing too.  Under the grid, what
falls due in the next four weeks, from `handbook due`'s own list.

The grid is made from the words the page showed: each policy's fingerprint goes with the form,
and a policy reworded since is refused (a signature counts for the exact words read)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.commands.cycle import sign
from generator.core.clock import long_date
from generator.core.project import Project
from generator.features.cycle.due import DEFAULT_DAYS, due_list
from generator.features.cycle.signing import CommandLine, Request, from_csv_bytes
from generator.features.records.ledger import STATE_LABELS, TO_SIGN, matrix
from generator.features.releases.versions import policy_version

from .dates import read_date_field

SHORT = {
    "signed-current": "Signed",
    "signed-older": "Must re-sign",
    "never-signed": "Never signed",
    "not-yet-due": "Due",
    "not-required": "—",
}


@dataclass
class Grid:
    policies: list[tuple[str, str, str]]  # (id, title, fingerprint of its current words)
    rows: list[tuple[Any, list[dict]]]  # (member, cells in the policies' order)

    @property
    def to_sign(self) -> int:
        return sum(c["open"] for _, cells in self.rows for c in cells)


def grid_of(handbook) -> Grid:
    policies = [(p.id, p.title, policy_version(handbook, p).fingerprint) for p in handbook.policies.values()]
    rows = []
    for member, cells in matrix(handbook, handbook.records, handbook.as_of):
        row = []
        for policy_id, _, _ in policies:
            c = cells[policy_id]
            label = SHORT[c.state] + (f" by {c.due.strftime('%d/%m/%Y')}" if c.state == "not-yet-due" and c.due else "")
            if c.state == "signed-current" and c.signed:
                label += f" {c.signed.strftime('%d/%m/%Y')}"
            row.append(
                {
                    "policy": policy_id,
                    "state": c.state,
                    "label": label,
                    "long": STATE_LABELS[c.state],
                    "open": c.state in TO_SIGN,
                }
            )
        rows.append((member, row))
    return Grid(policies, rows)


def read_ticks(form: Mapping[str, Any], getlist, grid: Grid, today: dt.date) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    open_cells = {f"{m.id}|{c['policy']}" for m, cells in grid.rows for c in cells if c["open"]}
    ticked = [t for t in getlist("signed") if t]
    day_text = (form.get("date") or "").strip()
    choice: dict[str, Any] = {"ticked": ticked, "date": day_text}
    fingerprints = {pid: fp for pid, _, fp in grid.policies}
    if not ticked:
        errors["signed"] = "Tick who signed what."
    elif any(t not in open_cells for t in ticked):
        errors["signed"] = "Some ticks are for signatures already recorded or not needed: reload the page."
    else:
        changed = sorted(
            {t.split("|")[1] for t in ticked if form.get(f"fp.{t.split('|')[1]}") != fingerprints[t.split("|")[1]]}
        )
        if changed:
            errors["signed"] = (
                f"The policy {changed[0]} was changed after this page was opened, so nothing was recorded: "
                "a signature counts for the words read. Reload the page."
            )
    day, problem = read_date_field(day_text, "Give the day they signed.", today, "record a signature once it is given.")
    if problem:
        errors["date"] = problem
    if day is not None:
        choice["day"] = day
    return choice, errors


def record(project: Project, choice: Mapping[str, Any]) -> tuple[bool, list[str]]:
    """Record the ticked signatures with `handbook sign`'s own checks (all or nothing)."""

    def requests(hb, records):
        return [
            Request(CommandLine("the desk"), t.split("|")[0], t.split("|")[1], choice["day"].isoformat(), None)
            for t in choice["ticked"]
        ], []

    out = io.StringIO()
    ok = sign(project, requests, stream=out) == 0
    return ok, [line for line in out.getvalue().splitlines() if line.strip()]


# A finding as `handbook sign` prints it: "sheet.csv:3:1: error: this row has no date".
FINDING = re.compile(r"^(?P<file>.*?):(?P<line>\d+):\d+: (?:error|warning|note): (?P<message>.*)$")


def plain(line: str, shown: str) -> str:
    """A line of `handbook sign`'s output in the page's words: a row of the sheet by its number."""
    found = FINDING.match(line)
    if not found:
        return line
    if found["file"] == shown and int(found["line"]) > 1:
        return f"Row {found['line']}: {found['message']}"
    return found["message"]


def record_csv(project: Project, raw: bytes, filename: str) -> tuple[bool, list[str]]:
    """Record an uploaded sign-in sheet with `handbook sign --csv`'s own reading and checks (all or
    nothing); the file is read from memory, never saved."""
    shown = filename or "the CSV file"
    out = io.StringIO()
    ok = sign(project, from_csv_bytes(raw, shown), stream=out) == 0
    return ok, [plain(line, shown) for line in out.getvalue().splitlines() if line.strip()]


@dataclass(frozen=True)
class Due:
    who: str  # the person, or the document or session
    what: str
    when: str  # "6 December 2026", or "overdue since 1 December 2026"
    overdue: bool


def due_of(handbook, days: int = DEFAULT_DAYS) -> list[Due]:
    """Who is due, and for what, in the next `days` days: `handbook due`'s list, overdue first."""
    listed = due_list(handbook, handbook.as_of, days, handbook.records)
    result = []
    for _, items in listed.groups():
        for item in items:
            if item.person:
                who, what = item.person, item.what
            else:
                who, _, what = item.what.partition(": ")
            overdue = item.due is None or item.due < listed.on
            when = (
                "now"
                if item.due is None
                else (f"overdue since {long_date(item.due)}" if overdue else long_date(item.due))
            )
            result.append(Due(who, what or item.what, when, overdue))
    return result
