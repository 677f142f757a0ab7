"""Gather the whole data folder into one checked Handbook object.

This is the "load -> model" half of the pipeline: it reads every YAML file once, validates it
against the model, and turns every problem into a located finding.  Nothing here writes.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import typing
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .findings import DataError, Finding, Location, Report, error
from .load import MAX_FILE_BYTES, LoadedFile, load_yaml
from .approvals import ApprovalsFile
from .notice.model import Notice
from .model import Node, Policy, RegisterEntry, RegisterFile, Release, Role, RolesFile, Setting, attach_sources
from .training.model import TrainingPack
from .publication import PublicationScheme
from .retention import RetentionEntry, RetentionSchedule


@dataclass(frozen=True)
class SourceKind:
    """A kind of file in the data folder and the model it must match."""

    pattern: str  # glob relative to the data folder
    model: type[Node]
    required: bool = True


SOURCES: dict[str, SourceKind] = {
    "setting": SourceKind("setting.yaml", Setting),
    "roles": SourceKind("roles.yaml", RolesFile),
    "register": SourceKind("register.yaml", RegisterFile),
    "policies": SourceKind("policies/*.yaml", Policy),
    "releases": SourceKind("releases/*.yaml", Release, required=False),
    "training": SourceKind("training/*-september.yaml", TrainingPack, required=False),
    "retention": SourceKind("retention.yaml", RetentionSchedule, required=False),
    "publication_scheme": SourceKind("publication-scheme.yaml", PublicationScheme, required=False),
    "notices": SourceKind("notices/*.yaml", Notice, required=False),  # English notices and their translations
    "approvals": SourceKind("approvals.yaml", ApprovalsFile, required=False),  # written by `handbook approve`
}


@dataclass
class Handbook:
    """Everything in the data folder, validated, indexed by id."""

    root: Path  # the project folder; file names in findings are relative to it
    data_dir: Path
    setting: Setting
    roles: dict[str, Role]
    register: dict[str, RegisterEntry]
    policies: dict[str, Policy]
    releases: list[Release] = field(default_factory=list)  # oldest first
    training: list[TrainingPack] = field(default_factory=list)  # September training packs, by year
    records: Any = None  # staff records (personal data), only when `--records` is given
    checklists: dict[str, Any] = field(default_factory=dict)  # role id -> Checklist (checklists/*.yaml)
    files: list[LoadedFile] = field(default_factory=list)
    retention: dict[str, RetentionEntry] = field(default_factory=dict)  # retention.yaml, by id
    publication_scheme: PublicationScheme | None = None
    notices: dict[str, Notice] = field(default_factory=dict)  # English notices, by id
    translations: list[Notice] = field(default_factory=list)  # translated notices (translation set)
    approvals: list = field(default_factory=list)  # approvals.yaml: who approved which document

    def policy_of(self, statement_id: str) -> Policy | None:
        return self._policy_by_statement.get(statement_id)

    def statement(self, statement_id: str):
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
        ordered = [(p, section, s) for p in self.policies.values() for section in p.sections for s in section.statements]
        return ordered, {s.id: i for i, (_, _, s) in enumerate(ordered)}

    @cached_property
    def _positions_by_role(self) -> dict[str, list[int]]:
        by_role: dict[str, list[int]] = {}
        for i, (_, _, statement) in enumerate(self.reading_order[0]):
            for role in statement.roles:
                by_role.setdefault(role, []).append(i)
        return by_role

    def positions_naming(self, role_ids) -> set[int]:
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
        """The role and every wider role it is part of (Head Teacher -> ... -> all staff)."""
        return {role_id} | self.wider_roles(role_id) if role_id in self.roles else set()

    def statements_for_role(self, role_id: str) -> list[tuple[Policy, Any]]:
        """What a role must read: statements naming it or any wider role, in handbook order."""
        ordered, _ = self.reading_order
        return [(ordered[i][0], ordered[i][2]) for i in sorted(self.positions_naming(self.roles_covering(role_id)))]


def _display_name(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside Optional[...], list[...] or Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found:
            return found
    return None


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        if info is None:
            return current
        current = _inner_model(info.annotation)
    return current


_ID_HINTS = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "use lower-case letters, digits and single hyphens, like 'child-protection'",
    r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$": "use capitals, digits and hyphens, like 'CONF-AIM-01'",
}


def _message(err: dict, model: type[BaseModel], loaded: LoadedFile) -> tuple[tuple, str]:
    """A plain-English message for one pydantic error, and the data path it is about."""
    loc = tuple(p for p in err["loc"] if isinstance(p, (int, str)))
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return loc[:-1], f"missing required key '{loc[-1]}'"
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        valid = sorted(parent.model_fields) if parent else []
        close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else (f"; valid keys: {', '.join(valid)}" if valid else "")
        return loc, f"unknown key '{loc[-1]}'{hint}"
    if kind.startswith("date"):
        return loc + ("__value__",), f"'{value}' is not a valid date; write it as YYYY-MM-DD, like 2026-09-01"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        return loc + ("__value__",), f"'{value}' is not a valid id: {_ID_HINTS.get(pattern, err['msg'])}"
    field = loc[-1] if loc and isinstance(loc[-1], str) else (loc[-2] if len(loc) > 1 else "value")
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    if isinstance(value, str) and len(value) > 60:
        shown = repr(value[:57] + "...")
    return loc + ("__value__",), f"{field}: {err['msg'].rstrip('.')} (got {shown})"


def validate(loaded: LoadedFile, model: type[Node]) -> tuple[Node | None, list[Finding]]:
    try:
        node = model.model_validate(loaded.data)
    except ValidationError as exc:
        findings = []
        for err in exc.errors(include_url=False):
            path, message = _message(err, model, loaded)
            findings.append(error(loaded.where(path), message))
        return None, findings
    attach_sources(node, loaded)
    return node, []


def load_model(path: Path, model: type[Node], root: Path, report: Report) -> tuple[LoadedFile | None, Any]:
    """Load one YAML file and validate it against `model`; every problem goes into `report`.
    Returns (file, node): file is None when it cannot be read, node when it is not valid."""
    name = _display_name(path, root)
    key = (str(path), name, model)
    digest = _content_digest(path) if _unchanged_files is not None else None
    if digest is not None and key in _unchanged_files and _unchanged_files[key][0] == digest:
        _, loaded, node, findings = _unchanged_files[key]
        report.extend(findings)
        return loaded, node
    try:
        loaded = load_yaml(path, name)
    except DataError as exc:
        loaded, node, findings = None, None, exc.findings
    else:
        node, findings = validate(loaded, model)
    report.extend(findings)
    if digest is not None:
        _unchanged_files[key] = (digest, loaded, node, findings)
    return loaded, node


# `handbook serve` loads the whole data folder again after every edit, though usually one file
# changed.  There, remember each file's validated model by its content: models are frozen, so
# an unchanged file's model can be handed out again.  Off in one-shot commands (nothing to
# reuse, and a test run loads thousands of throwaway projects).
_unchanged_files: dict[tuple, tuple] | None = None


def remember_unchanged_files() -> None:
    global _unchanged_files
    if _unchanged_files is None:
        _unchanged_files = {}


def _content_digest(path: Path) -> bytes | None:
    """A hash of the file's bytes, or None when load_yaml should read it (and report why not)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None


