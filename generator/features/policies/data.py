"""The policies' slice of the handbook: the setting, its roles, register and policies, and the
indexes every feature above asks for (reading order, the roles a role is part of, the kinds of
setting and the duties they carry)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator.core.handbook_data import HandbookData
from generator.core.sources import SourceKind, the_one, unique
from generator.core.voice import Voice

from .kinds import Kind, KindsTable, kind_ids, package_table
from .model import Policy, RegisterEntry, RegisterFile, Regulator, Role, RolesFile, Setting


def kinds_of(setting: Setting, table: KindsTable | None) -> list[Kind]:
    """The kinds of setting `setting.yaml` names, found in the table (a repository's own, else
    the package's) by id or by name."""
    table = table or package_table()
    by_key = {**{k.name.lower(): k for k in table.kinds}, **table.by_id()}
    found = [by_key.get(k.strip().lower()) or by_key.get(k.strip()) for k in kind_ids(setting.kind)]
    return [k for k in found if k is not None]


def noun_of(setting: Setting, kinds: list[Kind]) -> str:
    """setting.yaml's noun, else its kinds' one usual word, else the setting's own name."""
    if setting.noun:
        return setting.noun
    nouns = {k.noun for k in kinds}
    return nouns.pop() if len(nouns) == 1 else setting.name


@dataclass(kw_only=True)
class PoliciesData(HandbookData):
    setting: Setting
    roles: dict[str, Role]
    register: dict[str, RegisterEntry]
    policies: dict[str, Policy]
    regulator: Regulator | None = None  # regulator.yaml: named by the notice and the pages
    kinds_table: KindsTable | None = None  # a repository's own kinds.yaml; None: the package's
    # A setting that adopts a model: statement id -> the reason it gives for leaving that model
    # statement out (overrides.yaml remove:), so a citation of it says so (checks/references.py).
    left_out: dict[str, str | None] = field(default_factory=dict)

    @cached_property
    def kinds(self) -> list[Kind]:
        """The kinds of setting setting.yaml names, found in the table by id or by name; [] when
        unset (an unknown kind is reported by features/policies/checks/kind.py)."""
        return kinds_of(self.setting, self.kinds_table)

    def duty(self, name: str) -> bool | str | None:
        """Whether a duty of the kinds table applies to this setting: True if it applies to any of
        its kinds, "partly" if only partly, False if to none; None while the kind is unset, or the
        setting is outside the nation the table knows (nothing is assumed)."""
        if not self.kinds or not self.law_known:
            return None
        answers = [getattr(k, name).applies for k in self.kinds]
        return True if True in answers else ("partly" if "partly" in answers else False)

    @property
    def law_known(self) -> bool:
        """The table's law is England's: a setting in another nation gets none of it."""
        return self.setting.nation in (None, *{k.nation for k in self.kinds})

    @property
    def noun(self) -> str:
        """What the handbook calls the setting in its sentences: setting.yaml's noun, else its
        kind's usual word, else its own name (checks/kind.py reports the noun to be completed)."""
        return noun_of(self.setting, self.kinds)

    @property
    def voice(self) -> Voice:
        """How the handbook speaks for the setting and of it: "we" and "the nursery", or a
        childminder's "I" (core/voice.py), with the role that is the setting herself (the kinds
        table's own_role, where the roles data has it)."""
        own = next((k.own_role for k in self.kinds if k.own_role and k.own_role in self.roles), None)
        return Voice(self.noun, own)

    def policy_of(self, statement_id: str) -> Policy | None:
        return self._policy_by_statement.get(statement_id)

    def statement(self, statement_id: str) -> Any:
        return self.statements_by_id().get(statement_id)

    def statements_by_id(self) -> dict[str, Any]:
        return self._statement_index

    # The data does not change once loaded: build the indexes the checks and renderers ask
    # for again and again (per role, per reference) once.
    @cached_property
    def _statement_index(self) -> dict[str, Any]:
        return {s.id: s for _, _, s in self.reading_order[0]}

    @cached_property
    def _policy_by_statement(self) -> dict[str, Policy]:
        return {s.id: p for p, _, s in self.reading_order[0]}

    @cached_property
    def reading_order(self) -> tuple[list[tuple[Policy, Any, Any]], dict[str, int]]:
        """Every (policy, section, statement) in handbook order, and each statement id's
        position in that list."""
        ordered = [
            (p, section, s) for p in self.policies.values() for section in p.sections for s in section.statements
        ]
        return ordered, {s.id: i for i, (_, _, s) in enumerate(ordered)}

    @cached_property
    def _positions_by_role(self) -> dict[str, list[int]]:
        by_role: dict[str, list[int]] = {}
        for i, (_, _, statement) in enumerate(self.reading_order[0]):
            for role in statement.roles:
                by_role.setdefault(role, []).append(i)
        return by_role

    def positions_naming(self, role_ids: Iterable[str]) -> set[int]:
        """Positions (in reading_order) of the statements that name any of these roles."""
        return set().union(*(self._positions_by_role.get(r, ()) for r in role_ids))

    def wider_roles(self, role_id: str) -> set[str]:
        """Every role reachable through part_of (it contains role_id itself only in a loop)."""
        seen: set[str] = set()
        todo = list(self.roles[role_id].part_of) if role_id in self.roles else []
        while todo:
            rid = todo.pop()
            if rid in seen or rid not in self.roles:
                continue
            seen.add(rid)
            todo.extend(self.roles[rid].part_of)
        return seen

    def roles_covering(self, role_id: str) -> set[str]:
        """The role and every wider role it is part of (a lead -> ... -> all staff)."""
        return {role_id} | self.wider_roles(role_id) if role_id in self.roles else set()

    def statements_for_role(self, role_id: str) -> list[tuple[Policy, Any]]:
        """What a role must read: statements naming it or any wider role, in handbook order."""
        ordered, _ = self.reading_order
        return [(ordered[i][0], ordered[i][2]) for i in sorted(self.positions_naming(self.roles_covering(role_id)))]


# The policies' data files, each filling its field of PoliciesData (core/sources.py: SourceKind).
SOURCES = (
    SourceKind("setting", "setting.yaml", Setting, "setting", scope="own", into="setting", gather=the_one),
    SourceKind("roles", "roles.yaml", RolesFile, "roles", into="roles", items="roles", gather=unique("role")),
    SourceKind(
        "register",
        "register.yaml",
        RegisterFile,
        "register",
        into="register",
        items="documents",
        gather=unique("register"),
    ),
    # none yet in a new project: `handbook check` says how to add the first
    SourceKind(
        "policies", "policies/*.yaml", Policy, "policy", required=False, into="policies", gather=unique("policy")
    ),
    # the data protection regulator, named in one place for every output
    SourceKind("regulator", "regulator.yaml", Regulator, "regulator", required=False, into="regulator", gather=the_one),
    # a repository's own table of kinds of setting, replacing the package's
    SourceKind("kinds", "kinds.yaml", KindsTable, "kinds", required=False, into="kinds_table", gather=the_one),
)
