"""The audience rule (policy_data/README.md), where it can be checked:

1. a statement of a document the publication scheme lists as published is for the public;
2. parents are members of the public, so a statement for the public is for parents too.

(Rule 3, statements about what the setting does with families' information are for parents, is
a reading of the words: a person applies it, and rules 1 and 2 catch most slips.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.core.findings import Finding
from generator.features.information.codes import PUBLIC_NOT_PARENTS, PUBLISHED_NOT_PUBLIC

if TYPE_CHECKING:
    from generator.features.information.data import InformationData as Handbook


def check(hb: Handbook) -> Iterable[Finding]:
    scheme = hb.publication_scheme
    published = scheme.published_documents() if scheme is not None else set()
    for policy in hb.policies.values():
        is_published = policy.id in published
        for statement in policy.statements():
            if statement.to_review():
                continue  # reported as to be reviewed
            audience = statement.audience
            if is_published and "public" not in audience:
                yield PUBLISHED_NOT_PUBLIC(
                    statement.where("audience"),
                    f"{statement.id} is in '{policy.id}', which the publication scheme lists as published, "
                    f"so anyone may read it: its audience must include 'public' (it is: {', '.join(audience)})",
                )
            elif "public" in audience and "parents" not in audience:
                yield PUBLIC_NOT_PARENTS(
                    statement.where("audience"),
                    f"{statement.id} is for the public but not for parents; parents are members of the public: "
                    "add 'parents' to its audience",
                )
