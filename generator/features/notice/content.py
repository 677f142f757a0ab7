"""What a parent reads: the notice resolved into headings, words and tables.

The printed notice, the handbook page, the fingerprint and the readability score are all made
from this one view, so they cannot disagree.  Retention periods come from retention.yaml;
contact details from setting.yaml; which rights apply to each lawful basis from the package's
rights.yaml.  A fact that is not set stays ``None`` here and is printed as "To be completed".

The policy statements each claim rests on (``statements`` in the data) are resolved into
``quotes``: they are not printed on the parents' paper, but shown to whoever approves the notice and an auditor on
the staff site's notice page ("Why the notice says this").
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cached_property
from typing import Any, cast

from generator.core.findings import Location
from generator.core.fragments import PLACEHOLDER, under_review
from generator.core.model import with_strings_read
from generator.features.policies.kinds import CENSUS_NAMES, council_is_controller

from .data import NoticeData
from .formats import other_formats
from .glance import Row, glance
from .model import Notice, notice_document_id
from .provider import names_who_runs_it, printed_keys, provider_labels, run_by
from .readability import GlanceReadability, Readability, glance_readability, readability
from .regulator import regulator_for
from .rights import rights_table

# Fixed words of the notice; a translation may give its own in `translation.labels`.
LABELS: dict[str, str] = {
    "tbc": PLACEHOLDER,  # the one marker (core/fragments.py); a translation gives its own words
    "tbc.requirement": "which information you must give us, and what happens if you do not",
    "tbc.transfers": "whether any information is sent outside the UK",
    "tbc.automated_decisions": "whether any decision is made by computer alone",
    "tbc.complaints": "how to complain",
    # {census}: the census the setting's kind returns (census_named; the kinds table says which)
    "tbc.recipients_by_law": "who the law requires us to share information with (for example the local authority, "
    "{census}, Ofsted where relevant)",
    "lawful_basis": "Lawful basis",
    # plain words first, the law in brackets after (audit 2, m4: a parent reads the reason)
    "article9": "Why we may use health information (the law's extra condition for it, UK GDPR Article 9)",
    # How we treat it, not what the law calls it: the law names special category data (health
    # here), but no law labels an address "confidential" (content audit M3).
    "sensitivity": "How we treat it",
    "sensitivity.special-category": "As health information: special category data, which the law protects more strictly (UK GDPR Article 9)",
    "sensitivity.confidential": "As confidential and sensitive",
    "sensitivity.other": "Other information",
    "complain_to_us": "Email or online form",
    "regulator": "Name",
    "regulator_website": "Make a complaint online",
    "regulator_phone": "Phone",
    "regulator_address": "Address",
    "legitimate_interests": "Our legitimate interests",
    "name": "Name",
    "address": "Address",
    "phone": "Phone",
    "email": "Email",
    "ico_registration": "Registration number with the data protection regulator",
    "record": "Record",
    "kept_for": "How long we keep it",
    "version": "Version",
    "draft": "Draft",
    "reference": "Document reference",
    "printed": "printed",
    "page": "Page",
    "of": "of",
    "basis.consent": "Your consent (permission)",
    "basis.contract": "A contract with you",
    "basis.legal-obligation": "A legal duty",
    "basis.vital-interests": "To protect someone's life",
    "basis.public-task": "A public task (our official functions)",
    "basis.recognised-legitimate-interests": "A recognised legitimate interest set by law (such as keeping children safe)",
    "basis.legitimate-interests": "Our legitimate interests",
    "right.access": "See your information",
    "right.rectification": "Correct it",
    "right.erasure": "Delete it",
    "right.restriction": "Limit its use",
    "right.objection": "Object",
    "right.portability": "Move it",
    "right.withdraw-consent": "Take back your permission",
    "right.complain": "Complain",
    # Each right the law qualifies whatever the basis (rights.yaml `condition`), in a few words
    # printed after its name on each basis's line: no line promises a right the law gives in part.
    "right_limit.access": "with some exceptions",
    "right_limit.erasure": "in some cases",
    "right_limit.restriction": "in some cases",
    # Art. 21(1): the controller stops unless it shows compelling legitimate grounds that override
    # the person's (the ICO, for the public: "strong and legitimate reasons to continue").
    "right_limit.objection": "unless we have strong and legitimate reasons",
    "right_limit.portability": "only what you gave us, kept on computer",
    # The rights that apply to each lawful basis (rights.yaml), under "What are your rights?".
    "rights.by_basis": "The rights for each lawful basis",
    "rights.basis_unset": "Reasons whose lawful basis is not set yet",
    # The "other formats and languages" line: only what the setting really offers.
    "formats.offer": "You can ask us for this notice in large print",
    "formats.or_in": "or in",
    "formats.ask": "To ask for a copy",
    # The first page, "at a glance" (glance.py).
    "glance": "At a glance",
    "glance.who": "Who we are",
    "glance.what": "What we hold",
    "glance.why": "Why we hold it",
    "glance.share": "Who we share it with",
    "glance.rights": "Your rights",
    # "ask": a request can be refused in part (exemptions, e.g. child protection records)
    # The rights that apply whatever the lawful basis; those the law gives only in some
    # circumstances (rights.yaml `limit: circumstances`) are in the second line.
    "glance.rights_always": "You can ask to",
    "glance.rights_some_cases": "Sometimes you can ask us to",
    "and": "and",
    "glance.rights_more": "For other rights, see",
    # The first page's short name for the recipients the law requires (in full: tbc.recipients_by_law).
    "glance.recipients_by_law": "Who the law makes us share with",
    "glance.complain": "How to complain",
    "glance.complain_us": "Tell us first",
    "glance.complain_then": "Then the regulator",
    "glance.contact": "Contact us",
    "full": "The full notice",
}


@dataclass
class Quote:
    id: str
    text: str
    section: str  # the policy section it comes from: "Make parents aware..." is one of its procedures
    policy: str = ""  # the title of the policy it comes from ("What our <the policy's own title> says")
    # A list item is printed under the paragraph that introduces its list ("In addition, we:"),
    # so that it reads as the policy's whole sentence, not as an order to the parent.
    lead_in: str = ""
    lead_in_id: str = ""
    review: str = ""  # the statement's review notes, as every output printing it says them


@dataclass
class Item:
    text: str | None  # None: to be completed (`missing` says what, `where` where it is given)
    label: str | None = None  # a bold lead-in, e.g. the name of a right
    rows: list[Row] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    missing: str | None = None
    where: Location | None = None  # where the data would give the text


@dataclass
class PartView:
    name: str  # the notice field, e.g. "recipients"
    heading: str
    text: str | None  # None: to be completed
    missing: str | None = None  # what is to be completed when text is None
    where: Location | None = None  # where the data would give the text
    rows: list[Row] = field(default_factory=list)  # contact details
    table: list[Row] = field(default_factory=list)  # retention: record -> period
    items: list[Item] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # A second paragraph with its own details (complaints: after the setting, the regulator).
    then_text: str | None = None
    then_rows: list[Row] = field(default_factory=list)
    # Rights: lawful basis -> the rights that apply to it (None: the bases are to be set).
    by_basis: list[Row] = field(default_factory=list)
    # Categories: the items grouped by how we treat them (None: no particular treatment), so the
    # long legal words are printed once a group, not under every item.
    groups: list[tuple[str | None, list[Item]]] = field(default_factory=list)


@dataclass
class NoticeView:
    id: str
    language: str
    direction: str
    title: str
    introduction: str | None
    other_formats: str | None  # made from what the setting offers (formats.py), not data
    other_formats_where: Location | None  # where the contact to ask for a copy is given
    controller_name: str
    parts: list[PartView]
    labels: dict[str, str]
    other_formats_contact: str | None = None  # how to ask for a copy; None: to be completed
    glance: list = field(default_factory=list)  # the first page (glance.GlanceSection)

    # Scored once for each view (a handbook's notice has one, notice_view): its check and its
    # build stage both report them.  Not fields, so not in the fingerprint nor in ==.
    @cached_property
    def readability(self) -> Readability:
        return readability(self)

    @cached_property
    def glance_readability(self) -> GlanceReadability:
        return glance_readability(self)

    def sentences_source(self) -> list[tuple[str, str]]:
        """(where, text) for every piece of parent-facing prose, for the readability check:
        the words printed for parents (the policy quotes stay on the staff site)."""
        out = [("title", self.title)] + self.glance_sentences()
        if self.introduction:
            out.append(("introduction", self.introduction))
        for part in self.parts:
            if part.text:
                out.append((f"{part.name}.text", part.text))
            for item in part.items:
                if item.text:
                    out.append((f"{part.name}.items", item.text))
            if part.then_text:
                out.append((f"{part.name}.then_text", part.then_text))
        return out

    def glance_sentences(self) -> list[tuple[str, str]]:
        """(where, text) of the first page's prose, the "other formats" line included."""
        out = [("other_formats", self.other_formats)] if self.other_formats else []
        for section in self.glance:
            out += [(f"glance.{section.key}", text) for text in section.items]
        return out


