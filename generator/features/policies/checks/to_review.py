"""Statements brought in by `handbook import` carry fields only a person can decide (who a
statement is for, which roles must read it).  The importer leaves them unset (`audience:` with
no value); report each one, where it is written, until someone fills it in."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.core.findings import Finding
from generator.features.policies.codes import TO_REVIEW

if TYPE_CHECKING:
    from generator.features.policies.data import PoliciesData as Handbook

QUESTIONS = {
    "audience": "who is it for? (any of staff, parents, public)",
    "roles": "which roles must read it? (role ids from roles.yaml, e.g. all-staff; [] for none)",
}


def check(hb: Handbook) -> Iterable[Finding]:
    for policy in hb.policies.values():
        for statement in policy.statements():
            for field in statement.to_review():
                yield TO_REVIEW(statement.where(field), f"to be reviewed: {statement.id} {field}: {QUESTIONS[field]}")
