"""Other documents a policy mentions ("links to our policies for Child Protection, ...").

Mentions of documents already in register.yaml become the policy's `links:` (in the order the
text first mentions them).  Other likely mentions are only suggested, as register entries for a
person to check: the importer never invents a document the setting may not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .shape import slug

# Typographic variants match their plain forms when looking for a name in the text.
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_PLAIN))


def _find(phrase: str, text: str, ignore_case: bool = True, lowered: str | None = None) -> int | None:
    """Where the phrase is first named in the (plain) text, as whole words.  `lowered`: the
    text in lower case when it is ASCII (else None)."""
    phrase = _plain(phrase).strip()
    if not phrase:
        return None
    if lowered is not None and phrase.isascii():
        # Between ASCII texts a match holds the phrase's first word as it is (or in lower case,
        # ignoring case): a substring test passes over the many entries a text does not name.
        # (Ignoring case, an ASCII letter also matches a few others, "s" the long s: not ASCII.)
        first = phrase.split(" ", 1)[0]
        if (first.lower() not in lowered) if ignore_case else (first not in text):
            return None
    match = _phrase_pattern(phrase, ignore_case).search(text)
    return match.start() if match else None


@lru_cache(maxsize=512)
def _phrase_pattern(phrase: str, ignore_case: bool) -> re.Pattern[str]:
    pattern = r"(?<!\w)" + re.escape(phrase).replace(r"\ ", r"\s+") + r"(?!\w)"
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


_KIND_WORD = re.compile(r"\s+(policy|procedures?|guidelines|guidance|scheme|notice)$", re.IGNORECASE)


def register_links(text: str, register: dict, own_id: str) -> list[tuple[str, str]]:
    """(register id, words found) for every register entry the text mentions, in text order."""
    text = _plain(text)
    lowered = text.lower() if text.isascii() else None
    found: list[tuple[int, str, str]] = []
    for entry in register.values():
        if entry.id == own_id:
            continue
        tries = [(entry.mentioned_as, True), (entry.title, True)]
        short = _KIND_WORD.sub("", entry.title)
        if short != entry.title:
            tries.append((short, False))  # "Child Protection" for "Child Protection Policy", as a name
        for phrase, ignore_case in tries:
            at = _find(phrase or "", text, ignore_case, lowered)
            if at is not None:
                found.append((at, entry.id, phrase))
                break
    return [(rid, words) for _, rid, words in sorted(found)]


@dataclass
class Suggestion:
    id: str
    title: str
    mentioned_as: str


_CAPITALISED = r"[A-Z][\w'’\-]*(?:\s+(?:and|of|on|for|with|the|&|[A-Z][\w'’\-]*))*"
_LIST_AFTER = re.compile(r"\bour\s+(?:policies|policy|procedures)\s+(?:for|on)\s+(?P<list>[^.;:]+)")
_NAMED = re.compile(rf"(?P<name>{_CAPITALISED})\s+(?P<kind>Policy|Procedures?|Guidelines)\b")


def suggestions(texts: list[str], register: dict, linked_words: list[str], own_title: str) -> list[Suggestion]:
    """Likely mentions of documents that are not in the register, one paragraph at a time."""
    names: list[tuple[str, str]] = []  # (name, words in the text)
    for text in texts:
        names += _names_in(text, linked_words, own_title)
    known = {e.id for e in register.values()}
    result: list[Suggestion] = []
    for name, words in names:
        sid = slug(name)
        if sid in known or sid in {s.id for s in result}:
            continue
        title = words if _KIND_WORD.search(words) else f"{name} Policy"
        result.append(Suggestion(sid, title, words))
    return result


def _names_in(text: str, linked_words: list[str], own_title: str) -> list[tuple[str, str]]:
    plain = _plain(text)
    for words in linked_words:  # what is already matched is not suggested again
        plain = re.sub(re.escape(_plain(words)).replace(r"\ ", r"\s+"), " @ ", plain, flags=re.IGNORECASE)
    names: list[tuple[str, str]] = []
    for match in _LIST_AFTER.finditer(plain):
        for item in re.split(r",\s*|\s+and\s+", match.group("list")):
            item = item.strip()
            if item == "@" or not item:
                continue
            if not item[0].isupper():
                break  # ", and seeks to address ...": the list has ended
            names.append((item, item))
    for match in _NAMED.finditer(plain):
        name = re.sub(r"^(?:(?:Our|The|This|See|Please|Also)\s+)+", "", match.group("name"))
        words = f"{name} {match.group('kind')}"
        if _plain(words).lower() != _plain(own_title).lower():
            names.append((name, words))
    return names
