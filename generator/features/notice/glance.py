"""The notice's first page, "at a glance": who we are, what we hold, why, who we share it with,
your rights and how to complain, in a few plain lines (ICO: layered privacy information).

Every line is made from the notice's own data: the first sentence of each category, purpose
and recipient (the rest of it is in the full notice), the setting's contact details, the rights
that apply whatever the lawful basis (rights.yaml), and the ways to complain.  A fact that is
not set is a row whose value is None, printed "To be completed", as in the full notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from generator.core.findings import Location

from .data import NoticeData as Handbook
from .model import Notice
from .provider import names_who_runs_it, provider_labels, run_by
from .regulator import regulator_for
from .rights import BASES, RightRow, rights_table


class NoticeView(Protocol):
    """What the first page reads of a notice's view (content.NoticeView, which is made with
    the first page: content.py imports this module, not the other way round)."""

    title: str
    controller_name: str
    labels: dict[str, str]
    other_formats: str | None
    other_formats_contact: str | None
    glance: list[Any]


LIMIT_WORDS = 250  # the first page's words, headings included (issue 27)
TARGET = 70.0  # its Flesch reading ease


@dataclass
class Row:
    """A labelled line of the notice (the first page's and the full notice's)."""

    label: str
    value: str | None  # None: to be completed
    where: Location | None = None  # where the data would give it (for the build's report)


@dataclass
class GlanceSection:
    key: str  # who, what, why, share, rights, complain
    heading: str
    items: list[str] = field(default_factory=list)  # short lines, each a whole sentence
    rows: list[Row] = field(default_factory=list)
    # The data gives nothing for this answer yet: the heading is printed with "To be completed"
    # (recorded, so `check` and the build report it), never dropped.
    unset: bool = False
    where: Location | None = None

    def __post_init__(self) -> None:
        self.items = [sentence(i) for i in self.items]


# The marks that end a sentence in the notice's languages: Latin, Devanagari and Bengali (।),
# Urdu (۔), Arabic script's question mark (؟), and the full-width ones of Chinese and Japanese.
_ENDS = ".!?।…۔؟。！？"
_END = re.compile(rf"[{_ENDS}][\"”’)\]]*$")  # a sentence's end, then any closing quote or bracket


def sentence(text: str) -> str:
    """A line joined to the next one on the page ("... children's services. Who the law ..."):
    it must end as a sentence does, whatever the data's own words end with."""
    text = text.rstrip()
    return text if not text or _END.search(text) else text + "."


