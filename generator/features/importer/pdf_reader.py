"""Read a PDF's text with pdfminer.six (MIT), in reading order, into the same blocks as a text file.

A PDF holds positioned lines, not paragraphs.  The reader:
- puts each page's lines in reading order: what stands above the columns (a title), then each
  column top to bottom, left to right (a gutter no line crosses splits a page into columns);
- drops running headers and footers and page numbers: lines in the top or bottom margin that
  repeat on other pages, read as page numbers, or stand apart from the text in a smaller font;
  each is named in a note, as the Word reader does for page headers;
- hands the lines to `paragraphs.rebuild`, saying for each line how much room was left at its
  end and whether a gap or a change of font comes before it, so paragraphs, list items and
  headings come out as they would from a wrapped text file, and hyphenated words are rejoined
  only where the joined word is a word.
Images and form fields cannot be statements: each is named in a note.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .blocks import Block, UnreadableDocument, read_bytes
from .paragraphs import Line, rebuild

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$|^[ivxlc]{1,6}$", re.IGNORECASE
)
_MARGIN_BAND = 0.12  # the top and bottom 12% of a page, where running headers and footers sit
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
)


@dataclass
class _PdfLine:
    text: str
    x0: float
    x1: float
    y0: float  # bottom (PDF coordinates grow upwards)
    y1: float
    size: float
    bold: bool
    page: int
    xs: tuple[float, ...] = ()  # where each character of text starts
    table: Block | None = None  # a table found here (the line has no text of its own)

    @property
    def style(self) -> tuple[float, bool]:
        return round(self.size * 2) / 2, self.bold

    def char_width(self) -> float:
        return max((self.x1 - self.x0) / max(len(self.text), 1), 0.1)


def read_pdf(path: Path, keep_lines: bool = False) -> tuple[list[Block], list[str]]:
    pages, notes = _read_pages(path)
    if not any(pages):
        raise UnreadableDocument(
            "the PDF has no text to read: its pages are pictures (a scan?). Import the Word or text version, "
            "or a copy made with text recognition (OCR)"
        )
    notes += _drop_running_heads(pages)
    body: Counter[tuple[float, bool]] = Counter()
    for line in (line for page in pages for line in page):
        body[line.style] += len(line.text)
    body_style = body.most_common(1)[0][0]
    pitch = _line_pitch(pages, body_style)
    nesting = _Nesting()
    lines: list[Line] = []
    for number, page in enumerate(pages, 1):
        for column_name, column in _reading_order(page):
            right = max(line.x1 for line in column)
            left = min(line.x0 for line in column)
            previous = None
            for count, line in enumerate(column, 1):
                unit = line.char_width()
                gap = previous is not None and (previous.y0 - line.y0) > 1.3 * pitch * line.size / body_style[0]
                changed = previous is not None and previous.style != line.style
                indent = " " * max(0, round((line.x0 - left) / (line.size * 0.5)))
                where = f"page {number}{column_name}, line {count}"
                if line.table is not None:
                    lines.append(Line("", line.table.where, block=line.table))
                    previous = None
                    continue
                lines.append(
                    Line(
                        indent + line.text,
                        where,
                        bool(gap),
                        (right - line.x1) / unit,
                        style=repr(line.style),
                        depth=nesting.depth(line, bool(gap or changed), count == 1),
                    )
                )
                previous = line
    blocks, joined = rebuild(lines, keep_lines)
    return blocks, notes + joined


def _read_pages(path: Path) -> tuple[list[list[_PdfLine]], list[str]]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTChar, LTFigure, LTImage, LTLine, LTRect, LTTextBox, LTTextLineHorizontal
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psexceptions import PSException

    raw = read_bytes(path)
    if not raw.lstrip()[:5] == b"%PDF-":
        raise UnreadableDocument("this is not a PDF (it does not start with %PDF-); is it another kind of file?")
    notes: list[str] = []
    pages: list[list[_PdfLine]] = []
    images: Counter[int] = Counter()
    try:
        with path.open("rb") as stream:
            document = PDFDocument(PDFParser(stream), password="")
            fields = _form_fields(document)
            if fields:
                notes.append(
                    f"the PDF has {fields} form field{'s' * (fields != 1)} (boxes to fill in); what is "
                    "typed in them was not imported"
                )
            manager = PDFResourceManager()
            device = PDFPageAggregator(manager, laparams=LAParams(all_texts=True))
            interpreter = PDFPageInterpreter(manager, device)
            for number, page in enumerate(PDFPage.create_pages(document), 1):
                interpreter.process_page(page)
                layout = device.get_result()
                lines: list[_PdfLine] = []
                rules: list[tuple[float, float, float, float]] = []

                def visit(item) -> None:
                    if isinstance(item, LTTextLineHorizontal):
                        chars = [c for c in item if isinstance(c, LTChar)]
                        text, xs = _characters(item, LTChar)
                        if chars and text.strip():
                            bold = sum(1 for c in chars if re.search(r"bold|black|heavy", c.fontname, re.I))
                            lines.append(
                                _PdfLine(
                                    text,
                                    item.x0,
                                    item.x1,
                                    item.y0,
                                    item.y1,
                                    statistics.median(c.size for c in chars),
                                    bold * 2 > len(chars),
                                    number,
                                    xs,
                                )
                            )
                    elif isinstance(item, LTImage):
                        images[number] += 1
                    elif isinstance(item, (LTLine, LTRect)):
                        rules.append(item.bbox)
                    elif isinstance(item, (LTTextBox, LTFigure)) or hasattr(item, "__iter__"):
                        for child in item:
                            visit(child)

                visit(layout)
                pages.append(_with_tables(_merge_marks(lines), rules, number))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableDocument(
            "the PDF is protected with a password; open it, save or print an unprotected copy, and import that"
        ) from None
    except (PDFException, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise UnreadableDocument(f"the PDF cannot be read ({type(exc).__name__}: {exc}); is it damaged?") from None
    for number, count in sorted(images.items()):
        notes.append(
            f"page {number}: {'an image' if count == 1 else f'{count} images'} could not be imported "
            "(only text can be a statement)"
        )
    return pages, notes


def _characters(line, char_type) -> tuple[str, tuple[float, ...]]:
    """A line's text and where each character starts (a space stands where the last ended)."""
    text, xs, last = [], [], line.x0
    for item in line:
        for ch in item.get_text().translate(_LIGATURES):
            text.append(ch)
            xs.append(item.x0 if isinstance(item, char_type) else last)
        if isinstance(item, char_type):
            last = item.x1
    while text and text[-1].isspace():
        text.pop()
        xs.pop()
    return "".join(text), tuple(xs)


