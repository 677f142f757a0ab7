"""Gather the data folder into one Handbook: every feature's files loaded, validated, indexed.

The "load -> model" half of the pipeline, for every source the features declare
(pipeline/features.py), then the checks ("check").  Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.core.datafiles import boundary_of, data_files, leaves, unpublishable
from generator.core.findings import DataError, Finding, Location, Report
from generator.core.load import LoadedFile
from generator.core.project import Project, private_folders
from generator.core.sources import SourceKind, SourceMemo, load_model
from generator.core.voice import Voice
from generator.features.approvals.approvals import Approval, ApprovalStates, checklist_mark, draft_mark
from generator.features.checklists import codes as checklist_codes
from generator.features.checklists.content import Checklist, ChecklistIndex
from generator.features.glossary.glossary import AbbreviationMarker, Glossary, abbreviation_marker
from generator.features.guidance.model import Citation, GuidanceDocument, GuidanceFile
from generator.features.information.publication import PublicationScheme
from generator.features.information.retention import RetentionEntry
from generator.features.notice.content import NoticeFingerprints, find_lead_ins
from generator.features.notice.model import Notice
from generator.features.policies.kinds import Kind, KindsTable, kind_ids, package_table
from generator.features.policies.model import Policy, RegisterEntry, Regulator, Role, Setting
from generator.features.policies.setting_name import name_in_checklist, name_the_setting, noun_words, read_in
from generator.features.records.model import Records, load_records
from generator.features.releases.history import history_index
from generator.features.releases.model import Release, ReleasedPolicy
from generator.features.releases.versions import VersionIndex
from generator.features.settings.apply import Adopted, adopt
from generator.features.settings.check import point_to_overrides
from generator.features.settings.model import OVERRIDES_FILE, Overrides
from generator.features.training.model import TrainingPack
from generator.pipeline.codes import (
    SOURCE_DUPLICATE_ID,
    SOURCE_LINK_OUTSIDE,
    SOURCE_MISSING,
    SOURCE_NO_DATA_FOLDER,
    SOURCE_OVERRIDES_MISPLACED,
    SOURCE_OVERRIDES_MISSING,
)

from .features import FEATURES

# Every kind of data file, from the features in order (tests and `handbook schema` walk it).
SOURCES: dict[str, SourceKind] = {kind.key: kind for feature in FEATURES for kind in feature.sources}


@dataclass
class Handbook:
    """Everything in the data folder, validated, indexed by id."""

    project: Project  # where it was loaded from, and the day it speaks for
    setting: Setting
    roles: dict[str, Role]
    register: dict[str, RegisterEntry]
    policies: dict[str, Policy]
    releases: list[Release] = field(default_factory=list)  # oldest first
    training: list[TrainingPack] = field(default_factory=list)  # September training packs, by year
    records: Records | None = None  # staff records (personal data), only when asked for
    checklists: dict[str, Checklist] = field(default_factory=dict)  # role id -> its checklists/*.yaml
    files: list[LoadedFile] = field(default_factory=list)
    retention: dict[str, RetentionEntry] = field(default_factory=dict)  # retention.yaml, by id
    publication_scheme: PublicationScheme | None = None
    notices: dict[str, Notice] = field(default_factory=dict)  # English notices, by id
    translations: list[Notice] = field(default_factory=list)  # translated notices (translation set)
    regulator: Regulator | None = None  # regulator.yaml: named by the notice and the pages
    glossary: Glossary | None = None  # glossary.yaml: the field's words, abbreviations and search words
    approvals: list[Approval] = field(default_factory=list)  # approvals.yaml: who approved which document
    # guidance.yaml: the documents outputs cite, by id (the package's, replaced/extended by the data's)
    guidance: dict[str, GuidanceDocument] = field(default_factory=dict)
    adopted: Adopted | None = None  # a setting's model and its local changes (settings/<id>/)
    kinds_table: KindsTable | None = None  # a repository's own kinds.yaml; None: the package's

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def as_of(self) -> dt.date:
        return self.project.as_of

    @cached_property
    def kinds(self) -> list[Kind]:
        """The kinds of setting setting.yaml names, found in the table by id or by name; [] when
        unset (an unknown kind is reported by features/policies/checks/kind.py)."""
        return _kinds_of(self.setting, self.kinds_table)

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
        return _noun_of(self.setting, self.kinds)

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

    # Indexes other features ask for again and again, made once per handbook.
    @cached_property
    def release_history(self) -> dict[str, list[tuple[dt.date, ReleasedPolicy]]]:
        """Policy id -> (release date, snapshot) of every release that includes it, oldest first."""
        return history_index(self.releases)

    @cached_property
    def versions(self) -> VersionIndex:
        """The version of each policy's current words (every page and paper shows it)."""
        return VersionIndex(self)

    @cached_property
    def notice_fingerprints(self) -> NoticeFingerprints:
        return NoticeFingerprints(self)

    @cached_property
    def lead_ins(self) -> dict[str, str]:
        """List item id -> the paragraph introducing its list, quoted with it (notice, checks)."""
        return find_lead_ins(self)

    @cached_property
    def approval_states(self) -> ApprovalStates:
        """Every document the setting issues and whether its current words are approved."""
        return ApprovalStates(self)

    def cite(self, citation: Citation) -> str:
        """A guidance document as printed: title, edition, in force from (guidance.yaml)."""
        from generator.features.guidance.cite import cite

        return cite(self, citation)

    def draft_mark(self, document_id: str) -> str | None:
        """What every page of a draft says ("Draft: not yet approved"), or None once approved."""
        return draft_mark(self, document_id)

    def checklist_mark(self, role_ids: Iterable[str]) -> str | None:
        """The draft mark of a checklist for these roles: a draft while any role's is one."""
        return checklist_mark(self, role_ids)

    @cached_property
    def abbreviations(self) -> AbbreviationMarker:
        """Explains the glossary's abbreviations in a statement's escaped HTML (the policy
        pages ask for it here: the policies feature knows nothing of the glossary)."""
        return abbreviation_marker(self.glossary)

    @cached_property
    def checklist_parts(self) -> ChecklistIndex:
        """What someone holding some roles acknowledges (see features/checklists)."""
        return ChecklistIndex(self)


