"""Approval: which documents the setting has approved, in which words, and which are drafts.

Every document the setting issues has an id that is easy to type (`policy/confidentiality`,
`notice/fair-processing-notice`, `notice/fair-processing-notice.tr`, `checklist/manager`,
`training/2027-september`) and a content fingerprint that changes when what it prints changes:

- a policy: the fingerprint of its words (fingerprint.py), and its release version;
- a parent notice or a translation: the fingerprint of everything a parent reads
  (notice/content.py), and the `version:` in its file;
- a role's checklist: a hash of its heading, every item it lists (id, words, where to read it)
  and the version and fingerprint of each policy it covers;
- a training pack: a hash of the training file, the words of every statement it quotes, the
  versions of the policies it covers, what changed since last September, the reviews due and
  the review notes it prints.

`policy_data/approvals.yaml` (written by `handbook approve`, see approve.py) records each
approval: the document, the version and fingerprint approved, by whom (a role) and when.  A
document whose current version and fingerprint are not the latest approved ones is a draft:
its printed pages and its handbook page say so, and `handbook check` warns (so `handbook build
--strict` fails).  Nothing is ever approved on the setting's behalf.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any

from pydantic import BaseModel, Field

from generator.core.clock import long_date
from generator.core.findings import Finding, Location
from generator.core.model import Fingerprint, Node, Slug, Text
from generator.features.approvals.codes import (
    DRAFT,
    FUTURE_DATE,
    UNKNOWN_DOCUMENT,
    UNKNOWN_ROLE,
    VERSION_MISSING,
)
from generator.features.checklists.content import checklist_document_id, checklist_parts
from generator.features.notice.content import notice_fingerprint, notice_view, view_fingerprint
from generator.features.notice.model import notice_document_id
from generator.features.policies.checks.references import unknown
from generator.features.policies.model import policy_document_id
from generator.features.policies.review_notes import one_line, review_notes
from generator.features.releases.versions import policy_version
from generator.features.training.calendar import review_calendar
from generator.features.training.changes import compare
from generator.features.training.data import TrainingData
from generator.features.training.model import training_document_id

APPROVALS_FILE = "approvals.yaml"
NOT_APPROVED = "Draft: not yet approved"
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


@dataclass(frozen=True)
class Document:
    id: str  # policy/confidentiality
    kind: str  # one of KINDS
    title: str
    fingerprint: str
    version: int | None  # None: the document has no version of its own (or none yet)
    where: Location  # where its data is written, for the draft warning
    needs_version: bool = False  # policies and notices are approved as a numbered version


def content_fingerprint(content: Any) -> str:
    """SHA-256 of a canonical JSON form of plain data, dataclasses and models."""
    canonical = json.dumps(_plain(content), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _policies(hb: ApprovalsData) -> Iterable[Document]:

    for policy in hb.policies.values():
        version = policy_version(hb, policy)
        yield Document(
            policy_document_id(policy.id),
            "policy",
            policy.title,
            version.fingerprint,
            version.number,
            policy.where("id"),
            True,
        )


def _notices(hb: ApprovalsData) -> Iterable[Document]:

    for notice in hb.notices.values():
        yield Document(
            notice_document_id(notice),
            "notice",
            notice.title,
            notice_fingerprint(hb, notice),
            notice.version,
            notice.where("id"),
            True,
        )
    for tr in hb.translations:
        if tr.translation is None or tr.translation.of not in hb.notices:
            continue  # reported by the notice check; it is not built
        title = f"{tr.title} ({tr.translation.language_name})"
        fingerprint = view_fingerprint(notice_view(hb, tr))
        yield Document(notice_document_id(tr), "notice", title, fingerprint, tr.version, tr.where("translation"), True)


def checklist_fingerprint(role, parts) -> str:
    """What a role's checklist prints: its heading, and per policy the version and fingerprint
    (which cover the statements' words and section titles) and every item's id and place; a
    role item's own words too.  Hashed directly: a large handbook has thousands of items per
    role, and this runs in every `handbook check`."""
    digest = hashlib.sha256(f"{role.id}\0{role.name}\0".encode())
    for part in parts:
        digest.update(f"\1{part.policy.id}\0{part.version.record}\0{part.version.fingerprint}\0".encode())
        for title, items in part.sections:
            digest.update(f"\2{title}\0".encode())
            for item in items:
                own_words = item.text if item.role_item else ""
                digest.update(f"{item.id}\0{item.anchor}\0{','.join(item.based_on)}\0{own_words}\0".encode())
    return digest.hexdigest()


def _checklists(hb: ApprovalsData) -> Iterable[Document]:

    for role in hb.roles.values():
        if role.group:
            continue  # nobody holds a group role: its items are on its members' checklists
        parts = checklist_parts(hb, [role.id])
        if not parts:
            continue  # no checklist is printed for a role with nothing to read
        checklist = hb.checklists.get(role.id)
        where = checklist.where("role") if checklist is not None else role.where("id")
        fingerprint = checklist_fingerprint(role, parts)
        yield Document(
            checklist_document_id(role.id),
            "checklist",
            f"Acknowledgement checklist: {role.name}",
            fingerprint,
            None,
            where,
        )


def training_content(hb: ApprovalsData, pack) -> dict:
    """What the printed pack is made of (the date it is printed on aside)."""

    statements = hb.statements_by_id()
    quoted = sorted({sid for *_, sid in pack.statement_refs() if sid in statements})
    calendar = review_calendar(hb, pack)
    changes = compare(hb, pack)
    # previous_session_date is newer than most approvals: unset, it is left out, so a pack whose
    # printed words did not change keeps the fingerprint it was approved with.
    exclude = {"previous_session_date"} if pack.previous_session_date is None else set()
    return {
        "pack": pack.model_dump(mode="json", exclude=exclude),
        "setting": hb.setting.name,
        "led_by": hb.roles[pack.session.led_by].name if pack.session.led_by in hb.roles else None,
        "quoted": {sid: statements[sid].text for sid in quoted},
        "policies": [
            (
                p,
                hb.policies[p].title,
                policy_version(hb, hb.policies[p]).record,
                policy_version(hb, hb.policies[p]).fingerprint,
            )
            for p in pack.policies
            if p in hb.policies
        ],
        "changes": {
            "since": changes.since,
            "baseline": changes.baseline.date if changes.baseline else None,
            "policies": changes.policies,
        },
        "reviews": [(e.id, e.title, e.next_review) for e in calendar.due + calendar.unknown],
        "review_notes": [one_line(n) for n in review_notes(hb, pack.policies)],
    }


def _training(hb: ApprovalsData) -> Iterable[Document]:
    for pack in hb.training:
        title = pack.title or f"September {pack.year} training"
        yield Document(
            training_document_id(pack),
            "training",
            title,
            content_fingerprint(training_content(hb, pack)),
            None,
            pack.where("year"),
        )


DOCUMENT_KINDS: list[Callable[[Any], Iterable[Document]]] = [_policies, _notices, _checklists, _training]


def documents(hb: ApprovalsData) -> dict[str, Document]:
    """Every document the setting issues, by id (remembered per handbook)."""
    return hb.approval_states.documents


def all_documents(hb: ApprovalsData) -> dict[str, Document]:
    return {d.id: d for kind in DOCUMENT_KINDS for d in kind(hb)}


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


def latest_approvals(hb: ApprovalsData) -> dict[str, Approval]:
    latest: dict[str, Approval] = {}
    for approval in sorted(hb.approvals, key=lambda a: a.date):
        latest[approval.document] = approval
    return latest


class ApprovalStates:
    """Every document and its approval state, worked out once per handbook (Handbook.approval_states)."""

    def __init__(self, hb: ApprovalsData) -> None:
        self.documents = all_documents(hb)
        latest = latest_approvals(hb)
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