def _with_tables(lines: list[_PdfLine], rules, page: int) -> list[_PdfLine]:
    """The page's lines with each ruled table's lines replaced by one line holding the table."""
    from .pdf_tables import find_tables

    tables, lines = find_tables(rules, lines)
    for number, table in enumerate(tables, 1):
        x0, y0, x1, y1 = table.box
        size = statistics.median(line.size for line in lines) if lines else 10.0
        block = Block(
            "unmapped",
            "\n".join(table.rows),
            f"page {page}, table {number}",
            notes=[
                f"a table ({len(table.rows)} row{'s' * (len(table.rows) != 1)}, "
                f"{table.columns} column{'s' * (table.columns != 1)})"
            ],
        )
        lines.append(_PdfLine("", x0, x1, y0, y1, size, False, page, table=block))
    return lines


def _form_fields(document) -> int:
    from pdfminer.pdftypes import resolve1

    form = resolve1(document.catalog.get("AcroForm"))
    if not isinstance(form, dict):
        return 0
    fields = resolve1(form.get("Fields")) or []
    return len(fields) if isinstance(fields, list) else 0


def _merge_marks(lines: list[_PdfLine]) -> list[_PdfLine]:
    """A list's bullet or number is often drawn on its own, just left of the item's first
    line: put it back in front of that line."""
    marks = [line for line in lines if 0 < len(line.text.strip()) <= 4 and not re.search(r"\w{2}", line.text)]
    kept = [line for line in lines if line not in marks]
    for mark in marks:
        beside = [
            line for line in kept if abs(line.y0 - mark.y0) < 0.5 * mark.size and 0 <= line.x0 - mark.x1 < 3 * mark.size
        ]
        if beside:
            target = min(beside, key=lambda line: line.x0)
            target.xs = (mark.x0,) * len(mark.text.strip() + " ") + target.xs
            target.text = mark.text.strip() + " " + target.text
            target.x0 = mark.x0
        else:
            kept.append(mark)
    return sorted(kept, key=lambda line: (-line.y1, line.x0))


