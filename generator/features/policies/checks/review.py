"""Review status of every document in the register, as of the build date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from generator.core.findings import Finding
from generator.features.policies.codes import (
    REVIEW_DATES_REVERSED,
    REVIEW_DUE_SOON,
    REVIEW_OVERDUE,
    REVIEWED_IN_FUTURE,
)

from ..model import RegisterEntry

if TYPE_CHECKING:
    from generator.features.policies.data import PoliciesData as Handbook

DUE_SOON_DAYS = 28

ReviewStatus = Literal["overdue", "due-soon", "in-date", "unknown"]


def review_status(entry: RegisterEntry, on: dt.date) -> ReviewStatus:
    if entry.next_review is None:
        return "unknown"
    if entry.next_review < on:
        return "overdue"
    if entry.next_review <= on + dt.timedelta(days=DUE_SOON_DAYS):
        return "due-soon"
    return "in-date"


def check(hb: Handbook) -> Iterable[Finding]:
    on = hb.as_of
    for entry in hb.register.values():
        if entry.last_reviewed and entry.next_review and entry.next_review < entry.last_reviewed:
            yield REVIEW_DATES_REVERSED(
                entry.where("next_review"), f"'{entry.id}': next_review is before last_reviewed"
            )
        if entry.last_reviewed and entry.last_reviewed > on:
            yield REVIEWED_IN_FUTURE(
                entry.where("last_reviewed"), f"'{entry.id}': last_reviewed {entry.last_reviewed} is in the future"
            )
        status = review_status(entry, on)
        if status == "overdue":
            yield REVIEW_OVERDUE(entry.where("next_review"), f"'{entry.id}' was due for review on {entry.next_review}")
        elif status == "due-soon":
            yield REVIEW_DUE_SOON(entry.where("next_review"), f"'{entry.id}' is due for review on {entry.next_review}")
