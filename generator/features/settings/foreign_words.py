"""Another kind of setting's role titles and duties in a setting's words.

A project started from another setting's handbook (`handbook new --from`, a childminder from a
nursery school) keeps that setting's roles.yaml and words: its parent notice says "Our Head
Teacher is responsible for child protection", for a childminder who has no head teacher (audit 2,
2026-12-06, W2).  `new --from` writes the titles as `{role:ID}`, so renaming the role in
roles.yaml renames it everywhere; this check says which titles to rename, and where words still
name what this kind of setting does not have:

- a role in roles.yaml titled as a role of another kind of setting (the kinds table's starter
  roles: "Headteacher" is a school's), and not as one of this kind's;
- words (statements, the notice, checklist items, the retention schedule, the guide to
  information) that name such a title where no role of the setting has it;
- words that name the Freedom of Information Act where the kinds table says it does not apply.

Titles are compared as letters alone ("Head Teacher" is "Headteacher"), the first a capital
("all staff" in a sentence is no title).  The roles every kind has (everyone, the designated
safeguarding lead) are no other kind's.  Nothing is reported while the kind is unset.  A
setting of a model repository has the model's statements, notice and checklists read for
titles and nouns by role_titles.py and nouns.py instead (the model's own titles), so they are
not reported twice; its glossary, register and role descriptions, and the Freedom of
Information Act anywhere, are checked here as for any setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from generator.core.findings import DataError, Finding
from generator.core.load import load_yaml
from generator.features.policies.kinds import package_table
from generator.features.settings.codes import FOREIGN_DUTY, FOREIGN_ROLE_TITLE, MODEL_NOUN
from generator.features.settings.folding import REMEMBERED, Search, first_found, squeezed, squeezed_needle
from generator.features.settings.nouns import _word, noun_in, other_nouns
from generator.features.settings.role_titles import Where, texts

if TYPE_CHECKING:
    from generator.features.settings.data import SettingsData as Handbook

# Role ids of the kinds table every kind of setting has in some form: never another kind's.
EVERY_KIND = ("all-staff", "designated-safeguarding-lead")
FOI = re.compile(r"\bFreedom\s+of\s+Information\b", re.IGNORECASE)
FOI_SQUEEZED = squeezed_needle("Freedom of Information")


def _letters(title: str) -> str:
    return re.sub(r"[\W_]+", "", title).casefold()


@lru_cache(maxsize=256)
def _pattern(title: str) -> re.Pattern[str]:
    """The title in words however it is spaced or hyphenated ("Head Teacher", "Head-teacher",
    "Headteacher"), its first letter a capital."""
    letters = [c for c in title if c.isalnum()]
    first, rest = letters[0], letters[1:]
    body = "".join(r"[\s-]*" + re.escape(c) for c in rest)
    return re.compile(rf"(?<![\w-])(?-i:{re.escape(first.upper())}){body}(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=64)
def _searches(titles: tuple[str, ...]) -> tuple[Search, ...]:
    """Each title's regex, and its letters, which squeezed() of a text holds wherever the regex
    could match (folding.py): each regex tries its lookbehind at every position of a text."""
    return tuple((_pattern(t).search, squeezed_needle("".join(c for c in t if c.isalnum()))) for t in titles)


@lru_cache(maxsize=REMEMBERED)
def _named_in(titles: tuple[str, ...], text: str) -> tuple[tuple[int, str] | None, bool]:
    """The first of these titles the text names (its index, and the words as written), if any,
    and whether it names the Freedom of Information Act; remembered, and each regex run only
    where it could match (folding.py)."""
    squeezed_text = squeezed(text)
    found = first_found(_searches(titles), text, squeezed_text)
    foi = (FOI_SQUEEZED is None or FOI_SQUEEZED in squeezed_text) and FOI.search(text) is not None
    return (found[0], found[1].group(0)) if found else None, foi


def other_kinds_titles(hb: Handbook) -> dict[str, tuple[str, str]]:
    """Letters of each title of another kind's starter roles -> (the title, the kind that has
    it), leaving out this kind's own titles."""
    table = hb.kinds_table or package_table()
    families = {k.roles for k in hb.kinds}
    ours = {_letters(r.name) for f in families for r in table.roles.get(f, [])}
    found: dict[str, tuple[str, str]] = {}
    for kind in table.kinds:
        if kind.roles in families:
            continue
        for role in table.roles.get(kind.roles, []):
            key = _letters(role.name)
            if role.id not in EVERY_KIND and key not in ours:
                found.setdefault(key, (role.name, kind.name))
    return found


UNREAD = ("the glossary's", "the register's", "the role")


