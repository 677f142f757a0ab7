"""A release is never replaced: signatures, approvals and adopting settings point at it.  A
correction is a new release with its own identity (DATE.2 the same day), old release files load
as they are, and a release cannot be dated after the as-of date."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from conftest import REPO, copy_example, plain_mkdocs_site, run_handbook, tree_digest
from conftest import edit_data as edit

POLICY = "policy_data/policies/confidentiality.yaml"
RELEASES = "policy_data/releases"


def with_records(project: Path) -> Path:
    shutil.copytree(REPO / "examples/records", project / "records")
    return project


def change_one_statement(project: Path) -> None:
    edit(project, POLICY, "Foster an ethos of trust within the school.", "Foster an ethos of trust within the Centre.")


def test_a_same_day_correction_is_a_new_release_and_signatures_stay_good(project: Path):
    with_records(project)
    signed = (project / RELEASES / "2026-11-28.yaml").read_bytes()  # the release the example signatures point at
    change_one_statement(project)
    result = run_handbook("release", cwd=project)  # on 2026-11-28, the day of the existing release
    assert result.returncode == 0, result.stderr
    assert (
        "this correction is release 2026-11-28.2; release 2026-11-28 is kept as it is (a release is never "
        "replaced, as signatures and approvals point at it)"
    ) in result.stderr
    assert f"wrote {RELEASES}/2026-11-28.2.yaml" in result.stderr
    assert (project / RELEASES / "2026-11-28.yaml").read_bytes() == signed
    second = yaml.safe_load((project / RELEASES / "2026-11-28.2.yaml").read_text(encoding="utf-8"))
    assert (str(second["date"]), second["number"]) == ("2026-11-28", 2)
    assert second["policies"][0]["version"] == 2

    check = run_handbook("check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    status = run_handbook("status", cwd=project)  # the signatures of version 1 still point at a release
    assert status.returncode == 0, status.stderr
    assert "is not a release" not in status.stdout + status.stderr
    csv_text = (project / "build/private/acknowledgements.csv").read_text(encoding="utf-8")
    assert "signed-older" in csv_text  # they signed version 1; version 2 is the one in force

    # The correction is signed by its own identity; the first release by its date.
    sign = run_handbook("sign", "ada-example", "confidentiality", "--release", "2026-11-28.2", cwd=project)
    assert sign.returncode == 0, sign.stderr
    ledger = (project / "records/signatures.yaml").read_text(encoding="utf-8")
    assert second["policies"][0]["fingerprint"][:12] in ledger
    wrong = run_handbook("sign", "ben-sample", "confidentiality", "--release", "2026-11-28.3", cwd=project)
    assert wrong.returncode == 1
    assert (
        "no release of 'confidentiality' is '2026-11-28.3' (its releases: 2026-11-28, 2026-11-28.2)"
        in wrong.stdout + wrong.stderr
    )

    # A third the same day is .3; the same words again are refused, nothing written.
    again = run_handbook("release", cwd=project)
    assert again.returncode == 1
    assert "nothing changed since release 2026-11-28.2 of the same day; a release is never replaced" in again.stderr
    assert "--force" not in again.stderr
    edit(project, POLICY, "within the Centre.", "within the setting.")
    assert run_handbook("release", cwd=project).returncode == 0
    assert (project / RELEASES / "2026-11-28.3.yaml").exists()
    assert run_handbook("check", cwd=project).returncode == 0


def test_force_is_gone_and_replaces_nothing(project: Path):
    with_records(project)
    change_one_statement(project)
    before = tree_digest(project / "policy_data")
    result = run_handbook("release", "--date", "2026-11-28", "--force", cwd=project)
    assert result.returncode == 2
    assert "--force is gone: a release is never replaced" in result.stderr
    assert "a correction is a new release" in result.stderr
    assert tree_digest(project / "policy_data") == before
    assert run_handbook("status", cwd=project).returncode == 0


def test_release_help_tells_the_truth(project: Path):
    text = run_handbook("release", "--help", cwd=project).stdout
    assert "--force" not in text
    assert "never replaced" in text and "DATE.2" in text
    assert "not after today" in text


def test_a_release_dated_after_the_as_of_date_is_refused(project: Path):
    change_one_statement(project)
    before = tree_digest(project / "policy_data")
    result = run_handbook("release", "--date", "2026-11-29", cwd=project)
    assert result.returncode == 1
    assert "release refused: the date 2026-11-29 is after today (2026-11-28)" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "policy_data") == before
    assert run_handbook("release", "--date", "2026-11-29", "--as-of", "2026-11-29", cwd=project).returncode == 0


def test_an_old_project_keeps_working(project: Path):
    """Release files written before a day could hold two have no `number:`: they load as the
    first release of their day, and a new release goes beside them without rewriting them."""
    old = (project / RELEASES / "2026-11-28.yaml").read_text(encoding="utf-8")
    assert "\nnumber:" not in old  # the committed release is in the old format
    with_records(project)
    assert run_handbook("check", cwd=project).returncode == 0
    change_one_statement(project)
    assert run_handbook("release", "--date", "2026-12-01", "--as-of", "2026-12-01", cwd=project).returncode == 0
    assert "\nnumber:" not in (project / RELEASES / "2026-12-01.yaml").read_text(encoding="utf-8")
    assert (project / RELEASES / "2026-11-28.yaml").read_text(encoding="utf-8") == old
    assert run_handbook("status", "--as-of", "2026-12-01", cwd=project).returncode == 0


def test_a_release_file_named_for_another_release_is_an_error(project: Path):
    change_one_statement(project)
    assert run_handbook("release", cwd=project).returncode == 0
    second = project / RELEASES / "2026-11-28.2.yaml"
    second.rename(project / RELEASES / "2026-11-28.5.yaml")
    check = run_handbook("check", cwd=project)
    assert check.returncode == 1
    assert (
        "the release file is named 2026-11-28.5.yaml but it says it is release 2026-11-28.2 (date 2026-11-28, number 2); "
        "they must agree: the file of release 2026-11-28.2 is 2026-11-28.2.yaml"
    ) in check.stdout


def test_a_setting_adopts_a_same_day_model_correction(tmp_path: Path):
    # The local authority's example (this checkout's code, not an installed one).  One page of
    # oak-tree's site is read, and no PDF: its mkdocs.yml shows oak-tree, so plain `mkdocs
    # build` makes that site alone (the plugin `handbook build --setting oak-tree` runs).
    root = copy_example(tmp_path / "la")
    model = "model/policy_data"
    edit(
        root,
        f"{model}/policies/confidentiality.yaml",
        "We liaise and work with a range",
        "We liaise and work closely with a range",
    )
    made = run_handbook("release", "--data", model, "--as-of", "2026-11-20", cwd=root)
    assert made.returncode == 0, made.stderr
    assert (root / model / "releases/2026-11-20.2.yaml").exists()
    check = run_handbook("check", "--setting", "oak-tree", cwd=root)
    assert "the model's latest release is 2026-11-20.2; this setting adopted the release of 2026-11-20" in check.stdout
    built = plain_mkdocs_site(root, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    page = " ".join((tmp_path / "site/review/local-changes.html").read_text(encoding="utf-8").split())
    assert "It adopted the model's release of 20 November 2026." in page
    assert "The model's latest release is 20 November 2026 (release 2 of that day)" in page
    adopt = run_handbook("resolve", "--setting", "oak-tree", "--adopt", cwd=root)
    assert adopt.returncode == 0, adopt.stderr
    assert "adopted: 2026-11-20.2\n" in (root / "settings/oak-tree/overrides.yaml").read_text(encoding="utf-8")
    check = run_handbook("check", "--setting", "oak-tree", cwd=root)
    assert check.returncode == 0, check.stdout
    assert "the model's latest release is" not in check.stdout


def test_a_release_of_no_policies_is_refused_and_nothing_is_written(tmp_path: Path):
    """A new project has no policies: a release of none would be a file every later command
    refuses (its policies list may not be empty), and release said it had written it."""
    root = tmp_path / "oak"
    made = run_handbook("new", str(root), "--name", "Oak Tree Day Nursery", "--kind", "pvi-nursery", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    before = tree_digest(root)
    result = run_handbook("release", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "release refused: the handbook has no policies yet (policy_data/policies/ is empty)" in result.stderr
    assert tree_digest(root) == before
    assert run_handbook("check", cwd=root).returncode == 0