def _unique(items: list[Any], what: str, report: Report) -> dict[str, Any]:
    by_id: dict[str, Any] = {}
    for item in items:
        if item.id in by_id:
            first = by_id[item.id].where("id")
            report.extend(
                [SOURCE_DUPLICATE_ID(item.where("id"), f"duplicate {what} id '{item.id}' (first used at {first})")]
            )
        else:
            by_id[item.id] = item
    return by_id


def _paths(project: Project, kind: SourceKind) -> tuple[list[Path], Path]:
    """The files of one kind, and the folder named when a required one is missing.  For a
    setting that adopts a model, its own kinds come from its folder alone, and the shared ones
    from the model's, a file of the setting's with the same name replacing the model's."""
    folders = {"data": project.data_dir, "checklists": project.checklists_dir}
    folder = folders[kind.folder]
    if project.model_dir is None:
        return ([] if kind.scope == "setting" else data_files(folder, kind.pattern)), folder
    own = data_files(folder, kind.pattern)
    if kind.scope != "shared":
        return own, folder
    model_folder = project.model_dir if kind.folder == "data" else project.model_checklists_dir
    assert model_folder is not None  # a project with a model has both of the model's folders
    by_name = {p.relative_to(model_folder): p for p in data_files(model_folder, kind.pattern)}
    by_name.update({p.relative_to(folder): p for p in own})
    return [by_name[name] for name in sorted(by_name)], model_folder


def _linked_outside(project: Project, path: Path) -> Finding | None:
    """A data file that is a link out of the project (or out of a data folder given from
    elsewhere): refused, never read, so nothing outside the project is published."""
    tops = [t for t in (project.data_dir, project.checklists_dir, project.model_dir, project.model_checklists_dir) if t]
    top = next((t for t in tops if path.is_relative_to(t)), project.root)
    real = leaves(path, boundary_of(top, project.root))
    if real is None:
        return None
    shown = str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)
    return SOURCE_LINK_OUTSIDE(
        Location(shown),
        f"is a link to {real}, outside the project; copy the file into the project instead of linking to it",
    )


def _unpublishable_docs(project: Project) -> list[Finding]:
    """docs/ (published as it is by MkDocs): no link out of the project, nothing private."""
    found = unpublishable(project.root / "docs", project.root, private_folders(project))
    if project.setting is not None:  # a setting's own pages (site/pages.py: setting_docs)
        found += unpublishable(project.data_dir / "docs", project.root, private_folders(project))
    return found


