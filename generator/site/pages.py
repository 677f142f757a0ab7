"""Every generated page of the staff handbook and its navigation, from the features in the
navigation's order (pipeline/features.py: NAVIGATION).

MkDocs is only the last stage: this decides every page and its content; the plugin hands
them to MkDocs as generated files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from generator.core.navigation import NavSection, escaped_nav  # noqa: F401 (also imported from here)
from generator.features.policies.pages import home_page
from generator.pipeline.features import context, in_navigation_order

from .setting_docs import SETTING_DOCS, setting_docs  # noqa: F401 (also imported from here)

if TYPE_CHECKING:
    from generator.core.templating import RenderMemo
    from generator.pipeline.handbook import Handbook

# Hand-written pages (docs/) around the generated ones.
HOW_TO_USE = {"How to use this handbook": "how-to-use.md"}
ACCESSIBILITY = {"Accessibility": "accessibility.md"}


@dataclass(frozen=True)
class SitePlan:
    pages: dict[str, str]  # path under docs/ -> Markdown
    nav: list  # as mkdocs.yml's nav writes it


def feature_sections(hb: Handbook, renders: RenderMemo | None = None) -> list[NavSection]:
    """Each feature's sections, in the navigation's order (pipeline/features.py: NAVIGATION; a
    feature may have one or several, or none for this handbook).  With `renders` (serve), the
    features that can reuse unchanged pages are given it."""
    sections: list[NavSection] = []
    for feature in in_navigation_order():
        assert feature.pages is not None  # in_navigation_order gives only features with pages
        made = feature.pages(hb, renders) if renders is not None and feature.pages_reused else feature.pages(hb)
        sections.extend(made if isinstance(made, list) else [made] if made is not None else [])
    return sections


def plan_site(hb: Handbook, renders: RenderMemo | None = None) -> SitePlan:
    """The pages and the navigation, made together (both come from the same sections).
    `renders`: serve's memo of the pages rendered for the last edit (see RenderMemo)."""
    sections = feature_sections(hb, renders)
    pages = {"index.md": home_page(hb, context(hb))}
    for section in sections:
        for _, path, markdown in section.pages:
            pages[path] = markdown
    nav = [{"Home": "index.md"}, HOW_TO_USE, *(s.nav() for s in sections), ACCESSIBILITY]
    return SitePlan(pages, nav)


def site_pages(hb: Handbook) -> dict[str, str]:
    """Every generated page: its path under docs/ and its Markdown."""
    return plan_site(hb).pages


def site_name(hb: Handbook) -> Markup:
    return escape(hb.setting.name) + Markup(" ") + escape(hb.voice.say("staff handbook"))
