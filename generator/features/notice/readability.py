"""How easy the notice is to read: Flesch reading ease and the longest sentences.

Parent-facing text should aim for a Flesch reading ease of 60 or more (a rule of thumb, not a
standard).  The setting's own policy sentences are quoted as written, so the report names where
each long sentence comes from: the notice's own words can be rewritten, a policy's cannot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .flesch import scores

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
    score, own_score = scores((whole, joined(own)))
    return Readability(score=score, own_score=own_score, longest=sentences[:3], words=len(whole.split()))


@dataclass(frozen=True)
class GlanceReadability:
    score: float  # Flesch reading ease of the first page's prose
    words: int  # words printed on the first page, headings included


def glance_readability(view) -> GlanceReadability:
    """The first page ("at a glance"), scored on its own: it is what most parents read."""
    from .glance import glance_words

    pieces = view.glance_sentences()
    text = " ".join(t if t.rstrip().endswith((".", "!", "?", ":")) else t + "." for _, t in pieces)
    return GlanceReadability(score=scores((text,))[0] if text else 0.0, words=glance_words(view))


def glance_summary(r: GlanceReadability, name: str) -> str:
    from .glance import LIMIT_WORDS
    from .glance import TARGET as GLANCE_TARGET

    verdict = "meets" if r.score >= GLANCE_TARGET else "is below"
    length = "within" if r.words <= LIMIT_WORDS else "over"
    return (
        f"{name}: at a glance (first page): Flesch reading ease {r.score:.1f} ({verdict} the target of "
        f"{GLANCE_TARGET:.0f}); {r.words} words ({length} the limit of {LIMIT_WORDS})"
    )


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
