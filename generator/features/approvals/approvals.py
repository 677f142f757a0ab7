"""Approval: which documents the setting has approved, in which words, and which are drafts.

Every document the setting issues has an id that is easy to type (`policy/confidentiality`,
`notice/fair-processing-notice`, `notice/fair-processing-notice.tr`, `checklist/manager`,
`training/2027-september`) and a content fingerprint that changes when what it prints changes:

- a policy: the fingerprint of its words (fingerprint.py), and its release version;
- a parent notice or a translation: the fingerprint of everything a parent reads
  (notice/content.py), and the `version:` in its file;
- a role's checklist: a hash of its heading, every item it lists (id, words, where to read it)
  and the version and fingerprint of each policy it covers;
- a training pack: a hash of the pack as printed (without its draft mark, dated the day of
  the session), made by the function that prints it (training/render.py: fingerprint_of).

Each feature declares its documents (core/documents.py; pipeline/features.py: a Feature's
`documents`); the loader hands them to the approvals (ApprovalsData.document_kinds).

`policy_data/approvals.yaml` (written by `handbook approve`, see approve.py) records each
approval: the document, the version and fingerprint approved, by whom (a role) and when.  A
document whose current version and fingerprint are not the latest approved ones is a draft:
its printed pages and its handbook page say so, and `handbook check` warns (so `handbook build
--strict` fails).  Nothing is ever approved on the setting's behalf.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated

from pydantic import Field

from generator.core.clock import long_date
from generator.core.documents import Document, DocumentsOf
from generator.core.findings import Finding
from generator.core.model import Fingerprint, Node, Slug, Text
from generator.core.sources import SourceKind
from generator.features.approvals.codes import (
    DRAFT,
    FUTURE_DATE,
    UNKNOWN_DOCUMENT,
    UNKNOWN_ROLE,
    VERSION_MISSING,
)
from generator.features.checklists.content import checklist_document_id
from generator.features.policies.checks.references import unknown
from generator.features.training.data import TrainingData

APPROVALS_FILE = "approvals.yaml"
NOT_APPROVED = "Draft: not yet approved"
# The order documents are listed in (`handbook approve`, the desk, a strict build's message):
# the policies, then what is made from them.
KINDS = ("policy", "notice", "checklist", "training")


class Approval(Node):
    document: Text  # a document id, like policy/confidentiality (checked against the data)
    version: Annotated[int, Field(ge=1)] | None = None  # for documents that have versions
    fingerprint: Fingerprint
    by: Slug  # the role that approved it (roles.yaml)
    date: dt.date


class ApprovalsFile(Node):
    """policy_data/approvals.yaml"""

    approvals: list[Approval] = Field(default_factory=list)


# The documents -----------------------------------------------------------------------------


def documents(hb: ApprovalsData) -> dict[str, Document]:
    """Every document the setting issues, by id (remembered per handbook)."""
    return hb.approval_states.documents


def all_documents(hb: ApprovalsData) -> dict[str, Document]:
    """Every document the features declare (pipeline/features.py: a Feature's documents), listed
    as KINDS orders them (a kind it does not name last)."""
    found = [d for kind in hb.document_kinds for d in kind(hb)]
    order = {kind: i for i, kind in enumerate(KINDS)}
    found.sort(key=lambda d: order.get(d.kind, len(KINDS)))
    return {d.id: d for d in found}


# Approval state ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovalState:
    document: Document
    latest: Approval | None  # the document's latest approval, if any

    @property
    def approved(self) -> bool:
        return self.latest is not None and matches(self.latest, self.document)

    @property
    def mark(self) -> str | None:
        """What every page of a draft says (None once approved)."""
        if self.approved:
            return None
        if self.latest is None:
            return NOT_APPROVED
        return f"{NOT_APPROVED} (changed since approved on {long_date(self.latest.date)})"


def matches(approval: Approval, document: Document) -> bool:
    return approval.fingerprint == document.fingerprint and approval.version == document.version


def latest_approvals(hb: ApprovalsData, documents: Mapping[str, Document]) -> dict[str, Approval]:
    """Each document's approval that counts: its latest by date; of those of one day (words
    corrected and approved again the same day), the one of the document's current words.  The
    file is kept sorted by role, not in the order the approvals were given, so that order
    cannot tell."""
    latest: dict[str, Approval] = {}
    for approval in sorted(hb.approvals, key=lambda a: a.date):
        kept, document = latest.get(approval.document), documents.get(approval.document)
        if kept is not None and kept.date == approval.date and document is not None and matches(kept, document):
            continue
        latest[approval.document] = approval
    return latest


class ApprovalStates:
    """Every document and its approval state, worked out once per handbook (Handbook.approval_states)."""

    def __init__(self, hb: ApprovalsData) -> None:
        self.documents = all_documents(hb)
        latest = latest_approvals(hb, self.documents)
        self.states = {doc_id: ApprovalState(doc, latest.get(doc_id)) for doc_id, doc in self.documents.items()}


def states(hb: ApprovalsData) -> dict[str, ApprovalState]:
    return hb.approval_states.states


def drafts(hb: ApprovalsData) -> list[str]:
    """The ids of every document that is still a draft."""
    return [doc_id for doc_id, state in states(hb).items() if not state.approved]


def draft_mark(hb: ApprovalsData, document_id: str) -> str | None:
    """ "Draft: not yet approved" (and since when it changed), or None for an approved document."""
    state = states(hb).get(document_id)
    return state.mark if state is not None else NOT_APPROVED


def checklist_mark(hb: ApprovalsData, role_ids: Iterable[str]) -> str | None:
    """The draft mark of a checklist made for these roles (a person's own checklist gathers
    the items of all their roles): a draft as long as any role's checklist is one."""
    known = documents(hb)
    marks = [draft_mark(hb, checklist_document_id(r)) for r in role_ids if checklist_document_id(r) in known]
    return next((m for m in marks if m), None)


