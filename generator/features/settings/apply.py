"""A setting's handbook: the model's data with the setting's overrides applied.

Runs when the data is loaded, before anything else sees the policies, on the model's own words
(`{setting}` still unread, see policies/setting_name.py).  A statement the setting has not
touched is the model's, so a model update flows through.  A replaced or removed statement keeps
the setting's choice, and when the model's words are no longer the ones the setting's change
was made against (`model_text`), the change is a conflict: reported by `handbook check` with
the three texts until `handbook resolve` records the setting's decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from generator.core.findings import Finding, Location
from generator.features.information.retention import RetentionEntry
from generator.features.notice.model import Notice
from generator.features.policies.checks.references import suggest
from generator.features.policies.model import Policy, RegisterEntry, Statement
from generator.features.policies.setting_name import read_placeholders
from generator.features.releases.model import Release, ReleaseId
from generator.features.settings.codes import (
    ADDITION_ID,
    ADDITION_PLACE,
    CHANGED_TWICE,
    UNKNOWN_IN_MODEL,
    UNKNOWN_STATEMENT,
)

from .model import Added, Overrides, Removed, Replaced


@dataclass(frozen=True)
class LocalChange:
    """One departure of the setting from the model, for its Local changes page and the checks."""

    kind: str  # "replaced", "removed" or "added"
    id: str
    policy_title: str
    where: Location  # in overrides.yaml
    text: str | None = None  # the setting's words (replaced, added)
    reason: str | None = None  # why it was removed
    base_text: str | None = None  # the model's words the change was made against
    model_text: str | None = None  # the model's words now (None: the model no longer has it)
    placed: str | None = None  # where an added statement goes, e.g. "Aims, after CONF-AIM-04"

    def named(
        self, setting_name: str, roles: Mapping[str, str] | None = None, nouns: Mapping[str, str] | None = None
    ) -> LocalChange:
        """The same change with `{setting}` read as the setting's name (and `{role:ID}` as its
        title for the role, `{noun}` as its noun), as its handbook shows it."""

        def read(text: str | None) -> str | None:
            return read_placeholders(text, setting_name, roles or {}, nouns) if text else text

        return replace(self, text=read(self.text), base_text=read(self.base_text), model_text=read(self.model_text))

    @property
    def conflict(self) -> bool:
        """The model's words moved on since the setting made its change."""
        if self.kind == "added":
            return False
        if self.kind == "removed" and self.model_text is None:
            return False  # the model removed it too: they agree
        return _words(self.model_text) != _words(self.base_text)


@dataclass
class Adopted:
    """The setting's model and what the setting changed in it."""

    changes: list[LocalChange] = field(default_factory=list)
    adopted: ReleaseId | None = None  # the model release the setting adopted
    where_adopted: Location = Location("overrides.yaml")  # where that is written
    model_releases: list[Release] = field(default_factory=list)  # the model's own, oldest first

    def left_out(self, statement_id: str) -> str | None:
        """The reason this setting gives for leaving a model statement out, if it does."""
        return next((c.reason for c in self.changes if c.kind == "removed" and c.id == statement_id), None)

    @property
    def conflicts(self) -> list[LocalChange]:
        return [c for c in self.changes if c.conflict]

    def latest_model_release(self):
        return self.model_releases[-1].id if self.model_releases else None


def _words(text: str | None) -> str | None:
    """Text compared as words: re-wrapping a YAML line is not a change."""
    return " ".join(text.split()) if text is not None else None


def _nearest(wanted: str, ids: Iterable[str]) -> str:
    return suggest(wanted, ids)


def _released_text(releases: list[Release], statement_id: str) -> tuple[Any, Any] | None:
    """(policy, section) of the model's last release that had this statement."""
    for release in reversed(releases):
        for policy in release.policies:
            for section in policy.sections:
                if any(s.id == statement_id for s in section.statements):
                    return policy, section
    return None


