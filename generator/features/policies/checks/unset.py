"""Facts the setting's documents do not give stay unset; say so, every time, until filled."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from generator.core.findings import Finding, Location, warning

if TYPE_CHECKING:
    from generator.pipeline.handbook import Handbook

SETTING_FACTS = {
    "address": "the setting's postal address",
    "phone": "the setting's phone number",
    "email": "the setting's email address",
    "ico_registration": "the setting's registration number with the data protection regulator",
}
DPO_FACTS = {"name": "the Data Protection Officer's name", "email": "the Data Protection Officer's email"}
REGISTER_FACTS = {
    "owner": "no owner (the role id of who keeps it up to date)",
    "review_cycle_months": "no review cycle (how many months between reviews)",
    "next_review": "no next review date",
}
# Not `approved`: a policy in the handbook is approved by `handbook approve`, which records the
# words approved (approvals.yaml); until then approvals.py reports it as a draft.


def check(hb: Handbook) -> Iterable[Finding]:
    s = hb.setting
    if not hb.policies:  # a new project (`handbook new`)
        yield warning(
            Location(hb.project.shown(hb.project.data_dir / "policies")),
            "to be completed: the handbook has no policies yet; bring one in from Word, PDF or text "
            "with `handbook import FILE --id ID`",
        )
    for field, what in SETTING_FACTS.items():
        if getattr(s, field) is None:
            yield warning(s.where(field), f"to be completed: {what} is not set")
    # A DPO is a duty of public authorities (the kinds table); another setting may name one.
    dpo_duty = hb.duty("dpo")
    for field, what in DPO_FACTS.items():
        if getattr(s.dpo, field) is None and (dpo_duty is not False or s.dpo.name or s.dpo.email):
            yield warning(s.where("dpo", field), f"to be completed: {what} is not set")
    for entry in hb.register.values():
        if entry.status != "in-handbook":
            continue
        for field, what in REGISTER_FACTS.items():
            if getattr(entry, field) is None:
                yield warning(entry.where(field), f"to be completed: '{entry.id}' has {what}")
