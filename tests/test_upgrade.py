"""`handbook upgrade`: a project made by an older version reads again, with its comments and
words kept.  The project here is this repository's, with its training pack as it was written
before training courses were data (tests/fixtures/upgrade/2027-september.yaml: the pack names
the tool's old fixed course ids, cp-service and the rest, and declares none)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import AS_OF, REPO, copy_project, run_handbook

from generator.core.project import Project
from generator.features.training.check import course_name
from generator.pipeline.handbook import load_and_check

OLD_PACK = REPO / "tests/fixtures/upgrade/2027-september.yaml"
PACK = "policy_data/training/2027-september.yaml"


@pytest.fixture
def old_project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "old")
    shutil.copyfile(OLD_PACK, project / PACK)
    shutil.copytree(REPO / "examples/records", project / "records")
    return project


def _comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_an_old_project_is_told_to_upgrade_and_upgrade_makes_it_read_as_before(old_project: Path):
    checked = run_handbook("check", cwd=old_project)
    assert checked.returncode == 1
    errors = [line for line in checked.stdout.splitlines() if ": error: " in line]
    assert errors and all(line.startswith(f"{PACK}:") for line in errors), errors
    assert all("run `handbook upgrade`" in line for line in errors)
    assert "'cp-service' is not a course this pack declares" in checked.stdout

    before = (old_project / PACK).read_bytes()
    dry = run_handbook("upgrade", "--dry-run", cwd=old_project)
    assert dry.returncode == 0 and f"would change {PACK}" in dry.stderr
    assert (old_project / PACK).read_bytes() == before

    upgraded = run_handbook("upgrade", cwd=old_project)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"changed {PACK}: declared the old training courses" in upgraded.stderr
    text = (old_project / PACK).read_text(encoding="utf-8")
    old = OLD_PACK.read_text(encoding="utf-8")
    # every comment and every line of the old file is kept, in its order
    assert set(_comments(old)) <= set(_comments(text))
    new_lines = iter(text.splitlines())
    assert all(line in new_lines for line in old.splitlines())  # a subsequence: none lost, none moved
    data = yaml.safe_load(text)
    courses = {c["id"]: c for c in data["courses"]}
    assert set(courses) == {"induction", "cp-annual-head", "cp-service", "dsl"}
    # the titles and providers the intervals gave, so the outputs read as before
    assert courses["cp-service"] == {
        "id": "cp-service",
        "title": "CP Service child protection training",
        "provider": "CP Service",
        "purpose": "whole-staff",
    }
    assert courses["cp-annual-head"]["purpose"] == "september-session"

    checked = run_handbook("check", cwd=old_project)
    assert checked.returncode == 0, checked.stdout
    # the staff records name the same ids: nothing to change there, and nothing reported
    hb, report = load_and_check(
        Project.at(old_project, records=old_project / "records", as_of=dt.date.fromisoformat(AS_OF))
    )
    assert not report.errors, [str(f) for f in report.errors]
    [pack] = hb.training
    names = {i.course: course_name(i, pack) for i in pack.intervals}
    assert names["cp-service"] == "CP Service child protection training"  # the provider is in its name
    assert names["dsl"] == "designated safeguarding lead training"

    again = run_handbook("upgrade", cwd=old_project)
    assert again.returncode == 0 and "nothing to upgrade" in again.stderr
    assert (old_project / PACK).read_text(encoding="utf-8") == text


def test_the_bundled_pack_is_in_the_current_format():
    """This repository's own data was upgraded: `handbook upgrade` finds nothing to do in it."""
    data = yaml.safe_load((REPO / PACK).read_text(encoding="utf-8"))
    assert {c["id"] for c in data["courses"]} >= {i["course"] for i in data["intervals"]}


def test_a_record_of_a_course_no_pack_declares_is_reported_with_its_line(old_project: Path):
    run_handbook("upgrade", cwd=old_project)
    records = old_project / "records/training.yaml"
    text = records.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip().startswith("course:"))
    records.write_text(text.replace(first, first.split("course:")[0] + "course: first-aid", 1), encoding="utf-8")
    _, report = load_and_check(
        Project.at(old_project, records=old_project / "records", as_of=dt.date.fromisoformat(AS_OF))
    )
    [finding] = [f for f in report.findings if f.code == "records.unknown-course"]
    assert finding.location.file == "records/training.yaml"
    assert "'first-aid' is not a course any training pack declares" in finding.message


def test_an_interval_of_an_undeclared_course_names_the_pack_and_the_fix(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    pack = project / PACK
    pack.write_text(pack.read_text(encoding="utf-8").replace("  - course: dsl", "  - course: dls"), encoding="utf-8")
    checked = run_handbook("check", cwd=project)
    assert checked.returncode == 1
    [line] = [line for line in checked.stdout.splitlines() if "training.unknown-course" in line or "'dls'" in line]
    assert line.startswith(f"{PACK}:") and "'dls' is not a course this pack declares" in line
    assert "handbook upgrade" not in line  # not one of the old ids: a typing slip


def test_a_course_declared_twice_is_reported_at_the_second(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    pack = project / PACK
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("  - id: dsl\n", "  - id: cp-service\n", 1), encoding="utf-8")
    line = next(n for n, t in enumerate(pack.read_text(encoding="utf-8").splitlines(), 1) if t == "  - id: cp-service")
    second = next(
        n
        for n, t in enumerate(pack.read_text(encoding="utf-8").splitlines(), 1)
        if t == "  - id: cp-service" and n > line
    )
    checked = run_handbook("check", cwd=project)
    assert f"{PACK}:{second}:5: error: a second course 'cp-service' in this pack" in checked.stdout, checked.stdout
    # the pack declares its courses: 'dsl' is now a slip of this pack, not a pack of an older format
    [dsl] = [line for line in checked.stdout.splitlines() if "'dsl' is not a course" in line]
    assert "handbook upgrade" not in dsl
