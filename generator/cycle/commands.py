"""The command-line side of `handbook sign` and `handbook due` (cli.py calls these)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Optional

from ..clock import today
from ..findings import DataError, Location, Report, error
from ..project import _display_name, load_and_check
from .due import DEFAULT_DAYS, due_list
from .signing import from_command_line, from_csv, sign

MAX_DAYS = 366


def sign_command(root: Path, data: Path, records: Path, person: Optional[str], policy: Optional[str],
                 release: Optional[str], date: Optional[str], csv_file: Optional[Path]) -> int:
    if csv_file is not None:
        if person or policy:
            print("handbook sign: give either PERSON POLICY or --csv FILE, not both", file=sys.stderr)
            return 1
        return sign(root, data, records, from_csv(csv_file, root))
    if not (person and policy):
        print("handbook sign: give the person and the policy (handbook sign PERSON POLICY), or --csv FILE", file=sys.stderr)
        return 1
    return sign(root, data, records, from_command_line(person, policy, date, release))


def _days(value: str) -> Optional[int]:
    return int(value) if value.isdigit() and 1 <= int(value) <= MAX_DAYS else None


def due_text(due) -> str:
    lines = [f"Due by {due.until.isoformat()} (the next {due.days} days from {due.on.isoformat()}; overdue first):"]
    for heading, items in due.groups():
        lines.append(f"\n{heading}")
        if not items:
            lines.append("  nothing due")
        for item in items:
            when = "overdue" if item.due is None else (f"overdue since {item.due.isoformat()}" if item.due < due.on else item.due.isoformat())
            who = f"{item.person}: " if item.person else ""
            lines.append(f"  {when:<28} {who}{item.what}")
    if not due.private:
        lines.append("\n(no staff records: training, re-signatures and induction need --records DIR)")
    return "\n".join(lines) + "\n"


def write_due_page(hb, due, target: Path) -> None:
    """target/due.html and .pdf, each replacing the old one by a rename."""
    from ..render.pdf import write_document
    from ..render.templating import render
    from ..render.training import long_date, short_date

    unknown = sum(1 for e in hb.register.values() if e.next_review is None)
    html = render(
        "print/due.html.j2", title=f"What is due ({hb.setting.name})", setting=hb.setting, due=due,
        footer=f"{'Private: staff records · ' if due.private else ''}as of {due.on.isoformat()}",
        long_date=long_date, short_date=short_date, unknown_reviews=unknown,
    )
    target.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".due-", dir=target))
    try:
        write_document(html, scratch / "due.html", scratch / "due.pdf")
        for name in ("due.html", "due.pdf"):
            os.replace(scratch / name, target / name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def due_command(root: Path, data: Path, records_dir: Optional[Path], out: Path, days_given: str) -> int:
    days = _days(days_given)
    if days is None:
        print(f"handbook due: --days must be a whole number of days from 1 to {MAX_DAYS}, not '{days_given}'", file=sys.stderr)
        return 1
    try:
        hb, report = load_and_check(data, root)
        if report.errors:
            raise DataError(report.errors)
        records = None
        if records_dir is not None:
            from ..ledger import check_records
            from ..records import load_records

            if not records_dir.is_dir():
                raise DataError([error(Location(_display_name(records_dir, root)), "the records folder does not exist")])
            records, _ = load_records(records_dir, root)
            if problems := check_records(hb, records, today()):
                raise DataError(problems)
    except DataError as exc:
        for finding in Report(exc.findings).sorted():
            print(finding, file=sys.stderr)
        print("handbook due stopped: fix the errors above; nothing was written", file=sys.stderr)
        return 1
    due = due_list(hb, today(), days, records)
    sys.stdout.write(due_text(due))
    target = out / "private" if records is not None else out
    write_due_page(hb, due, target)
    print(f"wrote {_display_name(target / 'due.pdf', root)} (and .html)", file=sys.stderr)
    return 0
