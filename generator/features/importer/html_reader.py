"""Read a saved web page (.html) with lxml (BSD) into the same blocks as a Word document.

Only the page's main content is the policy: the element marked as such (<main>, role="main",
the one <article>, or a content area named like one), without menus, headers, footers,
sidebars, share buttons and cookie notices.  Each part left out is named in a note with its
first words, so nothing goes without a word.

Inside the content, tags say what each piece is: <h1>-<h6> headings, <p> paragraphs (a <p> of
bold words only, shaped like a heading, is one), <li> list items at their nesting depth.  Links
keep their words, and the space between two inline elements stays one space.  What a reader of
the page does not see as the text is left out, with a note: struck-through or deleted words
(<del>, <s>, <strike>) and hidden elements (the `hidden` attribute, display:none,
visibility:hidden).  Tables, images, embedded frames and form fields cannot be statements: each
becomes a note, a table with its words.
"""

from __future__ import annotations

import re
from pathlib import Path

from .blocks import Block, UnreadableDocument, clean, decode_marked_text, looks_like_heading, read_bytes, refuse_binary

_DROPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head", "link", "meta", "button", "canvas"}
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "dl",
    "dt",
    "dd",
    "address",
    "details",
    "summary",
    "hr",
    "center",
    "body",
}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_EMBEDDED = {
    "iframe": "an embedded frame",
    "video": "a video",
    "audio": "a sound clip",
    "object": "an embedded object",
    "embed": "an embedded object",
}
_FIELDS = {"input", "select", "textarea"}
# Page furniture by class or id ("main-navigation", "sd-sharing-enabled", "cookie-notice").
_FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:nav|navigation|menu|breadcrumbs?|share|sharing|sharedaddy|social|cookies?|comments?|related"
    r"|sidebar|widget|widget-area|skip-link|screen-reader-text|advert|adverts|banner|masthead|colophon)(?:$|[-_\s])",
    re.IGNORECASE,
)
_FURNITURE_ROLES = {
    "navigation": "menu",
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "sidebar",
    "search": "search box",
    "dialog": "pop-up",
}
_FURNITURE_TAGS = {"nav": "menu", "header": "header", "footer": "footer", "aside": "sidebar", "form": "form"}
_STRUCK_TAGS = {"del", "s", "strike"}
_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)", re.I
)


