"""Read a document into a flat list of blocks: headings, paragraphs, list items, and notes
for anything the handbook cannot hold (tables, images, page headers).

Only layout is touched: bullet marks and list numbers, runs of spaces, line breaks and
invisible characters.  Words, capitals, punctuation and typographic quotes and dashes stay as
written, because the policy text must stay the setting's own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.core.encodings import bom_encoding, decode_marked, describe_encoding
from generator.core.load import MAX_FILE_BYTES, UNPRINTABLE  # the loader's rule: what a data file may not hold

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


# Spaces a word processor uses that are not plain spaces, and characters that print nothing:
# zero-width space, word joiner, byte-order mark, soft hyphen.  The zero-width joiner and
# non-joiner (U+200D, U+200C) stay: they change how Urdu, Persian, Hindi or Bengali words are
# written (and make emoji sequences), so they are part of the words.
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"), None)


def clean(text: str) -> str:
    """Layout-only normalisation: one plain space between words, nothing invisible."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).translate(_INVISIBLE)).strip()


# A bullet mark: the symbol bullets Word and its text export use (·, •, the Symbol-font
# private-use glyphs), and -, *, o, dashes when followed by a space.
_BULLET = re.compile(r"^\s*(?:[·•◦▪▫■□●○‣⁃∙►➢✓✔❖\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0e0]\s*|[-*+–—o]\s+)(?=\S)")
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
            return line[match.end() :], level
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


# What a file that is not text usually is, by its first bytes.
_SIGNATURES = {
    b"%PDF-": "a PDF (import it as a .pdf file)",
    b"PK\x03\x04": "a Word document or another zip file (import a Word document as a .docx file)",
    b"\xd0\xcf\x11\xe0": "an old Word (.doc) file (save it as .docx in Word or LibreOffice)",
    b"{\\rtf": "an RTF file (save it as .docx in Word or LibreOffice)",
    b"\x89PNG": "a PNG picture",
    b"\xff\xd8\xff": "a JPEG picture",
    b"GIF8": "a GIF picture",
}


MAX_SOURCE_BYTES = 50_000_000  # a policy is a few hundred kB even as a PDF with pictures


def read_bytes(path: Path) -> bytes:
    """The file's bytes; an empty file, or one too big to be a policy, is refused here,
    whatever its kind (read no further than the limit, whatever the file system said)."""
    with path.open("rb") as stream:
        raw = stream.read(MAX_SOURCE_BYTES + 1)
    if not raw:
        raise UnreadableDocument("the file is empty (0 bytes): there is nothing to import")
    if len(raw) > MAX_SOURCE_BYTES:
        raise UnreadableDocument(
            f"the file is larger than {MAX_SOURCE_BYTES // 1_000_000} MB, the limit for a "
            "document to import; is it the right file?"
        )
    return raw


def decode_marked_text(raw: bytes, expected: str) -> str | None:
    """The text of a file that starts with a byte-order mark (UTF-8, UTF-16 or UTF-32), or
    None when it has none."""
    try:
        return decode_marked(raw)
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(
            f"this is not {expected}: it starts with a {describe_encoding(bom_encoding(raw) or 'unknown')} byte-order mark, "
            f"but byte {exc.start + 1} does not follow that encoding; save it again as UTF-8 text"
        ) from None


def oversized(document: str, statements: int) -> str | None:
    """Why a policy file this big would be refused by every later command, or None."""
    size = len(document.encode("utf-8"))
    if size <= MAX_FILE_BYTES:
        return None
    return (
        f"the policy file would be {size / 1_000_000:.1f} MB ({statements} statements), over the limit of "
        f"{MAX_FILE_BYTES // 1_000_000} MB for a data file; is the document one policy? Split it into "
        "several documents and import each"
    )


def refuse_unstorable(blocks: list[Block]) -> None:
    """Refuse a document with characters a policy file may not hold (control characters other
    than tab and newline), naming the first paragraph that has one: otherwise the file written
    would fail its own check."""
    for block in blocks:
        bad = UNPRINTABLE.search(block.text)
        if bad:
            raise UnreadableDocument(
                f"{block.where} contains the control character U+{ord(bad.group()):04X} (invisible, often left by "
                "copying from another program), which a policy file cannot hold; delete it in the document "
                "and import again"
            )


def refuse_binary(raw: bytes, expected: str) -> None:
    """Refuse a file of another kind given a text suffix (a picture renamed .txt)."""
    for signature, what in _SIGNATURES.items():
        if raw.startswith(signature):
            raise UnreadableDocument(f"this is not {expected}: it is {what}")
    controls = sum(1 for byte in raw[:65536] if byte < 32 and byte not in b"\t\n\r\f\x0b")
    if b"\x00" in raw or controls > len(raw[:65536]) // 100:
        raise UnreadableDocument(
            f"this is not {expected} (it contains binary data); for a Word document use the .docx file"
        )


def read_text_file(path: Path) -> tuple[str, list[str]]:
    raw = read_bytes(path)
    marked = decode_marked_text(raw, "a text file")  # UTF-16 has NUL bytes: not "binary data"
    if marked is not None:
        return marked, []
    refuse_binary(raw, "a text file")
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        # Word's "Plain Text" export on Windows writes Windows-1252 unless told otherwise.
        return raw.decode("cp1252", errors="replace"), [
            "the file is not UTF-8; it was read as Windows-1252 (check quotes, dashes and accents)"
        ]
