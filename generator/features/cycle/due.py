"""`handbook due [--days N]`: one list of what falls due in the next N days (default 28).

    policy reviews          register next_review dates (public: names no one)
    the September session   its date, while it is unset and September is near (public)
    training renewals       by person, from the intervals in the training pack (private)
    re-signatures           people who must sign a policy's current version (private)
    new starters' induction no induction on record, due NEW_STARTER_DAYS after starting (private)

Anything already overdue is listed too, first.  The public part is written to build/due.html
and .pdf; with staff records, the whole list (it names people) to build/private/due.html and
.pdf only.  The date is an input (`--as-of`), never read from the clock here.

On paper (`by_people`), the private kinds are listed by person, and people who owe exactly the
same things share one entry: a line for each date and reason names every policy (or course) it
covers, with their count.  A row for each person and policy made 2190 pages for the bench's 500
staff and 200 policies (issue 31); every fact is still there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from generator.core.clock import long_date
from generator.features.records.ledger import matrix
from generator.features.records.starters import (
    induction_due,
    is_new_starter,
    is_the_setting_herself,
    last_session,
    session_date,
)
from generator.features.releases.history import released_versions
from generator.features.releases.versions import policy_version
from generator.features.training.check import course_name
from generator.features.training.guidance import months_to_plan
from generator.features.training.schedule import add_months, induction_ids

DEFAULT_DAYS = 28
Kind = Literal["review", "session", "training", "re-sign", "induction"]
HEADINGS: dict[str, str] = {
    "review": "Policy reviews",
    "session": "The September training session",
    "training": "Training renewals",
    "re-sign": "Re-signatures outstanding",
    "induction": "New starters' induction",
}
PRIVATE_KINDS = {"training", "re-sign", "induction"}  # these name people
# What a line of the printed list counts when it names several subjects for one reason.
NOUNS: dict[str, tuple[str, str]] = {"re-sign": ("policy", "policies"), "training": ("course", "courses")}


@dataclass(frozen=True)
class DueItem:
    kind: Kind
    due: dt.date | None  # None: no date to give (e.g. no training on record): due now
    what: str
    person: str | None = None  # the person's name, for the private kinds
    # What `what` begins with ("<subject>: <reason>"): the policy's title or the course's name,
    # so the printed list can name the reason once for many policies.
    subject: str | None = None
    staff: str | None = None  # the person's id: two people may share a name

    def overdue(self, on: dt.date) -> bool:
        return self.due is None or self.due < on

    @property
    def reason(self) -> str:
        """`what` without its subject: "never signed", "none on record"."""
        if self.subject and self.what.startswith(f"{self.subject}: "):
            return self.what[len(self.subject) + 2 :]
        return self.what


@dataclass(frozen=True)
class DueLine:
    """One line of a printed group: the same reason, due the same day, for one or more subjects."""

    due: dt.date | None
    reason: str
    items: tuple[DueItem, ...]  # one per subject, in the order listed

    @property
    def subjects(self) -> list[str]:
        return [i.subject or i.what for i in self.items]


@dataclass(frozen=True)
class PeopleGroup:
    """People who have exactly the same things due (the same subjects, reasons and dates):
    listed once, with their names, instead of once per person."""

    people: tuple[str, ...]
    lines: tuple[DueLine, ...]


def _name_order(name: str) -> tuple[object, ...]:
    """Person 2 before Person 10: runs of digits compared as numbers."""
    return tuple(int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name))


def by_people(items: list[DueItem]) -> list[PeopleGroup]:
    """A private kind's items, one group per distinct list of what is due: people who must
    sign the same policies by the same dates share one group.  A setting where everyone must
    sign a policy's new version gets one group naming everyone and one line, not a row a
    person; a new starter who has signed nothing gets one line listing the policies.  Groups
    come earliest due first (overdue first), then by the first name in them."""
    own: dict[tuple[str, str], list[DueItem]] = {}  # by (id, name): two people may share a name
    for item in items:
        own.setdefault((item.staff or "", item.person or ""), []).append(item)
    shared: dict[tuple[tuple[dt.date | None, str, str], ...], list[tuple[str, str]]] = {}
    for person, theirs in own.items():
        signature = tuple(sorted(((i.due, i.reason, i.what) for i in theirs), key=_line_order))
        shared.setdefault(signature, []).append(person)
    groups = []
    for people in shared.values():
        first = own[people[0]]
        lines: dict[tuple[dt.date | None, str], list[DueItem]] = {}
        for item in sorted(first, key=lambda i: _line_order((i.due, i.reason, i.what))):
            lines.setdefault((item.due, item.reason), []).append(item)
        groups.append(
            PeopleGroup(
                tuple(sorted((name for _, name in people), key=_name_order)),
                tuple(DueLine(due, reason, tuple(listed)) for (due, reason), listed in lines.items()),
            )
        )
    return sorted(groups, key=lambda g: (g.lines[0].due or dt.date.min, _name_order(g.people[0])))


def _line_order(line: tuple[dt.date | None, str, str]) -> tuple[object, ...]:
    due, reason, what = line
    return (due or dt.date.min, reason, _name_order(what))


@dataclass
class DueList:
    on: dt.date
    days: int
    items: list[DueItem] = field(default_factory=list)
    private: bool = False  # staff records were read: the list names people

    @property
    def until(self) -> dt.date:
        return self.on + dt.timedelta(days=self.days)

    def groups(self) -> list[tuple[str, list[DueItem]]]:
        """(heading, items) in HEADINGS order, each overdue first then by date."""
        order = list(HEADINGS)
        result = []
        for kind in order:
            items = sorted(
                (i for i in self.items if i.kind == kind),
                key=lambda i: (i.due or dt.date.min, i.person or "", i.what),
            )
            if items or kind in ("review", "session") or self.private:
                result.append((HEADINGS[kind], items))
        return result


def _within(day: dt.date | None, until: dt.date) -> bool:
    return day is None or day <= until


def reviews(hb, until: dt.date) -> list[DueItem]:
    return [
        DueItem("review", e.next_review, f"{e.title}: review due")
        for e in hb.register.values()
        if e.next_review and e.next_review <= until
    ]


def session(hb, on: dt.date, until: dt.date) -> list[DueItem]:
    """The coming September's session while its date is unset (or it has no pack yet)."""
    year = on.year if on <= dt.date(on.year, 9, 30) else on.year + 1
    september = dt.date(year, 9, 1)
    if september > until:
        return []
    pack = next((p for p in hb.training if p.year == year), None)
    if pack is None:
        return [
            DueItem(
                "session",
                september,
                f"September {year} session: no training pack yet (policy_data/training/{year}-september.yaml)",
            )
        ]
    if pack.session.date is None:
        return [
            DueItem(
                "session",
                september,
                f"September {year} session: its date is not set (policy_data/training/{year}-september.yaml)",
            )
        ]
    return []


