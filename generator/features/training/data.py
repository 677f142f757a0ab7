"""The training packs' slice of the handbook, over the staff records'."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.core.sources import SourceKind, sorted_by
from generator.features.records.data import RecordsData

from .model import TrainingPack


@dataclass(kw_only=True)
class TrainingData(RecordsData):
    training: list[TrainingPack] = field(default_factory=list)  # September training packs, by year


SOURCES = (
    SourceKind(
        "training",
        "training/*-september.yaml",
        TrainingPack,
        "training",
        required=False,
        scope="own",
        into="training",
        gather=sorted_by("year"),
    ),
)
