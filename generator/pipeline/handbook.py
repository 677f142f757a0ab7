"""Gather the data folder into one Handbook: every feature's files loaded, validated, indexed.

The "load -> model" half of the pipeline, for every source the features declare
(pipeline/features.py), then the checks ("check").  Nothing here writes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.collector import collector_paused
from generator.core.datafiles import boundary_of, data_files, unpublishable
from generator.core.documents import DocumentsOf
from generator.core.findings import DataError, Finding, Location, Report
from generator.core.load import LoadedFile
from generator.core.project import Project, every_private_folder
from generator.core.sources import SourceKind, SourceMemo, load_model, unique_by_id
from generator.features.guidance.cite import read_citations_in
from generator.features.guidance.model import GuidanceDocument, GuidanceFile
from generator.features.policies.data import kinds_of, noun_of
from generator.features.policies.setting_name import name_in_checklist, name_the_setting, noun_words, read_in
from generator.features.records.model import load_records
from generator.features.releases.model import Release
from generator.features.settings.apply import Adopted, adopt
from generator.features.settings.check import point_to_overrides
from generator.features.settings.model import OVERRIDES_FILE, Overrides
from generator.pipeline.codes import (
    SOURCE_LINK_OUTSIDE,
    SOURCE_MISSING,
    SOURCE_NO_DATA_FOLDER,
    SOURCE_OVERRIDES_MISPLACED,
    SOURCE_OVERRIDES_MISSING,
)

from . import features
from .features import FEATURES

# Every kind of data file, from the features in order (tests and `handbook schema` walk it).
SOURCES: dict[str, SourceKind] = {kind.key: kind for feature in FEATURES for kind in feature.sources}
# Every kind of document the setting approves, as the features declare them.
DOCUMENTS: tuple[DocumentsOf, ...] = tuple(feature.documents for feature in FEATURES if feature.documents)


@dataclass(kw_only=True)
class Handbook(features.Handbook):
    """Everything in the data folder, validated, indexed by id: every feature's slice, each over
    the one below it (core/handbook_data.py), up to the top one pipeline/features.py names."""

    document_kinds: tuple[DocumentsOf, ...] = field(default=DOCUMENTS)


def fields_declared(sources: dict[str, SourceKind], data: type[Any]) -> None:
    """Every field a kind of data file says it fills is a field of the handbook's data, and
    filled by one kind only: a name misspelt in a feature's SourceKind fails on import (below);
    tests/test_sources.py checks each field's type against what its kind gathers."""
    fields = {f.name for f in dataclasses.fields(data)}
    filled: dict[str, str] = {}
    for kind in sources.values():
        for name in kind.fields:
            if name not in fields:
                raise TypeError(f"data file kind {kind.key!r} fills {name!r}, which the Handbook has no field for")
            if name in filled:
                raise TypeError(f"data file kinds {filled[name]!r} and {kind.key!r} both fill {name!r}")
            filled[name] = kind.key


fields_declared(SOURCES, Handbook)


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


def _linked_outside(project: Project, path: Path, real: Path, boundaries: dict[Path, Path]) -> Finding | None:
    """A data file that is a link out of the project (or out of a data folder given from
    elsewhere): refused, never read, so nothing outside the project is published.  As
    datafiles.leaves, with the file's real path (`real`, its resolve()) and each folder's
    boundary_of (`boundaries`, filled once per load) found once: resolving a path reads every
    folder on its way, and four of them for each file cost more than reading it."""
    tops = [t for t in (project.data_dir, project.checklists_dir, project.model_dir, project.model_checklists_dir) if t]
    top = next((t for t in tops if path.is_relative_to(t)), project.root)
    if top not in boundaries:
        boundaries[top] = boundary_of(top, project.root)
    if real.is_relative_to(boundaries[top]):
        return None
    shown = str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)
    return SOURCE_LINK_OUTSIDE(
        Location(shown),
        f"is a link to {real}, outside the project; copy the file into the project instead of linking to it",
    )