# Checks ------------------------------------------------------------------------------------


def check(hb: ApprovalsData) -> Iterable[Finding]:
    known = documents(hb)
    on = hb.as_of
    for approval in hb.approvals:
        if approval.document not in known:
            yield UNKNOWN_DOCUMENT(
                approval.where("document", "__value__"),
                unknown("document", approval.document, known) + f" (documents: {', '.join(known)})",
            )
        elif known[approval.document].needs_version and approval.version is None:
            yield VERSION_MISSING(
                approval.where("document"),
                f"the approval of {approval.document} does not say which version it approved",
            )
        if approval.by not in hb.roles:
            yield UNKNOWN_ROLE(approval.where("by", "__value__"), unknown("role", approval.by, hb.roles))
        if approval.date > on:
            yield FUTURE_DATE(
                approval.where("date", "__value__"),
                f"the approval of {approval.document} is dated {approval.date}, in the future",
            )
    for state in states(hb).values():
        doc = state.document
        if state.approved:
            continue
        if state.latest is None:
            why = "is not approved"
        else:
            then = f"version {state.latest.version}, " if state.latest.version else ""
            why = f"changed since it was approved on {state.latest.date} ({then}fingerprint {state.latest.fingerprint[:12]})"
        first = ""
        if doc.needs_version and doc.version is None:  # approve refuses a document with no version
            first = (
                f"release it (`{hb.project.command('handbook release')}`), then "
                if doc.kind == "policy"
                else "set its `version:` and `issued:`, then "
            )
        yield DRAFT(
            doc.where,
            f"draft: {doc.id} {why}, so it shows “{NOT_APPROVED}”; once the setting has approved it: "
            f"{first}{hb.project.command(f'handbook approve {doc.id} --by ROLE')}",
        )


@dataclass(kw_only=True)
class ApprovalsData(TrainingData):
    """The approvals' slice of the handbook, over the training packs' (and so every document's)."""

    approvals: list[Approval] = field(default_factory=list)  # approvals.yaml: who approved which document
    # The documents each feature issues (pipeline/features.py: a Feature's `documents`), handed
    # to the approvals by the loader; worked out only when asked (approval_states).
    document_kinds: tuple[DocumentsOf, ...] = ()

    @cached_property
    def approval_states(self) -> ApprovalStates:
        """Every document the setting issues and whether its current words are approved."""
        return ApprovalStates(self)

    def draft_mark(self, document_id: str) -> str | None:
        """What every page of a draft says ("Draft: not yet approved"), or None once approved."""
        return draft_mark(self, document_id)

    def checklist_mark(self, role_ids: Iterable[str]) -> str | None:
        """The draft mark of a checklist for these roles: a draft while any role's is one."""
        return checklist_mark(self, role_ids)


SOURCES = (
    SourceKind(
        "approvals",
        "approvals.yaml",
        ApprovalsFile,
        "approvals",
        required=False,
        scope="own",
        into="approvals",
        items="approvals",
    ),
)
