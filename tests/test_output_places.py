"""Nothing lost, nothing published by mistake: no command writes into docs/, a published output
or the data (walked over every output option of the command line), `export` never overwrites a
Word document unless told to, and `status` leaves the office's own files in build/private/."""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, run_handbook, tree_digest

from generator import cli

# Options that name something a command reads, never writes.
INPUT_OPTIONS = {"root", "data", "csv", "file", "from_project", "po_file", "password_file"}  # read, never written
# What each command needs besides the option under test.
REQUIRED = {
    "build": [],
    "status": [],
    "due": [],
    "export": ["confidentiality"],
    "import": [str(FIXTURES / "confidentiality-procedure.txt"), "--id", "trial-policy"],
    "sign": ["ada-example", "confidentiality"],
    "new": ["--name", "Oak Tree Nursery"],
    "translate": ["export", "fair-processing-notice", "--language", "bn"],
}
PUBLISHED = ["docs/private-copy", "build/site/x", "build/print/x", "build/public/x"]
DATA = ["policy_data/out", "policy_data", "checklists/x", "records/x"]


def path_options() -> set[tuple[str, str]]:
    """(command, dest) of every option of every command whose value is a path."""
    found = set()
    [sub] = [a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction)]

    def walk(command: str, parser: argparse.ArgumentParser) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):  # `translate export`: the command is `translate`
                for nested in action.choices.values():
                    walk(command, nested)
            elif action.type is Path or action.dest in ("out", "docx", "records"):
                found.add((command, action.dest))

    for command, parser in sub.choices.items():
        walk(command, parser)
    return found


def test_every_path_option_is_known_as_an_input_or_a_checked_output():
    unknown = {(c, d) for c, d in path_options() if d not in INPUT_OPTIONS and (c, d) not in cli.OUTPUT_OPTIONS}
    assert unknown == set(), f"say in cli.OUTPUT_OPTIONS where these may write: {unknown}"
    assert {c for c, _ in cli.OUTPUT_OPTIONS} <= set(REQUIRED)


def places_refused(command: str, dest: str) -> list[str]:
    allowed = cli.OUTPUT_OPTIONS[(command, dest)].get("allowed", frozenset())
    places = list(PUBLISHED)
    if "data" not in allowed:
        places += [p for p in DATA if not p.startswith("records")]
    if "records" not in allowed:
        places += [p for p in DATA if p.startswith("records")]
    return places


CASES = [(c, d, place) for (c, d) in sorted(cli.OUTPUT_OPTIONS) for place in places_refused(c, d)]


@pytest.mark.parametrize("command, dest, place", CASES, ids=[f"{c}-{d}-{p}" for c, d, p in CASES])
def test_no_output_goes_into_docs_the_site_or_the_data(
    project: Path, command: str, dest: str, place: str, monkeypatch, capsys
):
    shutil.copytree(REPO / "examples/records", project / "records")
    (project / "build/site").mkdir(parents=True)
    before = tree_digest(project)
    option = {"docx": "--out", "po_out": "--out", "dir": "DIR"}.get(dest, f"--{dest}")
    value = f"{place}/policy.docx" if dest == "docx" else f"{place}/notice.po" if dest == "po_out" else place
    monkeypatch.chdir(project)
    given = [value] if dest == "dir" else [option, value]  # new's DIR is positional
    code = cli.main([command, *REQUIRED[command], *given])
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"handbook {command}: {option} {value} is inside" in err and "nothing was written" in err
    assert tree_digest(project) == before


def test_build_out_never_holds_the_project(project: Path, monkeypatch, capsys):
    monkeypatch.chdir(project)
    before = tree_digest(project)
    for value in (".", "..", str(project.parent)):
        assert cli.main(["build", "--out", value]) == 1
        assert "holds the project itself, which would be replaced; nothing was written" in capsys.readouterr().err
    assert tree_digest(project) == before


