"""The September training pack: every id it points at exists, the interval quotes are the
policy's words, and the policy's intervals are compared with current guidance (reported, never
changed)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.core.findings import Finding
from generator.features.policies.checks.references import unknown, unknown_statement
from generator.features.policies.model import Statement
from generator.features.records.model import undeclared
from generator.features.records.starters import recorded_session_date
from generator.features.training.codes import (
    DATE_NOT_SEPTEMBER,
    DATE_UNSET,
    DUPLICATE_COURSE,
    INTERVAL_OVER_ADVICE,
    INTERVAL_OVER_LIMIT,
    INTERVAL_UNSET,
    KEY_POINT_ELSEWHERE,
    KEY_POINT_NOT_ALL_STAFF,
    KEY_POINTS_UNCOVERED,
    PREVIOUS_SESSION_UNSET,
    QUOTE_NOT_FOUND,
    READER_CANNOT_ANSWER,
    STATEMENT_NOT_COVERED,
    UNKNOWN_COURSE,
    UNKNOWN_POLICY,
    UNKNOWN_ROLE,
    UNKNOWN_STATEMENT,
    YEAR_NOT_FILE_NAME,
)

from .guidance import limit_for
from .model import EVERYONE, TrainingPack

if TYPE_CHECKING:
    from generator.features.training.data import TrainingData as Handbook


def course_name(interval, pack: TrainingPack) -> str:
    """What the interval's course is called, in the setting's words: the interval's own name,
    else its course's title, with the provider; an undeclared course (reported) by its id."""
    course = pack.course(interval.course)
    name = interval.name or (course.title if course else interval.course)
    provider = interval.provider or (course.provider if course else None)
    return f"{name} ({provider})" if provider and provider not in name else name


def _file_stem(pack: TrainingPack) -> str | None:
    source = pack._source
    return source.path.stem if source is not None else None


def check(hb: Handbook) -> Iterable[Finding]:
    statements = hb.statements_by_id()
    for pack in hb.training:
        stem = _file_stem(pack)
        if stem and stem != f"{pack.year}-september":
            yield YEAR_NOT_FILE_NAME(
                pack.where("year"),
                f"year {pack.year} does not match the file name '{stem}.yaml' (expected '{pack.year}-september.yaml')",
            )
        if pack.session.led_by not in hb.roles:
            yield UNKNOWN_ROLE(pack.session.where("led_by"), unknown("role", pack.session.led_by, hb.roles))
        if pack.session.date is None:
            yield DATE_UNSET(
                pack.session.where("date"),
                f'to be completed: the {pack.year} training session has no date (the policy says only "in September")',
            )
        elif pack.session.date.year != pack.year or pack.session.date.month != 9:
            yield DATE_NOT_SEPTEMBER(
                pack.session.where("date"), f"the session date {pack.session.date} is not in September {pack.year}"
            )
        if recorded_session_date(hb.training, pack.year - 1) is None:
            yield PREVIOUS_SESSION_UNSET(
                pack.where("previous_session_date")
                if "previous_session_date" in pack.model_fields_set
                else pack.where("session"),
                f"to be completed: the date of the September {pack.year - 1} session (no pack for {pack.year - 1} gives it; "
                f'set previous_session_date:): the pack\'s "what changed since last September" prints "To be completed" for it '
                "and compares with the earliest release",
            )
        for i, policy_id in enumerate(pack.policies):
            if policy_id not in hb.policies:
                yield UNKNOWN_POLICY(pack.where("policies", i), unknown("policy", policy_id, hb.policies))
        for group in pack.key_points:
            if group.policy not in pack.policies:
                yield KEY_POINTS_UNCOVERED(
                    group.where("policy"), f"key points for '{group.policy}', which is not among the policies covered"
                )
        covered = {s.id for pid in pack.policies if pid in hb.policies for s in hb.policies[pid].statements()}
        for node, name, index, sid in pack.statement_refs():
            where = node.where(name, index) if index is not None else node.where(name)
            if sid not in statements:
                yield UNKNOWN_STATEMENT(
                    where,
                    unknown_statement(
                        hb, sid, statements, "the training pack cites it: change the pack, or keep the statement"
                    ),
                )
            elif sid not in covered and name != "source" and name != "led_by_source":
                yield STATEMENT_NOT_COVERED(where, f"{sid} is not in a policy this session covers")
        for group in pack.key_points:
            policy = hb.policies.get(group.policy)
            for point in group.points:
                if policy and point.statement in statements and hb.policy_of(point.statement) is not policy:
                    yield KEY_POINT_ELSEWHERE(
                        point.where("statement"), f"{point.statement} is not a statement of '{group.policy}'"
                    )
        yield from _intervals(hb, pack, statements)
        yield from _readers(hb, pack, statements)


