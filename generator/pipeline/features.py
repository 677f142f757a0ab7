"""The features of the handbook, in order: one list feeds the sources, the checks, the build
stages, the pages and the documents the setting approves (like Pelican's list of generators).

To add a feature: give it a package under features/ with its model, data files (`SOURCES`,
beside its slice of the handbook: core/sources.py), checks, stage, pages and documents, and a
line here, after the features it builds on: its place in this list is its place in the
loading, the checks and the build (and a slice over all the others is named in `Handbook`).
Its pages follow the others in the navigation unless NAVIGATION (at the end) names it where
staff should meet them.

Each feature's code is typed with its own slice of the handbook (core/handbook_data.py) and
reads only its own data and that of the features below it.  What it needs of a feature above
it is handed to it here (`given`): the context of draft marks, versions, abbreviations and
notice ids (core/context.py), or the data a check reads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from generator.core.context import Context
from generator.core.documents import DocumentsOf
from generator.core.findings import Finding
from generator.core.navigation import NavSection
from generator.core.output import Output
from generator.core.sources import SourceKind
from generator.features.approvals import approvals
from generator.features.checklists import content as checklists
from generator.features.checklists.documents import checklist_documents
from generator.features.checklists.render import build_checklists, checklist_pages
from generator.features.glossary import glossary
from generator.features.glossary.pages import glossary_section
from generator.features.guidance import check as guidance
from generator.features.guidance import data as guidance_data
from generator.features.information import check_audience, check_publication, check_retention
from generator.features.information import data as information_data
from generator.features.information.pages import records_section
from generator.features.notice import check as notice
from generator.features.notice import data as notice_data
from generator.features.notice import translation_files
from generator.features.notice.documents import notice_documents
from generator.features.notice.render import build_notices, notice_section
from generator.features.policies import data as policies_data
from generator.features.policies import review_notes
from generator.features.policies.checks import drafted, kind, references, review, to_review, unset
from generator.features.policies.documents import policy_documents
from generator.features.policies.pages import policy_sections
from generator.features.policies.review_pages import review_section
from generator.features.public import check as public_check
from generator.features.public.render import build_public
from generator.features.records import check as records
from generator.features.records.model import RECORD_SOURCES
from generator.features.releases import history, release
from generator.features.settings import check as settings_check
from generator.features.settings import data as settings_data
from generator.features.settings import foreign_words, role_titles
from generator.features.settings import nouns as setting_nouns
from generator.features.settings.data import SettingsData
from generator.features.settings.pages import local_changes_section
from generator.features.training import check as training
from generator.features.training import data as training_data
from generator.features.training.documents import training_documents
from generator.features.training.render import build_training, training_section

# The top slice of the handbook's data: the slice of the highest feature with data of its own,
# over all the others (core/handbook_data.py).  pipeline/handbook.py's Handbook is this slice
# (with the documents of every feature), loaded.  Every feature's checks, stage and pages are
# handed the whole handbook and, where they print something of a feature above their own, the
# context worked out from it (`context` below).
Handbook = SettingsData
T = TypeVar("T")
Check = Callable[[Handbook], Iterable[Finding]]
Stage = Callable[[Handbook, Output], None]
# (Handbook) -> its sections; with pages_reused, (Handbook, RenderMemo | None) -> its sections
Pages = Callable[..., NavSection | list[NavSection] | None]


def context(hb: Handbook) -> Context:
    """What pages and papers print of the features above their own (core/context.py)."""
    return Context(
        draft_mark=hb.draft_mark,
        checklist_mark=hb.checklist_mark,
        version_of=hb.versions.of,
        abbreviations=hb.abbreviations,
        notice_ids=hb.notices.keys(),
    )


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
    documents: DocumentsOf | None = None  # the documents it issues, approved by the setting (features/approvals)


def given(function: Callable[..., T], inputs: Callable[[Handbook], tuple[Any, ...]]) -> Callable[..., T]:
    """`function` as a feature's check, stage, pages or documents, handed what it needs of the
    features above its own after the handbook: function(hb, *inputs(hb), *the rest).  It keeps
    the function's name (the manual's features page shows it)."""

    @functools.wraps(function)
    def handed(hb: Handbook, *rest: Any) -> T:
        return function(hb, *inputs(hb), *rest)

    return handed


def with_context(hb: Handbook) -> tuple[Context]:
    return (context(hb),)


def drafted_words(hb: Handbook) -> tuple[list[Any], list[Any], list[Any]]:
    """The words the drafted-words check reads: the English notices, the checklists, the packs."""
    return list(hb.notices.values()), list(hb.checklists.values()), list(hb.training)


def citing(hb: Handbook) -> guidance.CitingData:
    """What the guidance check reads of the features that cite it (features/guidance/check.py)."""
    return guidance.CitingData(
        glossary=hb.glossary,
        retention=list(hb.retention.values()),
        training=list(hb.training),
        notices=[*hb.notices.values(), *hb.translations],
        checklists=list(hb.checklists.values()),
    )


FEATURES: list[Feature] = [
    Feature(
        "policies",
        sources=policies_data.SOURCES,
        checks=(
            given(references.check, lambda hb: (hb.notices.keys(),)),
            unset.check,
            review.check,
            to_review.check,
            kind.check,
        ),
        pages=given(policy_sections, with_context),
        pages_reused=True,
        documents=given(policy_documents, with_context),
    ),
    # The guidance and law the outputs cite, with editions (the package's file, then the
    # project's or model's entries by id): checked for entries due to be checked again.
    Feature(
        "guidance",
        sources=guidance_data.SOURCES,
        checks=(given(guidance.check, lambda hb: (citing(hb),)),),
    ),
    Feature(
        "releases",
        sources=history.SOURCES,
        checks=(release.check,),
    ),
    Feature(
        "checklists",
        sources=checklists.SOURCES,
        checks=(checklists.check,),
        stage=("checklists", given(build_checklists, with_context)),
        pages=given(checklist_pages, with_context),
        pages_reused=True,
        documents=checklist_documents,
    ),
    Feature(
        "notice",
        sources=notice_data.SOURCES,
        checks=(notice.check, translation_files.check),
        print_checks=(notice.check_readability,),
        stage=("parent-notices", given(build_notices, with_context)),
        pages=given(notice_section, with_context),
        documents=notice_documents,
    ),
    Feature(
        "information",
        sources=information_data.SOURCES,
        checks=(check_retention.check, check_publication.check, check_audience.check),
        pages=given(records_section, with_context),
    ),
    # The review page: what the policy owner should fix at the next review (never the words).
    Feature("review-notes", checks=(review_notes.check,), pages=review_section),
    # A setting that adopts a model (settings/<id>/): its overrides, read when the data is
    # loaded (features/settings/apply.py); its conflicts with model updates; its Local changes page.
    Feature(
        "settings",
        sources=settings_data.SOURCES,
        checks=(settings_check.check, role_titles.check, setting_nouns.check, foreign_words.check),
        pages=local_changes_section,
    ),
    Feature(
        "training",
        sources=training_data.SOURCES,
        checks=(training.check,),
        stage=("training", given(build_training, with_context)),
        pages=given(training_section, with_context),
        documents=training_documents,
    ),
    # After the features whose drafted words it reads (notice, checklist items, training
    # questions): they must not claim more than the statements they cite.
    Feature(
        "drafted-words",
        checks=(given(drafted.check, drafted_words),),
    ),
    # The field's words: its page, the abbreviations explained on every page, search words.
    Feature(
        "glossary",
        sources=glossary.SOURCES,
        checks=(glossary.check_handbook,),
        pages=glossary_section,
    ),
    # Staff records are read from the records folder, only when a command asks for them.
    Feature("records", checks=(given(records.check, lambda hb: (hb.training,)),), records=RECORD_SOURCES),
    # Last: which of the documents above the setting has approved (written by `handbook approve`).
    Feature(
        "approvals",
        sources=approvals.SOURCES,
        checks=(approvals.check,),
    ),
    # The public edition (build/public/): after the notices, whose files it publishes, and the
    # approvals, whose draft state it shows.
    Feature("public", checks=(public_check.check,), stage=("public", build_public)),
]

# The staff handbook's navigation: the features whose pages it shows, in the order staff meet
# them.  Stated here, not taken from FEATURES (the order the features build on each other, and
# so the order of the checks and the build); a feature with pages not named here follows them.
NAVIGATION = ("policies", "checklists", "notice", "information", "review-notes", "settings", "training", "glossary")


def in_navigation_order() -> list[Feature]:
    """The features with pages, as NAVIGATION orders them."""
    with_pages = {feature.name: feature for feature in FEATURES if feature.pages is not None}
    named = [with_pages.pop(name) for name in NAVIGATION]  # a name without pages fails at once
    return named + list(with_pages.values())