def _load_sources(
    project: Project, report: Report, memo: SourceMemo | None
) -> tuple[dict[str, list[Any]], list[LoadedFile]]:
    loaded: dict[str, list[Any]] = {key: [] for key in SOURCES}
    files: list[LoadedFile] = []
    for key, kind in SOURCES.items():
        paths, folder = _paths(project, kind)
        if not paths and kind.required:
            report.extend([SOURCE_MISSING(Location(project.shown(folder / kind.pattern)), "required file is missing")])
        for path in paths:
            if (outside := _linked_outside(project, path)) is not None:
                report.extend([outside])
                continue
            lf, node = load_model(path, kind.model, project.shown(path), report, memo)
            if lf is not None:
                files.append(lf)
            if node is None:
                continue
            problems = list(kind.file_check(path, node)) if kind.file_check else []
            report.extend(problems)
            if not any(p.level == "error" for p in problems):
                loaded[key].append(node)
    report.extend(_unpublishable_docs(project))
    if project.model_dir is None and (project.data_dir / OVERRIDES_FILE).is_file():
        report.extend(
            [
                SOURCE_OVERRIDES_MISPLACED(
                    Location(project.shown(project.data_dir / OVERRIDES_FILE)),
                    f"{OVERRIDES_FILE} belongs in a setting's folder (settings/<id>/), which adopts the model in model/",
                )
            ]
        )
    return loaded, files


PACKAGE_GUIDANCE = Path(__file__).resolve().parent.parent / "data" / "guidance.yaml"


def _guidance(files: list[GuidanceFile], report: Report, memo: SourceMemo | None) -> dict[str, GuidanceDocument]:
    """The package's guidance, each entry replaced by the data's entry with the same id, and
    the data's other entries added (a model repository's update reaches every setting)."""
    _, packaged = load_model(PACKAGE_GUIDANCE, GuidanceFile, "generator/data/guidance.yaml", report, memo)
    by_id = {doc.id: doc for doc in packaged.documents} if packaged else {}
    for file in files:
        by_id.update(_unique(file.documents, "guidance document", report))
    return by_id


def _model_releases(project: Project, report: Report, memo: SourceMemo | None) -> list[Release]:
    """The model's own releases (a setting's releases are its own): which release a setting
    adopted, and where a statement the model has since removed used to be."""
    releases = []
    assert project.model_dir is not None  # only called for a setting of a model repository
    for path in data_files(project.model_dir, SOURCES["releases"].pattern):
        if (outside := _linked_outside(project, path)) is not None:
            report.extend([outside])
            continue
        _, node = load_model(path, Release, project.shown(path), report, memo)
        if node is not None:
            releases.append(node)
    return sorted(releases, key=lambda r: r.id)


