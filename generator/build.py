"""`handbook build`: check everything, then write every output into build/ atomically.

Like MkDocs' own build, all the data is gathered and checked before anything is written.
Outputs are written into a fresh temporary folder beside build/; only when every stage has
succeeded does it replace build/, so a failed or killed build leaves the previous one whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from . import cache as output_cache
from . import clock, safepath, site_state
from .findings import DataError, Report
from .project import Handbook, load_and_check
from .render import pdf

# Every stage writes one family of outputs into the new build folder.  Stages run in order;
# the site comes last because it is the slowest and depends on nothing else.
Stage = Callable[[Handbook, Path], None]


def _site_inputs_key(handbook: Handbook, pages: dict[str, str]) -> str:
    """Everything the site is made from: generated pages, hand-written docs, mkdocs.yml."""
    digest = hashlib.sha256()
    for path, content in sorted(pages.items()):
        digest.update(f"{path}\0{content}\0".encode("utf-8"))
    docs = handbook.root / "docs"
    for path in sorted(p for p in docs.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(docs)).encode() + b"\0" + path.read_bytes())
    digest.update((handbook.root / "mkdocs.yml").read_bytes())
    return output_cache.key(digest.hexdigest())


def build_site(handbook: Handbook, out: Path) -> None:
    """The staff handbook, by MkDocs with our hook supplying the pages.  Skipped, and the
    previous site reused, when none of its inputs changed."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from .render.site import site_pages

    pages = site_pages(handbook)
    cache = output_cache.active()
    if cache is not None and cache.reuse("site", _site_inputs_key(handbook, pages)):
        return
    site_state.hand_over(site_state.SiteState(handbook=handbook, pages=pages))
    config = load_config(str(handbook.root / "mkdocs.yml"), site_dir=str(out / "site"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def build_training(handbook: Handbook, out: Path) -> None:
    """The September training pack (and its private copy when records are given)."""
    from .render.training import build_training as write_packs

    write_packs(handbook, out)


def build_parent_notices(handbook: Handbook, out: Path) -> None:
    from .render.notice_print import build_notices

    build_notices(handbook, out)



def build_offline_zip(handbook: Handbook, out: Path) -> None:
    """build/handbook-offline.zip: the built site packed for a shared drive (after the site)."""
    from .offline import ZIP_NAME, write_offline_zip

    # The zip is made from the site alone: when the site was reused, reuse its zip too.
    cache = output_cache.active()
    if cache is not None and "site" in cache.entries and cache.reuse(ZIP_NAME, cache.entries["site"]):
        return
    write_offline_zip(out / "site", out / ZIP_NAME)



def build_checklists(handbook: Handbook, out: Path) -> None:
    from .render.checklists import build_checklists as write_all

    write_all(handbook, out)



STAGES: list[tuple[str, Stage]] = [
    ("parent-notices", build_parent_notices),
    ("training", build_training),
    ("checklists", build_checklists),
    ("site", build_site),
    ("offline-zip", build_offline_zip),  # packs the site, so after it
]


def print_findings(report: Report, stream=None) -> None:
    stream = stream or sys.stderr  # looked up now, so a redirected stderr is honoured
    for finding in report.sorted():
        print(finding, file=stream)


def _quiet_mkdocs() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.WARNING)
    logger.propagate = False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def swap_into_place(new: Path, target: Path) -> None:
    """Replace target with new using renames only; keep outputs this build does not make
    (build/private/ from `handbook status`) by moving them across first."""
    if target.exists():
        for child in target.iterdir():
            if not (new / child.name).exists():
                child.rename(new / child.name)
            elif child.name == "private" and child.is_dir():
                # build/private/ gathers the outputs of several commands: keep those this build
                # did not remake (a `handbook status` report beside the training pack's copy).
                for item in child.iterdir():
                    if not (new / child.name / item.name).exists():
                        item.rename(new / child.name / item.name)
    replace_folder(new, target)


def replace_folder(new: Path, target: Path) -> None:
    """Put `new` in place of `target` by renames, so a reader never sees half a folder."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


def reproducible_dates() -> None:
    """Tools that stamp a date (MkDocs' sitemap.xml and its gzip header) read
    SOURCE_DATE_EPOCH: give them the build's date, so the same data gives the same bytes."""
    if "SOURCE_DATE_EPOCH" not in os.environ:
        midnight = dt.datetime.combine(clock.today(), dt.time(), tzinfo=dt.timezone.utc)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out_dir: Path) -> None:
    """Remove temporary folders a killed build left beside out_dir (.build.new-PID-*,
    .build.old-PID); if a build died between its two renames, put the old build back."""
    for leftover in sorted(out_dir.parent.glob(f".{out_dir.name}.*")):
        kind, _, rest = leftover.name[len(out_dir.name) + 2 :].partition("-")
        pid = rest.split("-", 1)[0]
        if kind not in ("new", "old") or (pid.isdigit() and _alive(int(pid))):
            continue  # not ours, or another build is still running
        if kind == "old" and not out_dir.exists():
            leftover.rename(out_dir)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _say_which_are_drafts(handbook: Handbook) -> None:
    """A strict build is for paper that will be handed out: name the drafts it refuses."""
    from .approvals import drafts

    waiting = drafts(handbook)
    if waiting:
        print(
            f"not approved: {len(waiting)} document{'s are' if len(waiting) != 1 else ' is a'} draft{'s' * (len(waiting) != 1)} "
            f"({', '.join(waiting)}); a strict build needs every document approved (handbook approve DOC --by ROLE)",
            file=sys.stderr,
        )


class Progress:
    """One line per stage with counts and time, on stderr; nothing with --quiet."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.started = time.perf_counter()

    def line(self, stage: str, detail: str, since: float) -> None:
        if not self.quiet:
            print(f"  {stage:<14} {detail:<40} {time.perf_counter() - since:6.2f} s", file=sys.stderr)


def build(
    root: Path, data_dir: Path, out_dir: Path, strict: bool = False, quiet: bool = False, records_dir: Path | None = None
) -> int:
    """Build every output. Returns the process exit code.  With `records_dir`, the staff
    records are loaded too and the private copies (build/private/) are made."""
    progress = Progress(quiet)
    try:
        handbook, report = load_and_check(data_dir, root)
        if records_dir is not None:
            from .records import load_records
            from .training.records_check import check_records

            handbook.records, records_report = load_records(records_dir, root)
            report.extend(records_report.findings)
            report.extend(check_records(handbook, handbook.records))
    except DataError as exc:
        print_findings(Report(exc.findings))
        print(f"build stopped: the data has errors; {out_dir} was not changed", file=sys.stderr)
        return 1
    print_findings(report)
    statements = sum(len(p.statements()) for p in handbook.policies.values())
    progress.line("load + check", f"{len(handbook.files)} files, {statements} statements", progress.started)
    if report.fails(strict):
        why = "errors" if report.errors else "warnings (--strict)"
        if strict and not report.errors:
            _say_which_are_drafts(handbook)
        print(f"build stopped: {report.summary()}, failing on {why}; {out_dir} was not changed", file=sys.stderr)
        return 1

    _quiet_mkdocs()
    reproducible_dates()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out_dir)
    new = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-{os.getpid()}-", dir=out_dir.parent))
    new.chmod(0o777 & ~_umask())  # mkdtemp makes it private; build/ should be readable like any folder
    cache = output_cache.OutputCache(out_dir, new)
    try:
        with safepath.writing_into(new), output_cache.activate(cache), pdf.batch(cache) as pdfs:
            for name, stage in STAGES:
                since, counts_before = time.perf_counter(), (len(cache.reused), len(cache.made))
                stage(handbook, new)
                # "reused" when the stage's cached outputs (site, zip, PDFs) all came from the
                # last build; its cheap HTML is written anew either way.
                reused = len(cache.reused) > counts_before[0] and len(cache.made) == counts_before[1]
                progress.line(name, "reused from the last build" if reused else "built", since)
            since, queued = time.perf_counter(), len(pdfs.jobs)
        if queued or any(r.endswith(".pdf") for r in cache.reused):
            reused = sum(r.endswith(".pdf") for r in cache.reused)
            progress.line("pdf", f"{queued} rendered, {reused} reused", since)
        cache.save()
        swap_into_place(new, out_dir)
    except Exception as exc:  # any stage failing leaves the old build in place
        shutil.rmtree(new, ignore_errors=True)
        from mkdocs.exceptions import MkDocsException

        # RuntimeError: the PDF renderer cannot start (Pango missing); its message says what to install.
        if isinstance(exc, (MkDocsException, DataError, OSError, RuntimeError, safepath.UnsafePath)):
            print(f"build stopped: {exc}; {out_dir} was not changed", file=sys.stderr)
            return 1
        raise
    total = time.perf_counter() - progress.started
    print(f"built {out_dir}/ in {total:.1f} s ({report.summary()})", file=sys.stderr)
    return 0
