"""Read a document into a flat list of blocks: headings, paragraphs, list items, and notes
for anything the handbook cannot hold (tables, images, page headers).

Only layout is touched: bullet marks and list numbers, runs of spaces, line breaks and
invisible characters.  Words, capitals, punctuation and typographic quotes and dashes stay as
written, because the policy text must stay the centre's own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

BlockKind = Literal["title", "heading", "paragraph", "item", "unmapped"]


@dataclass
class Block:
    kind: BlockKind
    text: str
    where: str  # "line 12", "paragraph 7", "table 1": for the review list
    level: int = 1  # heading level, or list nesting (1 = top)
    notes: list[str] = field(default_factory=list)  # what the reader changed beyond layout
    numbered: bool = False  # a list item that had a number (1. a) iv.) rather than a bullet


class UnreadableDocument(Exception):
    """The document cannot be read; the message says why and what to do."""


# Spaces a word processor uses that are not plain spaces, and characters that print nothing.
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def clean(text: str) -> str:
    """Layout-only normalisation: one plain space between words, nothing invisible."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).translate(_INVISIBLE)).strip()


# A bullet mark: the symbol bullets Word and its text export use (·, •, the Symbol-font
# private-use glyphs), and -, *, o, dashes when followed by a space.
_BULLET = re.compile(
    r"^\s*(?:[·•◦▪▫■□●○‣⁃∙►➢✓✔❖\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0e0]\s*|[-*+–—o]\s+)(?=\S)"
)
# A list number: 1.  1)  (1)  a)  (a)  i.  (iv)
_NUMBER = re.compile(r"^\s*(?:\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,6})[.)]|\(\d{1,3}\))\s+(?=\S)")


def is_numbered(line: str) -> bool:
    return bool(_NUMBER.match(line)) and not _BULLET.match(line)


def list_mark(line: str) -> tuple[str, int] | None:
    """If the line starts with a bullet or list number: (text after it, nesting level)."""
    for pattern in (_BULLET, _NUMBER):
        match = pattern.match(line)
        if match:
            indent = len(line) - len(line.lstrip())
            # "o" is the second-level bullet of a Word text export; deep indents are sub-items.
            level = 2 if (line.lstrip().startswith("o ") or indent >= 4) else 1
            return line[match.end():], level
    return None


_END_PUNCTUATION = tuple(".,;:!?…")


def looks_like_heading(text: str) -> bool:
    """A short line that is not a sentence: no closing punctuation, starts like a title."""
    words = text.split()
    return (
        0 < len(words) <= 10
        and len(text) <= 90
        and not text.endswith(_END_PUNCTUATION)
        and (text[0].isupper() or text[0].isdigit())
        and ". " not in text
    )


def read_document(path: Path) -> tuple[list[Block], list[str]]:
    """Blocks of the document, and notes about the file as a whole."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .docx_reader import read_docx

        return read_docx(path)
    if suffix in (".txt", ".text"):
        text, notes = read_text_file(path)
        return read_plain_text(text), notes
    if suffix in (".md", ".markdown"):
        from .markdown_reader import read_markdown

        text, notes = read_text_file(path)
        return read_markdown(text), notes
    if suffix in (".doc", ".rtf", ".odt", ".pdf"):
        raise UnreadableDocument(
            f"cannot read {suffix} files; open it in Word or LibreOffice and save it as .docx (Word document) or .txt"
        )
    raise UnreadableDocument(f"unknown kind of file '{path.name}'; import a .docx, .txt or .md file")


def read_text_file(path: Path) -> tuple[str, list[str]]:
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise UnreadableDocument("this is not a text file (it contains NUL bytes); for a Word document use the .docx file")
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        # Word's "Plain Text" export on Windows writes Windows-1252 unless told otherwise.
        return raw.decode("cp1252", errors="replace"), [
            "the file is not UTF-8; it was read as Windows-1252 (check quotes, dashes and accents)"
        ]


def read_plain_text(text: str) -> list[Block]:
    """A text export of a Word document (one paragraph per line) or hand-wrapped text (a
    paragraph runs over several lines and ends at a blank line)."""
    lines = text.splitlines()
    # A Word export never wraps, so long lines mean "one line, one paragraph"; otherwise
    # consecutive lines are one paragraph that was wrapped by hand.
    one_per_line = any(len(line) > 100 for line in lines)
    blocks: list[Block] = []
    current: Block | None = None
    for number, line in enumerate(lines, 1):
        where = f"line {number}"
        if not clean(line):
            current = None
            continue
        marked = list_mark(line)
        if marked:
            body, level = marked
            current = Block("item", clean(body), where, level, numbered=is_numbered(line))
            blocks.append(current)
        elif current is not None and not one_per_line and current.kind in ("paragraph", "item"):
            current.text = clean(current.text + " " + line)
        elif re.fullmatch(r"\s*(=+|-+)\s*", line) and blocks and blocks[-1].where == f"line {number - 1}":
            # Underlined (setext) heading: the line above is a heading.
            blocks[-1].kind = "heading"
            current = None
        else:
            current = Block("paragraph", clean(line), where)
            blocks.append(current)
    for index, block in enumerate(blocks):
        if block.kind == "paragraph" and looks_like_heading(block.text):
            block.kind = "heading"
        elif block.kind == "item" and block.numbered and looks_like_heading(block.text):
            # "2. Aims" on its own between paragraphs is a numbered heading, not a list.
            around = blocks[index - 1: index] + blocks[index + 1: index + 2]
            if around and all(b.kind != "item" for b in around):
                block.kind = "heading"
                block.text = clean(lines[int(block.where.split()[1]) - 1])
    return blocks
