"""`handbook sign` and `handbook due`: the office's year with the handbook (see features/cycle/)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING

from generator.core.clock import long_date
from generator.core.editing import ConcurrentEdit, Edit, editing
from generator.core.findings import Report
from generator.core.output import PRIVATE, Output
from generator.core.output_place import output_refusal
from generator.core.project import Project
from generator.core.templating import footer, render
from generator.features.cycle.due import NOUNS, DueList, by_people, due_list
from generator.features.cycle.signing import (
    LEDGER,
    Row,
    from_command_line,
    from_csv,
    full_fingerprint,
    resolve,
    what_was_signed,
    write_ledger,
)
from generator.features.training.render import short_date

from .common import load_checked, usage

if TYPE_CHECKING:
    from generator.pipeline.handbook import Handbook


def sign_command(
    project: Project,
    person: str | None,
    policy: str | None,
    release: str | None,
    date: str | None,
    csv_file: Path | None,
) -> int:
    if csv_file is not None:
        if person or policy:
            return usage("sign: give either PERSON POLICY or --csv FILE, not both")
        return sign(project, from_csv(csv_file, project.shown(csv_file)))
    if not (person and policy):
        return usage("sign: give the person and the policy (handbook sign PERSON POLICY), or --csv FILE")
    return sign(project, from_command_line(person, policy, date, release))


def sign(project: Project, requests_from, stream: IO[str] | None = None) -> int:
    """Check every request, then add the new ones to the ledger.  `requests_from(hb, records)`
    gives (requests, findings).  Returns the exit code."""
    stream = stream or sys.stderr  # looked up now, so a redirected stderr is honoured
    assert project.records_dir is not None  # `handbook sign` defaults it to the project's records folder
    ledger = project.records_dir / LEDGER
    shown = project.shown(ledger)
    try:
        # Held from before the records are read until the new ledger is in place: of two
        # signings at once, the second reads the first's signatures and adds its own.
        with editing(ledger, shown) as edit:
            return _sign(project, edit, requests_from, stream)
    except ConcurrentEdit as exc:
        print(f"nothing was recorded: {exc}", file=stream)
        return 1


def _sign(project: Project, edit: Edit, requests_from, stream: IO[str]) -> int:
    shown = edit.shown
    hb, _ = load_checked(project, "nothing was recorded", f"{shown} was not changed", warnings=False)
    if hb is None or hb.records is None:
        return 1
    records, on = hb.records, hb.as_of
    requests, findings = requests_from(hb, records)
    rows: list[Row] = []
    for request in requests:
        row, problems = resolve(hb, records, request, on)
        findings += problems
        if row is not None:
            rows.append(row)
    if findings:
        Report(findings).print(stream)
        print(f"nothing was recorded: fix the errors above; {shown} was not changed", file=stream)
        return 1
    existing = [Row(s.staff, s.policy, s.fingerprint, s.date) for s in records.signatures]
    have = {(r.staff, r.policy, full_fingerprint(hb, r)) for r in existing}
    new: list[Row] = []
    said: list[str] = []  # printed once the ledger is written: "recorded" must be true
    for row in rows:
        key = (row.staff, row.policy, full_fingerprint(hb, row))
        name = records.staff[row.staff].name
        if key in have:
            said.append(f"already recorded: {name} signed {what_was_signed(hb, row)}")
            continue
        have.add(key)
        new.append(row)
        said.append(f"recorded: {name} signed {what_was_signed(hb, row)} on {row.date}")
    if new:
        write_ledger(edit, existing + new)
    for line in said:
        print(line, file=stream)
    print(f"{len(new)} signature{'s' * (len(new) != 1)} added to {shown}", file=stream)
    return 0


def due_text(due: DueList) -> str:
    lines = [f"Due by {due.until.isoformat()} (the next {due.days} days from {due.on.isoformat()}; overdue first):"]
    for heading, items in due.groups():
        lines.append(f"\n{heading}")
        if not items:
            lines.append("  nothing due")
        for item in items:
            when = (
                "overdue"
                if item.due is None
                else (f"overdue since {item.due.isoformat()}" if item.due < due.on else item.due.isoformat())
            )
            who = f"{item.person}: " if item.person else ""
            lines.append(f"  {when:<28} {who}{item.what}")
    if not due.private:
        lines.append("\n(no staff records: training, re-signatures and induction need --records DIR)")
    return "\n".join(lines) + "\n"


def write_due_page(hb: Handbook, due: DueList, target: Path) -> None:
    """target/due.html and .pdf, each replacing the old one by a rename."""
    unknown = [e.where("next_review") for e in hb.register.values() if e.next_review is None]
    html = render(
        "print/due.html.j2",
        title=f"What is due ({hb.setting.name})",
        setting=hb.setting,
        due=due,
        footer=footer("Private: due" if due.private else "due", due.on, label="as of"),
        long_date=long_date,
        short_date=short_date,
        unknown_reviews=unknown,
        by_people=by_people,
        nouns=NOUNS,
    )
    target.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".due-", dir=target))
    try:
        output = Output(scratch)
        output.document(html, scratch / "due.html", scratch / "due.pdf")
        output.finish()
        for name in ("due.html", "due.pdf"):
            os.replace(scratch / name, target / name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def due_command(project: Project, days: int) -> int:
    """What falls due in the next `days` days (checked by the command line: commands/due.py);
    with staff records (project.records_dir), naming people, into build/private/."""
    hb, _ = load_checked(project, "handbook due stopped", "nothing was written", warnings=False)
    if hb is None:
        return 1
    due = due_list(hb, hb.as_of, days, hb.records)
    sys.stdout.write(due_text(due))
    target = project.out_dir / PRIVATE if hb.records is not None else project.out_dir
    if refused := output_refusal(project, target, "the output folder"):  # say, build/private linked into docs/
        print(f"handbook due: {refused}", file=sys.stderr)
        return 1
    write_due_page(hb, due, target)
    print(f"wrote {project.shown(target / 'due.pdf')} (and .html)", file=sys.stderr)
    return 0
