"""`handbook status`: who has signed what, from the staff records, into build/private/ only
(see features/cycle/status.py).

build/private/ may hold files the office keeps there (a scanned signature sheet) and what
`handbook build --records` made: status writes only its own files, each put in place whole by a
rename, and deletes only a file it wrote itself on an earlier run (listed in
private/.status-files) or a personal checklist it writes, for someone who no longer needs one.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import tempfile
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


MANIFEST = ".status-files"  # in private/: what the last run wrote, one relative path a line


def status(project: Project) -> int:
    # Imported here, not above: the parser imports this module for its arguments.
    from generator.core.cache import OutputCache
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
        ours_before = _written_before(target) | {
            f"checklists/{person}.{ext}" for person in handbook.records.staff for ext in ("html", "pdf")
        }
        target.mkdir(mode=0o700, exist_ok=True)  # personal data: the office only
        for relative in written:
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(new / relative, destination)
        for relative in sorted(ours_before - set(written)):
            stale = target / relative
            if stale.is_file() and not stale.is_symlink():
                stale.unlink()  # ours, and no longer true (say, the person has signed since)
        _write_manifest(target, written)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    print(
        f"wrote {target}/ (acknowledgements.html, acknowledgements.csv, {len(pending)} personal checklists)",
        file=sys.stderr,
    )
    return 0


def _written_before(target: Path) -> set[str]:
    """What an earlier run wrote, as its manifest says: safe relative paths only."""
    try:
        lines = (target / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    return {line for line in lines if line and not line.startswith(("/", "#")) and ".." not in line.split("/")}


def _write_manifest(target: Path, written: list[str]) -> None:
    text = "# written by `handbook status`; it deletes only files listed here when they are no longer needed\n"
    temp = target / f"{MANIFEST}.tmp-{os.getpid()}"
    temp.write_text(text + "".join(f"{line}\n" for line in written), encoding="utf-8")
    os.replace(temp, target / MANIFEST)