def _pack_in_force(hb, on: dt.date):
    """The training pack whose intervals apply: the newest one not after next September."""
    packs = [p for p in hb.training if p.year <= on.year + 1]
    return max(packs, key=lambda p: p.year, default=None)


def training(hb, records, people, on: dt.date, until: dt.date) -> list[DueItem]:
    pack = _pack_in_force(hb, on)
    if pack is None:
        return []
    taken: dict[tuple[str, str], list[dt.date]] = {}
    for record in records.training:
        if record.date <= on:
            taken.setdefault((record.staff, record.course), []).append(record.date)
    since = last_session(hb.training, on)
    items = []
    for interval in pack.intervals:
        if interval.months is None or interval.course in {c.id for c in pack.courses_for("september-session")}:
            continue  # the September session itself, listed above
        course = course_name(interval, pack)
        months = months_to_plan(hb, interval)
        assert months is not None  # the policy gives an interval (checked above)
        every = f"every {months} months" + (
            f" (current guidance; the policy says {interval.months})" if months != interval.months else ""
        )
        for member in people:
            if member.start_date > on or not any(interval.applies_to in hb.roles_covering(r) for r in member.roles):
                continue
            dates = taken.get((member.id, interval.course))
            if not dates:
                if is_new_starter(member, since):
                    continue  # their induction covers them until their first September (see starters.py)
                items.append(DueItem("training", None, f"{course}: none on record", member.name, course, member.id))
                continue
            due = add_months(max(dates), months)
            if due <= until:
                items.append(
                    DueItem(
                        "training",
                        due,
                        f"{course}: last {long_date(max(dates))}, {every}",
                        member.name,
                        course,
                        member.id,
                    )
                )
    return items


def resignatures(hb, records, on: dt.date, until: dt.date) -> list[DueItem]:
    items = []
    for member, cells in matrix(hb, records, on):
        for policy_id, cell in cells.items():
            title = hb.policies[policy_id].title
            # Due since the version they must sign was released (for one who never signed, the
            # first: they owed a signature before the latest came), or since their induction ended.
            released = policy_version(hb, hb.policies[policy_id]).released
            if cell.state == "never-signed" and (history := released_versions(hb, policy_id)):
                released = history[0][0]
            since = max(d for d in (released, induction_due(member)) if d) if released else None
            if cell.state == "signed-older":
                items.append(
                    DueItem(
                        "re-sign",
                        since,
                        f"{title}: signed version {cell.signed_version}, must sign the current version",
                        member.name,
                        title,
                        member.id,
                    )
                )
            elif cell.state == "never-signed":
                items.append(DueItem("re-sign", since, f"{title}: never signed", member.name, title, member.id))
            elif cell.state == "not-yet-due" and cell.due is not None and cell.due <= until:
                items.append(
                    DueItem(
                        "re-sign", cell.due, f"{title}: first signature (new starter)", member.name, title, member.id
                    )
                )
    return items


def inductions(hb, records, people, on: dt.date, until: dt.date) -> list[DueItem]:
    """Induction with none on record, for those who started since the session before the last:
    one who started in July and missed it stays overdue after September's session (it was
    dropped then, unrecorded), and staff of long standing, whose induction may predate the
    records, are left to the private training pack's own list."""
    last = last_session(hb.training, on)
    since = session_date(hb.training, last.year - 1)
    inducted = {r.staff for r in records.training if r.course in induction_ids(hb)}
    return [
        DueItem(
            "induction", induction_due(m), f"induction training (started {long_date(m.start_date)})", m.name, staff=m.id
        )
        for m in people
        if m.start_date <= until
        and is_new_starter(m, since)
        and m.id not in inducted
        and induction_due(m) <= until
        and not is_the_setting_herself(hb.voice, m)
    ]


def due_list(hb, on: dt.date, days: int = DEFAULT_DAYS, records=None) -> DueList:
    result = DueList(on, days, private=records is not None)
    until = result.until
    result.items += reviews(hb, until) + session(hb, on, until)
    if records is not None:
        people = records.current(on)
        result.items += training(hb, records, people, on, until)
        result.items += resignatures(hb, records, on, until)
        result.items += inductions(hb, records, people, on, until)
    return result