def adopt(
    policies: list[Policy],
    register: list[RegisterEntry],
    retention: list[RetentionEntry],
    notices: list[Notice],
    overrides: Overrides,
    model_releases: list[Release],
) -> tuple[list[Policy], list[RegisterEntry], list[RetentionEntry], list[Notice], Adopted, list[Finding]]:
    """The model's data as the setting's handbook has it, what the setting changed (for its
    checks and its Local changes page), and the mistakes in its overrides (errors)."""
    findings: list[Finding] = []
    adopted = Adopted(
        adopted=ReleaseId.parse(overrides.adopted) if overrides.adopted else None,
        model_releases=model_releases,
        where_adopted=overrides.where("adopted"),
    )
    model: dict[str, tuple[Policy, Any, Statement]] = {
        s.id: (p, section, s) for p in policies for section in p.sections for s in section.statements
    }
    released_ids = {s.id for r in model_releases for p in r.policies for s in p.statements()}
    replaced, removed = _replacements_and_removals(overrides, model, released_ids, adopted, findings)
    additions = _additions(overrides, policies, model, released_ids, adopted, findings)
    policies = [_with_changes(p, replaced, removed, additions) for p in policies]
    register = [_with_facts(e, overrides.documents) for e in register]
    retention = [_with_facts(e, overrides.retention) for e in retention]
    notices = [_with_facts(n, overrides.notices) if n.translation is None else n for n in notices]
    for facts, entries, what in (
        (overrides.documents, register, "register entry"),
        (overrides.retention, retention, "retention entry"),
        (overrides.notices, notices, "notice"),
    ):
        known = [e.id for e in entries]
        for fact in facts:
            if fact.id not in known:
                findings.append(
                    UNKNOWN_IN_MODEL(fact.where("id"), f"the model has no {what} '{fact.id}'{_nearest(fact.id, known)}")
                )
    return policies, register, retention, notices, adopted, findings


def _replacements_and_removals(
    overrides: Overrides, model: dict, released_ids: set[str], adopted: Adopted, findings: list[Finding]
) -> tuple[dict[str, str], set[str]]:
    """Statement id -> the setting's words, and the ids it leaves out; each recorded as a change."""
    replaced: dict[str, str] = {}
    removed: set[str] = set()
    seen: dict[str, Location] = {}
    changes: list[Replaced | Removed] = [*overrides.replace, *overrides.remove]
    for index, entry in enumerate(changes):
        kind = "replaced" if index < len(overrides.replace) else "removed"
        if entry.id in seen:
            findings.append(
                CHANGED_TWICE(
                    entry.where("id"), f"{entry.id} is changed twice by the overrides (first at {seen[entry.id]})"
                )
            )
            continue
        seen[entry.id] = entry.where("id")
        current = model.get(entry.id)
        if current is None and entry.id not in released_ids:
            findings.append(
                UNKNOWN_STATEMENT(
                    entry.where("id"), f"the model has no statement {entry.id}{_nearest(entry.id, model)}"
                )
            )
            continue
        # A statement the model has since dropped is named from the model's last release that had it.
        if current is not None:
            policy_title = current[0].title
        else:
            released = _released_text(adopted.model_releases, entry.id)
            assert released is not None  # the id is among released_ids
            policy_title = released[0].title
        adopted.changes.append(
            LocalChange(
                kind=kind,
                id=entry.id,
                policy_title=policy_title,
                where=entry.where("id"),
                text=getattr(entry, "text", None),
                reason=getattr(entry, "reason", None),
                base_text=entry.model_text,
                model_text=current[2].text if current else None,
            )
        )
        if isinstance(entry, Replaced):
            replaced[entry.id] = entry.text
        else:
            removed.add(entry.id)
    return replaced, removed