_SENTENCE_BREAK = re.compile(r"(?<=[.!?।])\s+")


def introducing_sentence(paragraph: str) -> str:
    """The sentence of a lead-in paragraph that introduces the list ("In addition, we:"), with
    "…" for the sentences before it: the item then reads as a whole sentence, and the notice
    does not repeat the whole paragraph under every quote."""
    sentences = _SENTENCE_BREAK.split(" ".join(paragraph.split()))
    return sentences[-1] if len(sentences) == 1 else "… " + sentences[-1]


# Words an English sentence cannot end on: a lead-in ending on one ("In addition, we:", "we aim
# to:", "Staff will:") is finished by each item of its list, so an item needs it to be read.
# A lead-in that is a sentence in itself ("... on a 'need to know' basis:") introduces items
# that are sentences of their own, and is not repeated above them.
_UNFINISHED = frozenset(
    "we i you they he she it to will shall must should can may might would could that and or "
    "is are be have has do does who which".split()
)


def continues(lead_in: str) -> bool:
    words = re.findall(r"[\w’']+", lead_in.rstrip().rstrip(":").lower())
    return bool(words) and words[-1] in _UNFINISHED


def lead_ins(hb: NoticeViewsData) -> dict[str, str]:
    """Statement id of each list item -> id of the paragraph that introduces its list (worked
    out once per handbook: hb.lead_ins)."""
    return hb.lead_ins


