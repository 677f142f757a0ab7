"""Fast rebuilds: what did not change is reused from the previous build, and only that."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_handbook


def manifest(root: Path) -> dict:
    return json.loads((root / "build/.cache/manifest.json").read_text())


@pytest.mark.prebuilt
def test_unchanged_rebuild_reuses_the_site_and_a_changed_policy_rebuilds_it(project: Path):
    # The session's build, with no site in its cache: the first build must build the site (the
    # PDFs, which this test does not look at, are reused).  The manifest is a hard link to the
    # shared build's: replaced, not written into.
    kept = manifest(project)
    del kept["site"]
    (project / "build/.cache/manifest.json").unlink()
    (project / "build/.cache/manifest.json").write_text(json.dumps(kept))
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


@pytest.mark.prebuilt
def test_a_damaged_manifest_only_costs_a_full_rebuild(project: Path):
    assert run_handbook("build", cwd=project).returncode == 0
    (project / "build/.cache/manifest.json").write_text("{not json")
    again = run_handbook("build", cwd=project)
    assert again.returncode == 0, again.stderr
    assert "site           built" in again.stderr
    assert "site" in manifest(project)


@pytest.mark.prebuilt
def test_quiet_build_prints_no_progress(project: Path):
    result = run_handbook("build", "-q", cwd=project)
    assert result.returncode == 0
    assert "load + check" not in result.stderr


def pdf_inodes(root: Path) -> dict[str, int]:
    """A reused PDF is a hard link to the previous build's file, so it keeps its inode."""
    return {str(p.relative_to(root / "build")): p.stat().st_ino for p in sorted((root / "build/print").rglob("*.pdf"))}


OFFICE_POLICY = """\
id: office-procedures
title: Office Procedures
sections:
  - id: records
    title: Records
    statements:
      - id: OFF-REC-01
        text: A test statement for the office only.
        audience: [staff]
        roles: [office-staff]
"""


def add_office_policy(root: Path) -> Path:
    """A second policy that only centre office staff sign for."""
    policy = root / "policy_data/policies/office-procedures.yaml"
    policy.write_text(OFFICE_POLICY, encoding="utf-8")
    register = root / "policy_data/register.yaml"
    register.write_text(
        register.read_text(encoding="utf-8")
        + "  - id: office-procedures\n    title: Office Procedures\n    kind: procedure\n    status: in-handbook\n",
        encoding="utf-8",
    )
    return policy


@pytest.mark.prebuilt
def test_pdf_cache_reuses_unchanged_and_rerenders_exactly_the_dependants(project: Path):
    policy = add_office_policy(project)
    first = run_handbook("build", cwd=project)
    assert first.returncode == 0, first.stderr
    built = pdf_inodes(project)
    assert len(built) >= 6

    unchanged = run_handbook("build", cwd=project)
    assert unchanged.returncode == 0, unchanged.stderr
    assert f"pdf            0 rendered, {len(built)} reused" in unchanged.stderr
    assert pdf_inodes(project) == built

    policy.write_text(OFFICE_POLICY.replace("for the office only", "for the centre office only"), encoding="utf-8")
    edited = run_handbook("build", cwd=project)
    assert edited.returncode == 0, edited.stderr
    after = pdf_inodes(project)
    rerendered = sorted(path for path in after if after[path] != built[path])
    # Only the office staff's checklist shows that policy; the notice, the training pack and the
    # other roles' checklists do not, so they are reused.
    assert rerendered == ["print/checklists/office-staff.pdf"]
    assert "pdf            1 rendered" in edited.stderr


@pytest.mark.prebuilt
def test_a_changed_template_rerenders_everything(project: Path):
    # A private copy of the generator, so the test can edit its template.
    (project / "generator").unlink()
    shutil.copytree(REPO / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    assert run_handbook("build", cwd=project).returncode == 0
    before = pdf_inodes(project)

    css = project / "generator/templates/print/print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* a template change */\n", encoding="utf-8")
    again = run_handbook("build", cwd=project)
    assert again.returncode == 0, again.stderr
    after = pdf_inodes(project)
    assert sorted(after) == sorted(before)
    assert all(after[path] != before[path] for path in before)
    assert "site           built" in again.stderr
