"""A feature's pages in the staff handbook, and where they sit in its navigation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavSection:
    """Pages a feature adds to the handbook, under one heading of the navigation."""

    title: str  # heading in the navigation
    pages: list[tuple[str, str, str]]  # (navigation label, path under docs/, Markdown)
    single: bool = False  # one page, linked from the heading itself rather than listed under it

    def nav(self) -> dict:
        """This section as MkDocs' nav writes it."""
        if self.single:
            return {self.title: self.pages[0][1]}
        return {self.title: [{label: path} for label, path, _ in self.pages]}
