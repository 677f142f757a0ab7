"""English words and their forms, for matching staff words to the policy's words.

``words`` splits a text into its words as written.
``base`` takes the inflection off a word ("moving", "moved", "moves" -> "mov"; "policies" ->
"policy"; "child's" -> "child"), and ``forms`` lists the inflected forms of a word.  Only
inflections: unlike a full Porter stemmer, which makes "medical" and "medication" one word
("medic"), "information" the same as "inform", this keeps words of different meaning apart.

Search uses both: a statement is indexed with the forms of its words, because the theme's
search matches what is typed as the start of an indexed word and never stems the query
("moving" must find a statement that says "move on").
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


def words(text: str) -> list[str]:
    """The words of a text as written (possessives kept whole: "child's")."""
    return _WORD.findall(text)


_VOWELS = set("aeiouy")
_IRREGULAR = {"children": "child", "people": "person", "women": "woman", "men": "man", "feet": "foot", "teeth": "tooth"}
_KEEP_DOUBLE = ("ll", "ss", "zz", "ff")


def _has_vowel(text: str) -> bool:
    return any(c in _VOWELS for c in text)


def _undouble(stem: str) -> str:
    """ "stopp" -> "stop" (from "stopping"), but "call" stays "call"."""
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS and not stem.endswith(_KEEP_DOUBLE):
        return stem[:-1]
    return stem


@lru_cache(maxsize=1 << 16)
def base(word: str) -> str:
    """The word without its inflection, lower case: what all its forms have in common."""
    w = word.lower()
    for mark in ("'s", "’s", "s'", "s’"):
        if w.endswith(mark) and len(w) > len(mark) + 1:
            w = w[: -len(mark)] + ("s" if mark[0] == "s" else "")
            break
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ing") and len(w) > 5 and _has_vowel(w[:-3]):
        w = _undouble(w[:-3])
    elif w.endswith("ed") and len(w) > 4 and _has_vowel(w[:-2]):
        w = _undouble(w[:-2])
    elif w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    # "move", "moves", "moving" and "moved" all end as "mov"; "receive" as "receiv".
    if w.endswith("e") and len(w) > 3 and not w.endswith(("ee", "ye")):
        w = w[:-1]
    return w


# Endings of nouns and adjectives: such words take a plural at most, never "-ed" or "-ing".
_NOT_VERBS = (
    "tion",
    "sion",
    "ity",
    "ness",
    "ment",
    "ance",
    "ence",
    "ism",
    "ist",
    "ship",
    "hood",
    "al",
    "ous",
    "ive",
    "ic",
    "ful",
    "less",
    "able",
    "ible",
    "ary",
    "ory",
    "er",
    "or",
    "ild",
    "ren",
)


# Abstract nouns and adjectives: no plural either ("confidentiality", "medical").
_NO_PLURAL = ("ity", "ness", "al", "ous", "ive", "ic", "ful", "less", "able", "ible")


def _plural(lemma: str) -> str:
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return lemma[:-1] + "ies"
    return lemma + "s"


def _verb_forms(lemma: str) -> set[str]:
    if lemma.endswith("e") and not lemma.endswith("ee"):
        return {lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return {lemma[:-1] + "ied", lemma + "ing"}
    stem = lemma
    if (
        len(lemma) <= 4
        and lemma[-1] not in _VOWELS | {"w", "x", "y"}
        and lemma[-2:-1] in _VOWELS
        and lemma[-3:-2] not in _VOWELS
    ):
        stem = lemma + lemma[-1]  # stop -> stopping, stopped
    return {stem + "ed", stem + "ing"}


@lru_cache(maxsize=1 << 16)
def forms(word: str) -> tuple[str, ...]:
    """The word and its inflected forms (lower case), as far as they can be told from the
    word itself: "move" -> move, moved, moves, moving; "policy" -> policies, policy.  A
    form read from an inflection ("moving") may come with a guess that is no word ("mov"):
    harmless, since nobody searches for it."""
    w = word.lower()
    for mark in ("'s", "’s"):
        w = w.removesuffix(mark)
    b = base(w)
    if not w.isalpha() or len(b) < 3:
        return (w,)
    # The dictionary form: the word itself when it is not inflected, else the base with or
    # without the "e" the inflection took off.
    lemmas = {w} if w in (b, b + "e") else {b, b + "e"}
    candidates = {w} | lemmas
    for lemma in lemmas:
        if not lemma.endswith(_NO_PLURAL):
            candidates.add(_plural(lemma))
        if not lemma.endswith(_NOT_VERBS):
            candidates |= _verb_forms(lemma)
    return tuple(sorted(c for c in candidates if base(c) == b))


# lunr's English stop words: dropped from the index anyway, so not worth expanding.
STOP_WORDS = frozenset(
    "a able about across after all almost also am among an and any are as at be because been but by can cannot "
    "could dear did do does either else ever every for from get got had has have he her hers him his how however "
    "i if in into is it its just least let like likely may me might most must my neither no nor not of off often "
    "on only or other our own rather said say says she should since so some than that the their them then there "
    "these they this tis to too twas us wants was we were what when where which while who whom why will with "
    "would yet you your".split()
)


def keywords(text: str, terms: tuple[str, ...], misspellings: tuple[str, ...] = ()) -> str:
    """The hidden words of a statement's entry: the forms of its own words, then the words of
    the glossary entries it uses, with their forms, then their misspellings as written.  A
    form that is the start of another is left out: what is typed matches the start of a
    word, so the longer one finds it too."""
    own = _forms_of(text)
    extra = _forms_of(" ".join(terms)) if terms else ()
    return " ".join(own + extra + tuple(sorted(set(misspellings))))


@lru_cache(maxsize=1 << 16)
def _forms_of(text: str) -> tuple[str, ...]:
    found: set[str] = set()
    for word in words(text):
        if word.lower() not in STOP_WORDS:
            found.update(forms(word))
    ordered = sorted(found)
    # After sorting, a word that starts the next one is covered by it ("move" by "moved").
    return tuple(w for i, w in enumerate(ordered) if i + 1 == len(ordered) or not ordered[i + 1].startswith(w))
