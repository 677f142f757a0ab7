"""Words the tool drafts (the notice's own words, checklist items, training questions) must not
claim more than the statements they cite.

- "only", "always" and "never" make a claim absolute: one is an error unless a statement the
  text cites says it too ("We only share information ..." where the policy lists many
  recipients was such a claim).
- The notice had better not name the data protection regulator in its own words: `{regulator}`
  prints the name from regulator.yaml, so one edit renames it everywhere (a warning, not an
  error: the setting's words are its own).

The notices, checklists and training packs belong to features above the policies: the check is
handed them (pipeline/features.py), and reads only their drafted fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from generator.core.findings import Finding
from generator.features.policies.codes import DRAFTED_ABSOLUTE_CLAIM, DRAFTED_REGULATOR_NAMED

if TYPE_CHECKING:
    from generator.features.policies.data import PoliciesData

ABSOLUTE = re.compile(r"\b(only|always|never)\b", re.IGNORECASE)
REGULATOR_NAMES = re.compile(r"\bInformation Commission(er)?\b|\bICO\b")

# (the node and field path where it is written, the drafted text, the statement ids it cites);
# the location is worked out only for a finding.
Drafted = tuple[tuple, str, tuple[str, ...]]


def _notice_texts(notice) -> Iterator[Drafted]:
    for field in ("introduction", "other_formats"):
        if getattr(notice, field):
            yield (notice, field), getattr(notice, field), ()
    for _, part in notice.parts():
        cited = tuple(part.statements)
        for field in ("text", "regulator_text"):
            value = getattr(part, field, None)
            if value:
                yield (part, field), value, cited
        for item in getattr(part, "items", []):
            for field in ("purpose", "name", "why", "text"):
                value = getattr(item, field, None)
                if isinstance(value, str) and value:
                    yield (item, field), value, cited + tuple(getattr(item, "statements", ()))


def _checklist_texts(checklists: Iterable[Any]) -> Iterator[Drafted]:
    for checklist in checklists:
        for item in checklist.items:
            yield (item, "text"), item.text, tuple(item.based_on)


def _training_texts(packs: Iterable[Any]) -> Iterator[Drafted]:
    for pack in packs:
        for question in pack.quiz:
            yield (question, "question"), question.question, tuple(question.answers)
        for scenario in pack.scenarios:
            cited = tuple(scenario.answers)
            yield (scenario, "situation"), scenario.situation, cited
            for i, prompt in enumerate(scenario.discuss):
                yield (scenario, "discuss", i), prompt, cited


def drafted_texts(notices: Iterable[Any], checklists: Iterable[Any], packs: Iterable[Any]) -> Iterator[Drafted]:
    """The drafted words of the English notices, the checklists and the training packs."""
    for notice in notices:  # English: the words checked are English words
        yield from _notice_texts(notice)
    yield from _checklist_texts(checklists)
    yield from _training_texts(packs)


def check(hb: PoliciesData, notices: list[Any], checklists: list[Any], packs: list[Any]) -> Iterable[Finding]:
    statements = hb.statements_by_id()
    for (node, *path), text, cited in drafted_texts(notices, checklists, packs):
        said = " ".join(statements[sid].text for sid in cited if sid in statements).lower()
        for word in sorted({m.group(1).lower() for m in ABSOLUTE.finditer(text)}):
            if not re.search(rf"\b{word}\b", said):
                yield DRAFTED_ABSOLUTE_CLAIM(
                    node.where(*path),
                    f"'{word}' makes an absolute claim that no statement cited here makes "
                    f"(cited: {', '.join(cited) or 'none'}); say only what the policy says, or cite the statement that says '{word}'",
                )
    for notice in notices:
        for (node, *path), text, _ in _notice_texts(notice):
            found = REGULATOR_NAMES.search(text)
            if found:
                yield DRAFTED_REGULATOR_NAMED(
                    node.where(*path),
                    f"the notice names the regulator in its own words ('{found.group()}'): write {{regulator}} there instead, "
                    "and every output prints the name from regulator.yaml (one edit renames it everywhere)",
                )