def find_lead_ins(hb: NoticeViewsData) -> dict[str, str]:
    """Statement id of each list item -> id of the paragraph that introduces its list (the
    last paragraph before it in its section, ending with a colon) when the item finishes that
    paragraph's sentence."""
    cache: dict[str, str] = {}
    for policy in hb.policies.values():
        for section in policy.sections:
            intro = None
            for statement in section.statements:
                if statement.kind == "paragraph":
                    text = statement.text.rstrip()
                    intro = statement.id if text.endswith(":") and continues(text) else None
                elif intro is not None:
                    cache[statement.id] = intro
    return cache


def _contact_rows(contact, labels, fields) -> list[Row]:
    return [Row(labels[f], getattr(contact, f), contact.where(f)) for f in fields]


def _regulator_rows(regulator, labels) -> list[Row]:
    """The regulator's name and ways to complain, from regulator.yaml (one place for every
    output).  Without the file, its name is "to be completed"."""
    if regulator is None:
        return [Row(labels["regulator"], None)]
    rows = [Row(labels["regulator"], regulator.name)]
    if regulator.complaint_page or regulator.website:
        rows.append(Row(labels["regulator_website"], regulator.complaint_page or regulator.website))
    if regulator.phone:
        rows.append(Row(labels["regulator_phone"], regulator.phone))
    if regulator.address and regulator.address_source:
        rows.append(Row(labels["regulator_address"], regulator.address))
    return rows


def census_named(hb: NoticeViewsData) -> str:
    """The census a setting of this kind returns, from the kinds table: a school's "the
    Department for Education's school census", a nursery's or a childminder's "the Department
    for Education, through the local authority's early years census ..." (both for a school that
    also runs a children's centre).  Unset kind: both named, neither assumed."""
    returns = [k.census.returns for k in hb.kinds] if hb.law_known else []
    names = list(dict.fromkeys(CENSUS_NAMES[r] for r in returns)) or list(CENSUS_NAMES.values())
    return " and ".join(names) if len(names) == 1 or returns else " or ".join(names)


