"""A setting's "Local changes" page: where its handbook departs from the model it adopts,
for the Head and whoever reviews the policies (a single-setting handbook has no such page)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.core.navigation import NavSection
from generator.core.templating import render

if TYPE_CHECKING:
    from generator.features.settings.data import SettingsData as Handbook

LOCAL_CHANGES_PAGE = "review/local-changes.md"


def local_changes_section(hb: Handbook) -> NavSection | None:
    if hb.adopted is None:
        return None
    by_kind = {kind: [c for c in hb.adopted.changes if c.kind == kind] for kind in ("replaced", "removed", "added")}
    from .check import own_copies

    markdown = render(
        "site/local-changes.md.j2",
        setting=hb.setting,
        adopted=hb.adopted,
        conflicts=hb.adopted.conflicts,
        own_copies=[hb.policies[pid].title for pid in own_copies(hb)],
        **by_kind,
    )
    return NavSection("Local changes", [("Local changes to the model", LOCAL_CHANGES_PAGE, markdown)], single=True)
