"""The information feature's slice of the handbook (retention schedule, publication scheme),
over the checklists'."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.core.sources import SourceKind, the_one, unique
from generator.features.checklists.content import ChecklistsData

from .publication import PublicationScheme
from .retention import RetentionEntry, RetentionSchedule


@dataclass(kw_only=True)
class InformationData(ChecklistsData):
    retention: dict[str, RetentionEntry] = field(default_factory=dict)  # retention.yaml, by id
    publication_scheme: PublicationScheme | None = None


SOURCES = (
    SourceKind(
        "retention",
        "retention.yaml",
        RetentionSchedule,
        "retention",
        required=False,
        into="retention",
        items="records",
        gather=unique("retention entry"),
    ),
    SourceKind(
        "publication_scheme",
        "publication-scheme.yaml",
        PublicationScheme,
        "publication-scheme",
        required=False,
        into="publication_scheme",
        gather=the_one,
    ),
)
