"""The public edition's own search: an index built here, read by a small script of ours
(templates/public/search.js), both in build/public/.  Nothing is fetched: the index is a
script that sets one variable, so search works from file:// and under any path of any host.

One entry per published statement (found by its words, their other forms and the glossary's
everyday words for the terms it uses, as the staff site's statements are) and per part of the
English privacy notice.  Everything in it comes from a PublicEdition (content.py).
"""

from __future__ import annotations

import json

from generator.core.wordforms import STOP_WORDS, keywords

from .content import PublicEdition

NOTICES_DIR = "notices"


def policy_page(policy_id: str) -> str:
    return f"policies/{policy_id}.html"


def entries(edition: PublicEdition) -> list[dict]:
    out = []
    for policy in edition.policies:
        for section in policy.sections:
            for s in section.statements:
                also = edition.glossary_words(s.text)
                out.append(
                    {
                        "url": f"{policy_page(policy.id)}#{s.id}",
                        "title": policy.title,
                        "where": section.title,
                        "text": s.text,
                        "words": keywords(s.text, also),
                    }
                )
    for t in edition.notice_text:
        out.append(
            {
                "url": f"{NOTICES_DIR}/{t.page}",
                "title": t.title,
                "where": t.where,
                "text": t.text,
                "words": keywords(f"{t.title} {t.text}", edition.glossary_words(f"{t.title} {t.text}")),
            }
        )
    return out


def index_script(edition: PublicEdition) -> str:
    """search-index.js.  ASCII only (escapes for the rest), so no byte of it can be misread
    whatever encoding a web server announces."""
    index = {"stop": sorted(STOP_WORDS), "entries": entries(edition)}
    return "window.PUBLIC_SEARCH = " + json.dumps(index, ensure_ascii=True, separators=(",", ":")) + ";\n"
