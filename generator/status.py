"""`handbook status --records DIR`: who has signed what, into build/private/ only.

    build/private/acknowledgements.html   person x policy matrix with counts (for the Head/office)
    build/private/acknowledgements.csv    the same matrix for a spreadsheet
    build/private/checklists/<person>.pdf each person's own checklist of what they still must sign

The records are personal data: nothing here writes to build/site/ or build/print/.  Like
`handbook build`, everything is written into a temporary folder first, which replaces
build/private/ by renames only when it is complete.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .build import replace_folder
from .checklists import checklist_parts
from .clock import today
from .cycle.resign import lead_with_changes
from .findings import DataError, Report
from .ledger import NEW_STARTER_DAYS, STATE_LABELS, STATE_ORDER, TO_SIGN, check_records, counts, matrix
from .project import load_and_check
from .records import load_records
from .render.checklists import checklist_html, write_checklist
from .render.pdf import write_document
from .render.templating import render
from .versions import policy_version

PRIVATE = "private"


def _print(report: Report, stream) -> None:
    for finding in report.sorted():
        print(finding, file=stream)


def acknowledgements_csv(hb, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    policies = list(hb.policies.values())
    writer.writerow(["person id", "name", "roles", "start date"] + [p.id for p in policies] + ["still to sign"])
    for member, cells in rows:
        to_sign = [pid for pid, c in cells.items() if c.state in TO_SIGN]
        writer.writerow(
            [member.id, member.name, " ".join(member.roles), member.start_date.isoformat()]
            + [cells[p.id].state for p in policies]
            + [" ".join(to_sign)]
        )
    return out.getvalue()


def write_private(hb, records, folder: Path) -> list[str]:
    """Every private output into `folder`; returns the ids of people with a checklist to sign."""
    on = today()
    rows = matrix(hb, records, on)
    policies = [(p, policy_version(hb, p)) for p in hb.policies.values()]
    left = [m for m in records.staff.values() if m.leave_date is not None and m.leave_date <= on]
    html = render(
        "print/acknowledgements.html.j2",
        title=f"Acknowledgements: who has signed what ({hb.setting.name})",
        footer=f"Private: staff records · as of {on.isoformat()}",
        setting=hb.setting,
        roles=hb.roles,
        as_of=on,
        rows=rows,
        policies=policies,
        counts=counts(rows, [p.id for p, _ in policies]),
        labels=STATE_LABELS,
        order=STATE_ORDER,
        left=len(left),
        new_starter_days=NEW_STARTER_DAYS,
    )
    write_document(html, folder / "acknowledgements.html")
    (folder / "acknowledgements.csv").write_text(acknowledgements_csv(hb, rows), encoding="utf-8")
    pending = []
    for member, cells in rows:
        due = {pid for pid, c in cells.items() if c.state in TO_SIGN}
        if not due:
            continue
        parts, since_signed = lead_with_changes(hb, checklist_parts(hb, member.roles, due), cells)
        roles = ", ".join(hb.roles[r].name for r in member.roles)
        html = checklist_html(hb, roles, parts, member.roles, person_name=member.name, since_signed=since_signed)
        write_checklist(html, folder / "checklists", member.id)
        pending.append(member.id)
    return pending


def status(root: Path, data_dir: Path, records_dir: Path, out_dir: Path, stream=sys.stderr) -> int:
    target = out_dir / PRIVATE
    try:
        hb, report = load_and_check(data_dir, root)
        if report.errors:
            raise DataError(report.errors)
        records, records_report = load_records(records_dir, root)
        findings = check_records(hb, records, today())
        if findings:
            raise DataError(findings)
    except DataError as exc:
        _print(Report(exc.findings), stream)
        print(f"status stopped: fix the errors above; {target} was not changed", file=stream)
        return 1
    out_dir.mkdir(parents=True, exist_ok=True)
    # Beside build/, not inside it: a concurrent `handbook build` swaps build/ by renames and
    # would carry a half-written folder along.
    new = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-{PRIVATE}.new-", dir=out_dir.parent))
    try:
        pending = write_private(hb, records, new)
        replace_folder(new, target)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    print(f"wrote {target}/ (acknowledgements.html, acknowledgements.csv, {len(pending)} personal checklists)", file=stream)
    return 0
