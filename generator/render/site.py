"""The staff handbook site: generated Markdown pages for MkDocs.

MkDocs is only the last stage: this module decides every page and its content, the hook
hands them to MkDocs as generated files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..approvals import draft_mark, policy_document_id
from ..checks.review import review_status
from ..clock import today
from ..versions import policy_version
from .templating import render

REVIEW_LABELS = {
    "overdue": "Overdue",
    "due-soon": "Due within 28 days",
    "in-date": "In date",
    "unknown": "To be completed",
}
STATUS_LABELS = {"in-handbook": "In this handbook", "held-by-centre": "Held by the centre, not yet in the handbook"}


@dataclass(frozen=True)
class Block:
    """A paragraph, or a run of list items, as they appear on the page."""

    kind: str  # "paragraph" or "list"
    statements: tuple


def blocks(section) -> list[Block]:
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


def _common(hb) -> dict:
    return {
        "setting": hb.setting,
        "roles": hb.roles,
        "register": hb.register,
        "as_of": today(),
    }


def _role_groups(hb, role_id: str) -> list[tuple[str, list]]:
    """Statements for a role, those naming it first, then those it gets from wider roles."""
    own, inherited = [], {}
    for policy, statement in hb.statements_for_role(role_id):
        if role_id in statement.roles:
            own.append((policy, statement))
        else:
            via = next(r for r in statement.roles if r in hb.roles_covering(role_id))
            inherited.setdefault(via, []).append((policy, statement))
    groups = [(f"Specific to {hb.roles[role_id].name.lower()}", own)] if own else []
    groups += [(f"For {hb.roles[via].name.lower()}", items) for via, items in inherited.items()]
    return groups


@dataclass(frozen=True)
class NavSection:
    """Pages another output adds to the handbook (the parent notice, checklists, ...)."""

    title: str  # heading in the navigation
    pages: list[tuple[str, str, str]]  # (navigation label, path under docs/, Markdown)


# Feature modules append a function here: handbook -> NavSection | None (None: nothing to show).
# Their pages appear in the navigation after the built-in ones, in this order.
SECTIONS: list[Callable[..., "NavSection | None"]] = []


def _extra_sections(hb) -> list[NavSection]:
    """The feature modules' sections, rendered once per handbook: the navigation and the
    pages both need them."""
    cache = hb.__dict__.setdefault("_site_sections", {})
    if "sections" not in cache:
        cache["sections"] = [section for make in SECTIONS if (section := make(hb)) is not None]
    return cache["sections"]


def site_pages(hb) -> dict[str, str]:
    """Every generated page: its path under docs/ and its Markdown."""
    common = _common(hb)
    policies = [(p, policy_version(hb, p)) for p in hb.policies.values()]
    pages = {
        "index.md": render("site/index.md.j2", policies=policies, **common),
        "register.md": render(
            "site/register.md.j2",
            entries=sorted(hb.register.values(), key=lambda e: (e.status != "in-handbook", e.title.lower())),
            review_status=review_status,
            review_labels=REVIEW_LABELS,
            status_labels=STATUS_LABELS,
            **common,
        ),
        "roles/index.md": render(
            "site/roles-index.md.j2",
            role_counts=[(r, len(hb.statements_for_role(r.id))) for r in hb.roles.values()],
            **common,
        ),
    }
    for policy, version in policies:
        pages[policy_page_path(policy.id)] = render(
            "site/policy.md.j2",
            policy=policy,
            draft=draft_mark(hb, policy_document_id(policy.id)),
            version=version,
            entry=hb.register.get(policy.id),
            blocks=blocks,
            review_labels=REVIEW_LABELS,
            review_status=review_status,
            **common,
        )
    for role in hb.roles.values():
        pages[role_page_path(role.id)] = render(
            "site/role.md.j2",
            role=role,
            wider=[hb.roles[r] for r in sorted(hb.roles_covering(role.id) - {role.id})],
            groups=_role_groups(hb, role.id),
            **common,
        )
    for section in _extra_sections(hb):
        for _, path, markdown in section.pages:
            pages[path] = markdown
    return pages


def site_nav(hb) -> list:
    """The navigation, in the order a new member of staff reads it."""
    return [
        {"Home": "index.md"},
        {"How to use this handbook": "how-to-use.md"},
        {"Policies": [{p.title: policy_page_path(p.id)} for p in hb.policies.values()]},
        {"Policy register": "register.md"},
        {
            "Who this applies to": [{"All roles": "roles/index.md"}]
            + [{r.name: role_page_path(r.id)} for r in hb.roles.values()]
        },
        *({s.title: [{label: path} for label, path, _ in s.pages]} for s in _extra_sections(hb)),
        {"Accessibility": "accessibility.md"},
    ]


# Feature modules that add sections (imported last: they append to SECTIONS above).
from . import checklists as _checklists  # noqa: E402,F401
from . import notice_print, records_pages, review_page  # noqa: E402,F401
