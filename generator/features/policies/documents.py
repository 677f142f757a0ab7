"""The policies as documents the setting approves: each policy, approved as a released version
(the version of its current words is the releases feature's, handed in the context)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.core.context import Context
from generator.core.documents import Document

from .model import policy_document_id

if TYPE_CHECKING:
    from generator.features.policies.data import PoliciesData as Handbook


def policy_documents(hb: Handbook, ctx: Context) -> Iterable[Document]:
    for policy in hb.policies.values():
        version = ctx.version_of(policy)
        yield Document(
            policy_document_id(policy.id),
            "policy",
            policy.title,
            version.fingerprint,
            version.number,
            policy.where("id"),
            True,
        )
