"""What a parent reads: the notice resolved into headings, words, quotes and tables.

The printed notice, the handbook page, the fingerprint and the readability score are all made
from this one view, so they cannot disagree.  Policy statements are quoted from the policy data
by id; retention periods come from retention.yaml; contact details from setting.yaml.  A fact
that is not set stays ``None`` here and is printed as "To be completed".
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Optional

from .model import Notice

if TYPE_CHECKING:
    from generator.pipeline.handbook import Handbook

# Fixed words of the notice; a translation may give its own in `translation.labels`.
LABELS: dict[str, str] = {
    "tbc": "To be completed",
    "policy_says": "What our Confidentiality Procedure says",
    "under": "under",
    "tbc.requirement": "which information you must give us, and what happens if you do not",
    "tbc.transfers": "whether any information is sent outside the UK",
    "tbc.automated_decisions": "whether any decision is made by computer alone",
    "tbc.complaints": "how to complain",
    "lawful_basis": "Lawful basis",
    "article9": "Condition for sensitive information (UK GDPR Article 9)",
    "legitimate_interests": "Our legitimate interests",
    "name": "Name",
    "address": "Address",
    "phone": "Phone",
    "email": "Email",
    "ico_registration": "ICO registration number",
    "record": "Record",
    "kept_for": "How long we keep it",
    "version": "Version",
    "draft": "draft",
    "fingerprint": "fingerprint",
    "printed": "printed",
    "page": "Page",
    "of": "of",
    "basis.consent": "Your consent (permission)",
    "basis.contract": "A contract with you",
    "basis.legal-obligation": "A legal duty",
    "basis.vital-interests": "To protect someone's life",
    "basis.public-task": "A public task (our work as a school)",
    "basis.legitimate-interests": "Our legitimate interests",
    "right.access": "See your information",
    "right.rectification": "Correct it",
    "right.erasure": "Delete it",
    "right.restriction": "Limit its use",
    "right.objection": "Object",
    "right.portability": "Move it",
}


@dataclass
class Quote:
    id: str
    text: str
    section: str  # the policy section it comes from: "Make parents aware..." is one of its procedures


@dataclass
class Row:
    label: str
    value: Optional[str]  # None: to be completed


@dataclass
class Item:
    text: str
    label: Optional[str] = None  # a bold lead-in, e.g. the name of a right
    rows: list[Row] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class PartView:
    name: str  # the notice field, e.g. "recipients"
    heading: str
    text: Optional[str]  # None: to be completed
    missing: Optional[str] = None  # what is to be completed when text is None
    rows: list[Row] = field(default_factory=list)  # contact details
    table: list[Row] = field(default_factory=list)  # retention: record -> period
    items: list[Item] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class NoticeView:
    id: str
    language: str
    direction: str
    title: str
    introduction: Optional[str]
    other_formats: Optional[str]
    controller_name: str
    parts: list[PartView]
    labels: dict[str, str]

    def sentences_source(self) -> list[tuple[str, str]]:
        """(where, text) for every piece of parent-facing prose, for the readability check."""
        out = [("title", self.title)]
        if self.introduction:
            out.append(("introduction", self.introduction))
        if self.other_formats:
            out.append(("other_formats", self.other_formats))
        for part in self.parts:
            if part.text:
                out.append((f"{part.name}.text", part.text))
            for item in part.items:
                out.append((f"{part.name}.items", item.text))
                out += [(q.id, q.text) for q in item.quotes]
            out += [(q.id, q.text) for q in part.quotes]
        return out


def _contact_rows(contact, labels, fields) -> list[Row]:
    return [Row(labels[f], getattr(contact, f)) for f in fields]


def notice_view(hb: Handbook, notice: Notice, english: Optional[Notice] = None) -> NoticeView:
    """Resolve a notice (English, or a translation with `english` its source) for print."""
    tr = notice.translation
    labels = {**LABELS, **(tr.labels if tr else {})}
    statements = hb.statements_by_id()
    ordered, position_of = hb.reading_order  # a statement's section, without walking every policy
    quoted: set[str] = set()  # each statement is quoted once, where it first matters

    def quotes(ids) -> list[Quote]:
        out = []
        for sid in ids:
            if sid in quoted or sid not in statements:
                continue
            quoted.add(sid)
            text = tr.quotes.get(sid) if tr else None
            out.append(Quote(sid, text or statements[sid].text, ordered[position_of[sid]][1].title))
        return out

    setting = hb.setting
    parts: list[PartView] = []
    for name, part in notice.parts():
        view = PartView(name, part.heading, part.text, labels.get(f"tbc.{name}"))
        if name == "controller":
            view.rows = [Row(labels["name"], setting.name)] + _contact_rows(
                setting, labels, ("address", "phone", "email", "ico_registration")
            )
        elif name == "dpo":
            view.rows = _contact_rows(setting.dpo, labels, ("name", "email", "phone", "address"))
        elif name == "purposes":
            for p in part.items:
                rows = [Row(labels["lawful_basis"], labels[f"basis.{p.lawful_basis}"] if p.lawful_basis else None)]
                if p.lawful_basis == "legitimate-interests":
                    rows.append(Row(labels["legitimate_interests"], p.legitimate_interests))
                if p.special_category:
                    rows.append(Row(labels["article9"], p.article9_condition))
                view.items.append(Item(p.purpose, rows=rows, quotes=quotes(p.statements)))
        elif name in ("categories", "sources"):
            view.items = [Item(i.name, quotes=quotes(i.statements)) for i in part.items]
        elif name == "recipients":
            view.items = [Item(r.name + (f" {r.why}" if r.why else ""), quotes=quotes(r.statements)) for r in part.items]
        elif name == "rights":
            view.items = [Item(r.text, label=labels[f"right.{r.right}"]) for r in part.items]
        elif name == "retention":
            for record_id in part.records:
                entry = hb.retention.get(record_id)
                if entry is not None:
                    record = (tr.records.get(record_id) if tr else None) or entry.record
                    view.table.append(Row(record, entry.period))  # never the guideline
        view.quotes = quotes(part.statements)
        parts.append(view)
    return NoticeView(
        id=notice.id,
        language=tr.language if tr else "en",
        direction=tr.direction if tr else "ltr",
        title=notice.title,
        introduction=notice.introduction,
        other_formats=notice.other_formats,
        controller_name=setting.name,
        parts=parts,
        labels=labels,
    )


def view_fingerprint(view: NoticeView) -> str:
    """SHA-256 of everything a parent reads (labels included), as a translation's anchor."""
    canonical = json.dumps(asdict(view), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class NoticeFingerprints:
    """Each notice's fingerprint, worked out once per handbook: every translation's check and
    print asks for the English one."""

    def __init__(self, hb: Handbook) -> None:
        self.hb = hb
        self.known: dict[str, str] = {}

    def of(self, notice: Notice) -> str:
        if notice.id not in self.known:
            self.known[notice.id] = view_fingerprint(notice_view(self.hb, notice))
        return self.known[notice.id]


def notice_fingerprint(hb: Handbook, notice: Notice) -> str:
    return hb.notice_fingerprints.of(notice)
