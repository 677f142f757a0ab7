"""The field's vocabulary (policy_data/glossary.yaml): the words and abbreviations of early
years, safeguarding and data protection that staff and parents meet, each with a plain
definition, where it comes from, and the everyday words people search with for it.

One glossary feeds three things: the Glossary page, the abbreviation tooltips on every page,
and the search index (a statement that uses a term is also found by the term's other names,
see site/search_index.py).  Nothing here is about the setting itself: a definition says what a word
means, never who holds a role at the setting.

Matching a term to a statement compares words without their inflections (core/wordforms.py), so
"photograph" finds "Photographs" and "moving on" finds "when they move on"; an abbreviation
matches only as written, in capitals, so "SEND" is never the verb "send".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Annotated, Any

from markupsafe import Markup
from pydantic import Field, PrivateAttr, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from generator.core.findings import Finding
from generator.core.model import Node, Text
from generator.core.sources import SourceKind, the_one
from generator.core.wordforms import base, words
from generator.features.glossary.codes import (
    DUPLICATE_ENTRY,
    LISTED_TWICE,
    RELATED_TO_ITSELF,
    SHARED_NAME,
    UNKNOWN_RELATED,
)
from generator.features.guidance.data import GuidanceData
from generator.features.guidance.model import Citation

# As written in text: letters and digits, starting with a letter ("DSL", "SENCo", "SaLT").
Abbreviation = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9]*$", max_length=12)]
Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class Term(Node):
    term: Phrase  # the name in full, as a heading: "Designated safeguarding lead"
    abbreviation: Abbreviation | None = None
    definition: Text  # plain words: what it means, for staff and parents
    # The law or guidance it comes from: documents of guidance.yaml by id (printed with their
    # edition and the day they came into force), and free text only for what no entry covers.
    cites: list[Citation] = Field(default_factory=list)
    source: Text | None = None
    synonyms: list[Phrase] = Field(default_factory=list)  # everyday words people search with for it
    misspellings: list[Phrase] = Field(default_factory=list)  # for search only; never shown
    # Other entries (by name or abbreviation) a text using this term is also about: the
    # policy's "designated child protection staff" are what guidance now calls the DSL.
    related: list[Phrase] = Field(default_factory=list)

    def names(self) -> list[str]:
        """Every way of writing the term that counts as the term: its name, abbreviation and
        synonyms (a statement using any of them uses the term)."""
        return [self.term, *([self.abbreviation] if self.abbreviation else []), *self.synonyms]

    @field_validator("abbreviation")
    @classmethod
    def _in_capitals(cls, value: str | None) -> str | None:
        # Matched as written, in text and in escaped HTML: two capitals keep it from ever
        # being an ordinary word ("send") or an HTML entity ("amp").
        if value is not None and sum(c.isupper() for c in value) < 2:
            raise PydanticCustomError(
                "abbreviation", "an abbreviation has at least two capital letters, like 'DSL' or 'SENCo'"
            )
        return value

    @property
    def anchor(self) -> str:
        """Its id on the Glossary page: from the abbreviation, else the name."""
        return slug(self.abbreviation or self.term)


class Glossary(Node):
    terms: list[Term] = Field(min_length=1)
    # Its Matcher, made once: `handbook serve` keeps an unchanged glossary.yaml's model across
    # rebuilds, and with it the matcher whose results are remembered per statement text.
    _matcher: Any = PrivateAttr(default=None)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "term"


# --- words ------------------------------------------------------------------------------------


def _is_abbreviation(name: str) -> bool:
    """Written in capitals (at least two), like "DSL", "SENCo": matched as written."""
    return len(name) >= 2 and " " not in name and sum(c.isupper() for c in name) >= 2


def _key(name: str) -> tuple[str, ...]:
    """What a name must match in a text: its exact spelling for an abbreviation, else its
    words without inflections."""
    if _is_abbreviation(name):
        return (name,)
    return tuple(base(w) for w in words(name))


# --- checks ----------------------------------------------------------------------------------


def by_name(glossary: Glossary | None) -> dict[str, Term]:
    """Each entry under its name and abbreviation, case-insensitive (how `related` names them)."""
    found: dict[str, Term] = {}
    for term in glossary.terms if glossary else ():
        for name in (term.term, term.abbreviation):
            if name:
                found.setdefault(name.casefold(), term)
    return found


def _with_related(term: Term, entries: dict[str, Term]) -> list[Term]:
    return [term, *(entries[r.casefold()] for r in term.related if r.casefold() in entries)]


def search_words(term: Term, entries: dict[str, Term]) -> list[str]:
    """The words a text using this term should also be found by: every name and synonym of
    the term and of the entries it is related to."""
    return [name for entry in _with_related(term, entries) for name in entry.names()]


def misspellings(term: Term, entries: dict[str, Term]) -> list[str]:
    """The same entries' common misspellings, to be found by as written."""
    return [w for entry in _with_related(term, entries) for w in entry.misspellings]


