"""Per-role acknowledgement checklists: what each role signs to say it has read and understood.

checklists/<role-id>.yaml (in the checklists folder beside the data folder) says, for one role:

    role: manager
    include_role_statements: true   # default: every statement that applies to the role
    exclude: [CONF-AIM-00]          # statements to leave off (optional)
    items:                          # what the policy implies for the role, in its own words
      - id: HT-ACK-01
        text: I lead the child protection training for all staff every September.
        based_on: [CONF-STR-05]     # the statements it comes from (one policy)

A role's checklist also carries the items of every wider role it is part of (the manager
signs the all-staff items too), like Handbook.statements_for_role.  A role without a file gets
the default: every statement that applies to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from pydantic import Field

from generator.core.findings import Finding, Location, Report
from generator.core.fragments import under_review
from generator.core.model import Node, Slug, StatementId, Text
from generator.core.sources import SourceKind
from generator.features.checklists.codes import (
    DUPLICATE_ITEM,
    EXCLUDE_NOT_APPLICABLE,
    ITEM_ID_TAKEN,
    ROLE_NOT_FILE_NAME,
    SECOND_FOR_ROLE,
    SEVERAL_POLICIES,
    UNKNOWN_BASIS,
    UNKNOWN_EXCLUDED,
    UNKNOWN_ROLE,
)
from generator.features.policies.checks.references import unknown, unknown_statement
from generator.features.policies.model import Policy
from generator.features.releases.versions import PolicyVersion, VersionedData, policy_version


class RoleItem(Node):
    id: StatementId
    text: Text
    based_on: list[StatementId] = Field(min_length=1)


class Checklist(Node):
    role: Slug
    include_role_statements: bool = True
    exclude: list[StatementId] = Field(default_factory=list)
    items: list[RoleItem] = Field(default_factory=list)


def named_after_its_role(path: Path, checklist: Checklist) -> Iterable[Finding]:
    """checklists/<role-id>.yaml must say that role."""
    if checklist.role != path.stem:
        yield ROLE_NOT_FILE_NAME(
            checklist.where("role"), f"this file is for role '{path.stem}' (its name) but says role '{checklist.role}'"
        )


def checklist_document_id(role_id: str) -> str:
    """How approvals.yaml names a role's checklist: checklist/manager."""
    return f"checklist/{role_id}"


class Item(NamedTuple):
    """One line to tick.  (A named tuple: thousands are made per build, and they are
    remembered by value, so making and hashing them should be cheap.)"""

    id: str
    text: str
    anchor: str  # where to read it in the handbook, e.g. policies/confidentiality.html#CONF-LIA-03
    based_on: tuple[str, ...] = ()  # for a role item: the statements it comes from
    role_item: bool = False
    review: str = ""  # a statement's review notes, as every output printing it says them (core/fragments.under_review)


@dataclass
class PolicyPart:
    """The part of a checklist for one policy: what a signature for that policy covers."""

    policy: Policy
    version: PolicyVersion
    sections: list[tuple[str, list[Item]]] = field(default_factory=list)
    # What the checklist's fingerprint hashes of `sections` (documents.py), made with them; a
    # copy with other sections (dataclasses.replace) starts without it.
    hashed: bytes | None = field(default=None, init=False, compare=False, repr=False)

    @property
    def items(self) -> list[Item]:
        return [item for _, items in self.sections for item in items]


def anchor(policy_id: str, statement_id: str) -> str:
    return f"policies/{policy_id}.html#{statement_id}"


class ChecklistIndex:
    """The parts of every checklist asked for, remembered per handbook: the site, the printed
    checklists and the status report (per person and policy) ask again and again."""

    def __init__(self, hb: ChecklistsData) -> None:
        self.hb = hb
        self.known: dict[tuple, list[PolicyPart]] = {}

    def __call__(self, role_ids: Iterable[str], policy_ids: set[str] | None = None) -> list[PolicyPart]:
        key = (frozenset(role_ids), None if policy_ids is None else frozenset(policy_ids))
        if key not in self.known:
            self.known[key] = _checklist_parts(self.hb, key[0], key[1])
        return list(self.known[key])