# Fixed words true of some settings only: each is printed under a key of LABELS in place of
# its words there (english_labels), so a translation gives its own under the same key, and a
# notice these do not apply to prints, and is fingerprinted, as before.
SETTING_LABELS: dict[str, str] = {
    # "Our official functions" is true of a public authority only.  Public task (UK GDPR Article
    # 6(1)(e) and 6(3)) is also a task in the public interest that the law sets out, which is
    # all a setting that is not a public authority can rely on it for (check.py warns).
    "basis.public-task.not-public-authority": "A task in the public interest, set out in law",
    # The ways to complain to the setting (setting.yaml) named as given: "Email or online form"
    # for both (or neither, "To be completed").
    "complain_to_us.email": "Email",
    "complain_to_us.form": "Online form",
}


def english_labels(hb: NoticeViewsData) -> dict[str, str]:
    """The notice's fixed words as the English notice prints them for this setting: in its
    voice (a childminder's "Tell me first"), naming the census its kind returns, and true of
    it (SETTING_LABELS).  A translator is given these words (translation_files.py), so they
    must be these."""
    census = census_named(hb)
    words = dict(LABELS)
    # Not a public authority by the kinds table (no Freedom of Information duty); unset: as ever.
    if hb.duty("foi_publication_scheme") is False:
        words["basis.public-task"] = SETTING_LABELS["basis.public-task.not-public-authority"]
    email, form = hb.setting.complaints_email, hb.setting.complaints_form
    if bool(email) != bool(form):
        words["complain_to_us"] = SETTING_LABELS["complain_to_us.email" if email else "complain_to_us.form"]
    return {key: hb.voice.speak(text).replace("{census}", census) for key, text in words.items()}


def needs_dpo_part(hb: NoticeViewsData) -> bool:
    """Whether the notice has a DPO part (the check asks the same): unless the setting's kind need not have a DPO (the
    kinds table) and setting.yaml names none."""
    d = hb.setting.dpo
    return hb.duty("dpo") is not False or any((d.name, d.role, d.email, d.phone, d.address))


# A council's children's centre is part of the council, which is the controller (the kinds
# table's `controller:`): its notice says so instead of its own "we are the controller".  Kept
# out of LABELS (whose words every notice's document reference is made from): only these
# notices print them, and a translation may give its own under the same keys.
COUNCIL_LABELS: dict[str, str] = {
    "controller.council": "{setting} is run by the council named below. The council is responsible for the "
    'information {setting} holds about you and your child: in law, it is the "data controller".',
    "controller.run_by": "Name of the council",
    "controller.centre": "Name of the centre",
}


def controller_labels(hb: NoticeViewsData, notice: Notice) -> dict[str, str]:
    """The fixed words kept out of LABELS that this English notice prints, as it prints them
    (key -> English): the council's sentence and rows (a council's centre), or who runs the
    setting (the provider's, in the setting's voice).  A translation is given them to translate
    and is checked for them; a notice that prints none of them (a maintained school's) has none."""
    out: dict[str, str] = {}
    council = council_is_controller(hb)
    if council and notice.controller is not None:
        out.update(COUNCIL_LABELS)
    if names_who_runs_it(hb):
        provider = provider_labels(hb, {})
        for key in printed_keys(hb.setting, notice.controller is not None and not council):
            out[key] = provider[key]
    return out


def notice_view(hb: NoticeViewsData, notice: Notice, english: Notice | None = None) -> NoticeView:
    """Resolve a notice (English, or a translation with `english` its source) for print.
    Worked out once per handbook for each notice: its print and large print, its page, its
    checks, its fingerprint and the public edition each ask for it (a check asked for each
    view five times, an eighth of its time).  Kept with the notice itself, so a notice that is
    not the handbook's (the desk's edited copy) gets a view of its own."""
    kept = hb.notice_views.get((id(notice), id(english)))
    if kept is not None and kept[0] is notice and kept[1] is english:
        return kept[2]
    view = _notice_view(hb, notice, english)
    hb.notice_views[(id(notice), id(english))] = (notice, english, view)
    return view


SETTING = "{setting}"  # as in a policy's words (policies/setting_name.py)


