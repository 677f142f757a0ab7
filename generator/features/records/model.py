"""Staff records: personal data, kept outside policy_data/ in a records folder
(``--records DIR``, default ``records/``, git-ignored).  Nothing here may reach build/site/
or build/print/; outputs that use it go to build/private/.

    records/staff.yaml       staff: [{id, name, roles, start_date, leave_date}]
    records/signatures.yaml  signatures: [{staff, policy, fingerprint, date}]
    records/training.yaml    training: [{staff, course, date, provider}]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from generator.core.findings import DataError, Location, Report
from generator.core.model import Node, Slug, Text
from generator.core.sources import SourceKind, load_model
from generator.features.records.codes import DUPLICATE_STAFF, NO_FOLDER

ShortOrFullFingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12,64}$")]


class StaffMember(Node):
    id: Slug
    name: Text
    roles: list[Slug] = Field(min_length=1)
    start_date: dt.date
    leave_date: dt.date | None = None


class StaffFile(Node):
    staff: list[StaffMember] = Field(default_factory=list)


class Signature(Node):
    staff: Slug
    policy: Slug
    fingerprint: ShortOrFullFingerprint
    date: dt.date


class SignaturesFile(Node):
    signatures: list[Signature] = Field(default_factory=list)


class TrainingRecord(Node):
    staff: Slug
    # a course the training packs declare (policy_data/training/*-september.yaml, courses:), by
    # its id: induction, the September session, the whole staff's renewal, the DSL's, as the
    # setting names them
    course: Slug
    date: dt.date
    provider: Text | None = None


# The course ids every pack named before courses were data (the tool's fixed list, from one
# setting's policy): a pack or record naming one of them undeclared is told to run `handbook upgrade`.
OLD_COURSES = ("induction", "cp-annual-head", "cp-service", "dsl")


def undeclared(course_id: str, where_declared: str, old_format: bool) -> str:
    """The message for a course id no training pack declares, with how to fix it (`old_format`:
    a pack declares no course at all, as one written before courses were data)."""
    how = (
        "; a project made before courses were data: run `handbook upgrade`, which declares the old ones"
        if old_format and course_id in OLD_COURSES
        else ""
    )
    return f"'{course_id}' is not a course {where_declared} declares (courses: id, title, provider, purpose){how}"


class TrainingFile(Node):
    training: list[TrainingRecord] = Field(default_factory=list)


@dataclass
class Records:
    folder: Path
    staff: dict[str, StaffMember] = field(default_factory=dict)
    signatures: list[Signature] = field(default_factory=list)
    training: list[TrainingRecord] = field(default_factory=list)

    def current(self, on: dt.date, starting_by: dt.date | None = None) -> list[StaffMember]:
        """The staff on `on`, in staff.yaml order: everyone who has not left by then (new
        starters included); with `starting_by`, only those who start on or before that day."""
        return [
            m
            for m in self.staff.values()
            if (m.leave_date is None or m.leave_date > on) and (starting_by is None or m.start_date <= starting_by)
        ]

    @cached_property
    def signatures_by_person_and_policy(self) -> dict[tuple[str, str], list[Signature]]:
        """The ledger grouped once: the status matrix asks for every person and policy."""
        grouped: dict[tuple[str, str], list[Signature]] = {}
        for signature in self.signatures:
            grouped.setdefault((signature.staff, signature.policy), []).append(signature)
        return grouped


RECORD_SOURCES = (
    SourceKind("staff", "staff.yaml", StaffFile, "records-staff", folder="records"),
    SourceKind("signatures", "signatures.yaml", SignaturesFile, "records-signatures", folder="records"),
    SourceKind("training", "training.yaml", TrainingFile, "records-training", folder="records"),
)


def load_records(folder: Path, shown: Callable[[Path], str]) -> tuple[Records, Report]:
    """Load the records folder.  Raises DataError when a file cannot be read or validated;
    cross-checks against the handbook (unknown people, policies, fingerprints) are the
    records check (check.py)."""
    report = Report()
    if not folder.is_dir():
        raise DataError([NO_FOLDER(Location(shown(folder)), "the records folder does not exist")])
    records = Records(folder=folder)
    for kind in RECORD_SOURCES:
        key, path = kind.key, folder / kind.pattern
        if not path.exists():
            continue  # a setting may keep signatures before training records, or the reverse
        _, node = load_model(path, kind.model, shown(path), report)
        if node is None:
            continue
        if key == "staff":
            for member in node.staff:
                if member.id in records.staff:
                    report.extend([DUPLICATE_STAFF(member.where("id"), f"duplicate staff id '{member.id}'")])
                records.staff[member.id] = member
        elif key == "signatures":
            records.signatures = list(node.signatures)
        else:
            records.training = list(node.training)
    if report.errors:
        raise DataError(report.sorted())
    return records, report
