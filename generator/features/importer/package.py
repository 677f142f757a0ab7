"""Open a Word document (.docx, a zip of XML parts) only after checking every part of it.

A .docx is untrusted input: a part can inflate to gigabytes (a zip bomb), its size in the zip's
header can lie, and its XML can be malformed or declare entities that expand a billionfold
("billion laughs").  Every part is checked here, before python-docx reads anything:
- its uncompressed size, as the zip's header states it, and again while it is inflated, in
  chunks, stopping at the limit (so a lying header costs no memory);
- every XML part parses with a parser that resolves no entities and reads no network, and
  declares no DOCTYPE (Word never writes one; entities are how a bomb is built).
A problem is one line saying which part and why.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from .blocks import UnreadableDocument

MAX_PART_BYTES = 50_000_000  # a policy's text is well under 1 MB; a large photo is a few MB
MAX_TOTAL_BYTES = 200_000_000
_CHUNK = 1 << 20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .docx, or an old .doc, is an OLE file
_XML_SUFFIXES = (".xml", ".rels")


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


def _too_big(name: str, size: str) -> UnreadableDocument:
    return UnreadableDocument(
        f"the Word document's part {name} inflates to {size}, over the limit of {_mb(MAX_PART_BYTES)} per part; "
        "is it really a policy? Save it again from Word (with smaller pictures) and import it again"
    )


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The part's bytes, read in chunks and given up at the limit whatever the header says."""
    if info.file_size > MAX_PART_BYTES:
        raise _too_big(info.filename, _mb(info.file_size))
    chunks, total = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > MAX_PART_BYTES:
                raise _too_big(info.filename, f"more than {_mb(MAX_PART_BYTES)}")
            chunks.append(chunk)
    return b"".join(chunks)


def _check_xml(name: str, raw: bytes) -> None:
    from lxml import etree

    # Before parsing: lxml would report an entity bomb as "amplification factor exceeded".
    # A DOCTYPE stands before the root element, so the start of the part is enough (without
    # NUL bytes, to see it in UTF-16 too).
    if b"<!DOCTYPE" in raw[:65536].replace(b"\x00", b"").upper():
        raise UnreadableDocument(
            f"the Word document's part {name} declares a DOCTYPE, which Word never writes (it is how an "
            "XML entity bomb is built); it was not read. Open it in Word and save it again"
        )

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument(
            f"the Word document is damaged: its part {name} is not well-formed XML ({exc.msg}); "
            "open it in Word and save it again"
        ) from None
    if tree.getroottree().docinfo.doctype:  # type: ignore[union-attr]  # lxml-stubs: docinfo is DocInfo
        raise UnreadableDocument(
            f"the Word document's part {name} declares a DOCTYPE, which Word never writes (it is how an "
            "XML entity bomb is built); it was not read. Open it in Word and save it again"
        )


def check_docx(path: Path) -> None:
    """Refuse, with one clear line, a .docx that is not a zip or has a part that is too big or
    is not well-formed XML.  Nothing is kept: the readers open the file again once it passed."""
    with open(path, "rb") as stream:
        head = stream.read(8)
    if head == _OLE_MAGIC:
        raise UnreadableDocument(
            "the document is password-protected (or an old .doc file); in Word remove the password "
            "(File > Info > Protect Document > Encrypt with Password, clear it), save as .docx and import again"
        )
    if not zipfile.is_zipfile(path):
        raise UnreadableDocument(
            "cannot open it as a Word document: it is not a Word document (.docx), or it is damaged; "
            "open it in Word and save it as .docx again"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            if total > MAX_TOTAL_BYTES:
                raise UnreadableDocument(
                    f"the Word document inflates to {_mb(total)} in all, over the limit of {_mb(MAX_TOTAL_BYTES)}; "
                    "is it really a policy? Save it again from Word (with smaller pictures) and import it again"
                )
            for info in infos:
                if info.is_dir():
                    continue
                raw = _inflate(archive, info)
                if info.filename.lower().endswith(_XML_SUFFIXES):
                    _check_xml(info.filename, raw)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        EOFError,
        ValueError,
        RuntimeError,
        OSError,
    ) as exc:
        # a bad CRC, an encrypted or unsupported compression method, a truncated part
        raise UnreadableDocument(
            f"the Word document is damaged and cannot be read ({exc}); open it in Word and save it again"
        ) from None
