"""`handbook status`: who has signed what, from the staff records, into build/private/ only
(see features/cycle/status.py).

build/private/ may hold files the office keeps there (a scanned signature sheet, a checklist
saved from a signed scan) and what `handbook build --records` made.  Status lists each file it
writes in private/.status-files with the SHA-256 of what it wrote, and replaces or deletes a file
only when that list has it and it is still what status wrote: a file of the office's, even one
with the name of a checklist status makes, or one status wrote and somebody has changed since,
is left as it is and named on stderr (with what to do), never silently replaced or deleted.
A manifest from before the hashes (a path a line) is read too: a file it lists is replaced as
before, but left, and named, when it is no longer needed, as status cannot tell whether it was
changed.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.core.output_place import output_refusal
from generator.core.project import Project

from .arguments import STAFF_RECORDS, add_project_options
from .common import load_checked

NAME = "status"
HELP = "who has signed what: writes build/private/ from the staff records"
OUTPUTS = {"out": {}, "records": STAFF_RECORDS}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument("--records", type=Path, default=None, help="staff records folder (default: ROOT/records)")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder, not inside docs/, a published output or the data "
        "(default: ROOT/build); writes its own files into OUT/private/ and deletes no other",
    )


def run(args: argparse.Namespace, project: Project) -> int:
    if args.records is None:  # status always reads staff records: the project's own by default
        project = dataclasses.replace(project, records_dir=project.default_records)
    return status(project)


MANIFEST = ".status-files"  # in private/: what the last run wrote, a line each: its SHA-256 and relative path


def status(project: Project) -> int:
    # Imported here, not above: the parser imports this module for its arguments.
    from generator.core.cache import OutputCache
    from generator.core.editing import ConcurrentEdit, holding
    from generator.core.output import PRIVATE, Output
    from generator.features.cycle.status import write_private
    from generator.pipeline.features import context

    target = project.out_dir / PRIVATE
    if refused := output_refusal(project, target, "the private folder"):  # say, build/private linked into docs/
        print(f"status stopped: {refused}", file=sys.stderr)
        return 1
    handbook, _ = load_checked(project, "status stopped", f"{target} was not changed", warnings=False)
    if handbook is None or handbook.records is None:
        return 1
    project.out_dir.mkdir(parents=True, exist_ok=True)
    # Made beside build/, not inside it: a concurrent `handbook build` swaps build/ by renames
    # and would carry a half-written folder along.
    new = Path(tempfile.mkdtemp(prefix=f".{project.out_dir.name}-{PRIVATE}.new-", dir=project.out_dir.parent))
    try:
        # A person's checklist whose page is the same as at the last run is linked from it, not
        # rendered again: after a sign-in sheet, only those who signed get a new PDF.  The key
        # of each (core/cache.py) is kept in private/.cache/manifest.json, beside them.
        cache = OutputCache(target, new)
        output = Output(new, cache, workers=project.jobs)
        pending = write_private(handbook, context(handbook), handbook.records, output)
        output.finish()
        cache.save()
        written = sorted(p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file())
        target.mkdir(mode=0o700, exist_ok=True)  # personal data: the office only
        # Held from reading the list of what the last run wrote until this run's is written:
        # a second run at once waits, then finds this one's files listed as status's own.
        with holding(target, project.shown(target)):
            before = _written_before(target)
            placed, left = _place(new, target, written, before, project.shown)
            _write_manifest(target, placed, _still_listed(target, before, placed))
    except ConcurrentEdit as exc:
        print(f"status stopped: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(new, ignore_errors=True)
    for line in left:
        print(line, file=sys.stderr)
    print(f"wrote {target}/ ({_what_was_written(placed, pending)})", file=sys.stderr)
    if missing := [relative for relative in written if relative not in placed]:
        # Said, not hidden in a success: the office's copy is out of date until it is moved.
        print(
            f"status did not finish: {len(missing)} of the files it made could not be put in place (see above)",
            file=sys.stderr,
        )
        return 1
    return 0


def _written_before(target: Path) -> dict[str, str | None]:
    """What an earlier run wrote, as its manifest says, with the SHA-256 of what it wrote (None:
    a manifest from before the hashes, a path a line): safe relative paths only.  No manifest:
    nothing is taken as status's (a file there may be the office's), and a file in the way of
    one status writes is left and named, and status exits 1 (see status())."""
    try:
        lines = (target / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    listed: dict[str, str | None] = {}
    for line in lines:
        hashed = _HASHED.fullmatch(line)
        digest, relative = hashed.groups() if hashed else (None, line)
        if relative and not relative.startswith(("/", "#")) and ".." not in relative.split("/"):
            listed[relative] = digest
    return listed


# A manifest line: the file's SHA-256 and its path, as `sha256sum` writes them (so the office
# may check them with `sha256sum -c .status-files` in build/private/).
_HASHED = re.compile(r"([0-9a-f]{64})  (.+)")


def _place(
    new: Path, target: Path, written: list[str], before: dict[str, str | None], shown: Callable[[Path], str]
) -> tuple[dict[str, str], list[str]]:
    """Move what this run made from `new` into `target`, and delete what an earlier run made
    that is no longer needed; only ever over or of a file status wrote and nobody has changed
    since.  Returns what was placed (path: SHA-256) and a line for each file left as it was."""
    placed: dict[str, str] = {}
    left: list[str] = []
    for relative in written:
        destination = target / relative
        why = _not_ours(destination, before, relative)
        if why is not None:
            left.append(
                f"left {shown(destination)} as it is: {why}; the new one was not written there "
                "(move or rename that file, then run status again, to get it)"
            )
            continue
        digest = _sha256(new / relative)
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new / relative, destination)
        placed[relative] = digest
    for relative in sorted(set(before) - set(written)):
        stale = target / relative
        if not (stale.is_file() and not stale.is_symlink()):
            continue  # gone already, or not a plain file: nothing of ours to delete
        why = _not_ours(stale, before, relative, deleting=True)
        if why is not None:
            left.append(f"left {shown(stale)}, which status no longer needs: {why}; delete it if you do not want it")
            continue
        stale.unlink()  # ours, unchanged, and no longer true (say, the person has signed since)
    return placed, left


def _not_ours(path: Path, before: dict[str, str | None], relative: str, deleting: bool = False) -> str | None:
    """Why the file at `path` is not status's to replace or delete (None: it is, or there is
    none).  Status's own is a file its manifest lists with the hash of what is there now; a
    listed file without a hash (an older manifest) is replaced as before, but not deleted: with no
    new one in its place, a change made to it would be lost for nothing."""
    if not (path.exists() or path.is_symlink()):
        return None
    if relative not in before:
        if not before:  # no manifest: a folder from before status kept one, or the office's file
            return f"status did not write it, or wrote it before it kept a list of what it wrote ({MANIFEST})"
        return f"status did not write it (it is not listed in {MANIFEST})"
    if path.is_symlink() or not path.is_file():
        return "it is not a plain file, as status writes"
    recorded = before[relative]
    if recorded is None:
        if deleting:
            return (
                "an earlier version of status wrote it and kept no record of what it wrote, so whether "
                "it was changed since cannot be told"
            )
        return None
    if _sha256(path) != recorded:
        return "it was changed after status wrote it"
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _what_was_written(placed: dict[str, str], pending: list[str]) -> str:
    """The summary line's list, of what was really written."""
    parts: list[str] = [name for name in ("acknowledgements.html", "acknowledgements.csv") if name in placed]
    checklists = sum(1 for person in pending if f"checklists/{person}.pdf" in placed)
    parts.append(f"{checklists} personal checklist{'s' * (checklists != 1)}")
    return ", ".join(parts)


def _still_listed(target: Path, before: dict[str, str | None], placed: dict[str, str]) -> dict[str, str | None]:
    """The earlier run's files this run left in place (changed since, or of unknown content):
    still listed, with what was recorded, so the next run gives the same reason for leaving them."""
    return {
        relative: digest
        for relative, digest in before.items()
        if relative not in placed and (target / relative).is_file() and not (target / relative).is_symlink()
    }


def _write_manifest(target: Path, placed: dict[str, str], kept: dict[str, str | None]) -> None:
    text = (
        "# written by `handbook status`: each file it wrote, with the SHA-256 of what it wrote. It replaces\n"
        "# or deletes only a file listed here, and only while the file is still what it wrote.\n"
    )
    lines = [f"{digest}  {relative}" for relative, digest in placed.items()]
    lines += [f"{digest}  {relative}" if digest else relative for relative, digest in sorted(kept.items())]
    temp = target / f"{MANIFEST}.tmp-{os.getpid()}"
    temp.write_text(text + "".join(line + "\n" for line in lines), encoding="utf-8")
    os.replace(temp, target / MANIFEST)
