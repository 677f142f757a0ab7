"""The kind of setting: which one `handbook check` assumes, and what follows from it.

Never a guess: an unset or unknown kind is reported, and what depends on it (the publication
scheme, the DPO, which safeguarding guidance the training is measured against) stays "to be
completed" until it is set.  The table knows England's law only, and says so to a setting
elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.core.findings import Finding
from generator.features.policies.codes import (
    SETTING_KIND_ASSUMED,
    SETTING_KIND_UNSET,
    SETTING_NATION_UNSUPPORTED,
    SETTING_NOUN_UNSET,
    SETTING_UNKNOWN_KIND,
)
from generator.features.policies.kinds import DUTIES, kind_ids, package_table

if TYPE_CHECKING:
    from generator.features.policies.data import PoliciesData as Handbook

NATIONS = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}


def _answer(applies) -> str:
    return {True: "yes", False: "no", "partly": "partly"}[applies]


def check(hb: Handbook) -> Iterable[Finding]:
    s = hb.setting
    table = hb.kinds_table or package_table()
    known = ", ".join(k.id for k in table.kinds)
    named = kind_ids(s.kind)
    if not named:
        yield SETTING_KIND_UNSET(
            s.where("kind"),
            f"to be completed: the kind of setting (kind:) is not set, one of: {known}; until it is, "
            "whether the Freedom of Information Act, a Data Protection Officer and Keeping children safe in education "
            "apply is to be completed",
        )
    found = {k.id for k in hb.kinds} | {k.name.lower() for k in hb.kinds}
    for i, value in enumerate(named):
        if value.strip() not in found and value.strip().lower() not in found:
            where = s.where("kind", i) if isinstance(s.kind, list) else s.where("kind")
            yield SETTING_UNKNOWN_KIND(
                where, f"unknown kind of setting '{value}': one of {known} (the kinds table, generator/data/kinds.yaml)"
            )
    nations = {k.nation for k in hb.kinds} or {"england"}
    if s.nation is not None and s.nation not in nations:
        yield SETTING_NATION_UNSUPPORTED(
            s.where("nation"),
            f"this tool knows the law of {', '.join(NATIONS[n] for n in sorted(nations))} only, not yet "
            f"{NATIONS[s.nation]}'s: Keeping children safe in education, the EYFS and Ofsted are England's; "
            "what depends on the law is left to be completed: check every page against your own nation's law",
        )
    nouns = {k.noun for k in hb.kinds}
    choices = sorted(nouns | {n for k in hb.kinds for n in k.other_nouns})
    if not s.noun and len(nouns) != 1:
        yield SETTING_NOUN_UNSET(
            s.where("noun"),
            "to be completed: what the handbook calls the setting in its sentences (noun:, e.g. "
            f'"the nursery", or "I" for a childminder who speaks for herself); until it is set, it says "{s.name}"',
        )
    elif not s.noun and len(choices) > 1:
        # the kind's noun is one of several its settings use: a pre-school is no nursery
        yield SETTING_NOUN_UNSET(
            s.where("noun"),
            f"to be completed: what the handbook calls the setting in its sentences (noun:): a "
            f"{hb.kinds[0].name} may be {' or '.join(f'“{n}”' for n in choices)}; until it is set, it says "
            f"“{hb.noun}”",
        )
    for kind in hb.kinds:
        duties = "; ".join(f"{what}: {_answer(getattr(kind, key).applies)}" for key, what in DUTIES.items())
        yield SETTING_KIND_ASSUMED(
            s.where("kind"),
            f"assuming the kind '{kind.id}' ({kind.name}, {NATIONS[kind.nation]}): {duties}; "
            f"EYFS framework: {kind.eyfs.framework}; sources in generator/data/kinds.yaml",
        )
