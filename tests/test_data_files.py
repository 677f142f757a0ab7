"""Which files the tool reads and publishes: editors' lock, swap and backup files and our own
interrupted writes are never data; nothing a link brings in from outside the project, and
nothing from a records or private folder, is ever published.

Every folder the loader reads is walked from the data file kinds (the features' SourceKinds and
the staff records'), not from a hand list."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import AS_OF, REPO, copy_project, run_handbook, run_mkdocs

from generator.features.records.model import RECORD_SOURCES
from generator.pipeline.features import FEATURES

MARK = "EDITOR-LEFTOVER-7Q"


def handbook(*args: str, cwd: Path):
    """This checkout's code, wherever the command runs."""
    result = run_handbook(*args, "--as-of", AS_OF, cwd=cwd, env={"PYTHONPATH": str(REPO)})
    assert "Traceback" not in result.stderr, result.stderr
    return result


def data_kinds(root: Path) -> list[tuple[Path, str]]:
    """(folder, a data file name there) for every kind of data file the loader reads, the
    staff records' included."""
    bases = {"data": root / "policy_data", "checklists": root / "checklists", "records": root / "records"}
    found = []
    for kind in [k for feature in FEATURES for k in feature.sources] + list(RECORD_SOURCES):
        pattern = Path(kind.pattern)
        folder = bases[kind.folder] / pattern.parent
        existing = sorted(folder.glob(pattern.name))
        found.append((folder, existing[0].name if existing else pattern.name.replace("*", "example")))
    return found


def data_folders(root: Path) -> list[tuple[Path, str]]:
    """Every folder the loader reads, once, with a data file name there."""
    return sorted(dict(reversed(data_kinds(root))).items())


def outputs(build: Path) -> dict[str, bytes]:
    """Every file under build/, and every entry of every zip in it."""
    found = {}
    for path in sorted(p for p in build.rglob("*") if p.is_file()):
        rel = path.relative_to(build).as_posix()
        found[rel] = path.read_bytes()
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                found |= {f"{rel}!{name}": archive.read(name) for name in archive.namelist()}
    return found


def leave_editor_files(folder: Path, name: str) -> list[str]:
    """What Emacs, Vim and an interrupted write of ours leave beside `name`, each broken so
    that reading it as data would fail (or publish the mark)."""
    folder.mkdir(parents=True, exist_ok=True)
    broken = f"{MARK}: [unclosed\n\tkey: {{\n"
    files = {
        f"{name}~": broken,  # Emacs backup
        f"#{name}#": broken,  # Emacs autosave
        f".{name}.swp": "b0VIM 9.0\x00\x00" + MARK,  # Vim swap
        f".{name}.swo": "b0VIM 9.0\x00\x00" + MARK,
        f".{Path(name).stem}.k2j4x9.yaml": broken,  # an interrupted first import (before this fix)
        f".{name}.a8Zq1.tmp": broken,  # an interrupted write now
    }
    for file_name, text in files.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    (folder / f".#{name}").symlink_to("office@pc-12.4121:1764921600")  # Emacs lock: a link to nowhere
    return [*files, f".#{name}"]