def _notice_view(hb: NoticeViewsData, notice: Notice, english: Notice | None) -> NoticeView:
    # The notice's own words say {setting} where they name the setting (a model's words, and a
    # translator keeps it as written): kept so in the data and the translation files
    # (pipeline/handbook.py), read here as the setting's name for every reader.
    notice = with_strings_read(notice, lambda text: text.replace(SETTING, hb.setting.name) if SETTING in text else text)
    tr = notice.translation
    # The notice's fixed words in the setting's voice (a childminder's "Tell me first"); a
    # translation's own labels are its own.
    labels = {**english_labels(hb), **(tr.labels if tr else {})}
    statements = hb.statements_by_id()
    ordered, position_of = hb.reading_order  # a statement's section, without walking every policy

    intros = lead_ins(hb)

    def words(sid: str) -> str:
        return (tr.quotes.get(sid) if tr else None) or statements[sid].text

    def quotes(ids) -> list[Quote]:
        out = []
        for sid in ids:
            if sid not in statements:  # an unknown id is reported by the check
                continue
            intro = intros.get(sid, "")
            policy, section = ordered[position_of[sid]][:2]
            out.append(
                Quote(
                    sid,
                    words(sid),
                    section.title,
                    policy.title,
                    introducing_sentence(words(intro)) if intro else "",
                    intro,
                    under_review(statements[sid]),
                )
            )
        return out

    setting = hb.setting
    regulator = regulator_for(hb, notice)
    regulator_name = regulator.name if regulator is not None else "the data protection regulator"

    def own(text: str | None) -> str | None:
        """The notice's own words, with {regulator} read as the name in regulator.yaml."""
        return text.replace("{regulator}", regulator_name) if text else text

    if regulator is not None and not (tr and "ico_registration" in tr.labels):
        labels["ico_registration"] = f"Registration number with the {regulator.name}"
    parts: list[PartView] = []
    # Each part has its own model; which one is told by its name (the branches below).
    for name, part in cast("list[tuple[str, Any]]", notice.parts()):
        if name == "dpo" and not needs_dpo_part(hb):
            continue
        view = PartView(name, part.heading, own(part.text), labels.get(f"tbc.{name}"), where=part.where("text"))
        if name == "controller" and council_is_controller(hb):
            council = {key: labels.get(key, words) for key, words in COUNCIL_LABELS.items()}
            view.text = council["controller.council"].replace("{setting}", setting.name)
            view.rows = [
                Row(council["controller.run_by"], setting.local_authority, setting.where("local_authority")),
                Row(council["controller.centre"], setting.name),
                *_contact_rows(setting, labels, ("address", "phone", "email", "ico_registration")),
            ]
        elif name == "controller":
            if names_who_runs_it(hb):
                # Who runs the setting and is the controller, first; the part's own words, where
                # the setting wrote some, after it (never dropped unseen).
                provider = provider_labels(hb, labels)
                named = run_by(setting, provider)
                if named is None:
                    view.text = None
                else:
                    said = provider["controller.provider"].replace("{setting}", setting.name)
                    said = said.replace("{run_by}", named).replace("{name}", setting.run_by or "")
                    view.text = f"{said} {view.text}" if view.text else said
                view.missing = provider["controller.provider_unset"].replace("{setting}", setting.name)
                view.where = setting.where("run_by")
            view.rows = [Row(labels["name"], setting.name)] + _contact_rows(
                setting, labels, ("address", "phone", "email", "ico_registration")
            )
        elif name == "dpo":
            view.rows = _contact_rows(setting.dpo, labels, ("name", "email", "phone", "address"))
        elif name == "purposes":
            for p in part.items:
                rows = [
                    Row(
                        labels["lawful_basis"],
                        labels[f"basis.{p.lawful_basis}"] if p.lawful_basis else None,
                        p.where("lawful_basis"),
                    )
                ]
                if p.lawful_basis == "legitimate-interests":
                    rows.append(
                        Row(labels["legitimate_interests"], p.legitimate_interests, p.where("legitimate_interests"))
                    )
                if p.special_category:
                    rows.append(Row(labels["article9"], p.article9_condition, p.where("article9_condition")))
                view.items.append(Item(p.purpose, rows=rows, quotes=quotes(p.statements)))
        elif name == "categories":
            view.items = [
                Item(
                    c.name,
                    rows=[Row(labels["sensitivity"], labels[f"sensitivity.{c.sensitivity}"])] if c.sensitivity else [],
                    quotes=quotes(c.statements),
                )
                for c in part.items
            ]
            by_treatment: dict[str | None, list[Item]] = {}
            for c, item in zip(part.items, view.items):
                by_treatment.setdefault(labels[f"sensitivity.{c.sensitivity}"] if c.sensitivity else None, []).append(
                    item
                )
            view.groups = list(by_treatment.items())
        elif name == "sources":
            view.items = [Item(i.name, quotes=quotes(i.statements)) for i in part.items]
        elif name == "recipients":
            view.items = [
                Item(r.name + (f" {r.why}" if r.why else ""), quotes=quotes(r.statements)) for r in part.items
            ]
            # The list must not read as complete while the recipients the law requires are unnamed.
            view.items.append(
                Item(
                    part.required_by_law or None,
                    missing=labels["tbc.recipients_by_law"],
                    where=part.where("required_by_law"),
                )
            )
        elif name == "complaints":
            channels = [c for c in (setting.complaints_email, setting.complaints_form) if c]
            view.rows = [Row(labels["complain_to_us"], ", ".join(channels) or None, setting.where("complaints_email"))]
            # "It makes sure ..." needs the notice's own sentence naming the regulator before it.
            view.then_text = (
                " ".join(t for t in (own(part.regulator_text), regulator.what_it_does if regulator else None) if t)
                if part.regulator_text
                else None
            )
            view.then_rows = _regulator_rows(regulator, labels)
        elif name == "rights":
            # Once every basis is set, a right that applies to none of them is not offered.
            applies = rights_that_apply(notice)
            view.items = [
                Item(r.text, label=labels[f"right.{r.right}"])
                for r in part.items
                if applies is None or r.right in applies
            ]
            view.by_basis = rights_by_basis(notice, labels)
        elif name == "retention":
            for record_id in part.records:
                entry = hb.retention.get(record_id)
                if entry is not None:
                    record = (tr.records.get(record_id) if tr else None) or entry.record
                    period = (tr.periods.get(entry.period) if tr and entry.period else None) or entry.period
                    view.table.append(Row(record, period, entry.where("period")))  # never the guideline
        view.quotes = quotes(part.statements)  # printed under the part's own words, before its items
        parts.append(view)
    offer, contact = other_formats(hb, notice, labels)
    whole = NoticeView(
        id=notice.id,
        language=tr.language if tr else "en",
        direction=tr.direction if tr else "ltr",
        title=notice.title,
        introduction=own(notice.introduction),
        other_formats=offer,
        other_formats_where=hb.setting.where("email"),
        controller_name=setting.name,
        parts=parts,
        labels=labels,
        other_formats_contact=contact,
    )
    whole.glance = glance(hb, notice, whole)
    return whole


