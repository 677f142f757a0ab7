"""policy_data/training/<year>-september.yaml: one September training session.

Everything here is the pack's own plan (agenda, scenarios, questions); policy content is only
ever pointed at by statement id, so the pack cannot drift from the handbook.  Facts the
setting's documents do not give (the session's date) stay unset and are reported.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from generator.core.model import Node, Slug, StatementId, Text
from generator.features.policies.kinds import CoursePurpose  # one list, with the kinds table's starter courses

# Which line of current guidance an interval is measured against (see training/guidance.py).
GuidanceKind = Literal["whole-staff-renewal", "refresher", "dsl", "none"]


class Session(Node):
    # None until the setting fixes a day: the policy says only "in September".
    date: dt.date | None = None
    when: Text | None = None  # how the policy words the timing, e.g. "annually ... in September"
    led_by: Slug  # role id
    led_by_source: StatementId | None = None  # the statement that says who leads it
    place: Text | None = None


class AgendaItem(Node):
    title: Text
    detail: Text | None = None


class KeyPoint(Node):
    statement: StatementId
    note: Text | None = None  # the facilitator's emphasis; never a restatement of policy


class PolicyKeyPoints(Node):
    policy: Slug
    points: list[KeyPoint] = Field(min_length=1)


# Who a question is put to: the whole staff sits the session.
EVERYONE = "all-staff"


class Scenario(Node):
    id: Slug
    title: Text
    situation: Text
    discuss: list[Text] = Field(default_factory=list)  # prompts for the group
    answers: list[StatementId] = Field(min_length=1)  # where the policy answers it
    reader: Slug = EVERYONE  # the role it is put to; an answer must apply to that role
    # For the facilitator, printed on the answer sheet under the statements: what the statements
    # alone leave out or get wrong (the law, current guidance), never a restatement of policy.
    facilitator_note: Text | None = None


class Question(Node):
    id: Slug
    question: Text
    answers: list[StatementId] = Field(min_length=1)
    reader: Slug = EVERYONE  # the role it is put to; an answer must apply to that role
    facilitator_note: Text | None = None  # as for a scenario: printed on the answer sheet


class Course(Node):
    """A course the setting's staff take, in the setting's own words: its id is what the staff
    records (records/training.yaml) and the intervals name; nothing about it is the tool's."""

    id: Slug
    title: Text  # what the setting calls it, e.g. "Safeguarding and child protection training"
    provider: Text | None = None  # who gives it, e.g. the local safeguarding partnership
    purpose: CoursePurpose = "other"


class Interval(Node):
    """A training interval the policy sets, with the words that set it."""

    course: Slug  # a course of the pack's courses:
    name: Text | None = None  # what the policy calls it here, when not the course's title
    provider: Text | None = None  # who gives it, when not the course's provider
    applies_to: Slug  # role id: who must take it
    months: Annotated[int, Field(ge=1, le=120)] | None = None  # None: the policy gives no interval
    source: StatementId  # the statement that sets it
    quote: Text  # the words of that statement that set it (checked to be there)
    guidance: GuidanceKind = "none"


class TrainingPack(Node):
    year: Annotated[int, Field(ge=2000, le=2100)]
    title: Text | None = None
    session: Session
    # The day of last year's September session, when policy_data/training/ keeps no pack for
    # that year (a pack for it gives its own session date).  "What changed since last September"
    # compares with the release in force on that day; None: "To be completed" (never assumed).
    previous_session_date: dt.date | None = None
    policies: list[Slug] = Field(min_length=1)  # register/policy ids covered
    # The courses the setting's staff take, with its own titles and providers: the intervals and
    # the staff records name them by id.  (A pack written before courses were data names the
    # tool's old fixed ids without declaring them: `handbook upgrade` declares them.)
    courses: list[Course] = Field(default_factory=list)
    agenda: list[AgendaItem] = Field(min_length=1)
    intervals: list[Interval] = Field(default_factory=list)
    key_points: list[PolicyKeyPoints] = Field(default_factory=list)
    scenarios: list[Scenario] = Field(default_factory=list)
    quiz: list[Question] = Field(default_factory=list)

    def course(self, course_id: str) -> Course | None:
        return next((c for c in self.courses if c.id == course_id), None)

    def courses_for(self, purpose: str) -> list[Course]:
        return [c for c in self.courses if c.purpose == purpose]

    @property
    def reference_date(self) -> dt.date:
        """The session's date, or 1 September when the setting has not set one (the policy says
        only "in September"; KCSIE comes into force on 1 September)."""
        return self.session.date or dt.date(self.year, 9, 1)

    def statement_refs(self):
        """Every statement id the pack points at: (node, field, index, id)."""
        for group in self.key_points:
            for point in group.points:
                yield point, "statement", None, point.statement
        for scenario in self.scenarios:
            for i, sid in enumerate(scenario.answers):
                yield scenario, "answers", i, sid
        for question in self.quiz:
            for i, sid in enumerate(question.answers):
                yield question, "answers", i, sid
        for interval in self.intervals:
            yield interval, "source", None, interval.source
        if self.session.led_by_source:
            yield self.session, "led_by_source", None, self.session.led_by_source


def training_document_id(pack: TrainingPack) -> str:
    """training/2027-september, like the file's name."""
    return f"training/{pack.year}-september"