def _unpublishable_docs(project: Project) -> list[Finding]:
    """docs/ (published as it is by MkDocs) and a setting's own pages (site/pages.py:
    setting_docs): no link out of the project, nothing private, another setting's included."""
    private = every_private_folder(project)
    found = unpublishable(project.root / "docs", project.root, private)
    if project.setting is not None:
        found += unpublishable(project.data_dir / "docs", project.root, private)
    return found


def _load_sources(
    project: Project, report: Report, memo: SourceMemo | None
) -> tuple[dict[str, list[Any]], list[LoadedFile]]:
    loaded: dict[str, list[Any]] = {key: [] for key in SOURCES}
    files: list[LoadedFile] = []
    boundaries: dict[Path, Path] = {}
    for key, kind in SOURCES.items():
        paths, folder = _paths(project, kind)
        if not paths and kind.required:
            report.extend([SOURCE_MISSING(Location(project.shown(folder / kind.pattern)), "required file is missing")])
        for path in paths:
            real = path.resolve()
            if (outside := _linked_outside(project, path, real, boundaries)) is not None:
                report.extend([outside])
                continue
            lf, node = load_model(path, kind.model, project.shown(path, real), report, memo)
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


def _guidance(
    data: dict[str, GuidanceDocument], report: Report, memo: SourceMemo | None
) -> dict[str, GuidanceDocument]:
    """The package's guidance, each entry replaced by the data's entry with the same id, and
    the data's other entries added (a model repository's update reaches every setting)."""
    _, packaged = load_model(PACKAGE_GUIDANCE, GuidanceFile, "generator/data/guidance.yaml", report, memo)
    by_id = {doc.id: doc for doc in packaged.documents} if packaged else {}
    by_id.update(data)
    return by_id


def _model_releases(project: Project, report: Report, memo: SourceMemo | None) -> list[Release]:
    """The model's own releases (a setting's releases are its own): which release a setting
    adopted, and where a statement the model has since removed used to be."""
    releases = []
    assert project.model_dir is not None  # only called for a setting of a model repository
    boundaries: dict[Path, Path] = {}
    for path in data_files(project.model_dir, SOURCES["releases"].pattern):
        real = path.resolve()
        if (outside := _linked_outside(project, path, real, boundaries)) is not None:
            report.extend([outside])
            continue
        _, node = load_model(path, Release, project.shown(path, real), report, memo)
        if node is not None:
            releases.append(node)
    return sorted(releases, key=lambda r: r.id)