def rights_by_basis(notice: Notice, labels: dict[str, str]) -> list[Row]:
    """Each lawful basis the purposes use -> the rights that apply to it (rights.yaml), in the
    order the purposes use them; one "to be completed" row while any purpose has no basis."""
    table = rights_table()
    purposes = notice.purposes.items if notice.purposes else []
    bases = list(dict.fromkeys(p.lawful_basis for p in purposes if p.lawful_basis))
    rows = []
    for basis in bases:
        names = [_right_with_limit(r, labels) for r in table.for_basis(basis)]
        if notice.translation is None:  # English headings, in a list; a translator's words as written
            names = names[:1] + [n[:1].lower() + n[1:] for n in names[1:]]
        rows.append(Row(labels[f"basis.{basis}"], ", ".join(names)))
    unset = [p for p in purposes if p.lawful_basis is None]
    if not purposes or unset:
        where = (
            unset[0].where("lawful_basis")
            if unset
            else (notice.purposes or notice).where("id" if not notice.purposes else "heading")
        )
        rows.append(Row(labels["rights.basis_unset"], None, where))
    return rows


def _right_with_limit(right: str, labels: dict[str, str]) -> str:
    """ "Move it (only information you gave us that we keep on computer)": a right's name, with
    its limit where the law qualifies it (rights.yaml `condition`)."""
    name = labels[f"right.{right}"]
    limit = labels.get(f"right_limit.{right}") if rights_table().row(right).condition else None
    return f"{name} ({limit})" if limit else name


