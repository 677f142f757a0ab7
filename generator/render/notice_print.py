"""The parent fair processing notice: build/print/parents/<id>[.<lang>].pdf and .html, and a
handbook page.  Only parent-audience content reaches it (see checks/notice.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..approvals import draft_mark, notice_document_id
from ..clock import today
from ..fingerprint import short
from ..notice.content import notice_fingerprint, notice_view
from ..notice.readability import readability, summary
from .pdf import write_document
from .site import SECTIONS, NavSection
from .templating import render

PARENTS_DIR = "print/parents"


def _footer(view, notice, fingerprint: str) -> str:
    L = view.labels
    version = f"{L['version']} {notice.version}" if notice.version else f"{L['version']}: {L['draft']}"
    return f"{version} · {L['fingerprint']} {short(fingerprint)} · {L['printed']} {today().isoformat()}"


def notice_html(hb, notice) -> str:
    english = hb.notices.get(notice.translation.of) if notice.translation else notice
    view = notice_view(hb, notice)
    # A translation is identified by the English text it came from.
    fingerprint = notice.translation.source_fingerprint if notice.translation else notice_fingerprint(hb, english)
    return render(
        "print/notice.html.j2",
        v=view,
        title=view.title,
        lang=view.language,
        dir=view.direction,
        footer=_footer(view, notice, fingerprint),
        setting=hb.setting,
        body_class="notice",
        draft=draft_mark(hb, notice_document_id(notice)),
    )


def output_name(notice) -> str:
    return notice.id + (f".{notice.translation.language}" if notice.translation else "")


def build_notices(hb, out: Path) -> None:
    """Stage: one PDF and one HTML per notice and per translation."""
    for notice in [*hb.notices.values(), *hb.translations]:
        if notice.translation and notice.translation.of not in hb.notices:
            continue  # reported by the check
        name = output_name(notice)
        folder = out / PARENTS_DIR
        write_document(notice_html(hb, notice), folder / f"{name}.html", folder / f"{name}.pdf")
        if not notice.translation:
            print(summary(readability(notice_view(hb, notice)), f"{name}.pdf"), file=sys.stderr)


def notice_section(hb) -> NavSection | None:
    pages = []
    for notice in hb.notices.values():
        view = notice_view(hb, notice)
        body = render("print/_notice_body.html.j2", v=view)
        banner = render("site/_draft_banner.md.j2", draft=draft_mark(hb, notice_document_id(notice)))
        markdown = (
            f"# {notice.title}\n\n{banner}"
            f"<p class=\"notice-meta\"><strong>For parents and carers.</strong> This is the notice given to "
            f"parents, as printed (fingerprint <code>{short(notice_fingerprint(hb, notice))}</code>). "
            f"The printed copy is <code>build/{PARENTS_DIR}/{output_name(notice)}.pdf</code>. "
            f"A translation made from this text carries <code>source_fingerprint: {notice_fingerprint(hb, notice)}</code>.</p>\n\n"
            f"<div class=\"parent-notice\" markdown=\"0\">\n{body}\n</div>\n"
        )
        pages.append((notice.title, f"parents/{notice.id}.md", markdown))
    return NavSection("For parents", pages) if pages else None


SECTIONS.append(notice_section)
