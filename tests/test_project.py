"""One project object, one list of features, one MkDocs plugin: what the redesign promises a
user, and the three defects it fixed (each test fails on the code before it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import AS_OF, REPO, edit_data, run_handbook

from generator.core.project import Project
from generator.pipeline.handbook import load_and_check
from generator.site.pages import plan_site

EXAMPLE_RECORDS = REPO / "examples" / "records"


def nav_titles(nav: list) -> list:
    return [
        (title, [next(iter(p)) for p in value] if isinstance(value, list) else value)
        for item in nav
        for title, value in item.items()
    ]


def test_the_navigation_follows_the_feature_list(monkeypatch):
    """The headings in the order NAVIGATION states (pipeline/features.py), not the features'
    dependency order; a feature with pages is in the navigation once, whether named or not."""
    from generator.pipeline.features import FEATURES, NAVIGATION, in_navigation_order

    ordered = [feature.name for feature in in_navigation_order()]
    assert sorted(ordered) == sorted(f.name for f in FEATURES if f.pages is not None)
    assert ordered[: len(NAVIGATION)] == list(NAVIGATION)

    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    handbook, _ = load_and_check(Project.at(REPO), for_site=True)
    titles = [title for title, _ in nav_titles(plan_site(handbook).nav)]
    assert titles == [
        "Home",
        "How to use this handbook",
        "Policies",
        "Policy register",
        "Who this applies to",
        "Checklists",
        "For parents",
        "Records and information",
        "For the next review",
        "September training",
        "Glossary",
        "Accessibility",
    ]
    sections = dict(nav_titles(plan_site(handbook).nav))
    assert sections["Who this applies to"][0] == "All roles"
    assert sections["Policy register"] == "register.md"


# Defect 1: `build --records` and `status` checked staff records with two validators that
# disagreed; a signature for a fingerprint that is no release passed the build.
def test_build_and_status_refuse_the_same_unknown_fingerprint(project: Path):
    shutil.copytree(EXAMPLE_RECORDS, project / "records")
    line = edit_data(project, "records/signatures.yaml", "fingerprint: 22f286e07ecd\n", "fingerprint: 0123456789ab\n")
    expected = (
        f"records/signatures.yaml:{line}:5: error: fingerprint 0123456789ab is not a release of 'confidentiality'"
    )
    build = run_handbook("build", "--records", "records", cwd=project)
    status = run_handbook("status", cwd=project)
    for result in (build, status):
        assert result.returncode == 1
        assert expected in result.stderr, result.stderr
    assert not (project / "build").exists()


# Defect 2: `handbook status` replaced build/private/, deleting the training pack's private
# copy that `handbook build --records` had put there (and the reverse must hold too).
@pytest.mark.prebuilt
def test_build_and_status_keep_each_others_private_outputs(project: Path):
    shutil.copytree(EXAMPLE_RECORDS, project / "records")
    private = project / "build/private"
    assert run_handbook("build", "--records", "records", cwd=project).returncode == 0
    assert (private / "training/september-2027.pdf").is_file()
    status = run_handbook("status", cwd=project)
    assert status.returncode == 0, status.stderr
    assert (private / "acknowledgements.csv").is_file()
    assert (private / "training/september-2027.pdf").is_file(), "status deleted the build's private copy"
    assert run_handbook("build", "--records", "records", cwd=project).returncode == 0
    assert (private / "acknowledgements.csv").is_file(), "build deleted status's report"
    assert (private / "training/september-2027.pdf").is_file()


# Defect 3: checklists were read from ROOT/checklists whatever --data said.
def test_check_reads_the_checklists_beside_the_data_folder(project: Path, tmp_path: Path):
    trial = tmp_path / "trial"
    shutil.copytree(project / "policy_data", trial / "policy_data")
    shutil.copytree(project / "checklists", trial / "checklists")
    path = trial / "checklists" / "head-teacher.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("based_on: [CONF-STR-05]", "based_on: [CONF-STR-99]"), encoding="utf-8"
    )
    trial_check = run_handbook("check", "--data", str(trial / "policy_data"), cwd=project)
    assert trial_check.returncode == 1
    assert "trial/checklists/head-teacher.yaml" in trial_check.stdout
    assert "unknown statement id 'CONF-STR-99'" in trial_check.stdout
    own_check = run_handbook("check", cwd=project)  # the project's own checklists are untouched
    assert own_check.returncode == 0, own_check.stdout


def test_plain_mkdocs_builds_the_folder_the_plugin_option_names(project: Path, tmp_path: Path):
    other = tmp_path / "other" / "policy_data"
    shutil.copytree(project / "policy_data", other)
    edit_data(other.parent, "policy_data/setting.yaml", "name: Homerton Early Years Centre", "name: Elsewhere Nursery")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == [
        {"search": config["plugins"][0]["search"]},
        "offline",
        {"handbook": {"data_dir": "policy_data"}},
    ]
    assert "hooks" not in config
    edit_data(project, "mkdocs.yml", "data_dir: policy_data", f"data_dir: {other}")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "HANDBOOK_DATE": AS_OF},
    )
    assert result.returncode == 0, result.stderr
    assert "Elsewhere Nursery staff handbook" in (project / "build/site/index.html").read_text(encoding="utf-8")
