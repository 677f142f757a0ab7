"""`handbook approve DOC --by ROLE [--date D]`: record that the setting approved a document.

The record goes into policy_data/approvals.yaml (see approvals.py): the document, the version
and fingerprint of what was approved, the role that approved it and the date.  The file is
rewritten whole, atomically (a temporary file renamed over it), sorted by document and date,
one key a line, so a commit shows exactly which approval was added.  It is held (core/editing.py)
from before the data is read until then, so two approvals at once both end in the file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from generator.core.editing import ConcurrentEdit, Edit, editing
from generator.core.project import Project

from .arguments import add_project_options, date
from .common import load_checked, refuse_data_errors

if TYPE_CHECKING:  # the features are imported when the command runs, not when the parser is built
    from generator.features.approvals.approvals import Approval

NAME = "approve"
HELP = "record that the setting approved a document (policy_data/approvals.yaml)"
DESCRIPTION = """\
Record that the setting approved a document, in its current words: the version and content
fingerprint, who (a role) and when go into policy_data/approvals.yaml (commit it). Until then,
and again whenever the document changes, its printed pages and handbook page say
"Draft: not yet approved". Refused, with nothing written, when the data has errors.

Documents (DOC):
  policy/POLICY-ID             a policy, e.g. policy/safeguarding (its released version)
  notice/NOTICE-ID             a parent notice, e.g. notice/fair-processing-notice
  notice/NOTICE-ID.LANG        a translation, e.g. notice/fair-processing-notice.tr
  checklist/ROLE-ID            a role's checklist, e.g. checklist/all-staff
  training/YEAR-september      a training pack, e.g. training/2027-september
`handbook check` lists every document that is still a draft."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter  # DESCRIPTION is laid out by hand
    add_project_options(parser)
    parser.add_argument(
        "document", metavar="DOC", help="the document, like policy/safeguarding (the forms are listed above)"
    )
    parser.add_argument("--by", required=True, metavar="ROLE", help="the role that approved it: its id in roles.yaml")
    parser.add_argument(
        "--date", type=date, default=None, metavar="YYYY-MM-DD", help="the day it was approved (default: today)"
    )


def run(args: argparse.Namespace, project: Project) -> int:
    return approve(project, args.document, args.by, args.date)


HEADER = """\
# Approvals: which documents the setting has approved, in which version and words.
# Written by `handbook approve DOC --by ROLE [--date YYYY-MM-DD]`; commit it with the data.
# A document whose version or fingerprint is not the one approved last is a draft: its
# printed pages and handbook page say "Draft: not yet approved". `handbook check` checks
# every entry. Nothing here is filled in on the setting's behalf.
"""


def approvals_yaml(records: list[dict]) -> str:
    """The file's text: sorted, one key a line, every value a plain scalar (ids, hex, dates)."""
    if not records:
        return HEADER + "approvals: []\n"
    lines = [HEADER.rstrip("\n"), "approvals:"]
    for record in sorted(records, key=lambda r: (r["document"], r["date"], r["by"])):
        lines.append(f"  - document: {record['document']}")
        if record.get("version") is not None:
            lines.append(f"    version: {record['version']}")
        # Quoted only in the (unlikely) case of all digits, which YAML would read as a number.
        fingerprint = record["fingerprint"]
        lines.append(f"    fingerprint: {repr(fingerprint) if fingerprint.isdigit() else fingerprint}")
        lines.append(f"    by: {record['by']}")
        lines.append(f"    date: {record['date']}")
    return "\n".join(lines) + "\n"


def as_record(approval: Approval) -> dict:
    return {
        "document": approval.document,
        "version": approval.version,
        "fingerprint": approval.fingerprint,
        "by": approval.by,
        "date": approval.date.isoformat(),
    }


def approval_date(day: dt.date | None, today: dt.date) -> tuple[dt.date, str | None]:
    """The approval date (default today), and the one line saying what is wrong with it, if anything."""
    if day is None:
        return today, None
    if day > today:
        return day, f"--date {day} is in the future; an approval is recorded on or after the day it was given"
    return day, None


def approve(project: Project, document_id: str, by: str, date: dt.date | None, stream=None) -> int:
    """Record the approval; return the exit code.  Writes nothing unless everything is right."""
    from generator.features.approvals.approvals import APPROVALS_FILE

    stream = stream or sys.stderr
    day, problem = approval_date(date, project.as_of)
    if problem:
        return _refuse(problem, stream)
    path = project.data_dir / APPROVALS_FILE
    try:
        # Held from before the data is read until the new file is in place: of two approvals
        # at once, the second reads the first's record and adds its own (core/editing.py).
        with editing(path, project.shown(path)) as edit:
            return _approve(project, edit, document_id, by, day, stream)
    except ConcurrentEdit as exc:
        print(f"approve refused: {exc}", file=stream)
        return 1


def _refuse(message: str, stream) -> int:
    print(f"approve refused: {message}. Nothing was written.", file=stream)
    return 1


def _approve(project: Project, edit: Edit, document_id: str, by: str, day: dt.date, stream) -> int:
    from generator.core.schema import SCHEMA_DIR, schema_line
    from generator.features.approvals.approvals import documents, latest_approvals, matches
    from generator.features.policies.checks.references import unknown

    hb, report = load_checked(project, None, findings=stream, warnings=False)
    if hb is None:
        return refuse_data_errors("approve refused", report, "fix them first. Nothing was written.", stream)
    known = documents(hb)
    if document_id not in known:
        return _refuse(unknown("document", document_id, known) + f" (documents: {', '.join(known)})", stream)
    if by not in hb.roles:
        return _refuse(unknown("role", by, hb.roles) + f" (roles: {', '.join(hb.roles)})", stream)
    doc = known[document_id]
    if doc.needs_version and doc.version is None:
        how = "release it first (`handbook release`)" if doc.kind == "policy" else "set `version:` in its file"
        return _refuse(f"{doc.id} has no version number for its current text; {how}, then approve that version", stream)
    latest = latest_approvals(hb, known).get(doc.id)
    version = f"version {doc.version}, " if doc.version else ""
    if latest is not None and matches(latest, doc):
        print(
            f"{doc.id} ({version}fingerprint {doc.fingerprint[:12]}) is already approved, by {latest.by} on {latest.date}; nothing was written",
            file=stream,
        )
        return 0
    if latest is not None and day < latest.date:
        return _refuse(f"{doc.id} was last approved on {latest.date}; a later approval cannot be dated {day}", stream)
    record = {
        "document": doc.id,
        "version": doc.version,
        "fingerprint": doc.fingerprint,
        "by": by,
        "date": day.isoformat(),
    }
    text = approvals_yaml([as_record(a) for a in hb.approvals] + [record])
    edit.write(schema_line(edit.path, project.root / SCHEMA_DIR, "approvals") + text)
    print(
        f"approved {doc.id} ({version}fingerprint {doc.fingerprint[:12]}) by {by} on {day}; wrote {edit.shown}",
        file=stream,
    )
    return 0
