"""`{setting}` in a statement's words: the setting's own name, from setting.yaml.

A policy written for many settings (a local authority's model, or a project started with
`handbook new --from`) cannot name one setting.  Where its words would, it says `{setting}`,
and every output reads the name of the setting being built: "Staff at {setting} have a duty of
care" is "Staff at Oak Tree Nursery have a duty of care" in Oak Tree's handbook.  The name is
put in once, when the data is loaded, so the pages, the paper, the search index and the
fingerprint a member of staff signs for all carry the words as the setting's staff read them.

A model's words may name a role the same way: `{role:head-teacher}` is the title the setting's
own roles.yaml gives the role `head-teacher` ("Our {role:head-teacher} is responsible for child
protection" is "Our Centre manager is responsible ..." in a children's centre that calls its
head teacher so), so the model's words follow each setting's titles.

A model's words may name the setting by its kind's noun the same way: `{noun}` is the word the
setting uses for itself (setting.yaml's `noun:`, else its kind's in the kinds table: "the
school", "the centre"), `{Noun}` the same at the start of a sentence, `{noun's}` and `{Noun's}`
its possessive ("The centre's documents ..." is "{Noun's} documents ..."), so a model written for
a children's centre does not call a nursery school "the centre".  A setting that speaks for
itself in the first person (a childminder's "I") reads its own name there: "{Noun} is held in a
position of trust" is grammatical with a name, and would not be with "I".

Any other word in braces is reported: it is a typing slip for a placeholder, a role id that
roles.yaml does not have, or a placeholder this tool does not know, and would otherwise be
printed as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.core.findings import Finding
from generator.core.model import with_strings_read
from generator.core.voice import FIRST_PERSON
from generator.features.policies.checks.references import suggest
from generator.features.policies.codes import UNKNOWN_PLACEHOLDER

from .model import Policy

PLACEHOLDER = "{setting}"
NOUN_PLACEHOLDERS = ("{noun}", "{Noun}", "{noun's}", "{Noun's}")
ROLE_PLACEHOLDER = re.compile(r"\{role:([a-z0-9][a-z0-9-]*)\}")
_BRACED = re.compile(r"\{[^{}\s]{1,60}\}")


ALL_PLACEHOLDERS = (
    f"the placeholders are {PLACEHOLDER}, the setting's name (setting.yaml), {{noun}} (or {{Noun}}, "
    "{noun's}, {Noun's}), what the setting calls itself (setting.yaml's noun:), and {role:ID}, "
    "the title of a role (roles.yaml)"
)


def noun_words(noun: str, setting_name: str) -> dict[str, str]:
    """What `{noun}`, `{Noun}`, `{noun's}` and `{Noun's}` read as for a setting whose noun is
    `noun` ("the school"; "I" for a setting that speaks for itself, which reads its name)."""
    word = setting_name if noun.strip() == FIRST_PERSON else noun.strip()
    capital = word[:1].upper() + word[1:]
    apostrophe = "'" if word.endswith("s") else "'s"  # as core/voice.py's possessive
    return {
        "{noun}": word,
        "{Noun}": capital,
        "{noun's}": word + apostrophe,
        "{Noun's}": capital + apostrophe,
    }


def _unknown_placeholders(text: str, roles: Mapping[str, str]) -> list[str]:
    known = {PLACEHOLDER, *NOUN_PLACEHOLDERS} | {f"{{role:{role_id}}}" for role_id in roles}
    # `{cite:ID}`: a guidance citation, read in once guidance.yaml is loaded (guidance/cite.py)
    return [token for token in _BRACED.findall(text) if token not in known and not token.startswith("{cite:")]


def read_placeholders(
    text: str, setting_name: str | None, roles: Mapping[str, str], nouns: Mapping[str, str] | None = None
) -> str:
    """The words with `{setting}`, each known `{role:ID}` and the noun placeholders read as this
    setting's name, titles and noun (`setting_name` None: `{setting}` is kept, for words that
    print it themselves; `nouns` None: the noun placeholders are kept, see noun_words)."""
    if setting_name is not None:
        text = text.replace(PLACEHOLDER, setting_name)
    if "{role:" in text:
        text = ROLE_PLACEHOLDER.sub(lambda m: roles.get(m.group(1), m.group(0)), text)
    if nouns and "oun" in text:
        # the possessives first: "{noun's}" is not "{noun}" followed by "'s"
        for token in sorted(nouns, key=len, reverse=True):
            text = text.replace(token, nouns[token])
    return text


def _has_placeholder(text: str | None) -> bool:
    return bool(text) and (
        PLACEHOLDER in text or "{role:" in text or any(token in text for token in NOUN_PLACEHOLDERS)  # type: ignore[operator]
    )


_NOTE_FIELDS = ("words", "problem", "why", "suggestion")


def _in_notes(statement) -> bool:
    return any(_has_placeholder(getattr(note, field)) for note in statement.review_notes for field in _NOTE_FIELDS)


def _named_statement(statement, setting_name: str, roles: Mapping[str, str], nouns: Mapping[str, str] | None):
    """The statement with the name in its text and in its review notes (whose `words` quote
    the text exactly, and must go on matching it)."""

    def named(value):
        return read_placeholders(value, setting_name, roles, nouns) if isinstance(value, str) else value

    notes = [
        note.model_copy(update={field: named(getattr(note, field)) for field in _NOTE_FIELDS})
        for note in statement.review_notes
    ]
    return statement.model_copy(update={"text": named(statement.text), "review_notes": notes})


def name_the_setting(
    policy: Policy,
    setting_name: str,
    roles: Mapping[str, str] | None = None,
    nouns: Mapping[str, str] | None = None,
) -> tuple[Policy, list[Finding]]:
    """The policy with `{setting}` read as the setting's name, `{role:ID}` as the title of
    that role (`roles`: id -> title, from roles.yaml) and the noun placeholders as `nouns` gives
    them (noun_words), and a warning for each other word in braces.  A policy with no braces is
    returned as it is (the usual case: no copy)."""
    roles = roles or {}
    findings: list[Finding] = []
    changed = False
    sections = []
    for section in policy.sections:
        statements = []
        section_changed = False
        for statement in section.statements:
            if "{" in statement.text or statement.review_notes and _in_notes(statement):
                for token in _unknown_placeholders(statement.text, roles):
                    role = ROLE_PLACEHOLDER.fullmatch(token)
                    findings.append(
                        UNKNOWN_PLACEHOLDER(
                            statement.where("text"),
                            f"'{token}' is printed as it is: roles.yaml has no role '{role.group(1)}'"
                            f"{suggest(role.group(1), roles)}"
                            if role
                            else f"'{token}' is printed as it is: {ALL_PLACEHOLDERS}",
                        )
                    )
                if _has_placeholder(statement.text) or _in_notes(statement):
                    statement = _named_statement(statement, setting_name, roles, nouns)
                    section_changed = changed = True
            statements.append(statement)
        sections.append(section.model_copy(update={"statements": statements}) if section_changed else section)
    if not changed:
        return policy, findings
    named = policy.model_copy(update={"sections": sections})
    named._statements = None  # the copy's statements, not the original's
    return named, findings


def name_in_checklist(
    checklist: Any, setting_name: str, roles: Mapping[str, str], nouns: Mapping[str, str] | None = None
) -> tuple[Any, list[Finding]]:
    """A checklist's own items (its words, beside the policy's) read the same way: a model's
    checklist may say "When the {role:head-teacher} is away, I take on the role"."""
    findings: list[Finding] = []
    if not any("{" in item.text for item in checklist.items):
        return checklist, findings
    items = []
    for n, item in enumerate(checklist.items):
        for token in _unknown_placeholders(item.text, roles):
            findings.append(
                UNKNOWN_PLACEHOLDER(
                    checklist.where("items", n, "text"),
                    f"'{token}' is printed as it is: {ALL_PLACEHOLDERS}",
                )
            )
        items.append(item.model_copy(update={"text": read_placeholders(item.text, setting_name, roles, nouns)}))
    return checklist.model_copy(update={"items": items}), findings


def read_in(
    node: Any, setting_name: str | None, roles: Mapping[str, str], nouns: Mapping[str, str] | None = None
) -> Any:
    """A data file's node (a notice, the publication scheme) with the placeholders read in every
    text it holds, at any depth: the same node when none has one (the usual case: no copy).  With
    `setting_name` None, `{setting}` is kept (a notice prints it, and its translators keep it as
    a placeholder)."""

    return with_strings_read(
        node, lambda text: read_placeholders(text, setting_name, roles, nouns) if "{" in text else text
    )
