"""Fast rebuilds: what did not change is reused from the previous build, and only that."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_handbook


def manifest(root: Path) -> dict:
    return json.loads((root / "build/.cache/manifest.json").read_text())


def test_unchanged_rebuild_reuses_the_site_and_a_changed_policy_rebuilds_it(project: Path):
    first = run_handbook("build", cwd=project)
    assert first.returncode == 0, first.stderr
    assert "site           built" in first.stderr

    again = run_handbook("build", cwd=project)
    assert again.returncode == 0, again.stderr
    assert "site           reused from the last build" in again.stderr
    assert (project / "build/site/policies/confidentiality.html").exists()

    policy = project / "policy_data/policies/confidentiality.yaml"
    policy.write_text(policy.read_text().replace("Foster an ethos of trust", "Foster an ethos of openness"))
    changed = run_handbook("build", cwd=project)
    assert changed.returncode == 0, changed.stderr
    assert "site           built" in changed.stderr
    assert "ethos of openness" in (project / "build/site/policies/confidentiality.html").read_text()


def test_a_damaged_manifest_only_costs_a_full_rebuild(project: Path):
    assert run_handbook("build", cwd=project).returncode == 0
    (project / "build/.cache/manifest.json").write_text("{not json")
    again = run_handbook("build", cwd=project)
    assert again.returncode == 0, again.stderr
    assert "site           built" in again.stderr
    assert "site" in manifest(project)


def test_quiet_build_prints_no_progress(project: Path):
    result = run_handbook("build", "-q", cwd=project)
    assert result.returncode == 0
    assert "load + check" not in result.stderr
