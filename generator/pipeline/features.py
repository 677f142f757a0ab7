"""The features of the handbook, in order: one list feeds the sources, the checks, the build
stages and the site navigation (like Pelican's list of generators).

To add a feature: give it a package under features/ with its model, checks, stage and pages,
and a line here.  Its place in this list is its place in the navigation and in the build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.core.findings import Finding
from generator.core.navigation import NavSection
from generator.core.output import Output
from generator.core.sources import SourceKind
from generator.features.approvals import approvals
from generator.features.approvals.approvals import ApprovalsFile
from generator.features.checklists import content as checklists
from generator.features.checklists.render import build_checklists, checklist_pages
from generator.features.glossary import glossary
from generator.features.glossary.page import glossary_section
from generator.features.guidance import check as guidance
from generator.features.guidance.model import GuidanceFile
from generator.features.information import check_audience, check_publication, check_retention
from generator.features.information.pages import records_section
from generator.features.information.publication import PublicationScheme
from generator.features.information.retention import RetentionSchedule
from generator.features.notice import check as notice
from generator.features.notice import translation_files
from generator.features.notice.model import Notice
from generator.features.notice.render import build_notices, notice_section
from generator.features.policies import review_notes
from generator.features.policies.checks import drafted, kind, references, review, to_review, unset
from generator.features.policies.kinds import KindsTable
from generator.features.policies.model import Policy, RegisterFile, Regulator, RolesFile, Setting
from generator.features.policies.review_page import review_section
from generator.features.policies.site import policy_sections
from generator.features.public import check as public_check
from generator.features.public.render import build_public
from generator.features.records import check as records
from generator.features.records.model import RECORD_SOURCES
from generator.features.releases import release
from generator.features.releases.model import Release
from generator.features.settings import check as settings_check
from generator.features.settings import role_titles
from generator.features.settings.model import OVERRIDES_FILE, Overrides
from generator.features.settings.page import local_changes_section
from generator.features.training import check as training
from generator.features.training.model import TrainingPack
from generator.features.training.render import build_training, training_section

if TYPE_CHECKING:
    from .handbook import Handbook

Check = Callable[["Handbook"], Iterable[Finding]]
Stage = Callable[["Handbook", Output], None]
# (Handbook) -> its sections; with pages_reused, (Handbook, RenderMemo | None) -> its sections
Pages = Callable[..., "NavSection | list[NavSection] | None"]


@dataclass(frozen=True)
class Feature:
    name: str
    sources: tuple[SourceKind, ...] = ()  # the data files it reads
    checks: tuple[Check, ...] = ()
    # Checks that can only warn, and only about printed documents: the site (plain `mkdocs
    # build` / `serve`) skips them to stay fast.
    print_checks: tuple[Check, ...] = ()
    stage: tuple[str, Stage] | None = None  # (name shown in the build's progress, stage)
    pages: Pages | None = None  # its pages in the staff handbook, under its navigation heading
    # Its pages function also takes a RenderMemo (core/templating.py): in `handbook serve`, its
    # pages whose values are unchanged since the last edit are not rendered again.
    pages_reused: bool = False
    records: tuple[SourceKind, ...] = ()  # the staff records files it reads (personal data)


FEATURES: list[Feature] = [
    Feature(
        "policies",
        sources=(
            SourceKind("setting", "setting.yaml", Setting, "setting", scope="own"),
            SourceKind("roles", "roles.yaml", RolesFile, "roles"),
            SourceKind("register", "register.yaml", RegisterFile, "register"),
            # none yet in a new project: `handbook check` says how to add the first
            SourceKind("policies", "policies/*.yaml", Policy, "policy", required=False),
            # the data protection regulator, named in one place for every output
            SourceKind("regulator", "regulator.yaml", Regulator, "regulator", required=False),
            # a repository's own table of kinds of setting, replacing the package's
            SourceKind("kinds", "kinds.yaml", KindsTable, "kinds", required=False),
        ),
        checks=(references.check, unset.check, review.check, to_review.check, kind.check),
        pages=policy_sections,
        pages_reused=True,
    ),
    # The guidance and law the outputs cite, with editions (the package's file, then the
    # project's or model's entries by id): checked for entries due to be checked again.
    Feature(
        "guidance",
        sources=(SourceKind("guidance", "guidance.yaml", GuidanceFile, "guidance", required=False),),
        checks=(guidance.check,),
    ),
    Feature(
        "releases",
        sources=(SourceKind("releases", "releases/*.yaml", Release, "release", required=False, scope="own"),),
        checks=(release.check,),
    ),
    Feature(
        "checklists",
        sources=(
            SourceKind(
                "checklists",
                "*.yaml",
                checklists.Checklist,
                "checklist",
                required=False,
                folder="checklists",
                file_check=checklists.named_after_its_role,
            ),
        ),
        checks=(checklists.check,),
        stage=("checklists", build_checklists),
        pages=checklist_pages,
    ),
    Feature(
        "notice",
        # English notices and their translations
        sources=(SourceKind("notices", "notices/*.yaml", Notice, "notice", required=False),),
        checks=(notice.check, translation_files.check),
        print_checks=(notice.check_readability,),
        stage=("parent-notices", build_notices),
        pages=notice_section,
    ),
    Feature(
        "information",
        sources=(
            SourceKind("retention", "retention.yaml", RetentionSchedule, "retention", required=False),
            SourceKind(
                "publication_scheme", "publication-scheme.yaml", PublicationScheme, "publication-scheme", required=False
            ),
        ),
        checks=(check_retention.check, check_publication.check, check_audience.check),
        pages=records_section,
    ),
    # The review page: what the policy owner should fix at the next review (never the words).
    Feature("review-notes", checks=(review_notes.check,), pages=review_section),
    # A setting that adopts a model (settings/<id>/): its overrides, read when the data is
    # loaded (features/settings/apply.py); its conflicts with model updates; its Local changes page.
    Feature(
        "settings",
        sources=(SourceKind("overrides", OVERRIDES_FILE, Overrides, "overrides", required=False, scope="setting"),),
        checks=(settings_check.check, role_titles.check),
        pages=local_changes_section,
    ),
    Feature(
        "training",
        sources=(
            SourceKind("training", "training/*-september.yaml", TrainingPack, "training", required=False, scope="own"),
        ),
        checks=(training.check,),
        stage=("training", build_training),
        pages=training_section,
    ),
    # After the features whose drafted words it reads (notice, checklist items, training
    # questions): they must not claim more than the statements they cite.
    Feature("drafted-words", checks=(drafted.check,)),
    # The field's words: its page, the abbreviations explained on every page, search words.
    Feature(
        "glossary",
        sources=(SourceKind("glossary", "glossary.yaml", glossary.Glossary, "glossary", required=False),),
        checks=(glossary.check_handbook,),
        pages=glossary_section,
    ),
    # Staff records are read from the records folder, only when a command asks for them.
    Feature("records", checks=(records.check,), records=RECORD_SOURCES),
    # Last: which of the documents above the setting has approved (written by `handbook approve`).
    Feature(
        "approvals",
        sources=(SourceKind("approvals", "approvals.yaml", ApprovalsFile, "approvals", required=False, scope="own"),),
        checks=(approvals.check,),
    ),
    # The public edition (build/public/): after the notices, whose files it publishes, and the
    # approvals, whose draft state it shows.
    Feature("public", checks=(public_check.check,), stage=("public", build_public)),
]
