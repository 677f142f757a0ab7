"""Handbook pages for the retention schedule (staff) and the FOI guide to information (public)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.core.context import Context
from generator.core.navigation import NavSection
from generator.core.templating import render
from generator.features.guidance.cite import sources_named, sources_sentence
from generator.features.policies.kinds import council_is_controller, law_unknown_for_its_kind
from generator.features.policies.model import Policy, Statement
from generator.features.policies.pages import document_page

from .publication import CLASSES, InformationClass
from .retention import END_ACTION_LABELS

if TYPE_CHECKING:
    from generator.features.information.data import InformationData as Handbook

RETENTION_PAGE = "information/retention.md"
PUBLICATION_PAGE = "information/publication-scheme.md"


def retention_backlinks(hb: Handbook) -> dict[str, list[tuple[Policy, Statement]]]:
    """Retention entry id -> [(policy, statement)] of the statements that point at it."""
    links: dict[str, list[tuple[Policy, Statement]]] = {}
    for policy in hb.policies.values():
        for statement in policy.statements():
            for record_id in statement.retention:
                links.setdefault(record_id, []).append((policy, statement))
    return links


def records_section(hb: Handbook, ctx: Context) -> NavSection | None:
    pages = []
    if hb.retention:
        pages.append(
            (
                "Retention schedule",
                RETENTION_PAGE,
                render(
                    "site/retention.md.j2",
                    entries=list(hb.retention.values()),
                    action_labels=END_ACTION_LABELS,
                    backlinks=retention_backlinks(hb),
                    voice=hb.voice,  # a childminder keeps her own records: "How long I keep ..."
                    dpo=hb.duty("dpo"),  # who a request to see records goes to (the kinds table)
                    # Education data (DPA 2018 Sch 3 Part 4) is a record of a school para 14(3)
                    # lists (maintained, academy, independent): the kinds KCSIE covers.  None: unknown.
                    school_records=hb.duty("kcsie"),
                    source_of=lambda guideline: sources_sentence(hb, guideline.cites, guideline.source),
                    # An unchecked period is not said to "come from" its sources: it is to be checked against them.
                    sources_of=lambda guideline: sources_named(hb, guideline.cites, guideline.source),
                ),
            )
        )
    scheme = hb.publication_scheme
    # The guide to information is a public authority's (FOIA 2000 s.19): not for a kind of
    # setting the Act does not cover (the kinds table).  Unknown kind: shown, and reported.
    if scheme is not None and hb.duty("foi_publication_scheme") is not False:
        by_id: dict[str, InformationClass] = {cls.id: cls for cls in scheme.classes}
        pages.append(
            (
                "Publication scheme",
                PUBLICATION_PAGE,
                render(
                    "site/publication-scheme.md.j2",
                    scheme=scheme,
                    setting=hb.setting,
                    voice=hb.voice,
                    foi=hb.duty("foi_publication_scheme"),
                    law_known=not law_unknown_for_its_kind(hb),
                    # A council's centre is part of the council, the public authority (the kinds table).
                    run_by_council=council_is_controller(hb),
                    regulator=hb.regulator.on(hb.as_of) if hb.regulator else None,
                    classes=[(cid, by_id.get(cid), title) for cid, title in CLASSES.items()],
                    document_page=lambda doc_id: document_page(hb, ctx, doc_id),
                ),
            )
        )
    return NavSection("Records and information", pages) if pages else None
