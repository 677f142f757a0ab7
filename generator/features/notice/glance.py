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
from typing import TYPE_CHECKING

from generator.core.findings import Location

from .model import Notice
from .regulator import regulator_for
from .rights import BASES, rights_table

if TYPE_CHECKING:
    from generator.pipeline.handbook import Handbook

    from .content import NoticeView

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
    items: list[str] = field(default_factory=list)  # short lines
    rows: list[Row] = field(default_factory=list)


_FIRST_SENTENCE = re.compile(r"^(.+?[.!?।])(?:\s|$)")


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
    who.rows = [
        Row(L["phone"], setting.phone, setting.where("phone")),
        Row(L["email"], setting.email, setting.where("email")),
    ]
    sections.append(who)

    if notice.categories and notice.categories.items:
        sections.append(
            GlanceSection("what", L["glance.what"], [first_sentence(c.name) for c in notice.categories.items])
        )
    if notice.purposes and notice.purposes.items:
        sections.append(
            GlanceSection("why", L["glance.why"], [first_sentence(p.purpose) for p in notice.purposes.items])
        )

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
                    _capitalised(L["tbc.recipients_by_law"].split(" (")[0]),
                    None,
                    notice.recipients.where("required_by_law"),
                )
            )
        sections.append(share)

    always = [
        r for r in (row.right for row in rights_table().rights) if all(r in rights_table().for_basis(b) for b in BASES)
    ]
    rights = [L[f"right.{r}"] for r in always if f"right.{r}" in L and r != "complain"]
    rights_heading = notice.rights.heading if notice.rights else None
    line = f"{L['glance.rights_always']}: " + ", ".join(_lower_first(r) for r in rights) + "."
    rights_section = GlanceSection("rights", L["glance.rights"], [line])
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


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


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
    return sum(len(p.split()) for p in pieces)
