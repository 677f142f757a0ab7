"""The lines around a policy's text that are about the document, not policy: its date, when it
was adopted or reviewed, when it is next due, who signed it.

They are what the register needs (approved, last_reviewed, next_review, owner), so they
become suggested register fields: printed by the import and written in the file's review
header, never statements or sections.  Only short lines are read this way, and only above the
first paragraph or after the last one, so a sentence of the policy that mentions a date stays
a statement.  Nothing is filled in for the setting: a date without its day, or a signatory who
is not a role id, stays null in the suggested entry, with the document's words beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .blocks import Block
from .shape import _TITLE_WORDS as _NAMES_A_DOCUMENT

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19|20)\d\d"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"\b(?:(?P<d1>{_DAY})(?:\s+of)?\s+(?P<m1>{_MONTH}),?\s+(?P<y1>{_YEAR})"  # 1 March 2019
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR})"  # March 1, 2019
    rf"|(?P<m3>{_MONTH}),?\s+(?P<y3>{_YEAR})"  # March 2019
    rf"|(?P<d4>\d{{1,2}})[/.](?P<m4>\d{{1,2}})[/.](?P<y4>{_YEAR}|\d\d)"  # 01/03/2019 (day first, as in the UK)
    rf"|(?P<y5>{_YEAR})-(?P<m5>\d\d)-(?P<d5>\d\d)"  # 2019-03-01
    rf"|(?P<season>(?:spring|summer|autumn|winter)(?:\s+term)?)\s+(?P<y6>{_YEAR})"  # Autumn term 2023
    r")\b",
    re.IGNORECASE,
)

FIELDS = ("approved", "last_reviewed", "next_review")
# Words that say which date a line gives; "next review" before "reviewed".
_FIELD_WORDS = re.compile(
    r"\b(?:(?P<next_review>next\s+review(?:\s+date)?|date\s+of\s+next\s+review|review\s+(?:date|due)"
    r"|due\s+for\s+review|(?:to|will)\s+be\s+reviewed|renewal\s+date)"
    r"|(?P<last_reviewed>(?:last\s+)?reviewed|(?:last\s+)?updated|revised|amended|last\s+review|date\s+of\s+review)"
    r"|(?P<approved>adopted|approved|agreed|ratified|implemented|introduced|effective|came\s+into\s+(?:force|effect)"
    r"|issued|date\s+of\s+issue|signed))\b",
    re.IGNORECASE,
)
# What may stand beside a bare date: "Date: January 2024", "Version 3, January 2024".
_DATE_LABEL = re.compile(r"^(?:(?:policy\s+)?dated?|written|version\s+[\w.]+|v\s?\d[\d.]*|[\s:,.\-–—|()])*$", re.I)
_SIGNATORY = re.compile(
    r"^(?:signed|signature|signatory|(?:policy\s+)?owner|policy\s+lead|responsible\s+person"
    r"|(?:approved|authori[sz]ed|agreed|reviewed)\s+by)\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_ROLE_WORDS = re.compile(
    r"\b(?:manager|leader|head|director|owner|proprietor|officer|co-?ordinator|lead|chair(?:person)?|practitioner"
    r"|senco|dsl|teacher|governors?|trustees?|deputy|supervisor|administrator|committee|board|principal"
    r"|registered\s+person|nominated\s+individual|management)\b",
    re.IGNORECASE,
)
_BLANK_FIELD = re.compile(r"(?:_{3,}|\.{4,}|…{2,})")
_MAX_WORDS = 16  # a metadata line is short; a sentence that mentions a date is policy


@dataclass
class DateSaid:
    words: str  # as the document writes it: "January 2024"
    date: dt.date | None  # only when the day is given
    month: tuple[int, int] | None  # (year, month) when the month is given


@dataclass
class RegisterField:
    field: str  # approved | last_reviewed | next_review | owner
    said: str  # the date or role as the document writes it
    line: str  # the whole line
    where: str
    date: DateSaid | None = None
    dated_only: bool = False  # a date alone on its line (under the title): taken as the last review


def _parse_date(match: re.Match) -> DateSaid:
    g = {k: v for k, v in match.groupdict().items() if v}
    words = match.group(0)
    year = next((int(g[k]) for k in ("y1", "y2", "y3", "y4", "y5", "y6") if k in g), None)
    if year is not None and year < 100:
        year += 2000
    month = day = None
    for key in ("m1", "m2", "m3"):
        if key in g:
            month = _MONTHS[g[key].lower().rstrip(".")]
    for key in ("m4", "m5"):
        if key in g:
            month = int(g[key])
    for key in ("d1", "d2", "d4", "d5"):
        if key in g:
            day = int(re.sub(r"\D.*", "", g[key]))  # "3rd" is day 3
    if year is None or month is None or not 1 <= month <= 12:
        return DateSaid(words, None, None)
    try:
        date = dt.date(year, month, day) if day else None
    except ValueError:
        return DateSaid(words, None, None)
    return DateSaid(words, date, (year, month))


def classify(block: Block) -> tuple[list[RegisterField], list[str]] | None:
    """The register fields a short line gives, and notes; None if it is not such a line."""
    text = block.text
    if block.kind not in ("paragraph", "heading", "title") or len(text.split()) > _MAX_WORDS:
        return None
    dates = [(m.start(), _parse_date(m)) for m in _DATE.finditer(text)]
    keys = [(m.start(), m.lastgroup) for m in _FIELD_WORDS.finditer(text)]
    found: list[RegisterField] = []
    notes: list[str] = []
    if dates:
        if not keys:
            rest = _DATE.sub(" ", text)
            if not _DATE_LABEL.fullmatch(rest.strip()):
                return None  # "Sports day is on 3 June 2024." stays a statement
            found += [RegisterField("last_reviewed", d.words, text, block.where, d, dated_only=True) for _, d in dates]
        for at, said in dates if keys else []:
            before = [field for pos, field in keys if pos < at]
            field = before[-1] if before else next(field for pos, field in keys if pos > at)
            if field is not None:
                found.append(RegisterField(field, said.words, text, block.where, said))
    signatory = _SIGNATORY.match(_DATE.sub(" ", text).strip())
    if signatory:
        who = re.split(r"\bdate[d]?\b", signatory.group("rest"), flags=re.I)[0]
        who = re.sub(r"^\s*(?:by\b|on\s+behalf\s+of\s+the\s+\w+\b|[\s:\-–—,])*", "", who).rstrip(" :,.-–—")
        who = who.split(":")[-1].strip()
        if not who or _BLANK_FIELD.search(who):
            if not found:
                notes.append(f"{block.where}: {text!r} is a form field to fill in by hand; it was not imported")
        else:
            parts = [part.strip() for part in re.split(r",|\s[-–—]\s", who)]
            roles = [part for part in parts if _ROLE_WORDS.search(part)]
            for name in (part for part in parts if part and part not in roles):
                text = text.replace(name, "[a name]")  # a person's name is not kept, even in a comment
            for f in found:
                f.line = text
            if roles:
                found.append(RegisterField("owner", roles[0], text, block.where))
            elif not found:
                notes.append(
                    f"{block.where}: a signature line was not imported (it names a person, and the "
                    "register's owner is a role)"
                )
    elif not found and _BLANK_FIELD.search(text) and ":" in text:
        notes.append(f"{block.where}: {text!r} is a form field to fill in by hand; it was not imported")
    if not found and not notes:
        return None
    return found, notes


def gives_date(text: str) -> bool:
    """A short line that dates the document ("Reviewed: January 2024"): it stands on its own
    line, so wrapped lines are never joined to it or onto it."""
    found = classify(Block("paragraph", text, ""))
    return bool(found and any(f.date for f in found[0]))


def recognise(blocks: list[Block]) -> tuple[list[Block], list[RegisterField], list[str]]:
    """Take the document's metadata lines out of its blocks: above the first paragraph and
    after the last one.  The first heading-like line becomes the title when it names a kind
    of document ("... Policy") or a date or metadata line follows it."""
    taken: dict[int, tuple[list[RegisterField], list[str]]] = {}
    for index, block in enumerate(blocks):  # above the first paragraph or item
        found = classify(block)
        if found:
            taken[index] = found
        elif block.kind in ("paragraph", "item"):
            break
    for index in range(len(blocks) - 1, -1, -1):  # after the last paragraph or item
        block = blocks[index]
        if block.kind == "unmapped":
            continue
        found = classify(block)
        if not found:
            break
        taken[index] = found
    fields = [f for index in sorted(taken) for f in taken[index][0]]
    notes = [n for index in sorted(taken) for n in taken[index][1]]
    kept = [b for index, b in enumerate(blocks) if index not in taken]

    first = next((i for i, b in enumerate(blocks) if b.kind != "unmapped" and i not in taken), None)
    if (
        first is not None
        and blocks[first].kind == "heading"
        and (_NAMES_A_DOCUMENT.search(blocks[first].text) or (first + 1) in taken)
    ):
        blocks[first].kind = "title"
    return kept, fields, notes


@dataclass
class Suggested:
    value: object  # what to write in register.yaml: a date, or None
    comment: str


def suggested_values(fields: list[RegisterField]) -> dict[str, Suggested]:
    """register.yaml values with the document's words beside them.  A value is given only
    when the document gives the full date and nothing contradicts it."""
    result: dict[str, Suggested] = {}
    for name in ("owner",) + FIELDS:
        these = [f for f in fields if f.field == name]
        if not these:
            continue
        quoted = ", ".join(f"{f.line!r} ({f.where})" for f in these)
        if name == "owner":
            roles = sorted({f.said for f in these})
            result[name] = Suggested(
                None, f"{quoted}: give the role id from roles.yaml for {' or '.join(map(repr, roles))}"
            )
            continue
        explicit = [f for f in these if not f.dated_only] or these
        days = {f.date.date for f in explicit if f.date and f.date.date}
        months = {f.date.month for f in explicit if f.date and f.date.month}
        if len(days) == 1 and len(months) == 1:
            result[name] = Suggested(days.pop(), quoted)
        elif len(months) > 1 or len(days) > 1:
            result[name] = Suggested(None, f"{quoted}: the document gives different dates")
        else:
            result[name] = Suggested(None, f"{quoted}: the day is not given")
    return result


def describe(fields: list[RegisterField]) -> list[str]:
    """One line per register field, for the import's summary and the file's header."""
    lines = []
    for name, suggested in suggested_values(fields).items():
        value = suggested.value.isoformat() if isinstance(suggested.value, dt.date) else "null"
        lines.append(f"{name}: {value}  # {suggested.comment}")
    return lines