def read_html(path: Path) -> tuple[list[Block], list[str]]:
    import lxml.html
    from lxml import etree

    raw = read_bytes(path)
    marked = decode_marked_text(raw, "a web page")
    if marked is not None:  # UTF-16 has NUL bytes: not "binary data"; lxml reads it as UTF-8 from here
        raw = marked.encode("utf-8")
    refuse_binary(raw, "a web page")
    notes: list[str] = []
    try:
        raw.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:4096], re.IGNORECASE)
        encoding = declared.group(1).decode("ascii") if declared else "cp1252"
        if not declared:
            notes.append(
                "the page is not UTF-8 and does not say its encoding; it was read as Windows-1252 "
                "(check quotes, dashes and accents)"
            )
    try:
        document = lxml.html.document_fromstring(raw, parser=lxml.html.HTMLParser(encoding=encoding))
    except (etree.ParserError, ValueError, LookupError) as exc:
        raise UnreadableDocument(f"cannot read it as a web page ({exc})") from None
    for element in list(document.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(element)
    for element in [e for e in document.iter() if isinstance(e.tag, str) and e.tag.lower() in _DROPPED_TAGS]:
        _remove(element)
    content = _main_content(document)
    notes += _left_out(document, content)
    notes += _not_shown(content)
    reader = _Reader()
    reader.walk(content)
    reader.flush()
    return reader.blocks, notes


def _remove(element) -> None:
    """Take an element out, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _main_content(document):
    for query in ("//main", "//*[@role='main']", "//article"):
        found = document.xpath(query)
        if len(found) == 1:
            return found[0]
    for query in (
        "//*[@id='content' or @id='main-content' or @id='primary']",
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')"
        " or contains(concat(' ', normalize-space(@class), ' '), ' post-content ')"
        " or contains(concat(' ', normalize-space(@class), ' '), ' page-content ')]",
    ):
        found = document.xpath(query)
        if len(found) == 1:
            return found[0]
    body = document.find("body")
    return body if body is not None else document


def _furniture(element) -> str | None:
    """What kind of page furniture an element is ("menu", "footer"), or None."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    role = (element.get("role") or "").lower()
    if role in _FURNITURE_ROLES:
        return _FURNITURE_ROLES[role]
    if tag in _FURNITURE_TAGS:
        return _FURNITURE_TAGS[tag]
    names = " ".join(filter(None, [element.get("class"), element.get("id")]))
    match = _FURNITURE.search(names) if names else None
    if match:
        word = match.group(0).strip(" -_").lower()
        if word in ("nav", "navigation", "menu", "breadcrumb", "breadcrumbs", "skip-link", "screen-reader-text"):
            return "menu"
        if word in ("sidebar", "widget", "widget-area", "related"):
            return "sidebar"
        if word in ("masthead", "banner"):
            return "header"
        if word == "colophon":
            return "footer"
        if word in ("cookie", "cookies"):
            return "cookie notice"
        if word in ("comment", "comments"):
            return "comments"
        return "share buttons" if word.startswith("shar") or word == "social" else "advert"
    return None


def _excerpt(element, limit: int = 80) -> str:
    words = clean(" ".join(element.itertext()))
    return words if len(words) <= limit else words[:limit].rsplit(" ", 1)[0] + " …"


def _left_out(document, content) -> list[str]:
    """Remove the page furniture around and inside the content; a note for each kind."""
    found: dict[str, list[str]] = {}
    inside = set(content.iter())
    ancestors = set(content.iterancestors())
    body = document.find("body")
    outside: list = []
    if body is not None and content is not body:
        # The top-level pieces of the page beside the content (and beside its ancestors).
        for ancestor in [content, *content.iterancestors()]:
            parent = ancestor.getparent()
            if parent is None or ancestor is body:
                break
            outside += [sibling for sibling in parent if sibling is not ancestor and isinstance(sibling.tag, str)]
    for element in outside:
        kind = _furniture(element) or _furniture_within(element) or "other page text"
        text = _excerpt(element)
        if text:
            found.setdefault(kind, []).append(text)
    removed: set = set()
    for element in [e for e in content.iter() if isinstance(e.tag, str) and e is not content]:
        if element in ancestors or element not in inside or any(a in removed for a in element.iterancestors()):
            continue
        found_kind = _furniture(element)
        if found_kind and not (
            found_kind == "header" and element.xpath(".//h1")
        ):  # an article's header holds its title
            text = _excerpt(element)
            fields = sum(1 for e in element.iter() if isinstance(e.tag, str) and e.tag.lower() in _FIELDS)
            if fields:
                text = f"{fields} field{'s' * (fields != 1)} to fill in" + (f": {text}" if text else "")
            if text:
                found.setdefault(found_kind, []).append(text)
            removed.add(element)
    for element in removed:
        _remove(element)
    return [
        f"the page's {kind} {'were' if kind.endswith('s') else 'was'} not imported: {' / '.join(map(repr, texts))}"
        if kind != "other page text"
        else f"other text around the page's content was not imported: {' / '.join(map(repr, texts))}"
        for kind, texts in found.items()
    ]


def _not_shown(content) -> list[str]:
    """Remove struck-through and hidden text from the content; a note for each kind."""
    struck: list = []
    hidden: list = []
    for element in content.iter():
        if not isinstance(element.tag, str) or element is content:
            continue
        if element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style") or ""):
            hidden.append(element)
        elif element.tag.lower() in _STRUCK_TAGS:
            struck.append(element)
    chosen = set(struck) | set(hidden)
    notes = []
    for found, what in (
        (struck, "struck-through or deleted text (<del>, <s>, <strike>) was left out"),
        (hidden, "text the page hides (hidden, display:none) was left out"),
    ):
        found = [e for e in found if not any(a in chosen for a in e.iterancestors())]
        texts = [_excerpt(e) for e in found]
        for element in found:
            _remove(element)
        if any(texts):
            notes.append(f"{what}: {' / '.join(repr(t) for t in texts if t)}")
    return notes


def _words(element) -> str:
    """An element's words: its inline elements' text joined as written (no space added inside
    a word), a space for a line break or a block inside it."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        spaced = tag == "br" or tag in _BLOCK_TAGS or tag in ("li", "td", "th")
        if spaced:
            parts.append(" ")
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if spaced:
            parts.append(" ")

    walk(element)
    return "".join(parts)


def _furniture_within(element) -> str | None:
    kinds = [k for k in (_furniture(e) for e in element.iter() if isinstance(e.tag, str)) if k]
    return kinds[0] if kinds else None


class _Reader:
    def __init__(self):
        self.blocks: list[Block] = []
        self.lines: list[list[str]] = [[]]  # the text being gathered, split at <br>
        self.where = ""
        self.item: tuple[int, bool] | None = None  # (level, numbered) while inside a list item
        self.bold_only = True
        self.tables = 0

    def flush(self) -> None:
        texts = [clean("".join(parts)) for parts in self.lines]
        texts = [t for t in texts if t]
        self.lines = [[]]
        if not texts:
            self.bold_only = True
            return
        if self.item is not None:
            level, numbered = self.item
            self.blocks.append(Block("item", clean(" ".join(texts)), self.where, level, numbered=numbered))
            self.item = None
        else:
            first = len(self.blocks)
            for text in texts:  # lines broken with <br>: one paragraph each, unless one continues
                if len(self.blocks) > first and text[0].islower():
                    self.blocks[-1].text = clean(self.blocks[-1].text + " " + text)
                else:
                    self.blocks.append(Block("paragraph", text, self.where))
            if self.bold_only and len(self.blocks) == first + 1 and looks_like_heading(self.blocks[-1].text):
                self.blocks[-1].kind, self.blocks[-1].level = "heading", 2
        self.bold_only = True

    def text(self, text: str | None, bold: bool) -> None:
        if text:
            self.lines[-1].append(text)
            if text.strip() and not bold:
                self.bold_only = False

    def start(self, element) -> None:
        if not any("".join(parts).strip() for parts in self.lines):
            self.where = f"line {element.sourceline}" if element.sourceline else "the page"

    def walk(self, element, depth: int = 0, bold: bool = False) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        bold = bold or tag in ("b", "strong") or (tag in _HEADINGS)
        if tag in _HEADINGS:
            self.flush()
            self.start(element)
            text = clean(_words(element))
            if text:
                self.blocks.append(Block("heading", text, self.where, _HEADINGS[tag]))
            self._tail(element, bold=False)
            return
        if tag in ("ul", "ol", "menu"):
            self.flush()
            for child in element:
                if isinstance(child.tag, str) and child.tag.lower() == "li":
                    self.flush()
                    self.start(child)
                    self.item = (depth + 1, tag == "ol")
                    self.text(child.text, bold)
                    for grandchild in child:
                        self.walk(grandchild, depth + 1, bold)
                    self.flush()
                    self._tail(child, bold)
                else:
                    self.walk(child, depth, bold)
            self.flush()
            self._tail(element, False)
            return
        if tag == "table":
            self.flush()
            self._table(element)
            self._tail(element, False)
            return
        if tag == "img" or tag in _EMBEDDED or tag in _FIELDS:
            what = "an image" if tag == "img" else _EMBEDDED.get(tag, "a form field")
            label = element.get("alt") or element.get("title") or element.get("name") or ""
            where = f"line {element.sourceline}" if element.sourceline else "the page"
            self.blocks.append(Block("unmapped", "", where, notes=[f"{what}{f' ({label})' if label else ''}"]))
            self._tail(element, bold)
            return
        if tag == "br":
            self.lines.append([])
            self._tail(element, bold)
            return
        is_block = tag in _BLOCK_TAGS or tag == "li"
        if is_block:
            if self.item is None:
                self.flush()
                self.start(element)
            else:
                self.text(" ", bold)
        elif not any("".join(parts).strip() for parts in self.lines):
            self.start(element)
        self.text(element.text, bold)
        for child in element:
            self.walk(child, depth, bold)
        if is_block:
            if self.item is None:
                self.flush()
            else:
                self.text(" ", bold)
        self._tail(element, False)

    def _tail(self, element, bold: bool) -> None:
        if element.tail and not element.tail.strip():
            # Only space between two inline elements ("<a>guidance</a> <b>before</b>"): one space.
            if any("".join(parts).strip() for parts in self.lines):
                self.text(" ", bold)
            return
        if element.tail and element.tail.strip():
            if not any("".join(parts).strip() for parts in self.lines):
                parent = element.getparent()
                self.where = f"line {parent.sourceline}" if parent is not None and parent.sourceline else self.where
            self.text(element.tail, bold)

    def _table(self, table) -> None:
        self.tables += 1
        rows = []
        columns = 0
        # Its own rows: a table inside a cell is that cell's words, not rows of this table too.
        for row in (tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table):
            cells = [
                clean(_words(cell)) for cell in row if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")
            ]
            columns = max(columns, len(cells))
            if any(cells):
                rows.append(" | ".join(cells))
        if rows:
            where = f"line {table.sourceline}" if table.sourceline else f"table {self.tables}"
            self.blocks.append(
                Block(
                    "unmapped",
                    "\n".join(rows),
                    where,
                    notes=[
                        f"a table ({len(rows)} row{'s' * (len(rows) != 1)}, {columns} column{'s' * (columns != 1)})"
                    ],
                )
            )
