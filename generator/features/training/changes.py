"""What changed since last September: the release in force at last year's session compared,
statement by statement, with the words in the handbook now."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from generator.core.findings import Location
from generator.features.policies.model import Policy
from generator.features.records.starters import recorded_session_date
from generator.features.releases.history import release_in_force
from generator.features.releases.model import Release, ReleasedPolicy

from .model import TrainingPack

if TYPE_CHECKING:
    from generator.features.training.data import TrainingData as Handbook

Op = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Piece:
    op: Op
    text: str


@dataclass(frozen=True)
class Reworded:
    id: str
    old: str
    new: str
    pieces: tuple[Piece, ...]  # the new text with deleted and inserted words marked


@dataclass
class PolicyChanges:
    policy_id: str
    title: str
    baseline_version: int | None  # None: the policy was not in the baseline release
    added: list[tuple[str, str]] = field(default_factory=list)  # (id, text)
    removed: list[tuple[str, str]] = field(default_factory=list)
    reworded: list[Reworded] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.reworded)


@dataclass
class Changes:
    since: dt.date | None  # last year's session; None: the data does not say (to be completed)
    baseline: Release | None  # the release compared with, or None when there is none yet
    policies: list[PolicyChanges] = field(default_factory=list)
    # True when nothing was released by last year's session and the baseline is the earliest
    # release instead (the pack says so): staff still hear about every change since then.
    earliest: bool = False
    since_where: Location | None = None  # where the data would give last year's session date


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """Word-level difference; runs of changed words are kept together so they read as phrases."""
    a, b = old.split(), new.split()
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("equal", " ".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            pieces.append(Piece("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(Piece("insert", " ".join(b[j1:j2])))
    return tuple(pieces)


def previous_session_date(handbook: Handbook, pack: TrainingPack) -> dt.date | None:
    """Last year's session, as the data gives it (its pack's date, or this pack's
    `previous_session_date`); None when the data does not say: the pack prints "To be
    completed" and `handbook check` reports it, rather than assume a day."""
    return recorded_session_date(handbook.training, pack.year - 1)


def policy_changes(policy: Policy, before: ReleasedPolicy | None) -> PolicyChanges:
    """What changed in `policy`'s words since the released snapshot `before` (None: not
    released then, so every statement is new).  Also used for a person's re-sign checklist."""
    result = PolicyChanges(policy.id, policy.title, before.version if before else None)
    old = {s.id: s.text for s in before.statements()} if before else {}
    new = {s.id: s.text for s in policy.statements()}
    result.added = [(sid, text) for sid, text in new.items() if sid not in old]
    result.removed = [(sid, text) for sid, text in old.items() if sid not in new]
    result.reworded = [
        Reworded(sid, old[sid], text, word_diff(old[sid], text))
        for sid, text in new.items()
        if sid in old and " ".join(old[sid].split()) != " ".join(text.split())
    ]
    return result


def compare(handbook: Handbook, pack: TrainingPack) -> Changes:
    since = previous_session_date(handbook, pack)
    baseline, earliest = (release_in_force(handbook, since) if since else None), False
    if baseline is None:
        # Nothing was released by last year's session (the handbook is newer than that), or the
        # data does not say when that session was: the first release is the oldest text on
        # record, so compare with it, as long as it came before this pack's session.
        first = handbook.releases[0] if handbook.releases else None
        if first is not None and first.date <= pack.reference_date:
            baseline, earliest = first, True
    changes = Changes(
        since=since, baseline=baseline, earliest=earliest, since_where=pack.where("previous_session_date")
    )
    if baseline is None:
        return changes
    released = {p.id: p for p in baseline.policies}
    for policy_id in pack.policies:
        policy = handbook.policies.get(policy_id)
        if policy is None:
            continue  # reported by the checks
        changes.policies.append(policy_changes(policy, released.get(policy_id)))
    return changes
