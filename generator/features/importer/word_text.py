"""The words of a Word document as it reads with every tracked change accepted: one reading for
a first import and for `handbook import --update`.

python-docx's `paragraph.text` reads only runs directly in the paragraph or in a hyperlink: the
words in an inline content control (w:sdt, a form's "setting name" box), a simple field
(w:fldSimple), a smart tag or a tracked insertion (w:ins) are left out, and a tracked deletion
is neither in nor out.  So the XML is first changed in memory, as Word's "Accept All Changes"
does (inserted runs unwrapped, deleted runs removed, a paragraph whose mark was deleted joined
to the next one), and a paragraph's text is then every w:t in it, in document order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache


def qn(tag: str) -> str:
    """A WordprocessingML tag's full name ("w:t" -> "{...}t"); python-docx imported when first
    needed, so the importer's readers load only for an import."""
    from docx.oxml.ns import qn as full_name

    return full_name(tag)


@dataclass
class Accepted:
    """The tracked changes `accept_all_changes` accepted."""

    insertions: int = 0
    deletions: int = 0
    authors: Counter = field(default_factory=Counter)  # author -> tracked changes made
    joined: int = 0  # paragraphs joined by a deleted paragraph mark

    def summary(self) -> str:
        """'2 insertions, 1 deletion; by Jane Smith (3)', or '' when there were none."""
        if not (self.insertions or self.deletions or self.joined):
            return ""
        authors = ", ".join(f"{name} ({count})" for name, count in self.authors.most_common())
        joined = f", {_plural(self.joined, 'paragraph')} joined" if self.joined else ""
        return f"{_plural(self.insertions, 'insertion')}, {_plural(self.deletions, 'deletion')}{joined}; by {authors}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def accept_all_changes(body) -> Accepted:
    """Change `body` (a w:body element) in place as Word's "Accept All Changes" does."""
    accepted = Accepted()
    mark_deletions = []
    for element in list(body.iter(qn("w:ins"), qn("w:del"), qn("w:moveTo"), qn("w:moveFrom"))):
        author = element.get(qn("w:author")) or "an unnamed reviewer"
        accepted.authors[author] += 1
        parent = element.getparent()
        on_mark = parent is not None and parent.tag == qn("w:rPr")  # the paragraph mark itself
        inserted = element.tag in (qn("w:ins"), qn("w:moveTo"))
        if on_mark:
            if not inserted and parent.getparent() is not None and parent.getparent().tag == qn("w:pPr"):
                mark_deletions.append(parent.getparent().getparent())  # the w:p
            parent.remove(element)
            continue
        if parent is None:
            continue
        if inserted:
            accepted.insertions += 1
            index = parent.index(element)
            for child in reversed(list(element)):
                parent.insert(index, child)
            parent.remove(element)
        else:
            accepted.deletions += 1
            parent.remove(element)
    # A deleted paragraph mark joins the paragraph to the next one (last first, so chains join).
    for paragraph in reversed(mark_deletions):
        following = paragraph.getnext()
        while following is not None and following.tag != qn("w:p"):
            following = following.getnext()
        if following is None:
            continue
        if not paragraph_text(paragraph).strip():
            # The whole paragraph was deleted: its bookmark goes with it, as in Word.
            paragraph.getparent().remove(paragraph)
            continue
        accepted.joined += 1
        content = [child for child in paragraph if child.tag != qn("w:pPr")]
        properties = following.find(qn("w:pPr"))
        at = following.index(properties) + 1 if properties is not None else 0
        for child in reversed(content):
            following.insert(at, child)
        paragraph.getparent().remove(paragraph)
    return accepted


# Never the paragraph's words: properties (w:pPr holds tab stops named w:tab), deleted and
# moved-away text, field codes, drawings and text boxes (read apart, as notes), the pronunciation
# guide above East Asian text, and the copy a compatibility fallback holds.
_LEFT_OUT = (
    "w:pPr",
    "w:rPr",
    "w:sdtPr",
    "w:sdtEndPr",
    "w:del",
    "w:moveFrom",
    "w:delText",
    "w:delInstrText",
    "w:instrText",
    "w:drawing",
    "w:pict",
    "w:object",
    "w:txbxContent",
    "w:rt",
)
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


@cache
def _left_out() -> frozenset[str]:
    return frozenset({*(qn(tag) for tag in _LEFT_OUT), _FALLBACK})


def _switched_on(properties, tag: str) -> bool:
    """Whether a run's or a content control's properties turn `tag` on (w:vanish, a toggle:
    present with no w:val, or w:val true)."""
    found = properties.find(qn(tag)) if properties is not None else None
    return found is not None and found.get(qn("w:val"), "true").lower() not in ("0", "false", "off")


def not_shown(child) -> bool:
    """A run of hidden text (w:vanish: Word shows it only with formatting marks on), or a
    content control still showing its prompt ("Click or tap here to enter text.",
    w:showingPlcHdr): neither is the document's words."""
    if child.tag == qn("w:r"):
        return _switched_on(child.find(qn("w:rPr")), "w:vanish")
    if child.tag == qn("w:sdt"):
        return _switched_on(child.find(qn("w:sdtPr")), "w:showingPlcHdr")
    return False


def paragraph_text(element) -> str:
    """The words of a paragraph (w:p) as Word shows them, in document order: every w:t,
    wherever it is nested (runs, hyperlinks, content controls, simple fields, smart tags,
    custom XML); a tab is a tab, a line break a newline, a non-breaking hyphen "-", a soft
    hyphen nothing, as python-docx reads a run.  Hidden text and an empty form field's prompt
    are not the document's words (not_shown)."""
    left_out = _left_out()
    text, tab, ptab, br, cr, hyphen = (
        qn("w:t"),
        qn("w:tab"),
        qn("w:ptab"),
        qn("w:br"),
        qn("w:cr"),
        qn("w:noBreakHyphen"),
    )
    parts: list[str] = []
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if not isinstance(tag, str) or tag in left_out or not_shown(child):
            continue
        if tag == text:
            parts.append(child.text or "")
        elif tag in (tab, ptab):
            parts.append("\t")
        elif tag == br:
            parts.append("\n" if child.get(qn("w:type"), "textWrapping") == "textWrapping" else "")
        elif tag == cr:
            parts.append("\n")
        elif tag == hyphen:
            parts.append("-")
        else:
            stack.append(iter(child))
    return "".join(parts)
