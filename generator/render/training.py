"""The September training pack: the printed pack (build/print/training/), its private copy with
staff names (build/private/training/, only with --records) and the handbook page.

The public pack and the page never see the records: the private parts are added only when
`records` is passed, and the page shows no answers (they would spoil the quiz).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..approvals import draft_mark, training_document_id
from ..checks.training import COURSE_NAMES
from ..clock import today
from ..cycle.starters import NEW_STARTER_RULE, induction_due
from ..ledger import NEW_STARTER_DAYS
from ..training.calendar import REVIEW_WINDOW_DAYS, review_calendar
from ..training.changes import compare
from ..training.guidance import GUIDANCE
from ..training.schedule import current_staff, schedule
from ..review_notes import review_notes
from ..versions import policy_version
from .pdf import write_document
from .site import NavSection
from .templating import render

SIGN_IN_BLANK_ROWS = 16  # as many as fit on the sign-in page


def pack_name(pack) -> str:
    return f"september-{pack.year}"


def long_date(day: dt.date | None) -> str | None:
    return f"{day.day} {day:%B %Y}" if day else None


def short_date(day: dt.date | None) -> str | None:
    """For narrow table columns: 15 Mar 2027."""
    return f"{day.day} {day:%b %Y}" if day else None


def pack_context(hb, pack, on: dt.date, records=None) -> dict:
    """Everything the pack shows.  `records` adds names (private copy only)."""
    statements = hb.statements_by_id()
    covered = [(hb.policies[p], policy_version(hb, hb.policies[p])) for p in pack.policies if p in hb.policies]
    context = {
        "title": pack.title or f"September {pack.year} training",
        "pack": pack,
        "setting": hb.setting,
        "roles": hb.roles,
        "statements": statements,
        "covered": covered,
        "changes": compare(hb, pack),
        "calendar": review_calendar(hb, pack),
        "review_window": REVIEW_WINDOW_DAYS,
        "intervals": [(i, statements.get(i.source), GUIDANCE.get(i.guidance)) for i in pack.intervals],
        "course_names": COURSE_NAMES,
        "long_date": long_date,
        "short_date": short_date,
        "on": on,
        "private": records is not None,
        "blank_rows": SIGN_IN_BLANK_ROWS,
        "new_starter_days": NEW_STARTER_DAYS,
        "induction_due": induction_due,
        "new_starter_rule": NEW_STARTER_RULE,
        "draft": draft_mark(hb, training_document_id(pack)),
        "review_notes": review_notes(hb, pack.policies),
    }
    if records is not None:
        context["schedule"] = schedule(hb, pack, records, on)
        # Who is on the sign-in sheet: staff employed on the day of the session.
        context["staff"] = sorted(current_staff(records, pack.reference_date, pack.reference_date), key=lambda m: m.name)
    # Short enough for one line beside "Page x of y" (the cover names the policies; their ids
    # are added only when there are several), in the checklists' words.
    versions = "; ".join(
        f"{p.id + ' ' if len(covered) > 1 else ''}{f'version {v.number}' if v.number else 'draft'} · {v.short}"
        for p, v in covered
    )
    context["footer"] = f"Training {pack.year} · {versions} · printed {on.isoformat()}"
    return context


def write_pack(hb, pack, out: Path, on: dt.date, records=None) -> Path:
    folder = out / ("private" if records is not None else "print") / "training"
    html = render("print/training.html.j2", **pack_context(hb, pack, on, records))
    pdf = folder / f"{pack_name(pack)}.pdf"
    write_document(html, folder / f"{pack_name(pack)}.html", pdf)
    return pdf


def build_training(hb, out: Path) -> None:
    """Build stage: every pack in policy_data/training/, and its private copy with --records."""
    on = today()
    for pack in hb.training:
        write_pack(hb, pack, out, on)
        if hb.records is not None:
            write_pack(hb, pack, out, on, hb.records)


def training_section(hb) -> NavSection | None:
    """Handbook pages: the public parts of each pack (no answers, no names)."""
    if not hb.training:
        return None
    on = today()
    pages = [
        (f"September {pack.year}", f"training/{pack_name(pack)}.md", render("site/training.md.j2", **pack_context(hb, pack, on)))
        for pack in reversed(hb.training)  # newest first
    ]
    return NavSection("September training", pages)
