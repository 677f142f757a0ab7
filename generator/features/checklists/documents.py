"""The role checklists as documents the setting approves: one per role anyone holds with
something to sign, fingerprinted on what it prints."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from generator.core.documents import Document

from .content import ChecklistsData as Handbook
from .content import checklist_document_id, checklist_parts, hashed_sections


def checklist_fingerprint(role, parts) -> str:
    """What a role's checklist prints: its heading, and per policy the version and fingerprint
    (which cover the statements' words and section titles) and every item's id and place; a
    role item's own words too.  Hashed directly: a large handbook has thousands of items per
    role, and this runs in every `handbook check`."""
    digest = hashlib.sha256(f"{role.id}\0{role.name}\0".encode())
    for part in parts:
        digest.update(f"\1{part.policy.id}\0{part.version.record}\0{part.version.fingerprint}\0".encode())
        # kept with the part in `handbook serve` (content.py: _policy_part)
        digest.update(part.hashed if part.hashed is not None else hashed_sections(part.sections))
    return digest.hexdigest()


def checklist_documents(hb: Handbook) -> Iterable[Document]:

    for role in hb.roles.values():
        if role.group:
            continue  # nobody holds a group role: its items are on its members' checklists
        parts = checklist_parts(hb, [role.id])
        if not parts:
            continue  # no checklist is printed for a role with nothing to read
        checklist = hb.checklists.get(role.id)
        where = checklist.where("role") if checklist is not None else role.where("id")
        fingerprint = checklist_fingerprint(role, parts)
        yield Document(
            checklist_document_id(role.id),
            "checklist",
            f"Acknowledgement checklist: {role.name}",
            fingerprint,
            None,
            where,
        )