def _additions(
    overrides: Overrides,
    policies: list[Policy],
    model: dict,
    released_ids: set[str],
    adopted: Adopted,
    findings: list[Finding],
) -> dict[tuple[str, str], list[Added]]:
    """(policy id, section id) -> the setting's own statements placed there, in file order."""
    model_prefixes = {sid.split("-")[0] for sid in model} | {sid.split("-")[0] for sid in released_ids}
    additions: dict[tuple[str, str], list[Added]] = {}
    for entry in overrides.add:
        problem = None
        prefix = entry.id.split("-")[0]
        if entry.id in model:
            problem = ADDITION_ID, f"{entry.id} is the model's; a statement of the setting's own needs an id of its own"
        elif entry.id in released_ids:
            pass  # a statement the model has since dropped, kept by the setting (`resolve --keep-ours`)
        elif prefix in model_prefixes:
            problem = (
                ADDITION_ID,
                f"{entry.id} uses the model's prefix {prefix}-; give the setting's own statements its own prefix",
            )
        elif overrides.prefix and prefix != overrides.prefix:
            problem = ADDITION_ID, f"{entry.id} does not begin with this setting's prefix {overrides.prefix}-"
        policy = next((p for p in policies if p.id == entry.policy), None)
        if policy is None:
            problem = problem or (
                ADDITION_PLACE,
                f"the model has no policy '{entry.policy}'{_nearest(entry.policy, [p.id for p in policies])}",
            )
        elif problem is None and not any(s.id == entry.section for s in policy.sections):
            problem = (
                ADDITION_PLACE,
                f"the policy '{entry.policy}' has no section '{entry.section}'{_nearest(entry.section, [s.id for s in policy.sections])}",
            )
        elif (
            problem is None
            and entry.after
            and not any(
                s.id == entry.after for sec in policy.sections if sec.id == entry.section for s in sec.statements
            )
        ):
            problem = ADDITION_PLACE, f"the section '{entry.section}' has no statement {entry.after} to follow"
        if problem or policy is None:
            code, message = problem or (ADDITION_PLACE, "")  # (policy None always has a problem)
            findings.append(code(entry.where("id"), message))
            continue
        additions.setdefault((entry.policy, entry.section), []).append(entry)
        adopted.changes.append(
            LocalChange(
                kind="added",
                id=entry.id,
                policy_title=policy.title,
                where=entry.where("id"),
                text=entry.text,
                placed=_placed(policies, entry),
            )
        )
    return additions


def _placed(policies: list[Policy], added: Added) -> str:
    section = next(s for p in policies if p.id == added.policy for s in p.sections if s.id == added.section)
    return f"{section.title}, after {added.after}" if added.after else f"{section.title}, at its end"


def _statement(added: Added) -> Statement:
    # Already validated as an Added (a Statement and where it goes): copy its fields over as they are.
    statement = Statement.model_construct(
        _fields_set=added.model_fields_set & set(Statement.model_fields),
        **{name: getattr(added, name) for name in Statement.model_fields},
    )
    statement._source, statement._path = added._source, added._path  # report it where it is written
    statement._to_review = added._to_review
    return statement


def _with_changes(
    policy: Policy, replaced: dict[str, str], removed: set[str], additions: dict[tuple[str, str], list[Added]]
) -> Policy:
    if not (
        any(s.id in replaced or s.id in removed for s in policy.statements())
        or any(k[0] == policy.id for k in additions)
    ):
        return policy
    sections = []
    for section in policy.sections:
        statements = []
        for statement in section.statements:
            if statement.id in removed:
                continue
            if statement.id in replaced:
                statement = statement.model_copy(update={"text": replaced[statement.id]})
            statements.append(statement)
        for added in additions.get((policy.id, section.id), []):
            position = next((i + 1 for i, s in enumerate(statements) if s.id == added.after), len(statements))
            statements.insert(position, _statement(added))
        sections.append(section.model_copy(update={"statements": statements}))
    changed = policy.model_copy(update={"sections": [s for s in sections if s.statements]})
    changed._statements = None
    return changed


def _with_facts(entry: Any, facts: list[Any]) -> Any:
    """The entry with the setting's facts for it: only the keys the setting wrote."""
    for fact in facts:
        if fact.id == entry.id:
            return entry.model_copy(update={k: getattr(fact, k) for k in fact.model_fields_set if k != "id"})
    return entry
