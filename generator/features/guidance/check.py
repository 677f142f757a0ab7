"""`handbook check` on the guidance: an entry due to be checked again, a new edition expected
while the data still names the old one, a citation of an id the guidance does not hold, and
free text that names a document without citing it (so without its edition)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from generator.core.clock import long_date
from generator.core.findings import Finding
from generator.features.guidance.codes import (
    CHECK_OVERDUE,
    EDITION_EXPECTED,
    NAMED_IN_FREE_TEXT,
    NAMED_WITHOUT_EDITION,
    NOT_FOR_THIS_KIND,
    UNKNOWN_DOCUMENT,
)

from .cite import EYFS_FRAMEWORKS, cite_document, cited_ids, document_name, eyfs_document, newer_edition_caveat
from .model import Citation, GuidanceDocument

if TYPE_CHECKING:
    from generator.features.guidance.data import GuidanceData as Handbook


@dataclass(frozen=True)
class CitingData:
    """What the check reads of the features above the guidance (they cite it), handed to it by
    the pipeline (pipeline/features.py), not reached through the handbook."""

    glossary: Any  # glossary.yaml (features/glossary), or None
    retention: list[Any]  # retention.yaml's entries (features/information)
    training: list[Any]  # the September training packs (features/training)
    notices: list[Any]  # the notices and their translations (features/notice)
    checklists: list[Any]  # the role checklists (features/checklists)


def check(hb: Handbook, above: CitingData) -> Iterable[Finding]:
    for doc in hb.guidance.values():
        yield from _current(doc, hb)
    for citation in citations(_cited_data(above)):
        if citation.document not in hb.guidance:
            close = difflib.get_close_matches(citation.document, list(hb.guidance), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(sorted(hb.guidance))}"
            yield UNKNOWN_DOCUMENT(
                citation.where("document"), f"'{citation.document}' is not a document in guidance.yaml{hint}"
            )
    yield from _uncited_names(hb, above)
    yield from _names_without_edition(hb, above)
    yield from _unknown_placeholders(hb, above)
    yield from _not_for_this_kind(hb, above)


def _not_for_this_kind(hb: Handbook, above: CitingData) -> Iterator[Finding]:
    """Keeping children safe in education cited as the source of printed words where the kinds
    table says it does not apply (a private nursery, a childminder, a children's centre): staff
    read the citation as guidance they must follow.  One warning per file, at its first
    citation, so a copied glossary does not bury the other findings."""
    if hb.duty("kcsie") is not False:
        return
    by_file: dict[str, list[Citation]] = {}
    for citation in citations(_cited_data(above)):
        if citation.document == "kcsie":
            by_file.setdefault(citation.where("document").file, []).append(citation)
    for _file, cited in sorted(by_file.items()):
        first = min(cited, key=lambda c: (c.where("document").line, c.where("document").column))
        yield NOT_FOR_THIS_KIND(
            first.where("document"),
            f"{len(cited)} citation{'s' * (len(cited) != 1)} of Keeping children safe in education in this file, "
            "which does not apply to this kind of setting (the kinds table, generator/data/kinds.yaml): cite the "
            "EYFS framework or other guidance that does apply, or say in the words that KCSIE is for schools",
        )


def _current(doc: GuidanceDocument, hb: Handbook) -> Iterator[Finding]:
    today = hb.as_of
    if today > doc.check_again_by:
        yield CHECK_OVERDUE(
            doc.where("check_again_by"),
            f"'{doc.id}' ({document_name(doc)}) was last checked on {long_date(doc.checked)} and was due to be "
            f"checked again by {long_date(doc.check_again_by)}: check {doc.source_url} and update its edition, "
            "in_force_from, checked and check_again_by",
        )
    expected = doc.next_edition_from()
    # An unconfirmed newer edition already recorded: checking again is check_again_by's job.
    if expected and today >= expected and not doc.unconfirmed_edition:
        yield EDITION_EXPECTED(
            doc.where("edition"),
            f"'{doc.id}' still names {document_name(doc)}, but a new edition was expected to come into force on "
            f"{long_date(expected)}: check {doc.source_url} and record the edition in force (or, if none came, "
            "give new_edition_expected the next day one is expected)",
        )


# The kinds of data file (pipeline SOURCES keys) whose models may hold a Citation, and where
# CitingData holds them; tests/test_guidance.py walks every model to keep this complete.
CITING_SOURCES: dict[str, Callable[[CitingData], list[Any]]] = {
    "glossary": lambda above: [above.glossary],
    "retention": lambda above: above.retention,
    "training": lambda above: above.training,
    "notices": lambda above: above.notices,
    "checklists": lambda above: above.checklists,
}


def _cited_data(above: CitingData) -> list[Any]:
    """Every loaded model that may cite guidance."""
    return [node for get in CITING_SOURCES.values() for node in get(above)]


def citations(nodes: Iterable[Any]) -> Iterator[Citation]:
    """Every Citation inside these models, walking their fields (so a new field citing guidance
    is checked without being listed here)."""
    todo = [n for n in nodes if n is not None]
    while todo:
        node = todo.pop()
        if isinstance(node, Citation):
            yield node
        elif isinstance(node, BaseModel):
            todo.extend(getattr(node, name) for name in type(node).model_fields)
        elif isinstance(node, (list, tuple)):
            todo.extend(node)


def _names(doc: GuidanceDocument) -> list[str]:
    return [doc.title, *doc.also_known_as]


def _uncited_names(hb: Handbook, above: CitingData) -> Iterator[Finding]:
    """A free-text `source` (the format before guidance.yaml) naming a document: still read,
    but printed without an edition; the warning gives the line to write instead."""
    patterns = [(doc, _name_pattern(name)) for doc in hb.guidance.values() for name in _names(doc)]
    holders = [
        *(above.glossary.terms if above.glossary else ()),
        *(e.guideline for e in above.retention if e.guideline),
    ]
    for holder in holders:
        text = getattr(holder, "source", None)
        if not text:
            continue
        named = []
        for doc, pattern in patterns:
            if doc.id not in named and pattern.search(text):
                named.append(doc.id)
        if named:
            suggestion = ", ".join(f"{{document: {i}}}" for i in named)
            yield NAMED_IN_FREE_TEXT(
                holder.where("source"),
                f"source names {', '.join(document_name(hb.guidance[i]) for i in named)} as free text, printed "
                f"without its edition: cite it from guidance.yaml instead (cites: [{suggestion}], with part: for "
                "the part or section) and keep in source only what no entry covers",
            )


# How far after a document's name its edition, day in force and caveat may be written: "Keeping
# children safe in education 2025 (in force from 1 September 2025; a 2026 edition has been ...)".
_EDITION_WITHIN = 300


def _drafted_words(hb: Handbook, above: CitingData) -> Iterator[tuple[Any, str, str, set[str]]]:
    """Words drafted for the handbook rather than the setting's own policy text: review notes
    (not their suggestion, which is proposed policy wording), checklist items, every string of a
    training pack (facilitator notes, key points, questions) and glossary definitions.  Each
    with the node, the field, the text and the documents it already cites (a glossary entry
    prints its `cites` with their editions)."""
    for statement in hb.statements_by_id().values():
        for note in getattr(statement, "review_notes", None) or ():
            for name in ("problem", "why"):
                yield note, name, getattr(note, name), set()
    for checklist in above.checklists:
        for item in checklist.items:
            yield item, "text", item.text, set()
    for pack in above.training:
        todo: list[Any] = [pack]
        while todo:
            node = todo.pop()
            if isinstance(node, list):
                todo.extend(node)
            elif isinstance(node, BaseModel):
                for name in type(node).model_fields:
                    value = getattr(node, name)
                    if isinstance(value, str):
                        yield node, name, value, set()
                    else:
                        todo.append(value)
    for term in above.glossary.terms if above.glossary else ():
        yield term, "definition", term.definition, {c.document for c in term.cites}
    for entry in above.retention:
        if entry.guideline and entry.guideline.note:
            yield entry.guideline, "note", entry.guideline.note, {c.document for c in entry.guideline.cites}


def _unknown_placeholders(hb: Handbook, above: CitingData) -> Iterator[Finding]:
    """A `{cite:ID}` left as written: guidance.yaml has no such id (a known one is read in at load)."""
    for node, field, text, _cites in _drafted_words(hb, above):
        for document in cited_ids(text):
            yield UNKNOWN_DOCUMENT(
                node.where(field),
                f"'{{cite:{document}}}' is printed as it is: '{document}' is not a document in guidance.yaml"
                f"; known: {', '.join(sorted(hb.guidance))}",
            )


def _names_without_edition(hb: Handbook, above: CitingData) -> Iterator[Finding]:
    """A guidance document named in drafted words must carry the edition guidance.yaml gives,
    so a new edition (or one found unconfirmed) shows up here instead of being printed under an
    old name.  Law (an Act, named with its year; the UK GDPR) needs none."""
    patterns = []
    for doc in hb.guidance.values():
        target = eyfs_document(hb) if doc.id in EYFS_FRAMEWORKS else doc.id
        cited = hb.guidance.get(target, doc)
        # Law (no publisher) is cited as in force, "as amended": only published guidance has editions.
        if not cited.edition or not cited.publisher:
            continue
        for name in _names(doc):
            patterns.append((cited, _name_pattern(name), name.lower() if name.isascii() else None))
    for node, field, text, cites in _drafted_words(hb, above):
        # Most drafted words name no document.  In ASCII text a name (in ASCII) can only match
        # where its lower case is in the text's: a substring test passes over the others, where
        # a search for each name took most of this check's time.  Other text (or names) is
        # searched in full: case-insensitive matching pairs "s" with "ſ", "k" with "K" (Kelvin).
        lowered = text.lower() if text.isascii() else None
        reported: set[str] = set()
        for doc, pattern, ascii_name in patterns:
            if lowered is not None and ascii_name is not None and ascii_name not in lowered:
                continue
            if doc.id in reported or doc.id in cites or (doc.id in EYFS_FRAMEWORKS and cites & set(EYFS_FRAMEWORKS)):
                continue
            for match in pattern.finditer(text):
                if not all(said in text[match.end() : match.end() + _EDITION_WITHIN] for said in _beside(doc)):
                    reported.add(doc.id)
                    yield NAMED_WITHOUT_EDITION(
                        node.where(field),
                        f'"{match.group(0)}" names {doc.title} without its edition and the day it came into force: '
                        f'write {{cite:{doc.id}}}, printed "{cite_document(doc)}" (guidance.yaml), so the words say '
                        "which edition they rely on and follow the file when it changes",
                    )
                    break


@lru_cache(maxsize=256)
def _name_pattern(name: str) -> re.Pattern[str]:
    """A document's name as a whole phrase, in any case."""
    return re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", re.IGNORECASE)


def _beside(doc: GuidanceDocument) -> list[str]:
    """What a citation of this document says beside its name: its edition, the day it came into
    force and, where a newer edition is proposed but not confirmed, that caveat."""
    said = [doc.edition] if doc.edition else []
    if doc.in_force_from and doc.final_text_confirmed:
        said.append(long_date(doc.in_force_from))
    if doc.unconfirmed_edition:
        said.append(newer_edition_caveat(doc))
    return said
