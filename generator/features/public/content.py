"""What the public edition shows, taken from the handbook through the public fields only.

Every value the public pages print is copied here into small plain records (fields.py says
which fields may be): the pages and the search index are made from a PublicEdition alone,
never from the handbook, so a private field cannot reach them by a template's mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.findings import Location
from generator.core.voice import Voice
from generator.features.notice.model import notice_document_id
from generator.features.notice.provider import RUN_BY_LABELS, run_by
from generator.features.notice.render import output_name, printed_notices
from generator.features.policies.kinds import council_is_controller, law_unknown_for_its_kind
from generator.features.policies.model import Policy, policy_document_id

from .fields import SETTING_CONTACT, for_the_public

if TYPE_CHECKING:
    from generator.features.settings.data import SettingsData as Handbook

CONTACT_LABELS = {"address": "Address", "phone": "Telephone", "email": "Email", "website": "Website"}


@dataclass(frozen=True)
class PublicStatement:
    id: str
    kind: str  # "paragraph" or "item"
    text: str


@dataclass(frozen=True)
class PublicSection:
    id: str
    title: str
    statements: tuple[PublicStatement, ...]

    def blocks(self) -> list[tuple[str, list[PublicStatement]]]:
        """Paragraphs, and runs of list items, as on the staff site."""
        out: list[tuple[str, list[PublicStatement]]] = []
        for s in self.statements:
            if s.kind == "item" and out and out[-1][0] == "list":
                out[-1][1].append(s)
            else:
                out.append(("list" if s.kind == "item" else "paragraph", [s]))
        return out


@dataclass(frozen=True)
class PublicPolicy:
    id: str
    title: str
    version: str  # "Version 2" or "Draft"
    draft: str | None  # the draft mark every output shows, None once approved
    left_out: int  # staff-only statements not published (0: the whole policy)
    sections: tuple[PublicSection, ...]

    def statements(self) -> list[PublicStatement]:
        return [s for section in self.sections for s in section.statements]


@dataclass(frozen=True)
class NoticeFile:
    """One file the notice stage made (build/print/parents/), copied into the public edition."""

    made: Path  # where the notice stage writes it
    name: str  # its file name, the same in build/public/notices/
    label: str  # "PDF", "Large print (PDF)", "বাংলা (PDF)"


@dataclass(frozen=True)
class PublicNotice:
    id: str
    title: str
    draft: str | None
    files: tuple[NoticeFile, ...]
    language: str | None = None  # a translation's language code (its title is in that language)
    direction: str = "ltr"
    language_name: str | None = None  # in the language itself


@dataclass(frozen=True)
class NotPublished:
    document: str  # policy/confidentiality, notice/fair-processing-notice
    why: str


@dataclass(frozen=True)
class SearchText:
    """Words of a notice to search, and where they are."""

    page: str  # the notice's HTML copy
    title: str  # the part's heading
    where: str
    text: str


@dataclass
class PublicEdition:
    setting_name: str
    contact: list[tuple[str, str | None, object]]  # (label, value, where setting.yaml gives it); None: to be completed
    policies: list[PublicPolicy] = field(default_factory=list)
    notices: list[PublicNotice] = field(default_factory=list)
    scheme: PublicScheme | None = None
    not_published: list[NotPublished] = field(default_factory=list)
    # Whether the public sector website accessibility regulations cover the setting (the kinds
    # table): True, "partly" (a school or nursery: only essential administrative functions),
    # False (not a public sector body), None (kind unset): the accessibility statement says which.
    accessibility_regulations: bool | str | None = None
    voice: Voice = Voice("the setting")  # who speaks: "our policies", or a childminder's "my policies"
    # Who runs the setting, as the notice names it ("Little Acorns Ltd (company number 01234567)"):
    # a company's website must show its registered name and number; None while not given.
    run_by: str | None = None
    notice_text: list[SearchText] = field(default_factory=list)  # the notices' words, to search
    # The glossary's everyday words for a text's terms (search only); set by public_edition.
    glossary_words: Callable[[str], tuple[str, ...]] = lambda text: ()

    def notice_formats(self) -> str:
        """'a PDF to print, in large print and in 2 other languages': its forms, as made."""
        labels = [f.label for n in self.notices for f in n.files]
        ways = (
            ["a PDF to print"] if any(label.endswith("(PDF)") or label == "PDF" for label in labels) else ["a web page"]
        )
        if any("large print" in label.lower() for label in labels):
            ways.append("in large print")
        translated = sum(1 for n in self.notices if n.language)
        if translated:  # named on the privacy notice page, each in its own language
            ways.append(f"in {translated} other language{'s' * (translated != 1)}")
        return ", ".join(ways[:-1]) + " and " + ways[-1] if len(ways) > 1 else ways[0]


@dataclass(frozen=True)
class SchemeItem:
    title: str
    policy: str | None  # a published policy's id, to link to
    published_source: str | None
    how_to_get: str | None
    format: str | None
    charge: str | None


@dataclass(frozen=True)
class PublicScheme:
    title: str
    adopted: str | None
    classes: tuple[tuple[str, str, tuple[SchemeItem, ...], str | None], ...]  # (id, title, items, note)
    # A council's children's centre: the council, not the centre, is the public authority (the
    # kinds table's `controller:`); the guide says so and names the council (None: unset).
    run_by_council: bool = False
    council: str | None = None
    # Whether the FOI Act applies (the kinds table's duty): True, or None while the kind is unset,
    # when the guide says it is to be completed rather than that the Act applies.
    foi_applies: bool | str | None = True
    # False: a kind is set, but the setting is outside England, whose law the kinds table gives
    # (so which freedom of information law applies is what is to be completed, not the kind)
    law_known: bool = True
    kind_where: Location | None = None  # where setting.yaml would give the kind (for the check's report)


def publishes_scheme(hb: Handbook) -> bool:
    """Whether the public edition shows the publication scheme: the setting keeps one
    (publication-scheme.yaml) and its kind is a public authority under the FOI Act (the kinds
    table, generator/data/kinds.yaml).  The staff handbook's records page decides the same way
    (features/information/pages.py): not False, so an unset kind still shows what the
    setting keeps, marked to be completed there."""
    return hb.publication_scheme is not None and hb.duty("foi_publication_scheme") is not False


def publication_choice(hb: Handbook, policy: Policy) -> tuple[PublicPolicy | None, str | None]:
    """The policy as the public edition shows it, or None and why it is not published."""
    draft = hb.draft_mark(policy_document_id(policy.id))
    if policy.public == "no":
        return None, "`public: no`"
    if draft and not hb.setting.publish_drafts:
        return None, "a draft: not approved, and setting.yaml's `publish_drafts` is not true"
    sections = []
    left_out = 0
    for section in policy.sections:
        kept = tuple(PublicStatement(s.id, s.kind, s.text) for s in section.statements if for_the_public(s))
        left_out += len(section.statements) - len(kept)
        if kept:
            sections.append(PublicSection(section.id, section.title, kept))
    if left_out and policy.public == "whole":
        return None, f"`public: whole`, but {left_out} of its statements are for staff only"
    if not sections:
        return None, "none of its statements is for parents or the public"
    version = hb.versions.of(policy)
    shown = "Draft" if draft else f"Version {version.bare}"
    return PublicPolicy(policy.id, policy.title, shown, draft, left_out, tuple(sections)), None


def _file_label(rest: str, suffix: str) -> str:
    """'PDF', 'Large print (PDF)', 'At a glance (web page)' from what follows the notice's
    printed name in a file's name (its title says which language); a part the tool does not
    know is shown as written."""
    kind = "PDF" if suffix == ".pdf" else "web page"
    what = " ".join(w.replace("-", " ") for w in rest.split(".") if w).capitalize()
    return f"{what} ({kind})" if what else kind[0].upper() + kind[1:]


def public_notices(hb: Handbook, made: list[Path]) -> tuple[list[PublicNotice], list[NotPublished]]:
    """The notice files the notice stage made (`made`, found in build/print/parents/), each
    under the notice or translation it belongs to: the one whose printed name is the longest
    start of the file's name (fair-processing-notice.tr.large-print.pdf -> the Turkish one)."""
    notices = sorted(printed_notices(hb), key=lambda n: len(output_name(n)), reverse=True)
    files: dict[str, list[NoticeFile]] = {}
    for path in made:
        stem, suffix = path.name[: -len(path.suffix)] if path.suffix else path.name, path.suffix
        if suffix not in (".pdf", ".html"):
            continue
        owner = next((n for n in notices if stem == output_name(n) or stem.startswith(output_name(n) + ".")), None)
        if owner is None:
            continue  # made by a stage we do not know: nothing is published unrecognised
        rest = stem[len(output_name(owner)) :]
        files.setdefault(output_name(owner), []).append(NoticeFile(path, path.name, _file_label(rest, suffix)))
    published, withheld = [], []
    for notice in printed_notices(hb):
        name, doc = output_name(notice), notice_document_id(notice)
        draft = hb.draft_mark(doc)
        if name not in files:
            continue
        if draft and not hb.setting.publish_drafts:
            withheld.append(NotPublished(doc, "a draft: not approved, and setting.yaml's `publish_drafts` is not true"))
            continue
        from generator.features.notice.content import notice_view  # (as _notice_text imports it)

        # the title as printed ({setting} read in: notice/content.py)
        title = notice_view(hb, notice).title + (f" ({notice.translation.language_name})" if notice.translation else "")
        # The notice as a web page, then its other web pages; then its PDF, then the other PDFs
        ordered = sorted(
            files[name], key=lambda f: (f.name.endswith(".pdf"), f.name[: -len(f.made.suffix)] != name, f.name)
        )
        tr = notice.translation
        published.append(
            PublicNotice(
                doc,
                title,
                draft,
                tuple(ordered),
                tr.language if tr else None,
                tr.direction if tr else "ltr",
                tr.language_name if tr else None,
            )
        )
    return published, withheld


