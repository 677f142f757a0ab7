"""Acknowledgement checklists: printed per role (build/print/checklists/), a reading page per
role in the handbook (no signature boxes), and per person for build/private/ (see status.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..approvals import checklist_mark
from ..checklists import PolicyPart, checklist_parts
from ..clock import today
from ..fingerprint import short
from .pdf import write_document
from .site import SECTIONS, NavSection
from .templating import render


def footer(parts: list[PolicyPart]) -> str:
    """Version and fingerprint of every policy on the paper, and the print date."""
    versions = "; ".join(
        f"{p.policy.id} {f'version {p.version.number}' if p.version.number else 'draft'} · {short(p.version.fingerprint)}"
        for p in parts
    )
    return f"{versions} · printed {today().isoformat()}"


def checklist_html(
    hb, heading: str, parts: list[PolicyPart], role_ids: list[str], person_name: Optional[str] = None, since_signed=None
) -> str:
    """The printed checklist for someone holding these roles (a draft until every role's
    checklist is approved).  since_signed: {policy id: SinceSigned} for a person's re-sign
    checklist (cycle/resign.py)."""
    return render(
        "print/checklist.html.j2",
        since_signed=since_signed,
        title=f"Acknowledgement checklist: {heading} ({hb.setting.name})",
        footer=footer(parts),
        setting=hb.setting,
        heading=heading,
        parts=parts,
        person_name=person_name,
        signature_lines=True,
        draft=checklist_mark(hb, role_ids),
    )


def role_parts(hb, role_id: str) -> list[PolicyPart]:
    return checklist_parts(hb, [role_id])


def write_checklist(html: str, folder: Path, name: str) -> None:
    write_document(html, folder / f"{name}.html", folder / f"{name}.pdf")


def build_checklists(hb, out: Path) -> None:
    """Build stage: build/print/checklists/<role-id>.pdf and .html for every role."""
    folder = out / "print" / "checklists"
    for role in hb.roles.values():
        parts = role_parts(hb, role.id)
        if parts:
            write_checklist(checklist_html(hb, role.name, parts, [role.id]), folder, role.id)


def checklist_pages(hb) -> Optional[NavSection]:
    pages = []
    for role in hb.roles.values():
        parts = role_parts(hb, role.id)
        if parts:
            markdown = render("site/checklist.md.j2", role=role, parts=parts, draft=checklist_mark(hb, [role.id]))
            pages.append((role.name, f"checklists/{role.id}.md", markdown))
    return NavSection("Checklists", pages) if pages else None


# A handbook page per role (site.py imports this module so plain `mkdocs build` has it too).
if checklist_pages not in SECTIONS:
    SECTIONS.append(checklist_pages)
