"""The parent fair processing notice: build/print/parents/<id>[.<lang>].pdf and .html, and a
handbook page.  Only parent-audience content reaches it (see check.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.core.clock import long_date_in
from generator.core.context import Context
from generator.core.navigation import NavSection
from generator.core.output import Output
from generator.core.templating import footer, render
from generator.features.policies.fingerprint import short

from .content import NoticeView, notice_fingerprint, notice_view
from .model import Notice, notice_document_id
from .readability import glance_summary, summary
from .translation_files import translation_mark

if TYPE_CHECKING:
    from generator.features.notice.content import NoticeViewsData as Handbook

PARENTS_DIR = "print/parents"


def _edition(view: NoticeView, notice: Notice, fingerprint: str, draft: bool = False) -> str:
    """Parents read "Version 1, 28 November 2026" (or "Draft") and a document reference: the
    code that tells one text from another, without the staff word for it.  On the first page
    under the title; the reference alone runs at the foot of every page.  A draft shows no
    issue date: it has not been issued (content audit M15)."""
    L = view.labels
    day = notice.issued if notice.version and not draft else None
    version = f"{L['version']} {notice.version}, {long_date_in(day, view.language)}" if day else L["draft"]
    return f"{version} · {_reference(view, fingerprint)}"


def _reference(view: NoticeView, fingerprint: str) -> str:
    return f"{view.labels['reference']}: {short(fingerprint)}"


def notice_html(hb: Handbook, ctx: Context, notice: Notice, large_print: bool = False) -> str:
    view = notice_view(hb, notice)
    # A translation is identified by the English text it came from.
    fingerprint = notice.translation.source_fingerprint if notice.translation else notice_fingerprint(hb, notice)
    draft = ctx.draft_mark(notice_document_id(notice))
    return render(
        "print/notice.html.j2",
        v=view,
        title=view.title,
        lang=view.language,
        dir=view.direction,
        edition=_edition(view, notice, fingerprint, draft=draft is not None),
        footer=footer(
            _reference(view, fingerprint),
            hb.as_of,
            view.labels["printed"],
            view.labels["page"],
            view.labels["of"],
            language=view.language,
        ),
        setting=hb.setting,
        body_class="notice large-print" if large_print else "notice",
        draft=draft,
        large_print=large_print,
        page_mark=translation_mark(hb, notice),  # a translation out of step with its English says so first
    )


def output_name(notice: Notice) -> str:
    return notice.id + (f".{notice.translation.language}" if notice.translation else "")


LARGE_PRINT = ".large-print"  # fair-processing-notice.large-print.pdf, beside the standard copy (the public
# edition lists it under its notice: features/public/content.py)


def printed_notices(hb: Handbook) -> list[Notice]:
    """Every notice and translation that gets a printed copy (a translation of no notice is
    reported by the check instead)."""
    return [
        n
        for n in [*hb.notices.values(), *hb.translations]
        if not (n.translation and n.translation.of not in hb.notices)
    ]


def build_notices(hb: Handbook, ctx: Context, output: Output) -> None:
    """Stage: one PDF and one HTML per notice and per translation, and a large-print PDF of
    each (the "other formats" line offers it: it is made, not promised)."""
    folder = output.path(PARENTS_DIR)
    for notice in printed_notices(hb):
        name = output_name(notice)
        output.document(notice_html(hb, ctx, notice), folder / f"{name}.html", folder / f"{name}.pdf")
        large = f"{name}{LARGE_PRINT}"
        output.document(
            notice_html(hb, ctx, notice, large_print=True), folder / f"{large}.html", folder / f"{large}.pdf"
        )
        if not notice.translation:
            view = notice_view(hb, notice)
            output.say(summary(view.readability, f"{name}.pdf"))
            output.say(glance_summary(view.glance_readability, f"{name}.pdf"))


def support(view: NoticeView) -> list[tuple[str, list[tuple[str, list]]]]:
    """(part heading, [(the claim, its quotes)]) for every claim of the notice that cites policy
    statements: "Why the notice says this" on the staff page, for whoever approves the notice and an auditor."""
    out = []
    for part in view.parts:
        claims = [(part.text or "", part.quotes)] if part.quotes else []
        claims += [(item.text or "", item.quotes) for item in part.items if item.quotes]
        if claims:
            out.append((part.heading, claims))
    return out


def notice_section(hb: Handbook, ctx: Context) -> NavSection | None:
    pages = []
    for notice in hb.notices.values():
        view = notice_view(hb, notice)
        draft = ctx.draft_mark(notice_document_id(notice))
        # A draft is not yet given to anyone: say what it will be, not what it is.
        given = "the draft of the notice to be given to parents" if draft else "the notice given to parents, as printed"
        fingerprint = notice_fingerprint(hb, notice)
        markdown = render(
            "site/notice.md.j2",
            title=view.title,  # ({setting} read in)
            draft=draft,
            given=given,
            short_fingerprint=short(fingerprint),
            fingerprint=fingerprint,
            body=Markup(
                render("print/_notice_glance.html.j2", v=view) + render("print/_notice_body.html.j2", v=view)
            ),  # our templates, escaped
            support=support(view),
            voice=hb.voice,
        )
        pages.append((view.title, f"parents/{notice.id}.md", markdown))
    return NavSection("For parents", pages) if pages else None