def public_scheme(hb: Handbook, published: set[str]) -> PublicScheme:
    from generator.features.information.publication import CLASSES, InformationClass

    scheme = hb.publication_scheme
    assert scheme is not None  # the caller publishes a scheme only when the data has one
    by_id: dict[str, InformationClass] = {c.id: c for c in scheme.classes}
    classes = []
    for cid, title in CLASSES.items():
        cls = by_id.get(cid)
        items = tuple(
            SchemeItem(
                i.title,
                i.document if i.document in published else None,
                i.published_source,
                i.how_to_get,
                i.format,
                i.charge,
            )
            for i in (cls.items if cls else ())
        )
        classes.append((cid, title, items, cls.note if cls else None))
    return PublicScheme(
        scheme.title,
        scheme.adopted,
        tuple(classes),
        council_is_controller(hb),
        hb.setting.local_authority,
        hb.duty("foi_publication_scheme"),
        not law_unknown_for_its_kind(hb),
        hb.setting.where("kind"),
    )


def _glossary_words(hb: Handbook) -> Callable[[str], tuple[str, ...]]:
    """The glossary's names and everyday words for the terms a text uses ("photos" for a text
    about photographs): searched, never shown."""
    from generator.features.glossary import glossary as glossary_mod

    match = glossary_mod.matcher(hb.glossary)
    entries = glossary_mod.by_name(hb.glossary)

    def words_for(text: str) -> tuple[str, ...]:
        terms = match.terms_in(text) if match else ()
        return tuple(
            w for t in terms for w in (*glossary_mod.search_words(t, entries), *glossary_mod.misspellings(t, entries))
        )

    return words_for


