"""Statement-level search: one entry per statement in the site's search index, found by the
policy's words, their other forms, and the glossary's everyday words for the terms it uses.

Why enrich the index at build time rather than expand the query in the browser: the theme's
search runs in a worker we would have to replace or patch (and, from a shared drive, inside
the iframe-worker shim); an index entry is plain data that works the same over HTTP and from
file://, costs nothing when typing, and can be checked in Python.

What the theme's search does with what is typed (Material's search worker): every word becomes
a prefix ("photo" finds "photographs") and is never stemmed, so the index holds words as
written (mkdocs.yml drops the stemmer from the search pipeline: a stemmed index holds
"medic" for "medication", which the typed "medication" then no longer finds) and each entry
carries the other forms of its words ("move" -> "moving") in a field of its own, `keywords`,
that is searched but never shown.

An entry: title = the statement id; text = its words; tags = the policy and section it is in
(shown under the result, so a result says where it is; their words hardly count for ranking);
keywords = the forms and glossary words.  Statement copies on the policy page are left out of
the page's own entries (data-search-exclude), so the statement is what a search finds, once.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.wordforms import keywords

if TYPE_CHECKING:
    from generator.pipeline.handbook import Handbook

# Field weights for the search index (Material's `fields` setting).  Title: 100, not Material's
# 1000: every typed word is a prefix, so "of" finds a heading "The services we offer", which
# must not outweigh the statement that answers; an id typed in full still lands on its
# statement, the only title with all its parts.  Keywords: the statement's words
# and the glossary's, weighed well above page text, so the statement that answers comes before
# pages that merely mention the word.  Tags: the policy and section names shown under a result;
# nearly nothing, or every statement of "Procedures for Liaison with Parents" would answer
# "parents".
FIELDS = {"title": {"boost": 100}, "text": {"boost": 1}, "tags": {"boost": 0.01}, "keywords": {"boost": 20}}
STATEMENT_BOOST = 2  # a statement against a page section of the same words
SEPARATORS = (",", ":")  # the index is written without spaces


def page_url(policy_id: str) -> str:
    """Where a policy's page is in the built site (mkdocs.yml: use_directory_urls: false)."""
    return f"policies/{policy_id}.html"


class EntryMemo:
    """`handbook serve` adds every statement's entry again after each edit, though one file
    changed: it keeps the entries it made, by everything an entry is made from (the statement's
    ids, text and headings), for as long as the glossary is the same (SourceMemo hands back the
    same glossary model while glossary.yaml is unchanged)."""

    def __init__(self) -> None:
        self.glossary: object = None
        self.entries: dict[tuple[str, ...], dict] = {}
        # each kept entry's JSON, by the entry (id, with the entry itself: never another's)
        self.written: dict[int, tuple[dict, str]] = {}

    def for_glossary(self, glossary: object) -> dict[tuple[str, ...], dict]:
        if glossary is not self.glossary:
            self.glossary, self.entries, self.written = glossary, {}, {}
        return self.entries

    def json_of(self, entry: dict) -> str:
        """The entry as the index file holds it, written once while the entry is kept (writing
        the whole index again cost a tenth of a `serve` edit at bench scale, issue 31)."""
        kept = self.written.get(id(entry))
        if kept is None or kept[0] is not entry:
            kept = self.written[id(entry)] = (entry, _json(entry))
        return kept[1]


def _json(value: object) -> str:
    return json.dumps(value, separators=SEPARATORS, ensure_ascii=False)


# Stands for the index's list of entries while the rest of it is written (never in an index:
# JSON writes the NULs as \u0000, and no entry or setting holds them).
_DOCS = "\0handbook search entries\0"


