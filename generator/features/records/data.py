"""The staff records' slice of the handbook, over the notices'."""

from __future__ import annotations

from dataclasses import dataclass

from generator.features.notice.content import NoticeViewsData

from .model import Records


@dataclass(kw_only=True)
class RecordsData(NoticeViewsData):
    records: Records | None = None  # staff records (personal data), only when asked for