def _unique(items: list[Node], what: str, report: Report) -> dict[str, Any]:
    by_id: dict[str, Any] = {}
    for item in items:
        if item.id in by_id:
            first = by_id[item.id].where("id")
            report.extend([error(item.where("id"), f"duplicate {what} id '{item.id}' (first used at {first})")])
        else:
            by_id[item.id] = item
    return by_id


def load_handbook(data_dir: Path, root: Path | None = None) -> tuple[Handbook, Report]:
    """Load and validate every data file.  Raises DataError if the data cannot form a handbook;
    otherwise returns the handbook and the (not yet cross-checked) report."""
    root = root or data_dir.parent
    report = Report()
    loaded: dict[str, list[tuple[LoadedFile, Node]]] = {key: [] for key in SOURCES}
    files: list[LoadedFile] = []
    if not data_dir.is_dir():
        raise DataError([error(Location(_display_name(data_dir, root)), "the data folder does not exist")])
    for key, kind in SOURCES.items():
        paths = sorted(data_dir.glob(kind.pattern))
        if not paths and kind.required:
            report.extend([error(Location(_display_name(data_dir / kind.pattern, root)), "required file is missing")])
        for path in paths:
            lf, node = load_model(path, kind.model, root, report)
            if lf is not None:
                files.append(lf)
            if node is not None:
                loaded[key].append((lf, node))
    from .checklists import load_checklists

    checklists = load_checklists(root, report)
    if report.errors:
        raise DataError(report.sorted())

    setting = loaded["setting"][0][1]
    roles = _unique([r for _, f in loaded["roles"] for r in f.roles], "role", report)
    register = _unique([d for _, f in loaded["register"] for d in f.documents], "register", report)
    policies = _unique([p for _, p in loaded["policies"]], "policy", report)
    statements = [s for p in policies.values() for s in p.statements()]
    _unique(statements, "statement", report)
    for policy in policies.values():
        _unique(policy.sections, f"section (in policy '{policy.id}')", report)
    handbook = Handbook(
        root=root,
        data_dir=data_dir,
        setting=setting,
        roles=roles,
        register=register,
        policies=policies,
        releases=sorted((r for _, r in loaded["releases"]), key=lambda r: r.date),
        training=sorted((t for _, t in loaded["training"]), key=lambda t: t.year),
        files=files,
        checklists=checklists,
        retention=_unique([e for _, f in loaded["retention"] for e in f.records], "retention entry", report),
        publication_scheme=next((f for _, f in loaded["publication_scheme"]), None),
        notices=_unique([n for _, n in loaded["notices"] if n.translation is None], "notice", report),
        translations=[n for _, n in loaded["notices"] if n.translation is not None],
        approvals=[a for _, f in loaded["approvals"] for a in f.approvals],
    )
    return handbook, report


@contextmanager
def _gc_paused():
    """Loading makes ~100,000 small objects per 8,000 statements, none of them garbage; Python's
    cycle collector would scan them again and again (a third of the load time).  Pause it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_and_check(data_dir: Path, root: Path | None = None, for_site: bool = False) -> tuple[Handbook, Report]:
    """Load, validate and run every check (with for_site, those the site needs).  Raises
    DataError only when loading fails."""
    from .checks import run_checks

    with _gc_paused():
        handbook, report = load_handbook(data_dir, root)
        report.extend(run_checks(handbook, for_site=for_site))
    return handbook, report