def rights_that_apply(notice: Notice) -> set[str] | None:
    """The rights that apply to at least one lawful basis the purposes use, or None while any
    purpose's basis is unset (then every right the notice lists may yet apply)."""
    purposes = notice.purposes.items if notice.purposes else []
    if not purposes or any(p.lawful_basis is None for p in purposes):
        return None
    table = rights_table()
    return {r for p in purposes if p.lawful_basis for r in table.for_basis(p.lawful_basis)}


def _read(value):
    """The view without `where` (where the data gives a fact is not something a parent reads):
    what `dataclasses.asdict` would give with every `where` and `*_where` key left out, without
    its deep copies (the fingerprint is worked out on every `serve` rebuild, issue 31).  A tuple
    (PartView.groups) is given whole, `where` and all, as ever: fingerprints already approved
    must not change."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _read(getattr(value, f.name)) for f in fields(value) if not _is_where(f.name)}
    if isinstance(value, dict):
        return {k: _read(v) for k, v in value.items() if not _is_where(k)}
    if isinstance(value, list):
        return [_read(v) for v in value]
    if isinstance(value, tuple):
        return [_whole(v) for v in value]
    return value


def _is_where(key: object) -> bool:
    return key == "where" or (isinstance(key, str) and key.endswith("_where"))


def _whole(value):
    """`value` as plain data, with nothing left out (what `dataclasses.asdict` gives)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _whole(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {k: _whole(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_whole(v) for v in value]
    return value


def view_fingerprint(view: NoticeView) -> str:
    """SHA-256 of everything a parent reads (labels included), as a translation's anchor.  The
    policy quotes are not printed for parents: a change in them leaves a translation current.
    Nor is the "other formats" line counted: it names the translations present, so adding one
    must not make the others stale (its fixed words are in the labels, which count)."""
    printed = _read(view)
    printed["other_formats"] = printed["other_formats_contact"] = None
    for part in printed["parts"]:
        part["quotes"] = []
        for item in part["items"]:
            item["quotes"] = []
    canonical = json.dumps(printed, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def kept_view_fingerprint(hb: NoticeViewsData, document_id: str, view: NoticeView) -> str:
    """view_fingerprint, which `handbook serve` (hb.kept) keeps with the view it hashed: a view
    equal to the last rebuild's (its dataclasses compare every value) is not printed to JSON
    and hashed again (the notice and its ten translations were 0.008 s of every edit at bench
    scale)."""
    return hb.kept_or_made(("notice fingerprint", document_id), (view,), lambda: view_fingerprint(view))


class NoticeFingerprints:
    """Each notice's fingerprint, worked out once per handbook: every translation's check and
    print asks for the English one."""

    def __init__(self, hb: NoticeViewsData) -> None:
        self.hb = hb
        self.known: dict[str, str] = {}

    def of(self, notice: Notice) -> str:
        if notice.id not in self.known:
            view = notice_view(self.hb, notice)
            self.known[notice.id] = kept_view_fingerprint(self.hb, notice_document_id(notice), view)
        return self.known[notice.id]


def notice_fingerprint(hb: NoticeViewsData, notice: Notice) -> str:
    return hb.notice_fingerprints.of(notice)


@dataclass(kw_only=True)
class NoticeViewsData(NoticeData):
    """The notices' slice with what is worked out from it once per handbook."""

    @cached_property
    def notice_fingerprints(self) -> NoticeFingerprints:
        return NoticeFingerprints(self)

    @cached_property
    def notice_views(self) -> dict[tuple[int, int], tuple[Notice, Notice | None, NoticeView]]:
        """Each notice's view (notice_view), with the notice (and English source) it is of."""
        return {}

    @cached_property
    def lead_ins(self) -> dict[str, str]:
        """List item id -> the paragraph introducing its list, quoted with it (notice, checks)."""
        return find_lead_ins(self)