class _Nesting:
    """A list mark's nesting, from where it stands against the marks before it: 1em or more to
    the right of the one above is a level deeper, back under an earlier one is that level
    again.  A paragraph after a gap ends the list."""

    def __init__(self):
        self.marks: list[float] = []  # x of the mark at each level
        self.new_column = False

    def depth(self, line: _PdfLine, after_break: bool, column_start: bool) -> int | None:
        from .blocks import list_mark

        self.new_column = self.new_column or column_start
        if not list_mark(line.text):
            if after_break:
                self.marks = []
            return None
        if self.new_column and self.marks:  # the first mark in a new column: the list goes on at its depth
            self.marks = [line.x0] * len(self.marks)
        self.new_column = False
        while self.marks and line.x0 < self.marks[-1] - 0.5 * line.size:
            self.marks.pop()
        if not self.marks or line.x0 > self.marks[-1] + line.size:
            self.marks.append(line.x0)
        else:
            self.marks[-1] = line.x0
        return len(self.marks)


def _drop_running_heads(pages: list[list[_PdfLine]]) -> list[str]:
    """Remove running headers, footers and page numbers from every page; say what went."""
    top = max((line.y1 for page in pages for line in page), default=0)
    bottom = min((line.y0 for page in pages for line in page), default=0)
    band = (top - bottom) * _MARGIN_BAND

    def in_margin(line: _PdfLine) -> str | None:
        if line.y0 >= top - band:
            return "header"
        if line.y1 <= bottom + band:
            return "footer"
        return None

    def shape(text: str) -> str:
        return re.sub(r"\d+", "#", " ".join(text.split()).lower())

    repeats = Counter(
        shape(line.text) for page in pages for line in {shape(l.text): l for l in page}.values() if in_margin(line)
    )
    body_size = statistics.median(line.size for page in pages for line in page)
    dropped: dict[str, list[str]] = {"header": [], "footer": []}
    numbers = 0
    for page in pages:
        for line in list(page):
            where = in_margin(line)
            if not where or line.table is not None:
                continue
            gaps = [max(o.y0 - line.y1, line.y0 - o.y1) for o in page if o is not line and abs(o.y0 - line.y0) > 1]
            apart = all(gap > 2 * body_size for gap in gaps)  # nothing within two lines of it
            text = " ".join(line.text.split())
            if _PAGE_NUMBER.match(text) or re.search(r"\bpage\s+\d+\s+of\s+\d+\b", text, re.I):
                page.remove(line)
                numbers += 1
                rest = re.sub(r"[\s·|–—-]*\bpage\s+\d+\s+of\s+\d+\b[\s·|–—-]*", " ", text, flags=re.I).strip()
                if rest and not _PAGE_NUMBER.match(rest) and rest not in dropped[where]:
                    dropped[where].append(rest)
            elif (len(pages) > 1 and repeats[shape(line.text)] >= max(2, len(pages) // 2)) or (
                line.size < body_size and apart
            ):
                page.remove(line)
                if text not in dropped[where]:
                    dropped[where].append(text)
    notes = [
        f"the page {where} was not imported: {' / '.join(map(repr, texts))}"
        for where, texts in dropped.items()
        if texts
    ]
    if numbers:
        notes.append("the page numbers were not imported")
    return notes


def _line_pitch(pages: list[list[_PdfLine]], style) -> float:
    """The usual distance from one line of body text to the next."""
    steps = []
    for page in pages:
        body = sorted((line for line in page if line.style == style), key=lambda line: (round(line.x0), -line.y0))
        for above, below in zip(body, body[1:]):
            step = above.y0 - below.y0
            if 0 < step < 3 * style[0]:
                steps.append(step)
    return statistics.median(steps) if steps else 1.2 * style[0]


def _reading_order(page: list[_PdfLine]) -> list[tuple[str, list[_PdfLine]]]:
    """(", column N" or "", lines) in reading order: what is above the columns, then each
    column top to bottom."""
    if not page:
        return []
    gutter = _gutter(page)
    if gutter is None:
        return [("", _top_down(page))]
    left = [line for line in page if line.x1 <= gutter]
    right = [line for line in page if line.x0 >= gutter]
    spanning = [line for line in page if line.x0 < gutter < line.x1]
    columns_top = max(line.y1 for line in right)
    above = [line for line in left if line.y0 > columns_top] + [line for line in spanning if line.y0 > columns_top]
    left = [line for line in left if line not in above]
    below = [line for line in spanning if line not in above]
    order: list[tuple[str, list[_PdfLine]]] = []
    for name, part in (("", above), (", column 1", left), (", column 2", right), ("", below)):
        if part:  # below: full-width lines under the columns (a footnote, a signature block)
            order.append((name, _top_down(part)))
    return order


def _top_down(lines: list[_PdfLine]) -> list[_PdfLine]:
    """Lines top to bottom; pieces of one line (pdfminer splits a justified line where the
    spaces are wide) are put back together."""
    result: list[_PdfLine] = []
    for line in sorted(lines, key=lambda line: (-line.y0, line.x0)):
        last = result[-1] if result else None
        if (
            last is not None
            and last.table is None
            and line.table is None
            and abs(last.y0 - line.y0) < 0.3 * line.size
            and line.x0 >= last.x1 - 1
        ):
            result[-1] = _PdfLine(
                last.text + " " + line.text,
                last.x0,
                line.x1,
                min(last.y0, line.y0),
                max(last.y1, line.y1),
                last.size,
                last.bold,
                last.page,
                last.xs + (last.x1,) + line.xs,
            )
        else:
            result.append(line)
    return result


def _gutter(page: list[_PdfLine]) -> float | None:
    """The x of a gap between two columns that no line crosses, or None for one column.
    Lines above the columns (a title) may cross where the gap is; lines beside each other on
    both sides of it make it a gutter."""
    x0 = min(line.x0 for line in page)
    x1 = max(line.x1 for line in page)
    width = x1 - x0
    best: tuple[int, float] | None = None
    x = x0 + 0.3 * width
    while x <= x0 + 0.7 * width:
        crossing = sum(1 for line in page if line.x0 < x < line.x1)
        if best is None or crossing < best[0]:
            best = (crossing, x)
        x += 1.0
    if best is None or best[0] > max(2, len(page) // 10):
        return None
    crossing, x = best
    # The middle of the clear run around x.
    start = x
    while start - 1 > x0 and sum(1 for line in page if line.x0 < start - 1 < line.x1) == crossing:
        start -= 1
    end = x
    while end + 1 < x1 and sum(1 for line in page if line.x0 < end + 1 < line.x1) == crossing:
        end += 1
    gutter = (start + end) / 2
    left = [line for line in page if line.x1 <= gutter]
    right = [line for line in page if line.x0 >= gutter]
    side_by_side = sum(1 for r in right if any(l.y0 < r.y1 and r.y0 < l.y1 for l in left))
    return gutter if side_by_side >= 3 else None
