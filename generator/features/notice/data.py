"""The notices' slice of the handbook, over the information feature's (content.py adds the
indexes worked out from it: each notice's fingerprint, the lead-ins of listed statements)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.features.information.data import InformationData

from .model import Notice


@dataclass(kw_only=True)
class NoticeData(InformationData):
    notices: dict[str, Notice] = field(default_factory=dict)  # English notices, by id
    translations: list[Notice] = field(default_factory=list)  # translated notices (translation set)
