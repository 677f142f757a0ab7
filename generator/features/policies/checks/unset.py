"""Facts the setting's documents do not give stay unset; say so, every time, until filled."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.core.findings import Finding, Location
from generator.core.fragments import PLACEHOLDER
from generator.features.policies.codes import (
    NONE_YET,
    PAGE_TO_COMPLETE,
    REGISTER_NEXT_REVIEW_UNSET,
    REGISTER_OWNER_UNSET,
    REGISTER_REVIEW_CYCLE_UNSET,
    SETTING_DPO_UNSET,
    SETTING_FACT_UNSET,
)

if TYPE_CHECKING:
    from generator.features.policies.data import PoliciesData as Handbook

SETTING_FACTS = {
    "address": "the setting's postal address",
    "phone": "the setting's phone number",
    "email": "the setting's email address",
    "ico_registration": "the setting's registration number with the data protection regulator",
}
DPO_FACTS = {"name": "the Data Protection Officer's name", "email": "the Data Protection Officer's email"}
REGISTER_FACTS = {
    "owner": ("no owner (the role id of who keeps it up to date)", REGISTER_OWNER_UNSET),
    "review_cycle_months": ("no review cycle (how many months between reviews)", REGISTER_REVIEW_CYCLE_UNSET),
    "next_review": ("no next review date", REGISTER_NEXT_REVIEW_UNSET),
}
# Not `approved`: a policy in the handbook is approved by `handbook approve`, which records the
# words approved (approvals.yaml); until then approvals.py reports it as a draft.


PAGES = "docs"  # the hand-written pages of the site (mkdocs.yml's docs_dir)
_WRITTEN_PLACEHOLDER = re.compile(re.escape(PLACEHOLDER), re.IGNORECASE)


def unset_in_pages(hb: Handbook) -> Iterable[Finding]:
    """The site's hand-written pages (a new project's accessibility statement) say "to be
    completed" where the setting must write something: each one is a fact left to complete,
    like an unset value in the data, so a strict build fails until it is written."""
    folder = hb.project.root / PAGES
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # the site build says why it cannot read it
        for number, line in enumerate(text.splitlines(), start=1):
            for found in _WRITTEN_PLACEHOLDER.finditer(line):
                hint = line[found.end() :].strip(" *:.")
                yield PAGE_TO_COMPLETE(
                    Location(hb.project.shown(path), number, found.start() + 1),
                    f'to be completed: the page says "{found.group()}" here' + (f": {hint}" if hint else ""),
                )


def check(hb: Handbook) -> Iterable[Finding]:
    yield from unset_in_pages(hb)
    s = hb.setting
    if not hb.policies:  # a new project (`handbook new`)
        yield NONE_YET(
            Location(hb.project.shown(hb.project.data_dir / "policies")),
            "to be completed: the handbook has no policies yet; bring one in from Word, PDF or text "
            "with `handbook import FILE --id ID`",
        )
    for field, what in SETTING_FACTS.items():
        if getattr(s, field) is None:
            yield SETTING_FACT_UNSET(s.where(field), f"to be completed: {what} is not set")
    # A DPO is a duty of public authorities (the kinds table); another setting may name one.
    dpo_duty = hb.duty("dpo")
    for field, what in DPO_FACTS.items():
        if getattr(s.dpo, field) is None and (dpo_duty is not False or s.dpo.name or s.dpo.email):
            yield SETTING_DPO_UNSET(s.where("dpo", field), f"to be completed: {what} is not set")
    for entry in hb.register.values():
        if entry.status != "in-handbook":
            continue
        for field, (what, code) in REGISTER_FACTS.items():
            if getattr(entry, field) is None:
                yield code(entry.where(field), f"to be completed: '{entry.id}' has {what}")
