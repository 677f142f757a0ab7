"""Text files as people save them: UTF-8, perhaps with a byte-order mark, or UTF-16 (Windows
Notepad's "Unicode", Excel's "Unicode Text").  A file that starts with a byte-order mark says
its encoding; every reader of text the user gives (imported documents, CSV sign-in sheets)
decodes it by that mark rather than calling UTF-16 "binary data"."""

from __future__ import annotations

import codecs

# Longest first: the UTF-32 little-endian mark begins with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(raw: bytes) -> str | None:
    """The codec a byte-order mark at the start of `raw` names (it removes the mark), or None."""
    for mark, codec in _BOMS:
        if raw.startswith(mark):
            return codec
    return None


def describe_encoding(codec: str) -> str:
    return {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}[codec]


def decode_marked(raw: bytes) -> str | None:
    """The text of a file that starts with a byte-order mark, or None when it has none.
    Raises UnicodeDecodeError when the bytes do not follow the encoding the mark names."""
    codec = bom_encoding(raw)
    return raw.decode(codec) if codec else None
