"""The September training pack: the printed pack (build/print/training/), its private copy with
staff names (build/private/training/, only with --records) and the handbook page.

The public pack and the page never see the records: the private parts are added only when
`records` is passed, and the page shows no answers (they would spoil the quiz).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.clock import long_date
from generator.core.context import Context
from generator.core.fragments import unrecorded
from generator.core.navigation import NavSection
from generator.core.output import PRIVATE, Output
from generator.core.templating import footer, render
from generator.features.guidance.cite import eyfs_document
from generator.features.policies.review_notes import review_notes
from generator.features.records.ledger import NEW_STARTER_DAYS
from generator.features.records.model import Records
from generator.features.records.starters import NEW_STARTER_RULE, induction_due
from generator.features.releases.versions import policy_version

from .calendar import REVIEW_WINDOW_DAYS, review_calendar
from .changes import compare
from .check import course_name
from .guidance import KIND_UNSET, limit_for
from .model import TrainingPack, training_document_id
from .schedule import schedule

if TYPE_CHECKING:
    from generator.features.training.data import TrainingData as Handbook

SIGN_IN_BLANK_ROWS = 16  # as many as fit on the sign-in page


def pack_name(pack: TrainingPack) -> str:
    return f"september-{pack.year}"


def short_date(day: dt.date | None) -> str | None:
    """For narrow table columns: 15 Mar 2027."""
    return f"{day.day} {day:%b %Y}" if day else None


def _eyfs(hb: Handbook) -> str:
    """The EYFS framework as the new starters' note cites it (edition and date in force)."""
    from generator.features.guidance.cite import cite_document

    doc = hb.guidance.get(eyfs_document(hb))
    return cite_document(doc) if doc else "the EYFS statutory framework"


def cited_for_session(hb: Handbook, limit, session: dt.date) -> str:
    """A limit's guidance as the pack cites it, and, where a newer edition is due in force by the
    session (KCSIE each 1 September), that the edition cited may not be the one in force on the
    day: a pack printed in December for next September must not present today's edition as
    the session's."""
    text = limit.cited(hb)
    doc = hb.guidance.get(limit.document)
    if doc and doc.unconfirmed_edition:
        # Proposed, not confirmed: it may be in force by the session, on a day no source gives.
        # The citation says so (guidance/cite.newer_edition_caveat); the facilitator is told what to do.
        return text + ". Check which edition is in force, and what it says, before the session"
    expected = doc.next_edition_from() if doc else None
    if expected and session >= expected:
        text += (
            f". A newer edition is expected to come into force on {long_date(expected)}, "
            "before this session: check what it says before the session"
        )
    return text


def _renewal_ids(pack: TrainingPack) -> set[str]:
    return {c.id for c in pack.courses_for("whole-staff")}


