"""How an output names a guidance document: its title, edition and the day it came into force,
from guidance.yaml, so no page or paper cites guidance without its edition."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from generator.core.clock import long_date
from generator.core.model import with_strings_read

from .model import Citation, GuidanceDocument

if TYPE_CHECKING:
    from generator.features.guidance.data import GuidanceData as Handbook


def document_name(doc: GuidanceDocument) -> str:
    """ "Keeping children safe in education 2025", "Data Protection Act 2018, as amended by ..."."""
    if not doc.edition:
        return doc.title
    # A year reads as part of the name; anything else ("September 2025") follows a comma.
    return f"{doc.title} {doc.edition}" if doc.edition.isdigit() else f"{doc.title}, {doc.edition}"


def when_in_force(doc: GuidanceDocument) -> str:
    """What the citation says in brackets: the day it came into force, and whether its final
    text is confirmed."""
    said = []
    # Only a confirmed edition is ever printed as in force (the model also refuses the pair).
    if doc.in_force_from and doc.final_text_confirmed:
        said.append(f"in force{' in stages' if doc.in_stages else ''} from {long_date(doc.in_force_from)}")
    elif doc.final_text_confirmed:
        said.append("date in force not recorded")
    if not doc.final_text_confirmed:
        said.append("final text not confirmed" if doc.edition or doc.in_force_from else "edition not confirmed")
    if doc.unconfirmed_edition:
        said.append(newer_edition_caveat(doc))
    return "; ".join(said)


def newer_edition_caveat(doc: GuidanceDocument) -> str:
    """What every citation of a document with a newer edition proposed but not confirmed says
    (guidance.yaml's unconfirmed_edition), so no output presents the newer one as in force and
    none presents the one cited as beyond doubt."""
    return (
        f"a {doc.unconfirmed_edition} edition has been proposed, but no public source checked confirms its final "
        "text or the day it comes into force"
    )


def cite_document(doc: GuidanceDocument, part: str | None = None) -> str:
    """One citation: "Keeping children safe in education 2025 (in force from 1 September
    2025), Part four"."""
    if doc.edition and doc.edition.startswith("as amended"):
        # Law kept up to date by later Acts: the day in force is the law's own, not its amendments'
        # ("UK General Data Protection Regulation (in force from 1 January 2021), as amended by ...").
        text = f"{doc.title} ({when_in_force(doc)}), {doc.edition}"
        return f"{text}: {part}" if part else text
    text = f"{document_name(doc)} ({when_in_force(doc)})"
    return f"{text}, {part}" if part else text


# The two EYFS frameworks: a setting follows one of them (the kinds table), so a citation of
# either prints the one this setting follows (a childminder's glossary copied from a nursery's
# must not send her to the group providers' framework).
EYFS_FRAMEWORKS = ("eyfs-group", "eyfs-childminders")


def eyfs_document(hb: Handbook) -> str:
    """The EYFS framework this setting follows, by its id in guidance.yaml: the childminders'
    for a childminder, the group and school-based providers' otherwise (and while unset)."""
    frameworks = {k.eyfs.framework for k in hb.kinds}
    return "eyfs-childminders" if frameworks == {"childminder"} else "eyfs-group"


def cite(hb: Handbook, citation: Citation) -> str:
    """A citation as printed; an id the guidance does not hold is a check error, and printed
    as written rather than guessed."""
    document = citation.document
    if document in EYFS_FRAMEWORKS and hb.kinds:
        document = eyfs_document(hb)
    doc = hb.guidance.get(document) or hb.guidance.get(citation.document)
    if doc is None:
        return citation.document + (f", {citation.part}" if citation.part else "")
    return cite_document(doc, citation.part)


def sources_named(hb: Handbook, cites: Iterable[Citation], free_text: str | None = None) -> str | None:
    """The sources, joined: "A; and B" (None without any)."""
    names = [cite(hb, c) for c in cites]
    if free_text:
        names.append(free_text.rstrip("."))
    if not names:
        return None
    return names[0] if len(names) == 1 else "; ".join(names[:-1]) + "; and " + names[-1]


def sources_sentence(hb: Handbook, cites: Iterable[Citation], free_text: str | None = None) -> str | None:
    """The "Source" line as a whole sentence: "This comes from A; and B." (None without any)."""
    joined = sources_named(hb, cites, free_text)
    return f"This comes from {joined}." if joined else None


# `{cite:ID}` or `{cite:ID|Part four}` in words drafted for the handbook (review notes, checklist
# items, training notes, retention notes, glossary definitions): the citation as every output
# prints it, read in when the data is loaded, so the words follow guidance.yaml's edition, day
# in force and caveats instead of a copy typed by hand.
CITE_PLACEHOLDER = re.compile(r"\{cite:([a-z0-9][a-z0-9-]*)(?:\|([^{}|]+))?\}")


def read_citations(hb: Handbook, text: str) -> str:
    """The words with each `{cite:...}` printed as its citation; an id guidance.yaml does not
    hold is left as written (`handbook check` reports it: unknown_cited_ids)."""
    if "{cite:" not in text:
        return text

    def printed(match: re.Match[str]) -> str:
        document, part = match.group(1), match.group(2)
        if document not in hb.guidance and not (document in EYFS_FRAMEWORKS and hb.kinds):
            return match.group(0)
        return cite(hb, Citation(document=document, part=part.strip() if part else None))

    return CITE_PLACEHOLDER.sub(printed, text)


def cited_ids(text: str) -> list[str]:
    """The document ids a text's `{cite:...}` placeholders name."""
    return [m.group(1) for m in CITE_PLACEHOLDER.finditer(text)]


def read_citations_in(hb: Handbook, node: Any) -> Any:
    """A data node with `{cite:...}` read in every string it holds, at any depth: the same node
    when none has one (the usual case: no copy)."""

    return with_strings_read(node, lambda text: read_citations(hb, text))
