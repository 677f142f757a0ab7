"""`{setting}` in a statement's words: the setting's own name, from setting.yaml.

A policy written for many settings (a local authority's model, or a project started with
`handbook new --from`) cannot name one setting.  Where its words would, it says `{setting}`,
and every output reads the name of the setting being built: "Staff at {setting} have a duty of
care" is "Staff at Oak Tree Nursery have a duty of care" in Oak Tree's handbook.  The name is
put in once, when the data is loaded, so the pages, the paper, the search index and the
fingerprint a member of staff signs for all carry the words as the setting's staff read them.

Any other word in braces is reported: it is a typing slip for the placeholder, or a
placeholder this tool does not know, and would otherwise be printed as it is.
"""

from __future__ import annotations

import re

from generator.core.findings import Finding
from generator.features.policies.codes import UNKNOWN_PLACEHOLDER

from .model import Policy

PLACEHOLDER = "{setting}"
_BRACED = re.compile(r"\{[^{}\s]{1,40}\}")


def _unknown_placeholders(text: str) -> list[str]:
    return [token for token in _BRACED.findall(text) if token != PLACEHOLDER]


_NOTE_FIELDS = ("words", "problem", "why", "suggestion")


def _in_notes(statement) -> bool:
    return any(PLACEHOLDER in (getattr(note, field) or "") for note in statement.review_notes for field in _NOTE_FIELDS)


def _named_statement(statement, setting_name: str):
    """The statement with the name in its text and in its review notes (whose `words` quote
    the text exactly, and must go on matching it)."""

    def named(value):
        return value.replace(PLACEHOLDER, setting_name) if isinstance(value, str) else value

    notes = [
        note.model_copy(update={field: named(getattr(note, field)) for field in _NOTE_FIELDS})
        for note in statement.review_notes
    ]
    return statement.model_copy(update={"text": named(statement.text), "review_notes": notes})


def name_the_setting(policy: Policy, setting_name: str) -> tuple[Policy, list[Finding]]:
    """The policy with `{setting}` read as the setting's name, and a warning for each other
    word in braces.  A policy with no braces is returned as it is (the usual case: no copy)."""
    findings: list[Finding] = []
    changed = False
    sections = []
    for section in policy.sections:
        statements = []
        section_changed = False
        for statement in section.statements:
            if "{" in statement.text or statement.review_notes and _in_notes(statement):
                for token in _unknown_placeholders(statement.text):
                    findings.append(
                        UNKNOWN_PLACEHOLDER(
                            statement.where("text"),
                            f"'{token}' is printed as it is: the only placeholder is {PLACEHOLDER}, "
                            "the setting's name (setting.yaml)",
                        )
                    )
                if PLACEHOLDER in statement.text or _in_notes(statement):
                    statement = _named_statement(statement, setting_name)
                    section_changed = changed = True
            statements.append(statement)
        sections.append(section.model_copy(update={"statements": statements}) if section_changed else section)
    if not changed:
        return policy, findings
    named = policy.model_copy(update={"sections": sections})
    named._statements = None  # the copy's statements, not the original's
    return named, findings