def _readers(hb: Handbook, pack: TrainingPack, statements: dict[str, Statement]) -> Iterable[Finding]:
    """Each question is answered from its reader's point of view: at least one of its answers is
    a statement that applies to the reader's role (what the setting does is not what a member of
    staff does first).  Key points are read by the whole staff: each must apply to all staff."""
    asked = [("question", q) for q in pack.quiz] + [("scenario", s) for s in pack.scenarios]
    for kind, node in asked:
        if node.reader not in hb.roles:
            yield UNKNOWN_ROLE(node.where("reader"), unknown("role", node.reader, hb.roles))
            continue
        covering = hb.roles_covering(node.reader)
        known = [statements[sid] for sid in node.answers if sid in statements]
        if any(s.to_review() for s in known):
            continue  # whom a statement applies to is still to be decided (reported as such)
        if known and not any(covering & set(s.roles) for s in known):
            yield READER_CANNOT_ANSWER(
                node.where("answers"),
                f"{kind} '{node.id}' is put to {hb.roles[node.reader].name.lower()} ({node.reader}), but none of its "
                f"answers ({', '.join(s.id for s in known)}) applies to that role; answer it from the reader's point "
                "of view with a statement whose roles include them",
            )
    for group in pack.key_points:
        for point in group.points:
            statement = statements.get(point.statement)
            if statement is not None and not statement.to_review() and EVERYONE not in statement.roles:
                yield KEY_POINT_NOT_ALL_STAFF(
                    point.where("statement"),
                    f"key point {statement.id} is read by all staff but applies only to {', '.join(statement.roles) or 'no role'}; "
                    "choose a statement all staff sign",
                )


def _intervals(hb: Handbook, pack: TrainingPack, statements: dict[str, Statement]) -> Iterable[Finding]:
    seen: set[str] = set()
    for declared in pack.courses:
        if declared.id in seen:
            yield DUPLICATE_COURSE(declared.where("id"), f"a second course '{declared.id}' in this pack")
        seen.add(declared.id)
    for interval in pack.intervals:
        if pack.course(interval.course) is None:
            yield UNKNOWN_COURSE(interval.where("course"), undeclared(interval.course, "this pack", not pack.courses))
        if interval.applies_to not in hb.roles:
            yield UNKNOWN_ROLE(interval.where("applies_to"), unknown("role", interval.applies_to, hb.roles))
        statement = statements.get(interval.source)
        if statement is None:
            continue  # reported above as an unknown statement
        if " ".join(interval.quote.split()) not in " ".join(statement.text.split()):
            yield QUOTE_NOT_FOUND(
                interval.where("quote"),
                f"'{interval.quote}' is not in the words of {interval.source}; quote the policy exactly",
            )
            continue
        limit, _ = limit_for(hb, interval.guidance)
        if limit is None:
            continue
        course = course_name(interval, pack)
        policy_says = f'the policy says "{interval.quote}" ({interval.source})'
        if interval.months is None:
            yield INTERVAL_UNSET(
                interval.where("months"),
                f"to be completed: the policy gives no interval for {course}: {policy_says}; "
                f"current guidance: {limit.cited(hb)} ({limit.months} months)",
            )
        elif interval.months > limit.months:
            over = INTERVAL_OVER_LIMIT if limit.level == "error" else INTERVAL_OVER_ADVICE
            yield over(
                interval.where("months"),
                f"{course} every {interval.months} months is longer than current guidance allows: {policy_says}; "
                f"current guidance: {limit.cited(hb)} ({limit.months} months). The policy text is unchanged: raise it at the next review",
            )
