"""Acknowledgement checklists: printed per role (build/print/checklists/), a reading page per
role in the handbook (no signature boxes), and per person for build/private/ (see
features/records/status.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from generator.core.context import Context
from generator.core.navigation import NavSection
from generator.core.output import Output
from generator.core.templating import RenderMemo, footer, render, render_page

from .content import Item, PolicyPart, checklist_parts

if TYPE_CHECKING:
    from generator.features.checklists.content import ChecklistsData as Handbook

CHECKLISTS_DIR = "print/checklists"


def checklist_html(
    hb: Handbook,
    ctx: Context,
    heading: str,
    parts: list[PolicyPart],
    role_ids: list[str],
    person_name: str | None = None,
    since_signed: dict | None = None,
    reference: str | None = None,
) -> str:
    """The printed checklist for someone holding these roles (a draft until every role's
    checklist is approved).  since_signed: {policy id: SinceSigned} for a person's re-sign
    checklist (features/cycle/resign.py).  reference: what the footer calls the paper (a
    role's checklist: its document id, checklist/all-staff).  The versions and fingerprints
    a signature counts for are in the table on the first page."""
    return render(
        "print/checklist.html.j2",
        since_signed=since_signed,
        draft=ctx.checklist_mark(role_ids),
        title=f"Acknowledgement checklist: {heading} ({hb.setting.name})",
        # what the paper is, as a person reads it (not its id for `handbook approve`)
        footer=footer(reference or f"Acknowledgement checklist: {heading}", hb.as_of),
        setting=hb.setting,
        voice=hb.voice,
        heading=heading,
        parts=parts,
        person_name=person_name,
        signature_lines=True,
    )


def role_parts(hb: Handbook, role_id: str) -> list[PolicyPart]:
    return checklist_parts(hb, [role_id])


def signing_roles(hb: Handbook) -> list:
    """The roles someone can hold, and so sign for: every role but the groups."""
    return [role for role in hb.roles.values() if not role.group]


def role_checklists(hb: Handbook, ctx: Context) -> dict[str, str]:
    """Role id -> the HTML of its printed checklist, for every role anyone holds with something
    to sign (a group role's items are on its members' checklists)."""
    return {
        role.id: checklist_html(hb, ctx, role.name, parts, [role.id])
        for role in signing_roles(hb)
        if (parts := role_parts(hb, role.id))
    }


def write_checklist(output: Output, html: str, folder: Path, name: str) -> None:
    output.document(html, folder / f"{name}.html", folder / f"{name}.pdf")


def build_checklists(hb: Handbook, ctx: Context, output: Output) -> None:
    """Build stage: build/print/checklists/<role-id>.pdf and .html for every role anyone holds."""
    folder = output.path(CHECKLISTS_DIR)
    for role_id, html in role_checklists(hb, ctx).items():
        write_checklist(output, html, folder, role_id)


class PagePart(NamedTuple):
    """What a role's reading page shows of one policy's part: values alone (not the policy), so
    an edit elsewhere in the policy leaves the page as it was (`handbook serve`, RenderMemo)."""

    policy_id: str
    title: str
    version: str  # PolicyVersion.bare
    sections: list[tuple[str, list[Item]]]


def checklist_pages(hb: Handbook, ctx: Context, renders: RenderMemo | None = None) -> NavSection | None:
    """Handbook pages: what each role reads and acknowledges.  With `renders` (serve), a page
    whose values are those of the last plan is not rendered again."""
    pages = []
    for role in signing_roles(hb):
        parts = role_parts(hb, role.id)
        if parts:
            path = f"checklists/{role.id}.md"
            markdown = render_page(
                renders,
                path,
                "site/checklist.md.j2",
                role=role,
                parts=[PagePart(p.policy.id, p.policy.title, p.version.bare, p.sections) for p in parts],
                draft=ctx.checklist_mark([role.id]),
                voice=hb.voice,
            )
            pages.append((role.name, path, markdown))
    return NavSection("Checklists", pages) if pages else None
