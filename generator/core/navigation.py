"""A feature's pages in the staff handbook, and where they sit in its navigation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import escape


@dataclass(frozen=True)
class NavSection:
    """Pages a feature adds to the handbook, under one heading of the navigation."""

    title: str  # heading in the navigation
    pages: list[tuple[str, str, str]]  # (navigation label, path under docs/, Markdown)
    single: bool = False  # one page, linked from the heading itself rather than listed under it

    def nav(self) -> dict[str, Any]:
        """This section as MkDocs' nav writes it."""
        if self.single:
            return {self.title: self.pages[0][1]}
        return {self.title: [{label: path} for label, path, _ in self.pages]}


def escaped_nav(items: Any) -> Any:
    """Navigation titles come from the data, but MkDocs' templates print titles as HTML,
    unescaped: escape them here (as Markup, so a template's own `| e` does not escape twice)."""
    if isinstance(items, list):
        return [escaped_nav(item) for item in items]
    if isinstance(items, dict):
        return {escape(title): escaped_nav(value) for title, value in items.items()}
    return items


def without_pages(items: Any, left_out: set[str]) -> Any:
    """The navigation without its entries for the pages `left_out` (a hand-written page refused
    as private: MkDocs stops a strict build at an entry whose page is missing, where the
    finding says the page was left out), and without a section left empty; None when nothing
    is left."""
    if isinstance(items, list):
        kept = [without_pages(item, left_out) for item in items]
        return [item for item in kept if item is not None] or None
    if isinstance(items, dict):
        pairs = ((title, without_pages(value, left_out)) for title, value in items.items())
        return {title: value for title, value in pairs if value is not None} or None
    return None if items in left_out else items
