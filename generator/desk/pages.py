"""The Pages form: the site's hand-written pages (docs/*.md, a new project's accessibility
statement) say "to be completed" where the setting must write something; each such place gets
a text field, and what is typed replaces the placeholder and its hint in brackets:

    tell: **to be completed** (who, and how).   ->   tell: the manager, by email.

The page's other bytes stay as they were.  A file is written only if it is as it was when the
form was made (its version, as the data forms), in one rename.  What is typed is one line of
plain words: Markdown and HTML characters in it are escaped, as every value from the data is
(core/templating.md), so it prints as typed and can carry no markup or script."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.editing import ConcurrentEdit, editing
from generator.core.fragments import PLACEHOLDER
from generator.core.load import UNPRINTABLE
from generator.core.model import MAX_TEXT_CHARS
from generator.core.templating import md
from generator.features.policies.checks.unset import PAGES

# The placeholder as the pages write it, with its bold marks and the hint in brackets after it
# when there is one (the check finds the words alone: unset.py's _WRITTEN_PLACEHOLDER).
_PLACE = re.compile(r"(\*\*)?" + re.escape(PLACEHOLDER) + r"(\*\*)?(?:\s*\(([^()\n]*)\))?", re.IGNORECASE)


@dataclass
class Place:
    key: str  # the form field's name: the file and the place's number in it
    number: int  # 1-based, in the file
    line: int
    before: str  # the words before it on its line, to say where it is
    hint: str
    typed: str = ""
    error: str = ""


@dataclass
class Page:
    relative: str  # docs/accessibility.md
    version: str
    places: list[Place] = field(default_factory=list)


def folder_of(root: Path) -> Path:
    return root / PAGES


def pages_of(root: Path) -> list[Page]:
    """Every page with a place still to complete."""
    folder = folder_of(root)
    found = []
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        if path.is_symlink() or not path.is_file():
            continue
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        relative = path.relative_to(root).as_posix()
        page = Page(relative, hashlib.sha256(raw).hexdigest())
        for n, match in enumerate(_PLACE.finditer(text), start=1):
            start_of_line = text.rfind("\n", 0, match.start()) + 1
            before = " ".join(text[start_of_line : match.start()].split())
            page.places.append(
                Place(f"{relative}#{n}", n, text.count("\n", 0, match.start()) + 1, before, match.group(3) or "")
            )
        if page.places:
            found.append(page)
    return found


def escaped(words: str) -> str:
    """Typed words as Markdown that prints them as typed: the one escape every value from the
    data gets on its way into Markdown, so the extensions mkdocs.yml turns on (attribute lists,
    keys, admonitions, abbreviations) cannot make markup of them either."""
    return str(md(words))


def read_answers(getter, pages: list[Page]) -> bool:
    """Put what was typed into each place (with its error); True when something is wrong."""
    wrong = False
    for page in pages:
        for place in page.places:
            place.typed = " ".join(str(getter(place.key) or "").split())
            if UNPRINTABLE.search(place.typed):
                place.error = "Remove the control characters (they cannot be printed)."
            elif len(place.typed) > MAX_TEXT_CHARS:
                place.error = f"Shorten this to at most {MAX_TEXT_CHARS} characters."
            wrong = wrong or bool(place.error)
    return wrong


class Changed(Exception):
    """A page changed since the form was made: nothing of it was written."""


def save_answers(root: Path, pages: list[Page], versions: dict[str, str]) -> list[str]:
    """Write the typed words into their pages (a place left blank stays to be completed); the
    pages written.  Changed when a page is not at the version the form was made from."""
    written = []
    for page in pages:
        answers = {place.number: place.typed for place in page.places if place.typed}
        if not answers:
            continue
        try:
            # Held from the version check to the rename (core/editing.py): a page changed
            # meanwhile by a command or an editor is never written over.
            with editing(root / page.relative, page.relative) as edit:
                raw = edit.before
                if raw is None or hashlib.sha256(raw).hexdigest() != versions.get(page.relative):
                    raise ConcurrentEdit(page.relative)
                edit.write(answered(raw.decode("utf-8"), answers))
        except ConcurrentEdit:
            raise Changed(
                f"{page.relative} was changed after this page was opened (in another tab, by a command or by "
                "someone else), so nothing of it was saved. Your entries are below: check them against the page "
                "as it is now, then save again."
            ) from None
        written.append(page.relative)
    return written


def answered(text: str, answers: dict[int, str]) -> str:
    """The page with its numbered places (1-based, in order) replaced by the typed words."""
    pieces, at = [], 0
    for number, match in enumerate(_PLACE.finditer(text), start=1):
        if number in answers:
            pieces += [text[at : match.start()], escaped(answers[number])]
            at = match.end()
    return "".join(pieces) + text[at:]