def check_handbook(hb: GlossaryData) -> Iterable[Finding]:
    return check(hb.glossary)


def check(glossary: Glossary | None) -> Iterable[Finding]:
    """Duplicate terms, a name listed twice, and a word that is both a term (or abbreviation)
    and another term's synonym: a search word must lead to one entry."""
    if glossary is None:
        return
    owners: dict[str, tuple[Term, str]] = {}  # normalised name -> (term, field) that owns it
    for term in glossary.terms:
        for field_name, value in (("term", term.term), ("abbreviation", term.abbreviation)):
            if value is None:
                continue
            key = value.casefold()
            if key in owners:
                first, first_field = owners[key]
                yield DUPLICATE_ENTRY(
                    term.where(field_name, "__value__"),
                    f"'{value}' is already in the glossary as the {first_field} of '{first.term}' "
                    f"(at {first.where(first_field)}); keep one entry",
                )
            else:
                owners[key] = (term, field_name)
    for term in glossary.terms:
        seen: set[str] = set()
        for field_name in ("synonyms", "misspellings"):
            for i, value in enumerate(getattr(term, field_name)):
                key = value.casefold()
                where = term.where(field_name, i)
                if key in seen or key in (term.term.casefold(), (term.abbreviation or "").casefold()):
                    yield LISTED_TWICE(where, f"'{value}' is listed twice for '{term.term}'")
                elif key in owners and owners[key][0] is not term:
                    other, other_field = owners[key]
                    yield SHARED_NAME(
                        where,
                        f"'{value}' is a {field_name[:-1]} of '{term.term}' but also the {other_field} of "
                        f"'{other.term}' (at {other.where(other_field)}); a search word must lead to one "
                        "entry: remove it from one of them",
                    )
                seen.add(key)
    entries = by_name(glossary)
    for term in glossary.terms:
        for i, name in enumerate(term.related):
            if name.casefold() not in entries:
                close = difflib.get_close_matches(
                    name, [t.abbreviation or t.term for t in glossary.terms], n=1, cutoff=0.6
                )
                hint = f"; did you mean '{close[0]}'?" if close else ""
                yield UNKNOWN_RELATED(
                    term.where("related", i), f"'{name}' is not a term or abbreviation in the glossary{hint}"
                )
            elif entries[name.casefold()] is term:
                yield RELATED_TO_ITSELF(term.where("related", i), f"'{term.term}' cannot be related to itself")


# --- which terms a text uses -----------------------------------------------------------------


@dataclass(frozen=True)
class Matcher:
    """Finds the glossary terms a text uses.  Built once per glossary; hashable, so results
    can be remembered per text (a statement's words rarely change between serve rebuilds)."""

    # first word (or abbreviation) -> [(the whole key, index of its term)]; two glossaries
    # with the same names are equal, so a reloaded glossary reuses what was remembered.
    starts: tuple[tuple[str, tuple[tuple[tuple[str, ...], int], ...]], ...]
    terms: tuple[Term, ...] = field(compare=False, hash=False)

    # Hashed once: the results are remembered by (matcher, text), and a tuple of this size
    # would otherwise be hashed again for every statement of every rebuild.
    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(self.starts))

    def __hash__(self) -> int:
        return self._hash  # type: ignore[attr-defined]

    def terms_in(self, text: str) -> tuple[Term, ...]:
        return tuple(self.terms[i] for i in _terms_in(self, text))


