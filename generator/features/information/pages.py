"""Handbook pages for the retention schedule (staff) and the FOI guide to information (public)."""

from __future__ import annotations

from generator.features.information.publication import CLASSES
from generator.features.information.retention import END_ACTION_LABELS
from generator.features.policies.site import SECTIONS, NavSection
from generator.core.templating import render

RETENTION_PAGE = "information/retention.md"
PUBLICATION_PAGE = "information/publication-scheme.md"


def retention_backlinks(hb) -> dict[str, list]:
    """Retention entry id -> [(policy, statement)] of the statements that point at it."""
    links: dict[str, list] = {}
    for policy in hb.policies.values():
        for statement in policy.statements():
            for record_id in statement.retention:
                links.setdefault(record_id, []).append((policy, statement))
    return links


def records_section(hb) -> NavSection | None:
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
                ),
            )
        )
    scheme = hb.publication_scheme
    if scheme is not None:
        by_id = {cls.id: cls for cls in scheme.classes}
        pages.append(
            (
                "Publication scheme",
                PUBLICATION_PAGE,
                render(
                    "site/publication-scheme.md.j2",
                    scheme=scheme,
                    setting=hb.setting,
                    classes=[(cid, by_id.get(cid), title) for cid, title in CLASSES.items()],
                    in_handbook=set(hb.policies),
                ),
            )
        )
    return NavSection("Records and information", pages) if pages else None


SECTIONS.append(records_section)
