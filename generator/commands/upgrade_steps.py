"""The steps of `handbook upgrade` (commands/upgrade.py): each rewrites the files of a project
made by an older version into the current format, as a list of changes checked before any is
written."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.core.model import Node
from generator.core.project import SETTINGS_DIR, Project
from generator.features.training.model import TrainingPack

# ---- training courses as data ------------------------------------------------------------

# The old fixed courses: id -> (purpose, the words the tool printed for it).
OLD_COURSES = {
    "induction": ("induction", "induction training"),
    "cp-annual-head": ("september-session", "the annual September child protection session"),
    "cp-service": ("whole-staff", "whole-staff child protection training"),
    "dsl": ("dsl", "designated safeguarding lead training"),
}
COURSES_COMMENT = """\
# The courses staff take, in the setting's own words (written by `handbook upgrade`: before, the
# tool fixed these ids and their names). The intervals below and records/training.yaml name a
# course by its id; rename the titles, give the providers. purpose: what the course is to the
# tool (induction, september-session, whole-staff, dsl or other).
"""


def _training_packs(project: Project) -> Iterator[Path]:
    """Every training pack of the project: its own, the model's and each setting's."""
    folders = [project.data_dir]
    if project.model_dir is not None:
        folders.append(project.model_dir)
    settings = project.root / SETTINGS_DIR
    if settings.is_dir():
        folders += sorted(p for p in settings.iterdir() if p.is_dir())
    seen: set[Path] = set()
    for folder in folders:
        for path in sorted((folder / "training").glob("*-september.yaml")):
            if path.resolve() not in seen:
                seen.add(path.resolve())
                yield path


def _scalar(value: str) -> str:
    """One YAML scalar on one line that reads back as the same string."""
    return yaml.safe_dump(value, allow_unicode=True, width=10_000).strip().removesuffix("...").strip()


def _entry(course: dict[str, str]) -> str:
    """One course as the starter files write a list entry: "  - id: ..." then its fields."""
    lines = [f"{key}: {_scalar(value)}" for key, value in course.items()]
    return "  - " + "\n    ".join(lines) + "\n"


def _declared_courses(text: str) -> str | None:
    """The pack's text with its old courses declared, or None when there is nothing to do."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or "courses" in data:
        return None
    intervals = [i for i in data.get("intervals") or [] if isinstance(i, dict)]
    courses = []
    for course_id, (purpose, words) in OLD_COURSES.items():
        said = next((i for i in intervals if i.get("course") == course_id), {})
        entry = {"id": course_id, "title": said.get("name") or words}
        if said.get("provider"):
            entry["provider"] = said["provider"]
        entry["purpose"] = purpose
        courses.append(entry)
    block = COURSES_COMMENT + "courses:\n" + "".join(_entry(course) for course in courses) + "\n"
    lines = text.splitlines(keepends=True)
    at = next((n for n, line in enumerate(lines) if re.match(r"intervals\s*:", line)), None)
    if at is None:
        return text + ("" if text.endswith("\n") else "\n") + block
    while at > 0 and lines[at - 1].startswith("#"):
        at -= 1  # above the comments that belong to intervals:
    return "".join(lines[:at]) + block + "".join(lines[at:])


@dataclass(frozen=True)
class Change:
    path: Path
    text: str  # the file's new text
    what: str  # what changed, as the command says it
    model: type[Node]  # what the new text must be, checked before it is written
    original: bytes  # the file the new text was made from: written only over these very bytes


def _as_read_text(raw: bytes) -> str:
    """The file's text as Path.read_text gives it (its line endings made "\n")."""
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def training_courses(project: Project) -> list[Change]:
    changes = []
    for path in _training_packs(project):
        original = path.read_bytes()
        new = _declared_courses(_as_read_text(original))
        if new is not None:
            changes.append(Change(path, new, "declared the old training courses (courses:)", TrainingPack, original))
    return changes


UPGRADES: list[Callable[[Project], list[Change]]] = [training_courses]
