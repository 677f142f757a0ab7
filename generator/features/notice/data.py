"""The notices' slice of the handbook, over the information feature's (content.py adds the
indexes worked out from it: each notice's fingerprint, the lead-ins of listed statements)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.core.findings import Report
from generator.core.sources import SourceKind, unique_by_id
from generator.features.information.data import InformationData

from .model import Notice


@dataclass(kw_only=True)
class NoticeData(InformationData):
    notices: dict[str, Notice] = field(default_factory=dict)  # English notices, by id
    translations: list[Notice] = field(default_factory=list)  # translated notices (translation set)


def notices_and_translations(notices: list[Notice], report: Report) -> tuple[dict[str, Notice], list[Notice]]:
    """The English notices by id (a duplicate id reported), and the translations."""
    english = unique_by_id([n for n in notices if n.translation is None], "notice", report)
    return english, [n for n in notices if n.translation is not None]


# English notices and their translations
SOURCES = (
    SourceKind(
        "notices",
        "notices/*.yaml",
        Notice,
        "notice",
        required=False,
        into=("notices", "translations"),
        gather=notices_and_translations,
    ),
)