def load_handbook(project: Project, memo: SourceMemo | None = None) -> tuple[Handbook, Report]:
    """Load and validate every data file (and the staff records, when the project names a
    records folder).  Raises DataError if the data cannot form a handbook; otherwise returns
    the handbook and the (not yet cross-checked) report."""
    report = Report()
    if not project.data_dir.is_dir():
        raise DataError(
            [SOURCE_NO_DATA_FOLDER(Location(project.shown(project.data_dir)), "the data folder does not exist")]
        )
    loaded, files = _load_sources(project, report, memo)
    if report.errors:
        raise DataError(report.sorted())

    setting = loaded["setting"][0]
    register = [d for f in loaded["register"] for d in f.documents]
    retention = [e for f in loaded["retention"] for e in f.records]
    roles = _unique([r for f in loaded["roles"] for r in f.roles], "role", report)
    titles = {role_id: role.name for role_id, role in roles.items()}  # for `{role:ID}` in a model's words
    # for `{noun}` in a model's words: what the setting calls itself, as Handbook.noun says it
    nouns = noun_words(_noun_of(setting, _kinds_of(setting, next(iter(loaded["kinds"]), None))), setting.name)
    adopted = None
    if project.model_dir is not None:
        overrides = next(iter(loaded["overrides"]), None) or Overrides()
        loaded["policies"], register, retention, loaded["notices"], adopted, findings = adopt(
            loaded["policies"],
            register,
            retention,
            loaded["notices"],
            overrides,
            _model_releases(project, report, memo),
        )
        # conflicts are judged on the model's own words; the page and messages show them named
        adopted.changes = [change.named(setting.name, titles, nouns) for change in adopted.changes]
        if not loaded["overrides"]:
            report.extend(
                [
                    SOURCE_OVERRIDES_MISSING(
                        Location(project.shown(project.data_dir / OVERRIDES_FILE)),
                        f"a setting needs its {OVERRIDES_FILE}: `handbook new-setting` makes one",
                    )
                ]
            )
        report.extend(findings)
        if report.errors:
            raise DataError(report.sorted())
    # a model's retention schedule speaks of the setting by its noun and its roles' titles too
    retention = [read_in(entry, setting.name, titles, nouns) for entry in retention]
    policies = _unique(loaded["policies"], "policy", report)
    for policy_id, policy in policies.items():
        policies[policy_id], findings = name_the_setting(policy, setting.name, titles, nouns)
        report.extend(findings)
    _unique([s for p in policies.values() for s in p.statements()], "statement", report)
    for policy in policies.values():
        _unique(policy.sections, f"section (in policy '{policy.id}')", report)
    checklists: dict[str, Checklist] = {}
    for checklist in loaded["checklists"]:
        checklist, findings = name_in_checklist(checklist, setting.name, titles, nouns)
        report.extend(findings)
        if checklist.role in checklists:
            report.extend(
                [
                    checklist_codes.SECOND_FOR_ROLE(
                        checklist.where("role"), f"a second checklist for role '{checklist.role}'"
                    )
                ]
            )
        else:
            checklists[checklist.role] = checklist
    # a notice's own words may name the setting's roles as the policies' do; its {setting} stays
    # (the notice prints it, and its translators keep it as a placeholder)
    loaded["notices"] = [read_in(notice, None, titles, nouns) for notice in loaded["notices"]]
    # a model's guide to information speaks of the setting by its noun too
    loaded["publication_scheme"] = [
        read_in(scheme, setting.name, titles, nouns) for scheme in loaded["publication_scheme"]
    ]
    records = None
    if project.records_dir is not None:
        records, records_report = load_records(project.records_dir, project.shown)
        report.extend(records_report.findings)
    handbook = Handbook(
        project=project,
        setting=setting,
        roles=roles,
        register=_unique(register, "register", report),
        policies=policies,
        releases=sorted(loaded["releases"], key=lambda r: r.id),
        training=sorted(loaded["training"], key=lambda t: t.year),
        records=records,
        files=files,
        checklists=checklists,
        retention=_unique(retention, "retention entry", report),
        publication_scheme=next(iter(loaded["publication_scheme"]), None),
        notices=_unique([n for n in loaded["notices"] if n.translation is None], "notice", report),
        translations=[n for n in loaded["notices"] if n.translation is not None],
        regulator=next(iter(loaded["regulator"]), None),
        glossary=next(iter(loaded["glossary"]), None),
        approvals=[a for f in loaded["approvals"] for a in f.approvals],
        adopted=adopted,
        kinds_table=next(iter(loaded["kinds"]), None),
        guidance=_guidance(loaded["guidance"], report, memo),
    )
    return handbook, report


def _kinds_of(setting: Setting, table: KindsTable | None) -> list[Kind]:
    table = table or package_table()
    by_key = {**{k.name.lower(): k for k in table.kinds}, **table.by_id()}
    found = [by_key.get(k.strip().lower()) or by_key.get(k.strip()) for k in kind_ids(setting.kind)]
    return [k for k in found if k is not None]


def _noun_of(setting: Setting, kinds: list[Kind]) -> str:
    if setting.noun:
        return setting.noun
    nouns = {k.noun for k in kinds}
    return nouns.pop() if len(nouns) == 1 else setting.name


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading makes ~100,000 small objects per 8,000 statements, none of them garbage; Python's
    cycle collector would scan them again and again (a third of the load time).  Pause it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_checks(handbook: Handbook, for_site: bool = False) -> list[Finding]:
    """Every feature's checks, in feature order; for the site, not those only about paper."""
    findings: list[Finding] = []
    for feature in FEATURES:
        for check in feature.checks + (() if for_site else feature.print_checks):
            findings.extend(check(handbook))
    return point_to_overrides(handbook, findings)


def load_and_check(project: Project, for_site: bool = False, memo: SourceMemo | None = None) -> tuple[Handbook, Report]:
    """Load, validate and run every check (with for_site, those the site needs).  Raises
    DataError only when loading fails."""
    with _gc_paused():
        handbook, report = load_handbook(project, memo)
        report.extend(run_checks(handbook, for_site=for_site))
    return handbook, report
