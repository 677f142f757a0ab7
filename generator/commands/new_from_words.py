"""`handbook new --from`: the other setting's role titles and noun in its words, as placeholders.

A project started from another setting's handbook copies words written for that setting: "The
Head Teacher is responsible for child protection", "the centre has a duty to report".  Its name
already becomes `{setting}` (new.py); here its role titles become `{role:ID}` (the title the new
project's own roles.yaml gives that role, so renaming the role there renames it everywhere) and
the noun it calls itself by becomes `{noun}`, `{Noun}`, `{noun's}` or `{Noun's}` (what the new
setting calls itself: setting.yaml's noun:, else its kind's; a childminder's own name), as
features/policies/setting_name.py reads them.  A childminder started from a nursery school
then reads "Sam Patel has a duty to report", and her roles.yaml's titles are what `handbook
check` holds against her kind (settings/foreign_titles.py).

Only what reads as the title or the setting itself is replaced, so nothing is guessed:
- a title as written, its first letter a capital ("Head Teacher", never "all staff" in a
  sentence), and "the Head" for the shortest title whose first word is "Head" (the everyday
  short form, only where no capitalised word follows);
- the noun with its article ("the centre", "The Centre's"), not where a clause follows ("the
  school your child moves on to" is another setting);
- never where a YAML value starts (a `{` there would read as a mapping): those stay as written
  and `handbook check` reports them; nor in comments, which stay the other project's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from generator.core.voice import FIRST_PERSON

# After this on its line, a match would start a YAML value ("- Head Teacher ...", "text: The
# centre ..."): braces there are a flow mapping, so the words stay (check reports them).
_VALUE_START = re.compile(r"^\s*(?:(?:-\s+)+(?:[\w-]+:\s*)?|(?:-\s+)*[\w-]+:\s*)(?:-\s+)*$")
_COMMENT = re.compile(r"(?:^|\s)#")
# a clause after the noun names another setting ("the school your child moves on to")
_CLAUSE = r"(?!\s+(?:your|their|his|her|the|a|an|they|he|she|that|which|where|who)\b)"
# the file names whose words setting_name.py reads placeholders in (policies, notices, the
# retention schedule, the guide to information, checklists)
READ_WITH_PLACEHOLDERS = ("policies/", "notices/", "retention.yaml", "publication-scheme.yaml", "checklists/")


def their_roles(data: Path) -> dict[str, str]:
    """The other project's role ids and titles (its roles.yaml), longest title first."""
    path = data / "roles.yaml"
    if not path.is_file():
        return {}
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    roles = {
        r["id"]: " ".join(str(r["name"]).split())
        for r in loaded.get("roles") or []
        if isinstance(r, dict) and r.get("id") and r.get("name")
    }
    return dict(sorted(roles.items(), key=lambda kv: -len(kv[1])))


def their_noun(data: Path, kinds_noun: Mapping[str, str]) -> str | None:
    """What the other setting called itself: its setting.yaml's noun, else its kind's (None: a
    first-person "I", or not known)."""
    loaded = yaml.safe_load((data / "setting.yaml").read_text(encoding="utf-8")) or {}
    noun = loaded.get("noun") or kinds_noun.get(str(loaded.get("kind") or ""))
    if not isinstance(noun, str) or noun.strip() == FIRST_PERSON or len(noun.split()) != 2:
        return None
    return noun.strip()


def _sub_outside_value_starts(pattern: re.Pattern[str], text: str, replacement) -> tuple[str, int]:
    """`pattern` replaced everywhere but where a YAML value would start with it."""
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[line_start : match.start()]
        if _VALUE_START.match(before) or _COMMENT.search(before):
            return match.group(0)  # a value's first word, or a comment (the other project's, kept)
        count += 1
        return replacement(match)

    return pattern.sub(one, text), count


def _title_pattern(title: str) -> re.Pattern[str]:
    words = title.split()
    return re.compile(r"(?<![\w-])" + r"\s+".join(map(re.escape, words)) + r"(?![\w-])")


def generalised(text: str, roles: Mapping[str, str], noun: str | None) -> tuple[str, list[str]]:
    """The words with the other setting's role titles as `{role:ID}` and its noun as `{noun}`;
    also returns what was replaced ("Head Teacher -> {role:head-teacher} (3)")."""
    said: list[str] = []
    for role_id, title in roles.items():  # longest first: "Head Teacher and ..." before "Head Teacher"
        if not title[:1].isupper():
            continue
        text, n = _sub_outside_value_starts(_title_pattern(title), text, lambda _m, r=role_id: f"{{role:{r}}}")
        if n:
            said.append(f"{title} -> {{role:{role_id}}} ({n})")
    heads: dict[str, tuple[str, str]] = {}
    for role_id, title in roles.items():
        first = title.split()[0]
        if len(title.split()) > 1 and first[:1].isupper() and (first not in heads or len(title) < len(heads[first][1])):
            heads[first] = (role_id, title)
    noun_word = noun.split()[-1].casefold() if noun else None
    for first, (role_id, _title) in heads.items():
        if first.casefold() == noun_word or first.casefold() in {"all", "designated"}:
            continue  # "the Centre" is the noun; "the All", "the Designated" are no short forms
        short = re.compile(rf"\b([Tt]he)\s+{re.escape(first)}(?![\w-])(?!\s+[A-Z])")
        text, n = _sub_outside_value_starts(short, text, lambda m, r=role_id: f"{m.group(1)} {{role:{r}}}")
        if n:
            said.append(f"the {first} -> the {{role:{role_id}}} ({n})")
    if noun:
        article, word = noun.split()
        if article.casefold() == "the":
            pattern = re.compile(rf"\b([Tt])he\s+{re.escape(word)}('s|’s)?(?![\w-]){_CLAUSE}", re.IGNORECASE)

            def placeholder(match: re.Match[str]) -> str:
                capital = match.group(0)[0] == "T"
                possessive = bool(match.group(2))
                return "{" + ("N" if capital else "n") + "oun" + ("'s" if possessive else "") + "}"

            text, n = _sub_outside_value_starts(pattern, text, placeholder)
            if n:
                said.append(f"{noun} -> {{noun}} ({n})")
    return text, said