def checklist_parts(
    hb: ChecklistsData, role_ids: Iterable[str], policy_ids: set[str] | None = None
) -> list[PolicyPart]:
    """What someone holding these roles acknowledges, policy by policy, in the policy's order;
    role items follow the statement they are based on."""
    return hb.checklist_parts(role_ids, policy_ids)


def _checklist_parts(
    hb: ChecklistsData, role_ids: frozenset[str], policy_ids: frozenset[str] | None
) -> list[PolicyPart]:
    covering: set[str] = set()
    for role_id in role_ids:
        covering |= hb.roles_covering(role_id)
    files = [c for rid, c in hb.checklists.items() if rid in covering]
    excluded = {sid for c in files for sid in c.exclude}
    defaults_off = {rid for rid, c in hb.checklists.items() if not c.include_role_statements}
    extra: dict[str, list[RoleItem]] = {}
    for checklist in files:
        for item in checklist.items:
            extra.setdefault(item.based_on[0], []).append(item)
    # Only the statements that name one of the roles, and those role items hang from, matter:
    # pick them from the indexes rather than walking every statement of every policy.
    ordered, position_of = hb.reading_order
    naming = frozenset(covering - defaults_off)
    shown = {i for i in hb.positions_naming(naming) if ordered[i][2].id not in excluded}
    hangers = {position_of[sid] for sid in extra if sid in position_of}
    # the positions of each policy's part, in reading order
    by_policy: list[tuple[Policy, list[int]]] = []
    for i in sorted(shown | hangers):
        policy = ordered[i][0]
        if policy_ids is not None and policy.id not in policy_ids:
            continue
        if not by_policy or by_policy[-1][0] is not policy:
            by_policy.append((policy, []))
        by_policy[-1][1].append(i)
    parts = []
    for policy, positions in by_policy:
        sections, hashed = _policy_part(hb, policy, positions, shown, extra, naming)
        part = PolicyPart(policy, policy_version(hb, policy), sections)
        part.hashed = hashed
        parts.append(part)
    return parts


def _policy_part(
    hb: ChecklistsData,
    policy: Policy,
    positions: list[int],
    shown: set[int],
    extra: dict[str, list[RoleItem]],
    naming: frozenset[str],
) -> tuple[list[tuple[str, list[Item]]], bytes | None]:
    """One policy's sections of a checklist, from its statements at these positions (in
    reading_order): a statement in `shown` is listed, and the role items based first on it
    (`extra`) follow it; and what the checklist's fingerprint hashes of them.  In `handbook
    serve` (hb.kept) a part whose inputs equal those of the last rebuild is reused, so an edit
    to one policy leaves the other policies' parts alone."""
    ordered, _ = hb.reading_order
    key = inputs = None
    if hb.kept is not None:
        # All a part is made from: the policy (an unchanged file's model is the same object),
        # which of its statements are listed or have items hanging from them, and those items.
        start = hb.policy_positions[policy.id]
        inputs = (
            policy,
            tuple((i - start, i in shown) for i in positions),
            tuple(tuple(extra.get(ordered[i][2].id, ())) for i in positions),
        )
        key = ("checklist part", policy.id, naming)
        kept = hb.kept.get(key)
        if kept is not None and kept[0] == inputs:
            return kept[1], kept[2]
    sections: list[tuple[str, list[Item]]] = []
    current_section = None
    for i in positions:
        _, section, s = ordered[i]
        if section is not current_section:
            sections.append((section.title, []))
            current_section = section
        items = sections[-1][1]
        if i in shown:
            items.append(Item(s.id, s.text, anchor(policy.id, s.id), review=under_review(s)))
        for role_item in sorted(extra.get(s.id, ()), key=lambda r: r.id):
            items.append(Item(role_item.id, role_item.text, anchor(policy.id, s.id), tuple(role_item.based_on), True))
    if hb.kept is None or key is None:
        return sections, None  # the fingerprint hashes them if it is asked for
    hashed = hashed_sections(sections)
    hb.kept[key] = (inputs, sections, hashed)
    return sections, hashed


def hashed_sections(sections: list[tuple[str, list[Item]]]) -> bytes:
    """What a checklist's fingerprint hashes of one policy's sections (documents.py): each
    section's title, and every item's id and place, and a role item's own words too."""
    out = []
    for title, items in sections:
        out.append(f"\2{title}\0")
        for item in items:
            own_words = item.text if item.role_item else ""
            out.append(f"{item.id}\0{item.anchor}\0{','.join(item.based_on)}\0{own_words}\0")
    return "".join(out).encode()