def _notice_text(hb: Handbook, notices: list[PublicNotice]) -> list[SearchText]:
    """The English notices' words to search: each part's own words, and each of its items."""
    from generator.features.notice.content import notice_view

    out = []
    for pn in notices:
        notice = next((n for n in hb.notices.values() if notice_document_id(n) == pn.id), None)
        page = next((f.name for f in pn.files if f.name.endswith(".html")), None)
        if notice is None or page is None:
            continue  # a translation: its words are in its own language, in its own file
        for part in notice_view(hb, notice).parts:
            for words in (part.text, *(i.text for i in part.items)):
                if words:
                    out.append(SearchText(page, part.heading, "Privacy notice", words))
    return out


def public_edition(hb: Handbook, notice_files: list[Path]) -> PublicEdition:
    setting = hb.setting
    edition = PublicEdition(
        setting.name,
        [
            (CONTACT_LABELS[f], getattr(setting, f), setting.where(f))
            for f in SETTING_CONTACT
            # a setting need not have a website (a childminder may not): no row, not "to be completed"
            if f != "website" or setting.website
        ],
        voice=hb.voice,
        run_by=run_by(setting, RUN_BY_LABELS),
    )
    for policy in hb.policies.values():
        shown, why = publication_choice(hb, policy)
        if shown is not None:
            edition.policies.append(shown)
        else:
            edition.not_published.append(NotPublished(policy_document_id(policy.id), why or ""))
    edition.notices, withheld = public_notices(hb, notice_files)
    edition.not_published += withheld
    if publishes_scheme(hb):
        edition.scheme = public_scheme(hb, {p.id for p in edition.policies})
    edition.accessibility_regulations = hb.duty("accessibility_regulations")
    edition.glossary_words = _glossary_words(hb)
    edition.notice_text = _notice_text(hb, edition.notices)
    return edition