def pack_context(
    hb: Handbook, pack: TrainingPack, on: dt.date, records: Records | None = None, draft: str | None = None
) -> dict:
    """Everything the pack shows (its approval fingerprint is the pack printed from it: fingerprint_of).
    `records` adds names (private copy only); `draft`: its draft mark (features/approvals)."""
    statements = hb.statements_by_id()
    covered = [(hb.policies[p], policy_version(hb, hb.policies[p])) for p in pack.policies if p in hb.policies]
    context = {
        "title": pack.title or f"September {pack.year} training",
        "pack": pack,
        "setting": hb.setting,
        "voice": hb.voice,
        "roles": hb.roles,
        "statements": statements,
        "covered": covered,
        "changes": compare(hb, pack),
        "calendar": review_calendar(hb, pack),
        "review_window": REVIEW_WINDOW_DAYS,
        "intervals": [(i, statements.get(i.source), *limit_for(hb, i.guidance)) for i in pack.intervals],
        "kind_unset": KIND_UNSET,
        "kind_where": hb.setting.where("kind"),
        "cited": lambda limit: cited_for_session(hb, limit, pack.reference_date),
        "eyfs": _eyfs(hb),
        "course_name": lambda interval: course_name(interval, pack),
        # the whole staff's renewal course, as the setting calls it (its pack's courses:)
        "renewal_course": next(
            (course_name(i, pack) for i in pack.intervals if i.course in _renewal_ids(pack)),
            hb.voice.say("whole-staff child protection training"),
        ),
        "long_date": long_date,
        "short_date": short_date,
        "on": on,
        "private": records is not None,
        "blank_rows": SIGN_IN_BLANK_ROWS,
        "new_starter_days": NEW_STARTER_DAYS,
        "induction_due": induction_due,
        "new_starter_rule": NEW_STARTER_RULE,
        "draft": draft,
        "review_notes": review_notes(hb, pack.policies),
    }
    if records is not None:
        context["schedule"] = schedule(hb, pack, records, on)
        # Who is on the sign-in sheet: staff employed on the day of the session.
        day = pack.reference_date
        context["staff"] = sorted(records.current(day, starting_by=day), key=lambda m: m.name)
    # The cover's table names the versions and fingerprints; the footer only what the paper is,
    # as a person reads it: the pack's title, not its id for `handbook approve`.
    reference = str(context["title"])
    context["footer"] = footer(f"Private: {reference}" if records is not None else reference, on)
    return context


def printed_pack(context: dict) -> str:
    """The printed pack (the public copy) from its context."""
    return render("print/training.html.j2", **context)


def fingerprint_of(context: dict) -> str:
    """The approval fingerprint of a pack: SHA-256 of the pack printed from this context as it
    would be once approved (no draft mark); `pack_fingerprint` gives the context the day of the
    session as the day it is printed, so the footer's date changes nothing.  The same function
    prints it, so nothing the pack prints can change without changing the fingerprint, and
    nothing it does not print (who a statement is for, where a line is written) changes it."""
    with unrecorded():
        printed = printed_pack({**context, "draft": None})
    return hashlib.sha256(printed.encode("utf-8")).hexdigest()


def pack_fingerprint(hb: Handbook, pack: TrainingPack) -> str:
    return fingerprint_of(pack_context(hb, pack, pack.reference_date))


def pack_html(hb: Handbook, ctx: Context, pack: TrainingPack, on: dt.date, records: Records | None = None) -> str:
    """The printed pack; with `records`, the private copy with staff names."""
    draft = ctx.draft_mark(training_document_id(pack))
    return printed_pack(pack_context(hb, pack, on, records, draft))


def write_pack(
    hb: Handbook, ctx: Context, pack: TrainingPack, output: Output, on: dt.date, records: Records | None = None
) -> Path:
    folder = output.path(PRIVATE if records is not None else "print", "training")
    pdf = folder / f"{pack_name(pack)}.pdf"
    output.document(pack_html(hb, ctx, pack, on, records), folder / f"{pack_name(pack)}.html", pdf)
    return pdf


def build_training(hb: Handbook, ctx: Context, output: Output) -> None:
    """Build stage: every pack in policy_data/training/, and its private copy when the staff
    records were loaded (`--records`)."""
    for pack in hb.training:
        write_pack(hb, ctx, pack, output, hb.as_of)
        if hb.records is not None:
            write_pack(hb, ctx, pack, output, hb.as_of, hb.records)


def training_section(hb: Handbook, ctx: Context) -> NavSection | None:
    """Handbook pages: the public parts of each pack (no answers, no names)."""
    if not hb.training:
        return None
    on = hb.as_of
    pages = [
        (
            f"September {pack.year}",
            f"training/{pack_name(pack)}.md",
            render(
                "site/training.md.j2", **pack_context(hb, pack, on, draft=ctx.draft_mark(training_document_id(pack)))
            ),
        )
        for pack in reversed(hb.training)  # newest first
    ]
    return NavSection("September training", pages)
