"""The policies' pages in the staff handbook: the front page, each policy, the register and
what each role reads.  (site/pages.py puts every feature's pages together for MkDocs.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.core.context import Context
from generator.core.navigation import NavSection
from generator.core.templating import RenderMemo, render, render_page

from .checks.review import review_status
from .model import Section, Statement, policy_document_id

if TYPE_CHECKING:
    from generator.features.policies.data import PoliciesData as Handbook

REVIEW_LABELS = {
    "draft": "Draft: not yet approved",
    "overdue": "Overdue",
    "due-soon": "Due within 28 days",
    "in-date": "In date",
    # "unknown" (no review date) is printed by the `tbc` filter, which reports it: see core/fragments.py
}
STATUS_LABELS = {
    "in-handbook": "In this handbook",
    "held-by-centre": "Held by the setting, not yet in the handbook",
    "named-in-policy": "Named in a policy; whether the setting holds it is to be confirmed",
}
# The same, after a link to the document on a policy page.
LINK_LABELS = {
    "in-handbook": "in this handbook",
    "held-by-centre": "held by the setting",
    "named-in-policy": "named in the policy",
}


@dataclass(frozen=True)
class Block:
    """A paragraph, or a run of list items, as they appear on the page."""

    kind: str  # "paragraph" or "list"
    statements: tuple[Statement, ...]


def blocks(section: Section) -> list[Block]:
    out: list[Block] = []
    for statement in section.statements:
        if statement.kind == "item" and out and out[-1].kind == "list":
            out[-1] = Block("list", out[-1].statements + (statement,))
        else:
            out.append(Block("list" if statement.kind == "item" else "paragraph", (statement,)))
    return out


def policy_page_path(policy_id: str) -> str:
    return f"policies/{policy_id}.md"


def role_page_path(role_id: str) -> str:
    return f"roles/{role_id}.md"


def document_page(hb: Handbook, ctx: Context, doc_id: str) -> str | None:
    """Where a register document is in the handbook (relative to the site root), or None when
    it is not: a policy has its policy page, a parent notice its page under "For parents"."""
    if doc_id in hb.policies:
        return policy_page_path(doc_id)[:-3] + ".html"
    if doc_id in ctx.notice_ids:
        return f"parents/{doc_id}.html"
    return None


def draft_aware_status(hb: Handbook, ctx: Context):
    """review_status for the register and the policy pages, except that a document in the
    handbook that is still a draft is never "In date": its review date means nothing until it
    is approved (content audit M15)."""

    def status(entry, on):
        found = review_status(entry, on)
        if found == "in-date" and entry.status == "in-handbook" and _is_draft(hb, ctx, entry.id):
            return "draft"
        return found

    return status


def _is_draft(hb: Handbook, ctx: Context, doc_id: str) -> bool:
    if doc_id in hb.policies:
        return ctx.draft_mark(policy_document_id(doc_id)) is not None
    if doc_id in ctx.notice_ids:
        return ctx.draft_mark(f"notice/{doc_id}") is not None
    return False


def _common(hb: Handbook, ctx: Context) -> dict:
    return {
        "setting": hb.setting,
        "roles": hb.roles,
        "register": hb.register,
        "document_page": lambda doc_id: document_page(hb, ctx, doc_id),
        "as_of": hb.as_of,
        "voice": hb.voice,
    }


def _role_groups(hb: Handbook, role_id: str) -> list[tuple[str, list[tuple[str, Statement]]]]:
    """Statements for a role, those naming it first, then those it gets from wider roles, as
    (policy id, statement) pairs: all a role page shows of a policy is its id."""
    own: list[tuple[str, Statement]] = []
    inherited: dict[str, list[tuple[str, Statement]]] = {}
    covering = hb.roles_covering(role_id)  # worked out once, not once a statement
    for policy, statement in hb.statements_for_role(role_id):
        if role_id in statement.roles:
            own.append((policy.id, statement))
        else:
            via = next(r for r in statement.roles if r in covering)
            inherited.setdefault(via, []).append((policy.id, statement))
    groups = [(f"Specific to {hb.roles[role_id].name.lower()}", own)] if own else []
    groups += [(f"For {hb.roles[via].name.lower()}", items) for via, items in inherited.items()]
    return groups


def home_page(hb: Handbook, ctx: Context) -> str:
    """index.md: the handbook's front page, listing the policies and their versions."""
    policies = [(p, ctx.version_of(p)) for p in hb.policies.values()]
    return render(
        "site/index.md.j2",
        policies=policies,
        in_handbook=[e for e in hb.register.values() if e.status == "in-handbook"],
        held=[e for e in hb.register.values() if e.status != "in-handbook"],
        # an id of this handbook's own to show as the example (none in a new project)
        example_id=next((s.id for p in hb.policies.values() for s in p.statements()), None),
        **_common(hb, ctx),
    )


def policy_sections(hb: Handbook, ctx: Context, renders: RenderMemo | None = None) -> list[NavSection]:
    """The policies, the register and what applies to each role, in the order a new member of
    staff reads them.  With `renders` (serve), a policy or role page whose values are those of
    the last plan is not rendered again: its context holds values, no functions made anew."""
    common = _common(hb, ctx)
    # What a policy or role page shows of the handbook as a whole (document_page is a function
    # made for each build, and neither page uses it).
    shown = {name: value for name, value in common.items() if name != "document_page"}
    status = draft_aware_status(hb, ctx)
    policies = []
    for policy in hb.policies.values():
        entry = hb.register.get(policy.id)
        markdown = render_page(
            renders,
            policy_page_path(policy.id),
            "site/policy.md.j2",
            policy=policy,
            version=ctx.version_of(policy),
            draft=ctx.draft_mark(policy_document_id(policy.id)),
            entry=entry,
            next_review=status(entry, hb.as_of) if entry and entry.next_review else None,
            blocks=blocks,
            abbreviations=ctx.abbreviations,
            review_labels=REVIEW_LABELS,
            link_labels=LINK_LABELS,
            **shown,
        )
        policies.append((policy.title, policy_page_path(policy.id), markdown))
    register = render(
        "site/register.md.j2",
        entries=sorted(hb.register.values(), key=lambda e: (e.status != "in-handbook", e.title.lower())),
        review_status=draft_aware_status(hb, ctx),
        review_labels=REVIEW_LABELS,
        status_labels=STATUS_LABELS,
        **common,
    )
    roles = [
        (
            "All roles",
            "roles/index.md",
            render(
                "site/roles-index.md.j2",
                role_counts=[(r, len(hb.statements_for_role(r.id))) for r in hb.roles.values()],
                **common,
            ),
        )
    ]
    for role in hb.roles.values():
        markdown = render_page(
            renders,
            role_page_path(role.id),
            "site/role.md.j2",
            role=role,
            wider=[hb.roles[r] for r in sorted(hb.roles_covering(role.id) - {role.id})],
            groups=_role_groups(hb, role.id),
            **shown,
        )
        roles.append((role.name, role_page_path(role.id), markdown))
    return [
        NavSection("Policies", policies),
        NavSection("Policy register", [("Policy register", "register.md", register)], single=True),
        NavSection("Who this applies to", roles),
    ]
