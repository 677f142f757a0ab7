"""Which facts in the data may reach the public edition: everything else is private.

Each kind of data file (pipeline/handbook.py SOURCES, by key) lists the paths of its public
fields; `*` stands for any list index.  A kind not listed (staff records, releases' notes,
training, checklists, roles, the register, approvals) has no public field at all, and a field
not listed (a statement's editor's note, its review notes, the staff handbook's contact) is
private.  The public edition reads the data through these lists only (content.py), and
tests/test_public_edition.py seeds a marker into every field of every kind and fails when a
marker from a field not listed here is found anywhere in build/public/.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.features.policies.model import Statement

# Who a statement must be for to be published (besides staff: every statement is for staff).
PUBLIC_AUDIENCES = frozenset({"parents", "public"})

# The setting's contact details as a parent reads them on the privacy notice; not
# `handbook_contact` (who staff ask about the handbook).
SETTING_CONTACT = ("address", "phone", "email", "website")

PUBLIC_FIELDS: dict[str, tuple[str, ...]] = {
    "setting": (
        "name",
        "kind",
        # who runs it, the data controller the notice names
        "run_by",
        "company_number",
        "charity_number",
        *SETTING_CONTACT,
        "local_authority",
        "ico_registration",
        "complaints_email",
        "complaints_form",
        "dpo.*",  # the Data Protection Officer, as the notice gives them
    ),
    # A policy's title and section titles, and the words of its statements for parents or the
    # public (see is_public below); never a statement's note or review notes.
    "policies": ("title", "sections.*.title", "sections.*.statements.*.text"),
    # The parent notice is for parents as a whole (its own check keeps staff-only words out).
    "notices": ("**",),
    "regulator": ("name", "what_it_does", "website", "complaint_page", "phone", "address"),
    "publication_scheme": ("**",),
    # The periods the notice prints for the records it names.
    "retention": ("records.*.record", "records.*.period"),
    # The glossary's everyday words make the public search find a statement ("photos" for
    # "photographs"); they are shown nowhere.
    "glossary": (
        "terms.*.term",
        "terms.*.abbreviation",
        "terms.*.synonyms.*",
        "terms.*.misspellings.*",
        "terms.*.related.*",
    ),
}


def for_the_public(statement: Statement) -> bool:
    """A statement the public edition may show: for parents or the public."""
    return bool(PUBLIC_AUDIENCES.intersection(statement.audience))


def _matches(pattern: tuple[str, ...], path: tuple[Any, ...]) -> bool:
    if pattern == ("**",):
        return True
    if len(pattern) != len(path):
        return False
    return all(p in ("*", str(k)) for p, k in zip(pattern, path))


def is_public(kind: str, path: Iterable[Any], document: Any = None) -> bool:
    """Whether the field at `path` in a data file of `kind` may be published.  For a policy it
    depends on its data (`document`, the file as plain YAML): nothing of a policy whose
    `public:` is `no`; a statement's words only when it is for parents or the public; a
    section's title only when one of its statements is, the policy's title when any is."""
    path = tuple(path)
    if not any(_matches(tuple(p.split(".")), path) for p in PUBLIC_FIELDS.get(kind, ())):
        return False
    if kind != "policies":
        return True
    if document.get("public") in ("no", False):
        return False
    if path[-1:] == ("text",):
        return _public_audience(document["sections"][path[1]]["statements"][path[3]])
    sections = document["sections"][path[1] : path[1] + 1] if path[0] == "sections" else document["sections"]
    return any(_public_audience(s) for section in sections for s in section["statements"])


def _public_audience(statement: dict) -> bool:
    return bool(PUBLIC_AUDIENCES.intersection(statement.get("audience") or ()))
