"""The Glossary page: every term of policy_data/glossary.yaml with its definition, source,
the words people search with, and the statements of this handbook that use it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from generator.core.navigation import NavSection
from generator.core.templating import render
from generator.features.guidance.cite import sources_sentence

from .glossary import Matcher, by_name, matcher

if TYPE_CHECKING:
    from generator.features.glossary.glossary import GlossaryData as Handbook
    from generator.features.policies.model import Policy

GLOSSARY_PAGE = "glossary.md"


def _links(hb: Handbook) -> dict[str, Markup]:
    """Term name -> its "In this handbook" links: every statement that uses it (by the same
    matching the search uses), in handbook order, joined here: at a local authority's scale a
    common term is used by thousands of statements, too many for a template loop on every
    `serve` rebuild.  Made policy by policy, and in `handbook serve` (hb.kept) a policy's
    links are kept with the policy and the glossary they were found from: an edit to one
    policy finds the terms of its statements alone (finding and joining every policy's links
    was a tenth of an edit's CPU at bench scale, issue 31)."""
    match = matcher(hb.glossary)
    if match is None:
        return {}
    pieces: dict[str, list[str]] = {}
    for policy in hb.policies.values():
        for term, links in _policy_links(hb, policy, match).items():
            pieces.setdefault(term, []).append(links)
    return {term: Markup(", ".join(links)) for term, links in pieces.items()}


def _policy_links(hb: Handbook, policy: Policy, match: Matcher) -> dict[str, str]:
    """Term name -> the links to this policy's statements that use it, joined.  Policy and
    statement ids are validated (letters, digits, hyphens); they are escaped all the same, as
    everything from the data is, and each link is made once however many terms it is listed
    under."""
    return hb.kept_or_made(("glossary links", policy.id), (policy, hb.glossary), lambda: _links_of(policy, match))


def _links_of(policy: Policy, match: Matcher) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    pid = escape(policy.id)
    for statement in policy.statements():
        terms = match.terms_in(statement.text)
        if terms:
            sid = escape(statement.id)
            link = f'<a href="policies/{pid}.html#{sid}">{sid}</a>'
            for term in terms:
                found.setdefault(term.term, []).append(link)
    return {term: ", ".join(links) for term, links in found.items()}


def glossary_section(hb: Handbook) -> NavSection | None:
    """The Glossary, one page linked from its heading; none without a glossary.yaml."""
    if hb.glossary is None:
        return None
    entries = by_name(hb.glossary)
    markdown = render(
        "site/glossary.md.j2",
        terms=sorted(hb.glossary.terms, key=lambda t: t.term.casefold()),
        related=lambda term: [entries[r.casefold()] for r in term.related if r.casefold() in entries],
        used_in=_links(hb),
        source_of=lambda term: sources_sentence(hb, term.cites, term.source),
        voice=hb.voice,  # "that staff and parents meet"; a childminder may have no staff
    )
    return NavSection("Glossary", [("Glossary", GLOSSARY_PAGE, markdown)], single=True)
