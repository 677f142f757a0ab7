"""Read a Word (.docx) document with python-docx, in document order.

Paragraph styles say what a paragraph is: "Title", "Heading N", list styles or Word
numbering for list items.  Many settings' documents use bold Normal text for headings and typed
"·" marks for bullets, so those are recognised too.  Tables, images, text boxes, footnotes and
page headers/footers have no place in a policy's statements: each becomes a note with its text,
so nothing is lost without a word.  The document is read as it reads with every tracked change
accepted, and a paragraph's words are every word in it (word_text.py), as for `--update`.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .blocks import Block, UnreadableDocument, clean, list_mark, looks_like_heading
from .package import check_docx
from .word_text import accept_all_changes, not_shown, paragraph_text
from .word_text import qn as _qn

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_LIST_STYLE_LEVEL = re.compile(r"(\d)$")


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' * (n != 1)}"


def read_docx(path: Path) -> tuple[list[Block], list[str]]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_docx(path)  # sizes and XML first: python-docx would read a zip bomb whole
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocument(f"cannot open it as a Word document ({exc}); is it really a .docx file?") from None
    accepted = accept_all_changes(document.element.body)
    reader = _Reader(document)
    reader.read_body(document.element.body)
    reader.read_headers_and_footers(document)
    if accepted.summary():
        reader.file_notes.insert(
            0,
            f"the document has tracked changes; they were read as if accepted ({accepted.summary()}): "
            "check the imported text reads as intended",
        )
    return reader.blocks, reader.file_notes


class _Reader:
    def __init__(self, document):
        self.document = document
        self.blocks: list[Block] = []
        self.file_notes: list[str] = []
        self.paragraphs = 0
        self.tables = 0

    def read_body(self, body) -> None:
        from docx.text.paragraph import Paragraph

        for child in body.iterchildren():
            if child.tag == _qn("w:p"):
                self.paragraph(Paragraph(child, self.document))
            elif child.tag == _qn("w:tbl"):
                self.table(child)
            elif child.tag == _qn("w:sdt") and not not_shown(child):  # wraps ordinary paragraphs
                content = child.find(_qn("w:sdtContent"))  # (one still showing its prompt: no words)
                if content is not None:
                    self.read_body(content)

    def paragraph(self, paragraph) -> None:
        self.paragraphs += 1
        where = f"paragraph {self.paragraphs}"
        element = paragraph._p
        extras = self._hidden_content(element, where)
        words = paragraph_text(element)  # as read: a typed list mark is seen in these
        text = clean(words)
        if text:
            self.blocks.append(self._classify(paragraph, words, text, where))
        self.blocks.extend(extras)

    def _classify(self, paragraph, words: str, text: str, where: str) -> Block:
        """The block a paragraph is, from its words as read and as cleaned (`text`)."""
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.lower() in ("title", "subtitle"):
            return Block("title" if style.lower() == "title" else "heading", text, where)
        heading = _HEADING_STYLE.match(style)
        if heading:
            return Block("heading", text, where, int(heading.group(1)))
        num_pr = paragraph._p.find(f"{_qn('w:pPr')}/{_qn('w:numPr')}")
        if num_pr is not None or "list" in style.lower():
            level = 1
            ilvl = num_pr.find(_qn("w:ilvl")) if num_pr is not None else None
            if ilvl is not None and ilvl.get(_qn("w:val"), "0").isdigit():
                level = int(ilvl.get(_qn("w:val"), "0")) + 1
            elif found_level := _LIST_STYLE_LEVEL.search(style):
                level = int(found_level.group(1))
            marked = list_mark(text)  # a typed mark inside a list paragraph is layout too
            return Block("item", clean(marked[0]) if marked else text, where, level)
        marked = list_mark(words)
        if marked and not words.lstrip().startswith("o "):
            body, level = marked
            return Block("item", clean(body), where, level)
        runs = [run for run in paragraph.runs if run.text.strip()]
        if runs and all(run.bold for run in runs) and looks_like_heading(text):
            return Block("heading", text, where, 2)
        return Block("paragraph", text, where)

    def _hidden_content(self, element, where: str) -> list[Block]:
        """Things inside a paragraph that are not its words."""
        found: list[Block] = []
        for box in element.iter(_qn("w:txbxContent")):
            words = clean(" ".join(t.text or "" for t in box.iter(_qn("w:t"))))
            if words:
                found.append(Block("unmapped", words, where, notes=["a text box"]))
        images = sum(1 for _ in element.iter(_qn("w:drawing"))) + sum(1 for _ in element.iter(_qn("w:pict")))
        images -= len(found)  # a text box is drawn as a drawing too
        if images > 0:
            found.append(Block("unmapped", "", where, notes=[f"{'an image' if images == 1 else f'{images} images'}"]))
        for ref in element.iter(_qn("w:footnoteReference")):
            found.append(
                Block("unmapped", "", where, notes=[f"footnote {ref.get(_qn('w:id'))} (its text is not imported)"])
            )
        return found

    def table(self, table) -> None:
        """A table (a w:tbl element) as one note with every row's words: the rows and cells a
        content control wraps, and the words of a table inside a cell, are read as well (python-
        docx's rows and cells leave both out); a cell merged across columns or down rows is one
        cell in the file, so its words show once."""
        self.tables += 1
        every_row = _table_rows(table)
        rows = [" | ".join(cells) for cells in every_row if any(cells)]
        if rows:
            grid = len(table.findall(f"{_qn('w:tblGrid')}/{_qn('w:gridCol')}"))
            columns = grid or max(len(cells) for cells in every_row)
            self.blocks.append(
                Block(
                    "unmapped",
                    "\n".join(rows),
                    f"table {self.tables}",
                    notes=[f"a table ({_count(len(rows), 'row')}, {_count(columns, 'column')})"],
                )
            )

    def read_headers_and_footers(self, document) -> None:
        seen: set[str] = set()
        for section in document.sections:
            for part_name in (
                "header",
                "first_page_header",
                "even_page_header",
                "footer",
                "first_page_footer",
                "even_page_footer",
            ):
                part = getattr(section, part_name)
                if part.is_linked_to_previous:
                    continue
                words = clean(" ".join(paragraph_text(p._p) for p in part.paragraphs))
                if words and words not in seen:
                    seen.add(words)
                    kind = "page footer" if "footer" in part_name else "page header"
                    self.file_notes.append(f"the {kind} was not imported: {words!r}")


def _shown(element):
    """An element's children, each content control (w:sdt) replaced by what it holds; one still
    showing its prompt holds no words."""
    for child in element.iterchildren():
        if child.tag != _qn("w:sdt"):
            yield child
        elif not not_shown(child) and (content := child.find(_qn("w:sdtContent"))) is not None:
            yield from _shown(content)


def _table_rows(table) -> list[list[str]]:
    """Each row of a w:tbl as its cells' words."""
    return [
        [_cell_words(cell) for cell in _shown(row) if cell.tag == _qn("w:tc")]
        for row in _shown(table)
        if row.tag == _qn("w:tr")
    ]


def _cell_words(cell) -> str:
    """A cell's paragraphs, and a table inside it in square brackets, its rows apart by "; "."""
    parts: list[str] = []
    for child in _shown(cell):
        if child.tag == _qn("w:p"):
            parts.append(paragraph_text(child))
        elif child.tag == _qn("w:tbl"):
            rows = [" | ".join(cells) for cells in _table_rows(child) if any(cells)]
            parts.append(f"[{'; '.join(rows)}]" if rows else "")
    return clean("\n".join(parts))
