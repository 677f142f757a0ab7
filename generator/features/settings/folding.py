"""Reading a setting's words quickly: each text's findings remembered, and a quick test before
each slow regex.

The checks of a setting's words (foreign_words.py, nouns.py, role_titles.py) search every
statement, notice text and checklist item, about 9,400 texts at the bench's scale, with
regexes that Python tries at every position of every text: on each `handbook serve` edit that
cost 0.3 s (issue 31).  Two things make it quick, and each check does both the same way:

- What a text holds is remembered (an lru_cache of REMEMBERED entries, keyed by the titles or
  words looked for and the text): `serve` checks every text again after each edit, and an
  edit changes few of them.
- A text seen for the first time (every text of a `handbook build`) is folded once, a plain
  `in` asks whether each regex could match it, and only a regex that could is run, which
  alone says what is found: the findings are those of the regexes over every text.

For that, folding must never lose a match.  A regex with IGNORECASE (re, on str) matches a
letter of ours with the letters of the same simple lower case, and also "ı" with "i" and "ſ"
with "s"; "İ" (whose lower case is "i" and a combining dot, two characters) matches "i".  So
folding maps those three first, then takes the lower case: every character that the regex
would take for an ASCII letter or digit becomes that letter or digit, one for one, and an ASCII
character that is neither stays itself.  tests/test_settings.py checks that for every code
point.  A needle that is not ASCII gets no quick test: its regex is always run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# Texts remembered by each check: every text of a large handbook, twice.
REMEMBERED = 1 << 15

# A regex's search, and what squeezed() of a text must hold for it to find anything (None: run
# it on every text).
Search = tuple[Callable[[str], re.Match[str] | None], str | None]

_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def folded(text: str) -> str:
    """The text in lower case, one character for one ("ſ" as "s"): a needle() of a regex's
    words is in it wherever the regex could match them."""
    if "İ" in text or "ı" in text or "ſ" in text:  # rare: str.translate() costs 8 µs a text
        return text.translate(_FOLD).lower()
    return text.lower()


def squeezed(text: str) -> str:
    """folded(), without its white space and hyphens, for a regex that allows any of them
    between its words or letters ("Head-\\n teacher" is "headteacher")."""
    return "".join(folded(text).split()).replace("-", "")


def needle(words: str) -> str | None:
    """What folded() of a text holds wherever a regex for these words (with IGNORECASE) could
    match; None when the words are not all ASCII (search every text)."""
    found = words.lower()
    return found if found.isascii() else None


def squeezed_needle(words: str) -> str | None:
    """needle(), to look for in squeezed() of a text."""
    found = needle(words)
    return None if found is None else squeezed(found)


def first_found(searches: Sequence[Search], text: str, squeezed_text: str) -> tuple[int, re.Match[str]] | None:
    """(which search, what it found) of the first of the searches that finds something in the
    text, given its squeezed(); a search whose needle squeezed_text lacks is not run."""
    for n, (search, wanted) in enumerate(searches):
        if wanted is None or wanted in squeezed_text:
            found = search(text)
            if found:
                return n, found
    return None