def matcher(glossary: Glossary | None) -> Matcher | None:
    if glossary is None:
        return None
    if glossary._matcher is None:
        glossary._matcher = _new_matcher(glossary)
    return glossary._matcher


def _new_matcher(glossary: Glossary) -> Matcher:
    starts: dict[str, list] = {}
    for i, term in enumerate(glossary.terms):
        for name in term.names():
            key = _key(name)
            if key:
                starts.setdefault(key[0], []).append((key, i))
    return Matcher(tuple((k, tuple(v)) for k, v in starts.items()), tuple(glossary.terms))


@lru_cache(maxsize=1 << 14)
def _starts(m: Matcher) -> dict:
    return dict(m.starts)


@lru_cache(maxsize=1 << 16)
def _terms_in(m: Matcher, text: str) -> tuple[int, ...]:
    starts = _starts(m)
    written = words(text)
    stems = [base(w) for w in written]
    found: list[int] = []
    for pos, (as_written, stemmed) in enumerate(zip(written, stems)):
        for candidate in (as_written, stemmed):
            for key, index in starts.get(candidate, ()):
                seq = written if _is_abbreviation(key[0]) and len(key) == 1 else stems
                if tuple(seq[pos : pos + len(key)]) == key and index not in found:
                    found.append(index)
    return tuple(sorted(found))


# --- abbreviations -----------------------------------------------------------------------------


def abbreviations(glossary: Glossary | None) -> dict[str, str]:
    """Abbreviation -> what it stands for: Python-Markdown's abbr `glossary` option, which
    the handbook explains on hover wherever the abbreviation appears in a page."""
    if glossary is None:
        return {}
    return {t.abbreviation: t.term for t in glossary.terms if t.abbreviation}


@dataclass(frozen=True)
class AbbreviationMarker:
    """Wraps abbreviations in already-escaped HTML text in <abbr title="...">, as the abbr
    extension does for Markdown text (pre-rendered statement HTML never reaches it)."""

    pairs: tuple[tuple[str, str], ...]

    def __post_init__(self) -> None:  # hashed once, as Matcher
        object.__setattr__(self, "_hash", hash(self.pairs))

    def __hash__(self) -> int:
        return self._hash  # type: ignore[attr-defined]

    def __call__(self, escaped: str) -> str:
        if not self.pairs:
            return escaped
        return _mark(self, escaped)


@lru_cache(maxsize=64)
def _pattern(marker: AbbreviationMarker) -> re.Pattern:
    names = sorted((name for name, _ in marker.pairs), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


@lru_cache(maxsize=1 << 16)
def _mark(marker: AbbreviationMarker, escaped: str) -> str:
    titles = dict(marker.pairs)
    return _pattern(marker).sub(
        lambda m: f'<abbr title="{Markup.escape(titles[m.group(0)])}">{m.group(0)}</abbr>', escaped
    )


def abbreviation_marker(glossary: Glossary | None) -> AbbreviationMarker:
    return AbbreviationMarker(tuple(sorted(abbreviations(glossary).items())))


@dataclass(kw_only=True)
class GlossaryData(GuidanceData):
    """The glossary's slice of the handbook, over the guidance's."""

    glossary: Glossary | None = None  # glossary.yaml: the field's words, abbreviations and search words

    @cached_property
    def abbreviations(self) -> AbbreviationMarker:
        """Explains the glossary's abbreviations in a statement's escaped HTML (handed to the
        policy pages, pipeline/features.py: the policies feature knows nothing of the glossary)."""
        return abbreviation_marker(self.glossary)


SOURCES = (
    SourceKind("glossary", "glossary.yaml", Glossary, "glossary", required=False, into="glossary", gather=the_one),
)
