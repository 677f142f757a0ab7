"""What `handbook status` may replace or delete in build/private/: only a file it wrote, listed
in .status-files with the SHA-256 of what it wrote, and only while the file is still that.

The office keeps its own files there too (a signed scan saved as checklists/ben-sample.pdf):
status deleted one it had never written, because it counted every staff member's checklist as
its own, and said nothing.  Now a file of the office's, or one of status's that somebody has
changed since, is left as it is and named, with what to do."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from conftest import AS_OF, REPO, run_handbook

PRIVATE = "build/private"
SCAN = b"%PDF-1.4\n% a signed checklist, scanned by the office\n"


def with_records(project: Path) -> Path:
    shutil.copytree(REPO / "examples/records", project / "records")
    return project


def status(project: Path, code: int = 0) -> str:
    """What `handbook status` said; exit 1 when a file it made could not be put in place."""
    result = run_handbook("status", cwd=project)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def sign_cleo(project: Path) -> None:
    """Cleo signs: her checklist is no longer needed, and the matrix changes."""
    result = run_handbook("sign", "cleo-placeholder", "confidentiality", "--date", AS_OF, cwd=project)
    assert result.returncode == 0, result.stderr


def manifest_lines(project: Path) -> list[str]:
    lines = (project / PRIVATE / ".status-files").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def manifest(project: Path) -> dict[str, str]:
    """The files .status-files lists, with the SHA-256 each line gives."""
    listed = manifest_lines(project)
    assert all(re.fullmatch(r"[0-9a-f]{64}  \S+", line) for line in listed), listed
    return {line[66:]: line[:64] for line in listed}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def summary(said: str) -> str:
    return said.strip().splitlines()[-1]


def test_status_leaves_the_office_s_files_even_under_a_name_it_writes(project: Path):
    with_records(project)
    checklists = project / PRIVATE / "checklists"
    checklists.mkdir(parents=True)
    (checklists / "ben-sample.pdf").write_bytes(SCAN)  # Ben has signed: status writes him none
    (checklists / "cleo-placeholder.pdf").write_bytes(SCAN)  # Cleo has not: status writes hers
    said = status(project, code=1)
    assert (checklists / "ben-sample.pdf").read_bytes() == SCAN
    assert (checklists / "cleo-placeholder.pdf").read_bytes() == SCAN
    assert (
        f"left {PRIVATE}/checklists/cleo-placeholder.pdf as it is: status did not write it, or wrote it before it "
        "kept a list of what it wrote (.status-files); the new one was not written there (move or rename that file, "
        "then run status again, to get it)"
    ) in said
    assert summary(said) == "status did not finish: 1 of the files it made could not be put in place (see above)"
    assert "ben-sample" not in said  # not status's, and nothing status writes: nothing to say
    assert "checklists/cleo-placeholder.pdf" not in manifest(project)
    assert (checklists / "dev-fictional.pdf").read_bytes().startswith(b"%PDF")
    assert "(acknowledgements.html, acknowledgements.csv, 1 personal checklist)" in said
    # and again: still the office's, and now named as not listed
    again = status(project, code=1)
    assert "cleo-placeholder.pdf as it is: status did not write it (it is not listed in .status-files)" in again
    assert (checklists / "ben-sample.pdf").read_bytes() == SCAN
    assert (checklists / "cleo-placeholder.pdf").read_bytes() == SCAN


def test_status_replaces_and_deletes_its_own_unchanged_files_and_records_what_it_wrote(project: Path):
    with_records(project)
    private = project / PRIVATE
    status(project)
    first = manifest(project)
    assert {"acknowledgements.csv", "checklists/cleo-placeholder.pdf", "checklists/dev-fictional.pdf"} <= set(first)
    assert all(sha256(private / relative) == digest for relative, digest in first.items())
    csv_before = (private / "acknowledgements.csv").read_bytes()
    sign_cleo(project)
    said = status(project)
    assert "left " not in said
    assert (private / "acknowledgements.csv").read_bytes() != csv_before  # Cleo now signed: replaced
    assert not (private / "checklists/cleo-placeholder.pdf").exists()  # no longer needed: deleted
    assert not (private / "checklists/cleo-placeholder.html").exists()
    second = manifest(project)
    assert "checklists/cleo-placeholder.pdf" not in second
    assert all(sha256(private / relative) == digest for relative, digest in second.items())


def test_a_file_status_wrote_and_someone_changed_is_kept_and_named(project: Path):
    with_records(project)
    private = project / PRIVATE
    status(project)
    csv = private / "acknowledgements.csv"
    edited = csv.read_bytes() + b"note,Cleo signs on Monday\n"  # the office's note, saved from a spreadsheet
    csv.write_bytes(edited)
    page = private / "checklists/cleo-placeholder.html"
    annotated = page.read_bytes() + b"<!-- given to Cleo on Friday -->\n"
    page.write_bytes(annotated)
    sign_cleo(project)
    said = status(project, code=1)  # the office's copy of the matrix is out of date: said, not hidden
    assert csv.read_bytes() == edited
    assert (
        f"left {PRIVATE}/acknowledgements.csv as it is: it was changed after status wrote it; the new one was not "
        "written there"
    ) in said
    assert page.read_bytes() == annotated  # no longer needed, but changed by hand: kept
    assert (
        f"left {PRIVATE}/checklists/cleo-placeholder.html, which status no longer needs: it was changed after status "
        "wrote it; delete it if you do not want it"
    ) in said
    assert not (private / "checklists/cleo-placeholder.pdf").exists()  # unchanged: deleted
    wrote = said.strip().splitlines()[-2]
    assert wrote.startswith("wrote ") and "acknowledgements.csv" not in wrote  # it says only what it wrote
    # still listed with what status wrote, so the next run gives the same reason for leaving it
    assert manifest(project)["acknowledgements.csv"] != sha256(csv)
    assert "acknowledgements.csv as it is: it was changed after status wrote it" in status(project, code=1)


OLD_MANIFEST = "# written by `handbook status`; it deletes only files listed here when they are no longer needed\n"


def test_a_manifest_from_before_the_hashes_is_read(project: Path):
    """A project whose last status run was an older version's: a path a line, no hashes.  Its
    files are replaced as before; one no longer needed is left and named (whether it was changed
    cannot be told), and the new manifest has the hashes."""
    with_records(project)
    private = project / PRIVATE
    status(project)
    listed = sorted(line.split("  ")[-1] for line in manifest_lines(project))
    (private / ".status-files").write_text(OLD_MANIFEST + "".join(f"{r}\n" for r in listed), encoding="utf-8")
    csv_before = (private / "acknowledgements.csv").read_bytes()
    sign_cleo(project)
    said = status(project)
    assert (private / "acknowledgements.csv").read_bytes() != csv_before  # listed: replaced, as before
    for name in ("cleo-placeholder.html", "cleo-placeholder.pdf"):
        assert (private / "checklists" / name).exists()
        assert (
            f"left {PRIVATE}/checklists/{name}, which status no longer needs: an earlier version of status wrote it"
        ) in said
    lines = manifest_lines(project)
    assert any(re.fullmatch(r"[0-9a-f]{64}  acknowledgements\.csv", line) for line in lines)
    # the two it left are still listed as the older version wrote them (no hash): named again next run
    assert {"checklists/cleo-placeholder.html", "checklists/cleo-placeholder.pdf"} <= set(lines)


def test_two_status_runs_at_once_both_finish_and_list_every_file(project: Path, monkeypatch, capsys):
    """Two runs at once (the desk's Signatures page and `handbook status`, say): the second waits
    while the first puts its files in place, then finds them listed as status's own.  It used to
    read the list from before the first, leave the first's new files as if somebody had changed
    them, and say that status did not finish."""
    import dataclasses
    import datetime as dt
    import threading

    from generator.commands import status as command
    from generator.core import editing
    from generator.core.project import Project

    with_records(project)
    status(project)
    sign_cleo(project)  # the first run then writes a new matrix over the one listed
    placed, go, waiting = threading.Event(), threading.Event(), threading.Event()
    real_place, real_wait = command._place, editing.wait_for_lock

    def place_then_pause(*args):
        result = real_place(*args)
        if not placed.is_set():  # the first run, its files in place but not yet listed
            placed.set()
            go.wait(60)
        return result

    def wait_for_lock() -> None:
        waiting.set()
        real_wait()

    monkeypatch.setattr(command, "_place", place_then_pause)
    monkeypatch.setattr(editing, "wait_for_lock", wait_for_lock)
    office = Project.at(project, records=project / "records", as_of=dt.date.fromisoformat(AS_OF))
    office = dataclasses.replace(office, jobs=1)  # rendered here, not in worker processes
    codes: dict[str, int] = {}
    first = threading.Thread(target=lambda: codes.setdefault("first", command.status(office)))
    second = threading.Thread(target=lambda: codes.setdefault("second", command.status(office)))
    first.start()
    assert placed.wait(60)
    second.start()
    assert waiting.wait(30), "the second run did not wait for the first"
    go.set()
    first.join(60)
    second.join(60)
    said = capsys.readouterr().err
    assert codes == {"first": 0, "second": 0}, said
    assert "left " not in said and "did not finish" not in said, said
    listed = manifest(project)
    assert listed and all(sha256(project / PRIVATE / relative) == digest for relative, digest in listed.items())
    assert "checklists/cleo-placeholder.pdf" not in listed
