"""Read a revised Word document for `handbook import --update`: the text as if every tracked
change were accepted, the statement id each paragraph carries, and what a reviewer left
(tracked changes by author, comments).

The XML is changed first, in memory, the way Word's "Accept All Changes" does (word_text.py, as
for a first import).  The ordinary .docx reader then reads it, so headings, bullets and
paragraphs are recognised exactly as in a first import.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .blocks import Block, UnreadableDocument, clean, refuse_unstorable
from .package import check_docx
from .word_ids import policy_id_of, statement_id_of
from .word_text import accept_all_changes, not_shown, paragraph_text
from .word_text import qn as _qn


@dataclass
class RevisedBlock:
    block: Block
    ids: list[str] = field(default_factory=list)  # statement ids carried, in document order
    comments: list[int] = field(default_factory=list)  # w:id of comments anchored here


@dataclass
class Comment:
    id: int  # w:id, as in RevisedBlock.comments
    author: str
    text: str


@dataclass
class Revision:
    blocks: list[RevisedBlock]
    policy_marks: list[str]  # policy ids (possibly cut) carried by the title's bookmark
    insertions: int = 0
    deletions: int = 0
    authors: Counter = field(default_factory=Counter)  # author -> tracked changes made
    joined: int = 0  # paragraphs joined by a deleted paragraph mark
    comments: list[Comment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # tables, images... that were not read


def open_revision(path: Path) -> Revision:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_docx(path)  # sizes and XML first: python-docx would read a zip bomb whole
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableDocument(
            f"the Word document is damaged and cannot be read ({exc}); open it in Word and save it again"
        ) from None
    except Exception as exc:  # lxml's XMLSyntaxError and friends: a broken part inside the zip
        raise UnreadableDocument(
            f"the Word document is damaged and cannot be read ({type(exc).__name__}); open it in Word and save it again"
        ) from None
    revision = Revision([], [])
    body = document.element.body
    _accept_all_changes(body, revision)
    _read_blocks(document, body, revision)
    _read_comments(document, revision)
    refuse_unstorable([b.block for b in revision.blocks])
    return revision


def _accept_all_changes(body, revision: Revision) -> None:
    accepted = accept_all_changes(body)  # as a first import reads it (word_text.py)
    revision.insertions, revision.deletions, revision.joined = accepted.insertions, accepted.deletions, accepted.joined
    revision.authors = accepted.authors


def _read_blocks(document, body, revision: Revision) -> None:
    from docx.text.paragraph import Paragraph

    from .docx_reader import _Reader

    reader = _Reader(document)
    pending_ids: list[str] = []  # bookmarks Word put between paragraphs belong to the next one
    pending_comments: list[int] = []

    def walk(container) -> None:
        for child in container.iterchildren():
            if child.tag == _qn("w:bookmarkStart"):
                _take_bookmark(child.get(_qn("w:name"), ""), pending_ids, revision)
            elif child.tag == _qn("w:commentRangeStart"):
                pending_comments.append(int(child.get(_qn("w:id"), "-1")))
            elif child.tag == _qn("w:p"):
                paragraph(child)
            elif child.tag == _qn("w:tbl"):
                reader.table(child)
                revision.notes.extend(_unmapped_notes(reader.blocks))
                reader.blocks.clear()
            elif child.tag == _qn("w:sdt") and not not_shown(child):  # a prompt is no words
                content = child.find(_qn("w:sdtContent"))
                if content is not None:
                    walk(content)

    def paragraph(element) -> None:
        # The paragraph's own bookmarks first: one Word left between paragraphs never takes
        # the place of the id a paragraph carries.
        own: list[str] = []
        for mark in element.iter(_qn("w:bookmarkStart")):
            _take_bookmark(mark.get(_qn("w:name"), ""), own, revision)
        between = list(pending_ids)
        pending_ids.clear()
        comments = list(pending_comments)
        pending_comments.clear()
        comments += [
            int(c.get(_qn("w:id"), "-1")) for c in element.iter(_qn("w:commentRangeStart"), _qn("w:commentReference"))
        ]
        p = Paragraph(element, document)
        style = (p.style.name if p.style is not None else "") or ""
        if style.lower() == "subtitle":  # the export's "setting · version" line, not policy text
            reader.paragraphs += 1  # still counted: "paragraph N" is as Word counts them
            return
        reader.paragraph(p)
        texts = [b for b in reader.blocks if b.kind != "unmapped"]
        revision.notes.extend(_unmapped_notes(reader.blocks))
        reader.blocks.clear()
        if texts:
            ids = own + [i for i in between if i not in own]
            revision.blocks.append(RevisedBlock(_words_as_typed(texts[0], p), ids, sorted(set(comments))))
        else:
            # An emptied paragraph: its words were deleted, so the statement its own bookmark
            # names was deleted (Word shows it struck through, and the next one unchanged).
            # Only a bookmark that sat between paragraphs, and the comments, go on to the next.
            pending_ids.extend(between)
            pending_comments.extend(comments)

    walk(body)


# Bullet symbols typed at the start of a paragraph (rather than Word's bullet button).
_TYPED_BULLETS = tuple("·•◦▪▫■□●○‣⁃∙►➢✓✔❖\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0e0")


def _words_as_typed(block: Block, paragraph) -> Block:
    """A plain paragraph starting "1." or "a)" or "- " is a paragraph with those words: a first
    import guesses it is a list item, but an exported policy's text is never changed by a guess.
    Only a typed bullet symbol still makes an item."""
    if block.kind != "item" or paragraph._p.find(f"{_qn('w:pPr')}/{_qn('w:numPr')}") is not None:
        return block
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    words = paragraph_text(paragraph._p)
    if "list" in style.lower() or words.lstrip().startswith(_TYPED_BULLETS):
        return block
    return Block("paragraph", clean(words), block.where)


def _take_bookmark(name: str, ids: list[str], revision: Revision) -> None:
    policy = policy_id_of(name)
    if policy:
        revision.policy_marks.append(policy)
        return
    statement = statement_id_of(name)
    if statement and statement not in ids:
        ids.append(statement)


def _unmapped_notes(blocks: list[Block]) -> list[str]:
    return [f"{b.where}: {b.notes[0] if b.notes else 'something'} was not read" for b in blocks if b.kind == "unmapped"]


def _read_comments(document, revision: Revision) -> None:
    try:
        comments = list(document.comments)
    except Exception:  # no comments part, or one python-docx cannot read: say so rather than fail
        part = [p for p in document.part.package.iter_parts() if str(p.partname).endswith("/comments.xml")]
        if part:
            revision.notes.append("the document has comments that could not be read")
        return
    for comment in comments:
        text = " ".join(p.text.strip() for p in comment.paragraphs if p.text.strip())
        revision.comments.append(Comment(comment.comment_id, comment.author or "an unnamed reviewer", text))
