"""Review notes: problems in a policy's own words, kept for its owner's next review.

The tool never changes a policy's words (they are the setting's, and signatures count for them).
Where the source is wrong (a wrong date, a word from another school's policy, a sentence with
no verb), the statement carries a `review_notes:` entry instead: what is wrong, why, and a
suggested wording.  `handbook check` lists each one as a note (never failing a build), the
handbook has a "For the next review" page for the Head, and the training pack a review section.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.core.findings import Finding
from generator.features.policies.codes import REVIEW_NOTE, REVIEW_NOTE_STALE

from .model import Policy, ReviewNote, Section, Statement

if TYPE_CHECKING:
    from generator.features.policies.data import PoliciesData as Handbook


@dataclass(frozen=True)
class NoteOnStatement:
    policy: Policy
    section: Section
    statement: Statement
    note: ReviewNote
    index: int  # its position in the statement's review_notes

    @property
    def anchor(self) -> str:
        """The statement on its policy page, from the site's root."""
        return f"policies/{self.policy.id}.html#{self.statement.id}"


def review_notes(hb: Handbook, policy_ids: Iterable[str] | None = None) -> list[NoteOnStatement]:
    """Every review note, in handbook order (only those of `policy_ids` when given)."""
    wanted = None if policy_ids is None else set(policy_ids)
    return [
        NoteOnStatement(policy, section, statement, review_note, i)
        for policy, section, statement in hb.reading_order[0]
        if statement.review_notes and (wanted is None or policy.id in wanted)
        for i, review_note in enumerate(statement.review_notes)
    ]


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def words_in_text(review_note: ReviewNote, statement: Statement) -> bool:
    """A note quotes the words it is about; YAML folds long lines, so compare word by word."""
    return review_note.words is None or _squeezed(review_note.words) in _squeezed(statement.text)


def one_line(item: NoteOnStatement) -> str:
    n = item.note
    about = f"“{_squeezed(n.words)}”: " if n.words else ""
    suggestion = f" Suggested wording: “{_squeezed(n.suggestion)}”" if n.suggestion else ""
    return f"review note on {item.statement.id}: {about}{_squeezed(n.problem)} {_squeezed(n.why)}{suggestion}"


def check(hb: Handbook) -> Iterable[Finding]:
    """List every note (level note: it never fails a build).  A note whose words are no longer in
    the text is stale: the text was probably corrected, so the note should go."""
    for item in review_notes(hb):
        where = item.statement.where("review_notes", item.index)
        if not words_in_text(item.note, item.statement):
            yield REVIEW_NOTE_STALE(
                item.statement.where("review_notes", item.index, "words"),
                f"review note on {item.statement.id}: its words “{_squeezed(item.note.words or '')}” are not in the "
                "statement's text; if the text was corrected, remove the note, otherwise quote the words exactly",
            )
        else:
            yield REVIEW_NOTE(where, one_line(item))
