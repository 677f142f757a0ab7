"""Who is due for training, from the policy's intervals and the staff training records.

Personal data: what this returns goes only into build/private/.  The date is always an input
(the build date, or a test's date), never read from the clock here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from generator.features.records.model import Records, StaffMember
    from generator.features.training.data import TrainingData as Handbook

    from .model import TrainingPack

DueStatus = Literal["overdue", "due", "no-record"]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def training_year_end(pack: TrainingPack) -> dt.date:
    """The day before next September's session: the end of the training year this pack opens."""
    return dt.date(pack.year + 1, 8, 31)


@dataclass(frozen=True)
class Due:
    staff_id: str
    name: str
    status: DueStatus
    last: dt.date | None  # the last time they had it, if ever
    due: dt.date | None  # when it falls due (None: never had it)


@dataclass(frozen=True)
class NewStarter:
    staff_id: str
    name: str
    start_date: dt.date
    induction: dt.date | None = None  # the day of their induction training, if on record


@dataclass
class Schedule:
    on: dt.date
    year_end: dt.date
    course: str
    months: int | None
    due: list[Due] = field(default_factory=list)
    # Started after last year's session (see features/records/starters.py), with or without induction.
    new_starters: list[NewStarter] = field(default_factory=list)
    since: dt.date | None = None  # last year's session: who started after it is a new starter
    # Whether the data gives that day (False: counted from 1 September, and the pack says the
    # day is to be completed rather than print 1 September as the session's date).
    since_recorded: bool = False
    # Started before that, and no induction on record: a gap in the records to look into.
    no_induction: list[NewStarter] = field(default_factory=list)
    # Of those, who started since the session the year before: their induction is overdue
    # (`handbook due` lists it), not one that may predate the records.
    missed_induction: list[NewStarter] = field(default_factory=list)
    year_before: dt.date | None = None  # the session the year before: who started after it is one of those

    def with_status(self, status: DueStatus) -> list[Due]:
        return [d for d in self.due if d.status == status]


def induction_ids(handbook: Handbook) -> set[str]:
    """The courses the setting's training packs declare as induction."""
    return {c.id for pack in handbook.training for c in pack.courses_for("induction")}


def _covers(handbook: Handbook, member: StaffMember, role_id: str) -> bool:
    return any(role_id in handbook.roles_covering(r) for r in member.roles)


def schedule(
    handbook: Handbook, pack: TrainingPack, records: Records, on: dt.date, course: str | None = None
) -> Schedule:
    """Who is overdue (due before `on`), due (by the end of this training year) or has no record
    of `course` (None: the pack's whole-staff renewal course, its courses: say which); the new
    starters (and whether their induction is on record); and the others with no induction on
    record."""
    from generator.features.records.starters import (
        is_new_starter,
        is_the_setting_herself,
        recorded_session_date,
        session_date,
    )

    renewal = {c.id for c in pack.courses_for("whole-staff")}
    interval = next((i for i in pack.intervals if i.course == course or (course is None and i.course in renewal)), None)
    course = interval.course if interval else course or ""
    year_end = training_year_end(pack)
    since = session_date(handbook.training, pack.year - 1)
    year_before = session_date(handbook.training, pack.year - 2)  # as `handbook due` counts inductions
    from .guidance import months_to_plan

    months = months_to_plan(handbook, interval) if interval else None
    result = Schedule(
        on=on,
        year_end=year_end,
        course=course,
        months=months,
        since=since,
        since_recorded=recorded_session_date(handbook.training, pack.year - 1) is not None,
        year_before=year_before,
    )
    by_staff: dict[tuple[str, str], list[dt.date]] = {}
    for record in records.training:
        by_staff.setdefault((record.staff, record.course), []).append(record.date)
    voice = handbook.voice
    for member in sorted(records.current(on, starting_by=year_end), key=lambda m: (m.start_date, m.id)):
        inductions = [d for c in induction_ids(handbook) for d in by_staff.get((member.id, c), [])]
        starter = NewStarter(member.id, member.name, member.start_date, min(inductions) if inductions else None)
        if is_the_setting_herself(voice, member):
            pass  # nobody inducts a childminder into her own setting
        elif is_new_starter(member, since):
            result.new_starters.append(starter)
        elif not inductions and is_new_starter(member, year_before):
            result.missed_induction.append(starter)
        elif not inductions:
            result.no_induction.append(starter)
        if interval is None or months is None or not _covers(handbook, member, interval.applies_to):
            continue
        if member.start_date > on:
            continue  # not here yet: induction first (listed above)
        taken = [d for d in by_staff.get((member.id, course), []) if d <= on]
        if not taken:
            # A new starter's induction covers them until their first September (listed
            # above), as in `handbook due`; anyone else with no record is due now.
            if not is_new_starter(member, since):
                result.due.append(Due(member.id, member.name, "no-record", None, None))
            continue
        last = max(taken)
        due = add_months(last, months)
        if due < on:
            result.due.append(Due(member.id, member.name, "overdue", last, due))
        elif due <= year_end:
            result.due.append(Due(member.id, member.name, "due", last, due))
    order = {"overdue": 0, "no-record": 1, "due": 2}
    result.due.sort(key=lambda d: (order[d.status], d.due or dt.date.min, d.name))
    return result