def _left_out(adopted: Adopted | None) -> dict[str, str | None]:
    """Statement id -> the reason a setting gives for leaving the model's statement out (the
    first, if it removes one twice)."""
    reasons: dict[str, str | None] = {}
    for change in adopted.changes if adopted is not None else ():
        if change.kind == "removed":
            reasons.setdefault(change.id, change.reason)
    return reasons


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
    # Each kind's items (its files, or the entries of each file), and the fields of the
    # handbook they fill: every kind fills the fields it declares (its SourceKind's `into`,
    # by its `gather`), so a new kind of data file needs no line here.
    items = {key: kind.items_of(loaded[key]) for key, kind in SOURCES.items()}
    fields: dict[str, Any] = {}

    def gather(key: str) -> None:
        kind = SOURCES[key]
        if kind.into is None or kind.fields[0] in fields:
            return
        value = kind.gather(items[key], report)
        fields.update(zip(kind.fields, value if isinstance(kind.into, tuple) else (value,), strict=True))

    # The steps that cross features, in this order.  The roles first: the model's words name
    # them by their titles, and a duplicate role stops a setting's loading below.
    gather("roles")
    setting = items["setting"][0]
    titles = {role_id: role.name for role_id, role in fields["roles"].items()}  # for `{role:ID}` in a model's words
    # for `{noun}` in a model's words: what the setting calls itself, as PoliciesData.noun says it
    nouns = noun_words(noun_of(setting, kinds_of(setting, next(iter(items["kinds"]), None))), setting.name)
    adopted = None
    if project.model_dir is not None:
        overrides = next(iter(items["overrides"]), None) or Overrides()
        items["policies"], items["register"], items["retention"], items["notices"], adopted, findings = adopt(
            items["policies"],
            items["register"],
            items["retention"],
            items["notices"],
            overrides,
            _model_releases(project, report, memo),
        )
        # conflicts are judged on the model's own words; the page and messages show them named
        adopted.changes = [change.named(setting.name, titles, nouns) for change in adopted.changes]
        if not items["overrides"]:
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
    items["retention"] = [read_in(entry, setting.name, titles, nouns) for entry in items["retention"]]
    named_checklists = []
    for checklist in items["checklists"]:
        checklist, findings = name_in_checklist(checklist, setting.name, titles, nouns)
        report.extend(findings)
        named_checklists.append(checklist)
    items["checklists"] = named_checklists
    # a notice's own words may name the setting's roles as the policies' do; its {setting} stays
    # (the notice prints it, and its translators keep it as a placeholder)
    items["notices"] = [read_in(notice, None, titles, nouns) for notice in items["notices"]]
    # a model's guide to information speaks of the setting by its noun too
    items["publication_scheme"] = [
        read_in(scheme, setting.name, titles, nouns) for scheme in items["publication_scheme"]
    ]
    # every other field, as its kind declares it
    for key in SOURCES:
        gather(key)
    # the policies are named once gathered (a second policy with an id already given is left out)
    policies = fields["policies"]
    for policy_id, policy in policies.items():
        policies[policy_id], findings = name_the_setting(policy, setting.name, titles, nouns)
        report.extend(findings)
    unique_by_id([s for p in policies.values() for s in p.statements()], "statement", report)
    for policy in policies.values():
        unique_by_id(policy.sections, f"section (in policy '{policy.id}')", report)
    records = None
    if project.records_dir is not None:
        records, records_report = load_records(project.records_dir, project.shown)
        report.extend(records_report.findings)
    # the package's guidance, under the data's
    fields["guidance"] = _guidance(fields["guidance"], report, memo)
    handbook = Handbook(
        project=project,
        files=files,
        records=records,
        adopted=adopted,
        left_out=_left_out(adopted),
        kept=memo.derived if memo is not None else None,
        **fields,
    )
    _read_citations(handbook, memo)
    return handbook, report


def _read_citations(hb: Handbook, memo: SourceMemo | None = None) -> None:
    """`{cite:ID}` in the words drafted for the handbook, read as the citation guidance.yaml
    gives (guidance/cite.py): the policies' review notes (never a statement's own words, which
    staff sign), the checklists, training packs, retention schedule and glossary.  With a memo
    (serve), a policy read from the same model against the same guidance is the one read last
    time, so an unchanged policy stays the same object from edit to edit."""
    for policy_id, policy in hb.policies.items():
        if any("{cite:" in f"{n.problem} {n.why}" for s in policy.statements() for n in s.review_notes):
            kept = memo.derived.get(("cited", policy_id)) if memo is not None else None
            if kept is not None and kept[0] is policy and kept[1] == hb.guidance:
                hb.policies[policy_id] = kept[2]
                continue
            sections = []
            for section in policy.sections:
                statements = [
                    s.model_copy(update={"review_notes": read_citations_in(hb, s.review_notes)})
                    if s.review_notes
                    else s
                    for s in section.statements
                ]
                sections.append(section.model_copy(update={"statements": statements}))
            named = policy.model_copy(update={"sections": sections})
            named._statements = None  # the copy's statements, not the original's
            hb.policies[policy_id] = named
            if memo is not None:
                memo.derived[("cited", policy_id)] = (policy, dict(hb.guidance), named)
    hb.checklists = {role: read_citations_in(hb, c) for role, c in hb.checklists.items()}
    hb.training = [read_citations_in(hb, pack) for pack in hb.training]
    hb.retention = {i: read_citations_in(hb, e) for i, e in hb.retention.items()}
    hb.glossary = read_citations_in(hb, hb.glossary)


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
    # Loading makes ~100,000 small objects per 8,000 statements, none of them garbage: the
    # collector would scan them again and again (a third of the load time).
    with collector_paused():
        handbook, report = load_handbook(project, memo)
        report.extend(run_checks(handbook, for_site=for_site))
    return handbook, report