def statement_entries(hb: Handbook, memo: EntryMemo | None = None) -> list[dict]:
    """One search entry per statement, in handbook order.  Material shows an entry's title, text
    and tags as HTML: everything from the data is escaped, as its own page entries are."""
    # here, not at the top: a build from the kept site data adds its entries without the models
    from generator.features.glossary import glossary as glossary_mod

    gloss = hb.glossary
    match = glossary_mod.matcher(gloss)
    entries = glossary_mod.by_name(gloss)
    made = memo.for_glossary(gloss) if memo is not None else {}
    out = []
    words_of: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # per term, once
    for policy, section, statement in hb.reading_order[0]:
        key = (policy.id, policy.title, section.title, statement.id, statement.text)
        if (kept := made.get(key)) is not None:
            out.append(kept)
            continue
        terms = match.terms_in(statement.text) if match else ()
        for term in terms:
            if id(term) not in words_of:
                words_of[id(term)] = (
                    tuple(glossary_mod.search_words(term, entries)),
                    tuple(glossary_mod.misspellings(term, entries)),
                )
        also = tuple(w for term in terms for w in words_of[id(term)][0])
        wrong = tuple(w for term in terms for w in words_of[id(term)][1])
        made[key] = entry = {
            "location": f"{page_url(policy.id)}#{statement.id}",
            "title": escape(statement.id, quote=False),
            "text": escape(statement.text, quote=False),
            "tags": [escape(policy.title, quote=False), escape(section.title, quote=False)],
            "keywords": escape(keywords(statement.text, also, wrong), quote=False),
            "boost": STATEMENT_BOOST,
        }
        out.append(entry)
    return out


def add_statements(index_file: Path, hb: Handbook, memo: EntryMemo | None = None) -> None:
    """Add the statement entries and the field weights to the theme's search index, written by
    the search plugin and not yet inlined for file:// by the offline plugin.  Entries from an
    earlier run at the same places are replaced, so a `serve` rebuild never doubles them."""
    add_entries(index_file, statement_entries(hb, memo), memo)


def add_entries(index_file: Path, new: list[dict], memo: EntryMemo | None = None) -> None:
    """Add these statement entries (statement_entries) and the field weights to the index.
    With `memo` (serve), the entries it keeps are written as it kept them: the same bytes as
    writing the whole index at once."""
    json_of = memo.json_of if memo is not None else _json
    entries = ",".join(json_of(entry) for entry in new).encode("utf-8")
    _write_with_entries(index_file, entries, {entry["location"] for entry in new})


def entries_text(entries: list[dict]) -> bytes:
    """Statement entries as the UTF-8 JSON text of a list, written as the index writes its own."""
    return _json(entries).encode("utf-8")


def add_entries_text(index_file: Path, entries: bytes, places: list[str]) -> None:
    """The same as add_entries, from the entries' UTF-8 JSON text (entries_text) and their
    places (a build from the kept site data, site_cache): the text goes into the index as it
    is, never decoded and encoded again (7 MB at 4,000 statements, issue 31).  The index is the
    same, byte for byte."""
    # a list's text: "[" + the entries, "," between them + "]"
    _write_with_entries(index_file, memoryview(entries)[1:-1], set(places))


def _write_with_entries(index_file: Path, entries: bytes | memoryview, places: set[str]) -> None:
    """The theme's index with the field weights, its entries at `places` left out (a `serve`
    rebuild never doubles them) and the statement entries' text (UTF-8, "," between them)
    after its own: each page's own entry comes before its statements, as the theme groups
    results under the first entry of a page.  Written as one json.dumps of the whole would
    write it."""
    index = json.loads(index_file.read_text(encoding="utf-8"))
    own = ",".join(_json(doc) for doc in index["docs"] if doc["location"] not in places).encode("utf-8")
    index["docs"] = _DOCS
    index["config"]["fields"] = {**index["config"].get("fields", {}), **FIELDS}
    before, after = _json(index).split(_json(_DOCS), 1)
    # JSON text has no line breaks of its own, so these bytes are what write_text would write.
    with index_file.open("wb") as out:
        out.write(before.encode("utf-8") + b"[" + own)
        if own and entries:
            out.write(b",")
        out.write(entries)
        out.write(b"]" + after.encode("utf-8"))
