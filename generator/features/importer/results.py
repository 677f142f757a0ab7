"""What every part of the importer shares about its results: a refusal is an exception with one
line saying why nothing was written (the command prints it, the desk shows it), a note about
the document is a Finding of level note, and a statement holds at most the model's limit.

Nothing here prints or exits: the commands (generator/commands/import_policy.py,
export_policy.py) and the desk decide how a result is shown."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.core.findings import Finding, Location
from generator.core.model import MAX_TEXT_CHARS

from .codes import IMPORT_NOTE


class Refused(Exception):
    """One line saying why nothing was read or written (the file, then the reason)."""


def notes_about(source: Path, messages: Iterable[str]) -> list[Finding]:
    """The importer's notes on `source`, as findings (level note) the caller can list."""
    return [IMPORT_NOTE(Location(source.name), message) for message in messages]


def refuse_overlong(source: Path, paragraphs: Iterable[tuple[str | None, str]]) -> None:
    """Refuse a document with a paragraph longer than a statement may be (the model's own
    limit, so the file written would not fail its check).  `paragraphs`: (where, text), where
    is None when the reader cannot say (a revised Word document's paragraph)."""
    for where, text in paragraphs:
        if len(text) > MAX_TEXT_CHARS:
            what = (
                f"{where} is a paragraph of {len(text)} characters"
                if where
                else f"a paragraph of {len(text)} characters ({text[:40]!r}...)"
            )
            raise Refused(
                f"{source}: {what}; a statement holds at most {MAX_TEXT_CHARS}. Split it into paragraphs "
                "in the document and import again"
            )
