"""Policies whose review falls before, or within 28 days after, the session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

REVIEW_WINDOW_DAYS = 28


@dataclass(frozen=True)
class ReviewCalendar:
    session: dt.date
    due: list  # register entries, by review date
    unknown: list  # register entries with no review date yet


def review_calendar(handbook, pack) -> ReviewCalendar:
    limit = pack.reference_date + dt.timedelta(days=REVIEW_WINDOW_DAYS)
    entries = list(handbook.register.values())
    due = sorted((e for e in entries if e.next_review and e.next_review <= limit), key=lambda e: (e.next_review, e.title))
    unknown = [e for e in entries if e.next_review is None]
    return ReviewCalendar(pack.reference_date, due, unknown)