def check(hb: ChecklistsData) -> Iterable[Finding]:
    """Every id a checklist names must exist: roles, statements, and no id used twice."""
    statements = hb.statements_by_id()
    item_ids: dict[str, Location] = {}  # where each item id was first used
    for role_id, checklist in hb.checklists.items():
        if role_id not in hb.roles:
            yield UNKNOWN_ROLE(checklist.where("role"), unknown("role", role_id, hb.roles))
            continue
        applying = {s.id for _, s in hb.statements_for_role(role_id)}
        for i, sid in enumerate(checklist.exclude):
            if sid not in statements:
                yield UNKNOWN_EXCLUDED(
                    checklist.where("exclude", i),
                    unknown_statement(
                        hb,
                        sid,
                        statements,
                        f"take it off exclude: in the setting's own checklists/{role_id}.yaml",
                        "statement id",
                    ),
                )
            elif sid not in applying:
                # Not harmful (the statement is simply not on the list), and it happens whenever a
                # statement's roles are being re-decided, e.g. after `handbook import --force`.
                yield EXCLUDE_NOT_APPLICABLE(
                    checklist.where("exclude", i),
                    f"{sid} does not apply to role '{role_id}', so there is nothing to exclude",
                )
        for n, item in enumerate(checklist.items):
            where = checklist.where("items", n, "id")
            if item.id in statements:
                yield ITEM_ID_TAKEN(
                    where, f"role item id '{item.id}' is already a statement id; give the item its own id"
                )
            elif item.id in item_ids:
                yield DUPLICATE_ITEM(
                    where, f"duplicate checklist item id '{item.id}' (first used at {item_ids[item.id]})"
                )
            else:
                item_ids[item.id] = where
            policies = set()
            for i, sid in enumerate(item.based_on):
                if sid not in statements:
                    yield UNKNOWN_BASIS(
                        checklist.where("items", n, "based_on", i),
                        unknown_statement(
                            hb,
                            sid,
                            statements,
                            f"'{item.id}' is based on it: give the setting its own checklists/{role_id}.yaml "
                            "(a copy of the model's without that item), or keep the statement",
                            "statement id",
                        ),
                    )
                elif (policy := hb.policy_of(sid)) is not None:
                    policies.add(policy.id)
            if len(policies) > 1:
                yield SEVERAL_POLICIES(
                    checklist.where("items", n, "based_on"),
                    f"'{item.id}' is based on statements of several policies ({', '.join(sorted(policies))}); a signature covers one policy, so split it",
                )


@dataclass(kw_only=True)
class ChecklistsData(VersionedData):
    """The checklists' slice of the handbook, over the releases'."""

    checklists: dict[str, Checklist] = field(default_factory=dict)  # role id -> its checklists/*.yaml

    @cached_property
    def policy_positions(self) -> dict[str, int]:
        """Each policy's first position in reading_order (its statements follow in order)."""
        starts: dict[str, int] = {}
        position = 0
        for policy in self.policies.values():
            starts[policy.id] = position
            position += sum(len(section.statements) for section in policy.sections)
        return starts

    @cached_property
    def checklist_parts(self) -> ChecklistIndex:
        """What someone holding some roles acknowledges (see features/checklists)."""
        return ChecklistIndex(self)


def by_role(checklists: list[Checklist], report: Report) -> dict[str, Checklist]:
    """Each role's checklist; a second for the same role is reported (and left out)."""
    found: dict[str, Checklist] = {}
    for checklist in checklists:
        if checklist.role in found:
            report.extend([SECOND_FOR_ROLE(checklist.where("role"), f"a second checklist for role '{checklist.role}'")])
        else:
            found[checklist.role] = checklist
    return found


# checklists/<role-id>.yaml, beside the data folder
SOURCES = (
    SourceKind(
        "checklists",
        "*.yaml",
        Checklist,
        "checklist",
        required=False,
        folder="checklists",
        file_check=named_after_its_role,
        into="checklists",
        gather=by_role,
    ),
)
