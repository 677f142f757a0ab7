"""The information feature's slice of the handbook (retention schedule, publication scheme),
over the checklists'."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.features.checklists.content import ChecklistsData

from .publication import PublicationScheme
from .retention import RetentionEntry


@dataclass(kw_only=True)
class InformationData(ChecklistsData):
    retention: dict[str, RetentionEntry] = field(default_factory=dict)  # retention.yaml, by id
    publication_scheme: PublicationScheme | None = None
