"""The handbook's "For the next review" page: every review note, for whoever owns each policy."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from generator.core.navigation import NavSection
from generator.core.templating import render

from .review_notes import review_notes

if TYPE_CHECKING:
    from generator.features.policies.data import PoliciesData as Handbook

REVIEW_PAGE = "review/next-review.md"


def highlight(text: str, words: str | None) -> Markup:
    """The statement's text with the words a note is about marked (<mark>), everything escaped.
    YAML folds long lines, so the words match across any run of spaces."""
    if words:
        pattern = r"\s+".join(re.escape(w) for w in words.split())
        found = re.search(pattern, text)
        if found:
            return (
                escape(text[: found.start()])
                + Markup("<mark>")
                + escape(found.group())
                + Markup("</mark>")
                + escape(text[found.end() :])
            )
    return escape(text)


def review_section(hb: Handbook) -> NavSection | None:
    groups: dict[str, tuple] = {}
    for item in review_notes(hb):
        groups.setdefault(item.policy.id, (item.policy, []))[1].append(item)
    markdown = render("site/review-notes.md.j2", groups=list(groups.values()), highlight=highlight)
    return NavSection("For the next review", [("Review notes", REVIEW_PAGE, markdown)])