def test_status_out_docs_never_reaches_the_site(project: Path):
    shutil.copytree(REPO / "examples/records", project / "records")
    result = run_handbook("status", "--out", "docs", cwd=project)
    assert result.returncode == 1
    assert not (project / "docs/private").exists()


# --- export never overwrites ---------------------------------------------------------------


def test_export_refuses_an_existing_document_unless_forced(project: Path):
    revised = project / "confidentiality.docx"
    revised.write_bytes(b"the owner's only revised copy")
    result = run_handbook("export", "confidentiality", "--out", "confidentiality.docx", cwd=project)
    assert result.returncode == 1
    assert (
        "handbook export: confidentiality.docx already exists and was not changed (it may hold someone's "
        "revisions); give another file name, or add --force to replace it"
    ) in result.stderr
    assert revised.read_bytes() == b"the owner's only revised copy"
    assert [p.name for p in project.iterdir() if p.name.endswith(".docx")] == ["confidentiality.docx"]  # no temp left

    forced = run_handbook("export", "confidentiality", "--out", "confidentiality.docx", "--force", cwd=project)
    assert forced.returncode == 0, forced.stderr
    assert revised.read_bytes()[:2] == b"PK"  # a Word document now
    fresh = run_handbook("export", "confidentiality", "--out", "new.docx", cwd=project)
    assert fresh.returncode == 0 and (project / "new.docx").read_bytes()[:2] == b"PK"


def test_export_help_says_it_never_overwrites(project: Path):
    text = " ".join(run_handbook("export", "--help", cwd=project).stdout.split())
    assert "--force replace FILE.docx if it already exists (by default an existing file is never overwritten)" in text


# --- status writes only its own files ------------------------------------------------------


@pytest.mark.prebuilt
def test_status_keeps_the_office_files_and_removes_only_its_own_stale_checklists(project: Path):
    shutil.copytree(REPO / "examples/records", project / "records")
    private = project / "build/private"
    assert run_handbook("status", cwd=project).returncode == 0
    checklists = sorted(p.name for p in (private / "checklists").glob("*.pdf"))
    assert checklists, "the example records have someone still to sign"
    person = checklists[0].removesuffix(".pdf")

    office = {
        "scanned-signature-sheet.pdf": b"%PDF-1.4 scanned by the office",
        "checklists/office-notes.txt": b"who was away on the day",
        "filing/2026/sheet.txt": b"kept here",
    }
    for rel, data in office.items():
        (private / rel).parent.mkdir(parents=True, exist_ok=True)
        (private / rel).write_bytes(data)
    os.chmod(private / "scanned-signature-sheet.pdf", 0o600)

    signed = run_handbook("sign", person, "confidentiality", cwd=project)
    assert signed.returncode == 0, signed.stderr
    result = run_handbook("status", cwd=project)
    assert result.returncode == 0, result.stderr
    for rel, data in office.items():
        assert (private / rel).read_bytes() == data, rel
    assert (private / "scanned-signature-sheet.pdf").stat().st_mode & 0o777 == 0o600
    assert not (private / f"checklists/{person}.pdf").exists()  # ours, and no longer needed
    assert not (private / f"checklists/{person}.html").exists()
    assert (private / "acknowledgements.csv").is_file()
    assert not [p for p in (project / "build").parent.iterdir() if ".new-" in p.name]  # no scratch left

    # A build afterwards keeps them too.
    assert run_handbook("build", "-q", cwd=project).returncode == 0
    for rel, data in office.items():
        assert (private / rel).read_bytes() == data, rel


def test_a_private_folder_linked_into_docs_is_refused(project: Path):
    shutil.copytree(REPO / "examples/records", project / "records")
    (project / "docs/private").mkdir()
    (project / "build").mkdir()
    (project / "build/private").symlink_to(project / "docs/private")
    before = tree_digest(project / "docs")
    for command in ("status", "due"):
        result = run_handbook(command, "--records", "records", cwd=project)
        assert result.returncode == 1, command
        assert "folder build/private is inside docs/ (the handbook's pages" in result.stderr, result.stderr
    assert tree_digest(project / "docs") == before
