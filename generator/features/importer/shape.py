"""Turn a document's blocks into a policy: a title, sections, and statements with stable ids.

Ids follow the scheme of the hand-made policies: PREFIX-SECTION-NN, like CONF-AIM-01.  The
prefix comes from the policy id (confidentiality -> CONF), the section code from the first
meaningful word of the heading (Aims -> AIM; "Procedures for Liaison with..." -> LIA, as
"procedures" says nothing about the section).  A section that opens with a paragraph
introducing a list ("we aim to:") numbers it 00 and the list items 01, 02, ...; otherwise
statements are numbered 01, 02, ... in order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .blocks import Block, UnreadableDocument

# Words that say nothing about which section this is.
_FILLER = {
    "a",
    "an",
    "and",
    "at",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "our",
    "the",
    "to",
    "with",
    "within",
    "policy",
    "policies",
    "procedure",
    "procedures",
    "guideline",
    "guidelines",
    "section",
    "part",
    "appendix",
}
# Words that mark a line above the headings as the document's title rather than a letterhead.
_TITLE_WORDS = re.compile(r"\b(polic(y|ies)|procedures?|guidelines?|guidance|statement|code|plan|notice)\b", re.I)


@dataclass
class DraftStatement:
    id: str
    kind: str  # paragraph | item
    text: str
    where: str
    notes: list[str] = field(default_factory=list)


@dataclass
class DraftSection:
    id: str
    title: str
    code: str
    where: str
    statements: list[DraftStatement] = field(default_factory=list)
    # Notes to show just before statement i (or at the end when i == len(statements)).
    comments: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Draft:
    id: str
    title: str
    prefix: str
    sections: list[DraftSection]
    notes: list[str]  # for the review list and the file header

    def statements(self) -> list[DraftStatement]:
        return [s for section in self.sections for s in section.statements]


def ascii_words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text.replace("&", " and ")).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", plain.lower())


def slug(text: str, limit: int = 60) -> str:
    words = [w for w in ascii_words(re.sub(r"^\s*[\dIVXivx]+[.)]?\s+", "", text)) if w]
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > limit:
            break
        result = candidate
    return result or "section"


def prefix_for(policy_id: str) -> str:
    """confidentiality -> CONF; child-protection -> CP."""
    parts = policy_id.split("-")
    if len(parts) == 1:
        return re.sub(r"[^A-Z0-9]", "", policy_id.upper())[:4] or "POL"
    initials = "".join(p[0] for p in parts if p)[:4].upper()
    return initials if initials[0].isalpha() else "P" + initials


def _code_candidates(title: str):
    words = [w for w in ascii_words(title) if w not in _FILLER and not w.isdigit()]
    letters = [w for w in words if w[0].isalpha()]
    if not letters:  # a heading of filler words only, like "Procedure"
        letters = [w for w in ascii_words(title) if w[0].isalpha()] or ["sec"]
    yield letters[0][:3].upper()
    if len(letters) >= 2:
        yield "".join(w[0] for w in letters[:3]).upper()
    for word in letters[1:]:
        yield word[:3].upper()
    base = letters[0][:3].upper()
    for n in range(2, 100):
        yield f"{base}{n}"


def section_code(title: str, taken: set[str]) -> str:
    for code in _code_candidates(title):
        if len(code) >= 2 and code not in taken:
            return code
    raise AssertionError("unreachable: numbered codes are always free")


def _choose_title(leading: list[Block], setting_name: str | None, notes: list[str]) -> Block:
    """The title among the heading-like lines above the first section."""

    def is_letterhead(block: Block) -> bool:
        return bool(setting_name) and ascii_words(block.text) == ascii_words(setting_name or "")

    candidates = [b for b in leading if not is_letterhead(b)] or leading
    preferred = (
        [b for b in candidates if b.kind == "title"]
        or [b for b in candidates if _TITLE_WORDS.search(b.text)]
        or candidates
    )
    title = preferred[-1] if preferred[-1].kind != "title" else preferred[0]
    for block in leading:
        if block is not title:
            why = "the setting's name, above the title" if is_letterhead(block) else "a line above the title"
            notes.append(f"{block.where}: {block.text!r} was not imported ({why})")
    return title


def shape(
    blocks: list[Block], policy_id: str, prefix: str, setting_name: str | None, title: str | None, fallback_title: str
) -> Draft:
    notes: list[str] = []
    blocks = list(blocks)

    # The title: among the title- and heading-like lines above the first paragraph, the one
    # styled Title or naming a policy, never the setting's letterhead.  The last of several
    # headings there is the first section's heading.
    leading: list[Block] = []
    for block in blocks:
        if block.kind not in ("title", "heading"):
            break
        leading.append(block)
    found_title = None
    if len(leading) >= 2:
        candidates = leading if leading[-1].kind == "title" else leading[:-1]
    elif len(leading) == 1 and (
        leading[0].kind == "title"
        or (not title and not any(b.kind == "heading" and b.level == leading[0].level for b in blocks[1:]))
    ):
        candidates = leading
    else:
        candidates = []
    if candidates:
        chosen = _choose_title(candidates, setting_name, notes)
        found_title = chosen.text
        for block in candidates:
            blocks.remove(block)
    for block in blocks:
        if block.kind == "title":  # a second Title-styled line is a heading
            block.kind = "heading"
    if title:
        if found_title and found_title != title:
            notes.append(f"the document's title {found_title!r} was replaced by --title {title!r}")
        found_title = title
    if not found_title:
        found_title = fallback_title
        notes.append(f"the document has no title line: the title {fallback_title!r} was made from the file name")

    sections: list[DraftSection] = []
    codes: set[str] = set()
    section_ids: set[str] = set()

    def new_section(heading: str, where: str) -> DraftSection:
        base = slug(heading)
        sid, n = base, 2
        while sid in section_ids:
            sid, n = f"{base}-{n}", n + 1
        section_ids.add(sid)
        code = section_code(heading, codes)
        codes.add(code)
        section = DraftSection(sid, heading, code, where)
        sections.append(section)
        return section

    current: DraftSection | None = None
    pending_comments: list[str] = []
    top_level = min((b.level for b in blocks if b.kind == "heading"), default=1)
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            if block.level > top_level:
                notes.append(
                    f"{block.where}: the sub-heading {block.text!r} became a section of its own "
                    "(the handbook has one level of sections)"
                )
            current = new_section(block.text, block.where)
            for comment in pending_comments:
                current.comments.append((0, comment))
            pending_comments = []
            continue
        if block.kind == "unmapped":
            what = block.notes[0] if block.notes else "something"
            message = f"{block.where}: {what} could not be mapped to statements"
            if block.text:
                message += "; its text is kept in a comment in the file"
            notes.append(message)
            comment = f"NOT IMPORTED ({block.where}: {what}). Add its words as statements if they belong here."
            if block.text:
                comment += "\n" + "\n".join(f"  {line}" for line in block.text.splitlines())
            if current is None:
                pending_comments.append(comment)
            else:
                current.comments.append((len(current.statements), comment))
            continue
        if current is None:
            current = new_section("Introduction", block.where)
            notes.append(
                f"{block.where}: the text before the first heading was put in a section titled "
                "'Introduction' (a title the document does not have: rename it if you like)"
            )
            for comment in pending_comments:
                current.comments.append((0, comment))
            pending_comments = []
        if block.kind == "item" and block.level > 1:
            block.notes.append(f"a level-{block.level} sub-item, imported as an item of the list")
        current.statements.append(
            DraftStatement("", "item" if block.kind == "item" else "paragraph", block.text, block.where, block.notes)
        )
        if index + 1 < len(blocks) and block.kind == "paragraph" and blocks[index + 1].kind == "item":
            current.statements[-1].notes.append("lead-in")
    if pending_comments:  # a document of nothing but tables
        raise UnreadableDocument(
            "the document has no paragraphs or list items to import, only: "
            + "; ".join(c.splitlines()[0] for c in pending_comments)
        )

    for section in sections:
        opens_list = bool(section.statements) and "lead-in" in section.statements[0].notes
        number = 0 if opens_list else 1
        for statement in section.statements:
            statement.id = f"{prefix}-{section.code}-{number:02d}"
            statement.notes = [n for n in statement.notes if n != "lead-in"]
            number += 1
    nested = [s.id for section in sections for s in section.statements if any("sub-item" in note for note in s.notes)]
    if nested:
        notes.append(
            f"{len(nested)} sub-item{'s' * (len(nested) != 1)} (a list inside a list) became items of the "
            f"list around them: {', '.join(nested)}"
        )
    kept: list[DraftSection] = []
    carry: list[str] = []  # comments of a heading with no text, shown at the next section
    for section in sections:
        if not section.statements:
            notes.append(
                f"{section.where}: the heading {section.title!r} has no text under it, so it is not a "
                "section (it is kept in a comment)"
            )
            carry.append(f"NOT IMPORTED ({section.where}): the heading {section.title!r}, with no text under it.")
            carry.extend(comment for _, comment in section.comments)
            continue
        section.comments[:0] = [(0, comment) for comment in carry]
        carry = []
        kept.append(section)
    if carry and kept:
        kept[-1].comments.extend((len(kept[-1].statements), comment) for comment in carry)
    if not kept:
        raise UnreadableDocument("the document has no paragraphs or list items to import")
    return Draft(policy_id, found_title, prefix, kept, notes)
