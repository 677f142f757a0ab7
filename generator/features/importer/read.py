"""Which reader reads a document: by its file type.  (Apart from blocks.py, which every reader
builds on, so the readers need not import the module that picks them.)"""

from __future__ import annotations

from pathlib import Path

from .blocks import Block, UnreadableDocument, read_text_file, refuse_unstorable


def read_document(path: Path, keep_lines: bool = False) -> tuple[list[Block], list[str]]:
    """Blocks of the document, and notes about the file as a whole (what could not be kept).
    keep_lines: read each line of a text or PDF file as a paragraph of its own (no joining).
    Whatever the reader, a paragraph a policy file cannot hold is refused, by name."""
    blocks, notes = _read(path, keep_lines)
    refuse_unstorable(blocks)
    return blocks, notes


def _read(path: Path, keep_lines: bool) -> tuple[list[Block], list[str]]:
    suffix = path.suffix.lower()
    if keep_lines and suffix not in (".txt", ".text", ".pdf"):
        blocks, notes = _read(path, False)
        return blocks, notes + [
            f"--keep-lines is for text and PDF files; a {suffix} file says where its "
            "paragraphs are, so it was read as usual"
        ]
    if suffix == ".docx":
        from .docx_reader import read_docx

        return read_docx(path)
    if suffix in (".txt", ".text"):
        from .paragraphs import read_wrapped_text

        text, notes = read_text_file(path)
        blocks, joined = read_wrapped_text(text, keep_lines)
        return blocks, notes + joined
    if suffix in (".md", ".markdown"):
        from .markdown_reader import read_markdown

        text, notes = read_text_file(path)
        return read_markdown(text), notes
    if suffix == ".pdf":
        from .pdf_reader import read_pdf

        return read_pdf(path, keep_lines)
    if suffix in (".html", ".htm", ".xhtml"):
        from .html_reader import read_html

        return read_html(path)
    if suffix in (".doc", ".rtf", ".odt", ".pages"):
        raise UnreadableDocument(
            f"cannot read {suffix} files; open it in Word or LibreOffice and save it as .docx (Word document) or .pdf"
        )
    raise UnreadableDocument(f"unknown kind of file '{path.name}'; import a .docx, .pdf, .html, .txt or .md file")
