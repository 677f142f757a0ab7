"""Read a Markdown file: # headings, - and 1. lists, paragraphs separated by blank lines.

Markdown markup is layout: emphasis marks are removed and a link keeps its words and its
address.  Tables, images, code blocks and raw HTML have no place in a statement and become
notes with their text.
"""

from __future__ import annotations

import re

from .blocks import Block, clean, list_mark

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>]+)>")
_EMPHASIS = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")  # not inside snake_case
_HTML = re.compile(r"^\s*<[a-zA-Z!/]")


def inline(text: str, notes: list[str]) -> str:
    """Markdown inline markup to plain words."""
    for alt, src in _IMAGE.findall(text):
        notes.append(f"an image ({alt or src}) was not imported")
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _UNDERSCORE_EMPHASIS.sub(r"\2", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", r"\1", text)  # backslash escapes
    return clean(text)


def read_markdown(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line, where = lines[i], f"line {i + 1}"
        i += 1
        if not line.strip():
            current = None
            continue
        if _FENCE.match(line) or _TABLE_ROW.match(line) or _HTML.match(line):
            what = "a code block" if _FENCE.match(line) else ("a table" if _TABLE_ROW.match(line) else "raw HTML")
            body = [line]
            if what == "a code block":
                while i < len(lines) and not _FENCE.match(lines[i]):
                    body.append(lines[i])
                    i += 1
                if i < len(lines):
                    body.append(lines[i])
                    i += 1
            else:
                while i < len(lines) and lines[i].strip() and not list_mark(lines[i]) and not _ATX.match(lines[i]):
                    body.append(lines[i])
                    i += 1
            kept = [clean(row) for row in body if clean(row) and not re.fullmatch(r"[|:\-\s]+", row)]
            blocks.append(Block("unmapped", "\n".join(kept), where, notes=[what]))
            current = None
            continue
        heading = _ATX.match(line)
        if heading:
            notes: list[str] = []
            blocks.append(Block("heading", inline(heading.group(2), notes), where, len(heading.group(1)), notes))
            current = None
            continue
        if re.fullmatch(r"\s*(=+|-+)\s*", line) and current is not None and current.kind == "paragraph":
            current.kind, current.level = "heading", 1 if "=" in line else 2
            current = None
            continue
        if re.fullmatch(r"\s*([-*_]\s*){3,}", line):  # a horizontal rule: no words
            current = None
            continue
        stripped = re.sub(r"^\s*>\s?", "", line)  # a quotation is still the policy's words
        marked = list_mark(stripped)
        notes = []
        if marked:
            item_text, level = marked
            current = Block("item", inline(item_text, notes), where, level, notes)
            blocks.append(current)
        elif current is not None:
            current.text = clean(current.text + " " + inline(stripped, current.notes))
        else:
            current = Block("paragraph", inline(stripped, notes), where, notes=notes)
            blocks.append(current)
    return [b for b in blocks if b.text or b.kind == "unmapped"]