@pytest.mark.prebuilt
def test_editor_and_temporary_files_in_every_data_folder_are_not_data(project: Path):
    root = project
    shutil.copytree(REPO / "examples/records", root / "records")
    folders = data_folders(root) + [(root / "docs", "how-to-use.md")]
    assert {
        root / "policy_data",
        root / "policy_data/policies",
        root / "checklists",
        root / "records",
        root / "docs",
    } <= {f for f, _ in folders}
    for folder, name in folders:
        leave_editor_files(folder, name)

    checked = handbook("check", cwd=root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert MARK not in checked.stdout + checked.stderr
    built = handbook("build", "-q", "--records", "records", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    texts = outputs(root / "build")
    assert not [rel for rel, data in texts.items() if MARK.encode() in data]
    assert not [rel for rel in texts if "~" in rel or "#" in rel.split("!")[-1] or ".swp" in rel]


def test_editor_files_in_a_setting_s_folders_are_not_data(tmp_path: Path):
    root = shutil.copytree(
        REPO / "examples/local-authority", tmp_path / "la", ignore=shutil.ignore_patterns("build", ".build.*")
    )
    for folder in (
        root / "model/policy_data",
        root / "model/policy_data/policies",
        root / "model/checklists",
        root / "settings/willow-court",
    ):
        name = next(p.name for p in sorted(folder.glob("*.yaml")))
        leave_editor_files(folder, name)
    checked = handbook("check", "--setting", "willow-court", cwd=root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert MARK not in checked.stdout + checked.stderr


def test_a_data_file_linked_from_outside_the_project_is_refused_in_every_folder(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    linked = []
    for folder, name in data_kinds(root):
        if folder == root / "records" or not (folder / name).is_file() or (folder / name).is_symlink():
            continue  # staff records are given with --records, wherever the office keeps them
        target = outside / f"{folder.name}-{name}"
        shutil.move(folder / name, target)
        (folder / name).symlink_to(target)
        linked.append(f"{(folder / name).relative_to(root)}:1:1: error: is a link to {target}, outside the project")
    assert len(linked) >= 8
    result = handbook("check", cwd=root)
    assert result.returncode == 1
    missing = [line for line in linked if line not in result.stdout]
    assert not missing, result.stdout[-3000:]


@pytest.mark.prebuilt
def test_a_link_in_docs_leading_outside_the_project_stops_the_build(project: Path, tmp_path: Path):
    root = project
    assert handbook("build", "-q", cwd=root).returncode == 0
    before = outputs(root / "build")
    outside = tmp_path / "shared-drive"
    outside.mkdir()
    (outside / "payroll.pdf").write_bytes(b"%PDF-1.4 " + MARK.encode())
    (outside / "notes.md").write_text(f"# Notes\n\n{MARK}\n", encoding="utf-8")
    (root / "docs/shared").symlink_to(outside)  # a folder
    (root / "docs/notes.md").symlink_to(outside / "notes.md")  # a page
    (root / "docs/gone.md").symlink_to(tmp_path / "no-such-file.md")  # a broken link
    (root / "handouts").mkdir()
    (root / "handouts/fire-drill.txt").write_text("Leave by the garden door.\n", encoding="utf-8")
    (root / "docs/fire-drill.txt").symlink_to(root / "handouts/fire-drill.txt")  # inside the project: allowed

    result = handbook("build", "-q", cwd=root)
    assert result.returncode == 1
    for shown, target in (("docs/shared", outside), ("docs/notes.md", outside / "notes.md")):
        assert f"{shown}:1:1: error: is a link to {target}, outside the project" in result.stdout + result.stderr
    assert "docs/gone.md:1:1: error: is a link to" in result.stdout + result.stderr
    assert "docs/fire-drill.txt" not in result.stdout + result.stderr
    assert outputs(root / "build") == before  # the previous build, untouched

    for link in ("shared", "notes.md", "gone.md"):
        (root / "docs" / link).unlink()
    assert handbook("build", "-q", cwd=root).returncode == 0
    assert outputs(root / "build")["site/fire-drill.txt"] == b"Leave by the garden door.\n"


@pytest.mark.parametrize(
    "place",
    [
        "docs/private/acknowledgements.html",
        "docs/records/staff.md",
        "docs/team/private/signatures.md",
        "docs/staff.md -> records/staff.yaml",
        "docs/signed -> build/private",
        "docs/ledger.txt -> records/signatures.yaml",
    ],
)
@pytest.mark.prebuilt
def test_nothing_from_a_records_or_private_folder_is_published(place: str, project: Path, tmp_path: Path):
    root = project
    shutil.copytree(REPO / "examples/records", root / "records")
    (root / "records/signatures.yaml").write_text((root / "records/signatures.yaml").read_text() + f"# {MARK}\n")
    (root / "build/private").mkdir(parents=True)
    (root / "build/private/acknowledgements.html").write_text(f"<p>{MARK}</p>", encoding="utf-8")
    shown, _, target = place.partition(" -> ")
    path = root / shown
    path.parent.mkdir(parents=True, exist_ok=True)
    if target:
        path.symlink_to(root / target)
    else:
        path.write_text(f"# Staff\n\n{MARK}\n", encoding="utf-8")
    # named where the private folder (or the link) is
    parts = Path(shown).parts
    named = "/".join(parts[: next((i + 1 for i, p in enumerate(parts) if p in ("records", "private")), len(parts))])
    checked = handbook("check", cwd=root)
    assert f"{named}:1:1: warning: is in (or links to) a records or private folder" in checked.stdout
    result = handbook("build", "-q", cwd=root)
    assert result.returncode == 0, result.stderr
    texts = outputs(root / "build")
    assert not [rel for rel, data in texts.items() if MARK.encode() in data and not rel.startswith("private/")]
    site_path = "site/" + named.removeprefix("docs/").replace(".md", ".html")
    assert not [rel for rel in texts if rel.startswith(site_path)]
    # and the same through plain `mkdocs build`, which reads docs/ without `handbook build`
    mkdocs = run_mkdocs("build", "-q", "-d", str(tmp_path / "plain"), cwd=root, env={"PYTHONPATH": str(REPO)})
    assert mkdocs.returncode == 0, mkdocs.stderr
    assert not [p for p in (tmp_path / "plain").rglob("*") if p.is_file() and MARK.encode() in p.read_bytes()]


def test_an_interrupted_write_leaves_nothing_the_loader_reads(tmp_path: Path):
    """The writer's temporary file is hidden beside the file it replaces: if the process dies
    before the rename, `check` still passes."""
    from generator.core.datafiles import data_files

    root = copy_project(tmp_path / "project")
    policies = root / "policy_data/policies"
    (policies / ".confidentiality.yaml.x1y2z3.tmp").write_text("broken: [", encoding="utf-8")
    (policies / ".staff.qwerty.yaml").write_text("broken: [", encoding="utf-8")
    assert [p.name for p in data_files(policies, "*.yaml")] == ["confidentiality.yaml"]
    assert handbook("check", cwd=root).returncode == 0


def test_a_refused_write_leaves_the_file_and_no_temporary_file(tmp_path: Path):
    from generator.core.datafiles import write_atomically

    target = tmp_path / "policy.yaml"
    target.write_text("kept: yes\n", encoding="utf-8")
    target.chmod(0o640)
    problems = write_atomically(target, "new: [", check=lambda temp: ["does not load"])
    assert problems == ["does not load"]
    assert target.read_text(encoding="utf-8") == "kept: yes\n" and os.listdir(tmp_path) == ["policy.yaml"]
    assert write_atomically(target, "new: yes\n") == []
    assert target.read_text(encoding="utf-8") == "new: yes\n" and (target.stat().st_mode & 0o777) == 0o640