def _unread_texts(hb: Handbook) -> Iterator[tuple[Where, str, str]]:
    """(where, what, words) for the words no placeholder is read in (each starts with one of
    UNREAD): the register's titles, the roles' descriptions, the glossary's definitions."""
    for entry in hb.register.values():
        for field in ("title", "mentioned_as"):
            if getattr(entry, field):
                yield partial(entry.where, field), f"the register's entry '{entry.id}'", getattr(entry, field)
    for role in hb.roles.values():
        if role.description:
            yield partial(role.where, "description"), f"the role '{role.id}' (its description)", role.description
    yield from _glossary_texts(hb)


def _glossary_texts(hb: Handbook) -> Iterator[tuple[Where, str, str]]:
    """(where, what, words) for each glossary definition (the glossary has no placeholders:
    its words are checked where they are written)."""
    path = hb.project.data_dir / "glossary.yaml"
    if not path.is_file() and hb.project.model_dir is not None:
        path = hb.project.model_dir / "glossary.yaml"  # a setting's own files are laid over the model's
    if not path.is_file():
        return
    try:
        # The reading the loader made of the same bytes (load_yaml's shared parse): this only
        # reads it, and parsing the glossary again was half of this check's time.
        loaded = load_yaml(path, hb.project.shown(path), shared=True)
    except DataError:
        return  # the glossary's own check reports it
    terms = loaded.data.get("terms") if isinstance(loaded.data, dict) else None
    for n, entry in enumerate(terms if isinstance(terms, list) else []):
        if isinstance(entry, dict) and isinstance(entry.get("definition"), str):
            yield (
                partial(loaded.where, ("terms", n, "definition")),
                f"the glossary's entry '{entry.get('term')}'",
                entry["definition"],
            )


def _kind_names(hb: Handbook) -> str:
    return " and ".join(k.name for k in hb.kinds)


def _roles_titled_elsewhere(hb: Handbook, others: dict[str, tuple[str, str]]) -> Iterator[Finding]:
    nouns = {w: kind for w, kind in other_nouns(hb).items() if w not in {_word(k.noun) for k in hb.kinds}}
    for role in hb.roles.values():
        other = others.get(_letters(role.name))
        if other is None:
            # a title with another kind's noun in it ("Centre office staff" at a childminder's)
            word = next((w for w in re.findall(r"[\w-]+", role.name.casefold()) if w in nouns), None)
            if word is None:
                continue
            other = (role.name, nouns[word])
        yield FOREIGN_ROLE_TITLE(
            role.where("name"),
            f"the role '{role.id}' is titled “{role.name}”, the title of a {other[1]}'s role, and this setting is a "
            f"{_kind_names(hb)}: give it this setting's own title (words that say {{role:{role.id}}} follow it), "
            "or take the role out if no one here holds it",
        )


def check(hb: Handbook) -> Iterable[Finding]:
    if not hb.kinds:
        return
    others = other_kinds_titles(hb)
    yield from _roles_titled_elsewhere(hb, others)
    own = {_letters(r.name) for r in hb.roles.values()}
    titles = [(title, kind) for key, (title, kind) in others.items() if key not in own]
    title_key = tuple(title for title, _ in titles)
    foi = hb.duty("foi_publication_scheme") is False
    nouns = {w: kind for w, kind in other_nouns(hb).items() if w not in {_word(k.noun) for k in hb.kinds}}
    noun_key = tuple(nouns)
    # A setting of a model repository: the model's statements, notice, checklists ... are read
    # for titles and nouns by role_titles.py and nouns.py (so not reported twice); the words no
    # placeholder is read in (its glossary, register, role descriptions) and the Freedom of
    # Information Act in any of them only here.
    adopted = hb.adopted is not None
    for where, what, text in [*texts(hb), *_unread_texts(hb)]:
        if adopted and not what.startswith(UNREAD):
            if foi and _named_in((), text)[1]:
                yield _foi(where, what, hb)
            continue
        if what.startswith(UNREAD) and nouns:
            # words no placeholder is read in: nouns.py reads only the others
            word = noun_in(noun_key, text)
            if word:
                yield MODEL_NOUN(
                    where(),
                    f"{what} says “{word}”, the word a {nouns[word.casefold()]} uses for itself: say it in "
                    "this setting's own words",
                )
        if not (title_key or foi):
            continue
        found, names_foi = _named_in(title_key, text)
        if found:
            yield FOREIGN_ROLE_TITLE(
                where(),
                f"{what} says “{found[1]}”, the title of a {titles[found[0]][1]}'s role, and no role of this setting "
                f"(roles.yaml) has it: write {{role:ID}} for the role of this setting meant, or its own words",
            )
        if foi and names_foi:
            yield _foi(where, what, hb)


def _foi(where: Where, what: str, hb: Handbook) -> Finding:
    return FOREIGN_DUTY(
        where(),
        f"{what} names the Freedom of Information Act, which applies to public authorities, and a "
        f"{_kind_names(hb)} is not one (the kinds table, generator/data/kinds.yaml): reword it at the "
        "next review (a statement's words are the setting's; a review note can say so)",
    )
