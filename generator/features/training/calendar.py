"""Policies whose review falls before, or within 28 days after, the session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.features.policies.model import RegisterEntry

from .model import TrainingPack

if TYPE_CHECKING:
    from generator.features.training.data import TrainingData as Handbook

REVIEW_WINDOW_DAYS = 28


@dataclass(frozen=True)
class ReviewCalendar:
    session: dt.date
    due: list[RegisterEntry]  # by review date
    unknown: list[RegisterEntry]  # no review date yet


def review_calendar(handbook: Handbook, pack: TrainingPack) -> ReviewCalendar:
    limit = pack.reference_date + dt.timedelta(days=REVIEW_WINDOW_DAYS)
    entries = list(handbook.register.values())
    due = sorted(
        (e for e in entries if e.next_review and e.next_review <= limit), key=lambda e: (e.next_review, e.title)
    )
    unknown = [e for e in entries if e.next_review is None]
    return ReviewCalendar(pack.reference_date, due, unknown)
