"""The Glossary page: every term of policy_data/glossary.yaml with its definition, source,
the words people search with, and the statements of this handbook that use it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from generator.core.navigation import NavSection
from generator.core.templating import render
from generator.features.guidance.cite import sources_sentence

from .glossary import by_name, matcher

if TYPE_CHECKING:
    from generator.features.glossary.glossary import GlossaryData as Handbook

GLOSSARY_PAGE = "glossary.md"


def statements_using(hb: Handbook) -> dict[str, list]:
    """Term name -> [(policy, statement)] of the statements that use it (by the same matching
    the search uses)."""
    match = matcher(hb.glossary)
    found: dict[str, list] = {}
    if match is None:
        return found
    for policy, _, statement in hb.reading_order[0]:
        for term in match.terms_in(statement.text):
            found.setdefault(term.term, []).append((policy, statement))
    return found


def _links(used: dict[str, list]) -> dict[str, Markup]:
    """Term name -> its "In this handbook" links, joined here: at a local authority's scale a
    common term is used by thousands of statements, too many for a template loop on every
    `serve` rebuild.  Policy and statement ids are validated (letters, digits, hyphens); they
    are escaped all the same, as everything from the data is: each id once (markupsafe's
    `escape`), and each link made once however many terms it is listed under (Markup.format
    per link cost a tenth of a `serve` edit at 4,000 statements)."""
    made: dict[tuple[str, str], str] = {}

    def link(policy_id: str, statement_id: str) -> str:
        if (policy_id, statement_id) not in made:
            sid = escape(statement_id)
            made[policy_id, statement_id] = f'<a href="policies/{escape(policy_id)}.html#{sid}">{sid}</a>'
        return made[policy_id, statement_id]

    return {
        term: Markup(", ".join(link(policy.id, statement.id) for policy, statement in pairs))
        for term, pairs in used.items()
    }


def glossary_section(hb: Handbook) -> NavSection | None:
    """The Glossary, one page linked from its heading; none without a glossary.yaml."""
    if hb.glossary is None:
        return None
    entries = by_name(hb.glossary)
    markdown = render(
        "site/glossary.md.j2",
        terms=sorted(hb.glossary.terms, key=lambda t: t.term.casefold()),
        related=lambda term: [entries[r.casefold()] for r in term.related if r.casefold() in entries],
        used_in=_links(statements_using(hb)),
        source_of=lambda term: sources_sentence(hb, term.cites, term.source),
        voice=hb.voice,  # "that staff and parents meet"; a childminder may have no staff
    )
    return NavSection("Glossary", [("Glossary", GLOSSARY_PAGE, markdown)], single=True)