# (a full-width mark needs no space after it: Chinese and Japanese put none)
_FIRST_SENTENCE = re.compile(rf"^(.+?(?:[{_ENDS.replace('…', '')}](?=\s|$)|[。！？]))")  # ("…" goes on)


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    m = _FIRST_SENTENCE.match(text)
    return m.group(1) if m else text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def glance(hb: Handbook, notice: Notice, view: NoticeView) -> list[GlanceSection]:
    L = view.labels
    setting = hb.setting
    sections: list[GlanceSection] = []

    # (what "data controller" means is in the full notice: the first page keeps to the facts)
    who = GlanceSection("who", L["glance.who"], [setting.name + "."])
    if names_who_runs_it(hb):
        # Who runs it, in short (the full notice gives its company or charity number).
        said = provider_labels(hb, L)
        named = run_by(setting, said, numbers=False)
        if named:
            who.items = [sentence(said["glance.run_by"].replace("{setting}", setting.name).replace("{run_by}", named))]
        else:
            who.rows.append(Row(said["glance.run_by_unset"], None, setting.where("run_by")))
    who.rows += [
        Row(L["phone"], setting.phone, setting.where("phone")),
        Row(L["email"], setting.email, setting.where("email")),
    ]
    sections.append(who)

    # What we hold and why: every answer is printed, "To be completed" until the data gives it.
    for key, part, lines in (
        (
            "what",
            notice.categories,
            [first_sentence(c.name) for c in notice.categories.items] if notice.categories else [],
        ),
        ("why", notice.purposes, [first_sentence(p.purpose) for p in notice.purposes.items] if notice.purposes else []),
    ):
        section = GlanceSection(key, L[f"glance.{key}"], lines)
        if not lines:
            section.unset = True
            section.where = part.where("heading") if part is not None else notice.where("id")
        sections.append(section)

    if notice.recipients is not None:
        # Each recipient's name (its `why` is in the full notice); then the recipients the law
        # requires, or "To be completed" until they are named.
        share = GlanceSection("share", L["glance.share"], [first_sentence(r.name) for r in notice.recipients.items])
        required = notice.recipients.required_by_law
        if required:
            share.items.append(first_sentence(required))
        else:
            share.rows.append(
                Row(
                    L["glance.recipients_by_law"],
                    None,
                    notice.recipients.where("required_by_law"),
                )
            )
        sections.append(share)

    rights_heading = notice.rights.heading if notice.rights else None
    rights_section = GlanceSection("rights", L["glance.rights"], rights_lines(L, english=notice.translation is None))
    if rights_heading:
        rights_section.items.append(f"{L['glance.rights_more']} “{rights_heading}”.")
    sections.append(rights_section)

    complain = GlanceSection("complain", L["glance.complain"])
    channels = [c for c in (setting.complaints_email, setting.complaints_form) if c]
    complain.rows.append(Row(L["glance.complain_us"], ", ".join(channels) or None, setting.where("complaints_email")))
    regulator = regulator_for(hb, notice)
    if regulator is not None:
        where = regulator.complaint_page or regulator.website or regulator.phone
        complain.rows.append(Row(L["glance.complain_then"], f"{regulator.name}" + (f", {where}" if where else "")))
    else:
        complain.rows.append(
            Row(
                L["glance.complain_then"],
                None,
                notice.complaints.where("heading") if notice.complaints else notice.where("id"),
            )
        )
    sections.append(complain)
    return sections


def rights_lines(L: dict[str, str], english: bool = True) -> list[str]:
    """The rights that apply whatever the lawful basis (rights.yaml), promising no more than the
    law gives: a right the law gives only in some circumstances (restriction, Art. 18(1): rights.yaml
    `limit: circumstances`) is in its own "sometimes" line.  A right with exceptions (access:
    `limit: exceptions`) is one a parent can always ask for ("you can ask to see"): the first page
    has no room for its limit (250 words), which the full notice prints beside it."""
    table = rights_table()
    always = [
        row
        for row in table.rights
        if row.right != "complain" and f"right.{row.right}" in L and all(b in row.applies_to for b in BASES)
    ]

    def name(row: RightRow) -> str:
        # English labels are headings ("See your information"), lower-cased inside the sentence;
        # a translator's words are kept as written (a German noun keeps its capital).
        label = L[f"right.{row.right}"]
        return _lower_first(label) if english else label

    lines = []
    whenever = [name(row) for row in always if row.limit != "circumstances"]
    if whenever:
        lines.append(f"{L['glance.rights_always']} " + _and(whenever, L["and"]) + ".")
    some_cases = [name(row) for row in always if row.limit == "circumstances"]
    if some_cases:
        lines.append(f"{L['glance.rights_some_cases']} " + _and(some_cases, L["and"]) + ".")
    return lines


def _and(names: list[str], and_word: str) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {and_word} " + names[-1]


def glance_words(view: NoticeView) -> int:
    """Words printed on the first page: the title, the headings, every line and row, and the
    "other formats" line (the footer is not counted)."""
    pieces = [
        view.controller_name,
        view.title,
        view.labels["glance"],
        view.other_formats or "",
        view.labels["formats.ask"],
        view.other_formats_contact or view.labels["tbc"],
    ]
    for section in view.glance:
        pieces.append(section.heading)
        pieces += section.items
        for row in section.rows:
            pieces += [row.label, row.value or view.labels["tbc"]]
        if section.unset:
            pieces.append(view.labels["tbc"])
    return sum(len(p.split()) for p in pieces)
