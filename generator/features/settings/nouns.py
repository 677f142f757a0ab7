"""The model's noun for a setting, in a setting of another kind.

A local authority's model written for its children's centres says "the Centre", "centre staff",
"The centre's documents"; a nursery school that adopts it calls itself "the school" (its
setting.yaml's `noun:`, else its kind's in the kinds table), and its handbook would print the
centre's word, which is untrue of it and which nothing else notices.  Every statement, notice
text and checklist item of an adopting setting's handbook is read for the noun of each other
kind of setting in the kinds table ("centre", "school", "nursery", "pre-school"), and each is
reported where it is written, offering the placeholder the model may write instead: `{noun}`,
`{Noun}`, `{noun's}` or `{Noun's}` (policies/setting_name.py), read as each setting's own noun.

Only the word as the setting's name for itself is reported: after "the", "our", "this" or
"whole" ("the centre has a duty", "a whole Centre issue"), or before "staff" ("centre staff");
not "the receiving school", "their next school" or "the school your child moves on to" (a
clause follows), which
name another setting.  A word that is part of the setting's own noun or name is its own ("Oak
Tree Nursery School" may say "our nursery"); a childminder's "I" is no noun to look for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from generator.core.findings import Finding
from generator.core.voice import FIRST_PERSON
from generator.features.policies.kinds import package_table
from generator.features.settings.codes import MODEL_NOUN
from generator.features.settings.folding import REMEMBERED, folded, needle
from generator.features.settings.role_titles import how_to_reword, texts

if TYPE_CHECKING:
    from generator.features.settings.data import SettingsData as Handbook


def _word(noun: str) -> str:
    """The noun's own word, without its article: "the pre-school" -> "pre-school"."""
    return noun.split()[-1].casefold()


def other_nouns(hb: Handbook) -> dict[str, str]:
    """The word of each other kind's noun -> the kind that uses it, leaving out every word of the
    setting's own noun and name."""
    own = {w.casefold() for w in re.findall(r"[\w-]+", f"{hb.noun} {hb.setting.name}")}
    table = hb.kinds_table or package_table()
    words: dict[str, str] = {}
    for kind in table.kinds:
        if kind.noun.strip() == FIRST_PERSON:
            continue
        word = _word(kind.noun)
        if word not in own:
            words.setdefault(word, kind.name)
    return words


@lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """The words where they name the setting itself (see the module's words)."""
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(
        rf"\b(?:the|our|this|whole)\s+(?P<a>{alternatives})(?![\w-])(?!\s+(?:your|their|his|her|the|a|an|they|he|she|that|which|where|who)\b)"
        rf"|(?<![\w-])(?P<b>{alternatives})(?=\s+staff\b)",
        re.IGNORECASE,
    )


@lru_cache(maxsize=64)
def _needles(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """What folded() of a text holds wherever _pattern(words) could match it: one of these
    (folding.py); None when a word is not ASCII (the regex reads every text)."""
    found = tuple(n for n in map(needle, words) if n is not None)
    return found if len(found) == len(words) else None


@lru_cache(maxsize=REMEMBERED)
def noun_in(words: tuple[str, ...], text: str) -> str | None:
    """The first of these words the text names the setting itself by, as written, if any
    (remembered: `serve` reads every text on each edit; and the regex, which tries its
    lookbehind at every position, runs only on a text that holds one of the words, folding.py)."""
    needles = _needles(words)
    if needles is not None:
        low = folded(text)
        if not any(n in low for n in needles):
            return None
    found = _pattern(words).search(text)
    return (found.group("a") or found.group("b")) if found else None


def check(hb: Handbook) -> Iterable[Finding]:
    if hb.adopted is None:
        yield from _own_project(hb)
        return
    words = other_nouns(hb)
    if not words:
        return
    key = tuple(words)
    ours = hb.noun if hb.noun.strip() != FIRST_PERSON else hb.setting.name
    setting = hb.project.setting
    for where, what, text in texts(hb):
        word = noun_in(key, text)
        if word is None:
            continue
        how = how_to_reword(setting, what)
        yield MODEL_NOUN(
            where(),
            f"{what} says “{word}”, the word a {words[word.casefold()]} uses for itself; this setting calls itself "
            f"“{ours}” (setting.yaml's noun:, else its kind's): have the model write {{noun}} in its place "
            f"({{Noun}} at the start of a sentence, {{noun's}} or {{Noun's}} for “{ours}'s”), or {how}",
        )


def _own_project(hb: Handbook) -> Iterable[Finding]:
    """A project of its own (not a model's setting), perhaps started from another setting's
    handbook (`handbook new --from`): its words are read the same way once its kind is known,
    the kind's own noun counting as its own too ("the school" is right for a nursery school
    that calls itself "the centre")."""
    if not hb.kinds:
        return
    own_kinds = {_word(k.noun) for k in hb.kinds}
    words = {w: kind for w, kind in other_nouns(hb).items() if w not in own_kinds}
    if not words:
        return
    key = tuple(words)
    ours = hb.noun if hb.noun.strip() != FIRST_PERSON else hb.setting.name
    for where, what, text in texts(hb):
        word = noun_in(key, text)
        if word is None:
            continue
        yield MODEL_NOUN(
            where(),
            f"{what} says “{word}”, the word a {words[word.casefold()]} uses for itself; this setting calls itself "
            f"“{ours}” (setting.yaml's noun:, else its kind's): write {{noun}} in its place ({{Noun}} at the start "
            f"of a sentence, {{noun's}} or {{Noun's}} for “{ours}'s”), or its own words",
        )
