"""A person's re-sign checklist leads with what changed since the version *they* signed.

After a revision, someone who signed version 1 should not have to hunt through the whole
policy for the one reworded statement: their own checklist (build/private/checklists/) opens,
for each policy they must re-sign, with the statements added and reworded since their version
(old and new words marked with [removed: ...] / [added: ...], readable in black and white) and
those removed, then the rest of the checklist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from generator.features.checklists.content import Item, PolicyPart
from generator.features.releases.history import released_versions
from generator.features.training.changes import Reworded, policy_changes


@dataclass
class SinceSigned:
    """What changed in one policy since the version a person signed."""

    version: int
    signed_on: dt.date
    added: list[Item] = field(default_factory=list)
    reworded: list[tuple[Item, Reworded]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (id, old text): nothing to tick

    @property
    def ids(self) -> set[str]:
        return {i.id for i in self.added} | {i.id for i, _ in self.reworded}


def _snapshot(hb, policy_id: str, version: int):
    return next((snap for _, snap in released_versions(hb, policy_id) if snap.version == version), None)


def since_signed(hb, part: PolicyPart, cell) -> SinceSigned | None:
    """None unless the person signed an older release of this policy (state signed-older, or a
    new starter who signed an older version before their window ended)."""
    if cell.signed_version is None or cell.state == "signed-current":
        return None
    before = _snapshot(hb, part.policy.id, cell.signed_version)
    if before is None:
        return None
    changes = policy_changes(part.policy, before)
    added = {sid for sid, _ in changes.added}
    reworded = {r.id: r for r in changes.reworded}
    result = SinceSigned(cell.signed_version, cell.signed, removed=changes.removed)
    for item in part.items:
        if item.role_item:
            continue  # role items stay with the rest: their own words did not change
        if item.id in added:
            result.added.append(item)
        elif item.id in reworded:
            result.reworded.append((item, reworded[item.id]))
    return result


def lead_with_changes(hb, parts: list[PolicyPart], cells: dict) -> tuple[list[PolicyPart], dict[str, SinceSigned]]:
    """The parts without the changed items (copies: checklist_parts' are shared), and for each
    policy the person signed an older version of, what changed since: the checklist shows
    the changes first, then the rest, each item once."""
    found: dict[str, SinceSigned] = {}
    result = []
    for part in parts:
        changed = since_signed(hb, part, cells[part.policy.id])
        if changed is not None:
            found[part.policy.id] = changed
            ids = changed.ids
            sections = [(title, [i for i in items if i.role_item or i.id not in ids]) for title, items in part.sections]
            part = replace(part, sections=[(title, items) for title, items in sections if items])
        result.append(part)
    return result, found
