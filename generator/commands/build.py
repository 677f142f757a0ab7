"""`handbook build`: check everything, then write every output into build/ atomically.

Like MkDocs' own build, all the data is gathered and checked before anything is written.
Outputs are written into a fresh temporary folder beside build/; only when every stage has
succeeded does it replace build/, so a failed or killed build leaves the previous one whole.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.codes import OUTPUT_TO_COMPLETE
from generator.core.datafiles import current_umask
from generator.core.findings import DataError, Finding, Location, Report
from generator.core.project import SETTINGS_DIR, Project
from generator.core.safepath import UnsafePath

from .arguments import STAFF_RECORDS, add_project_options, whole_number
from .common import load_checked, usage

if TYPE_CHECKING:  # the outputs' code is imported when the command runs, not when the parser is built
    from generator.core.fragments import Placeholder
    from generator.core.output import Output
    from generator.pipeline.handbook import Handbook

NAME = "build"
HELP = "check, then build every output into build/"
OUTPUTS = {"out": {"replaces_folder": True}, "records": STAFF_RECORDS}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument("--strict", action="store_true", help="fail on warnings too (for a release)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/build)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines, only findings and errors")
    parser.add_argument(
        "--jobs",
        type=whole_number(1, None, "cores"),
        default=None,
        metavar="N",
        help="use at most N processes (default: $HANDBOOK_JOBS, else one per core)",
    )
    parser.add_argument(
        "--all-settings",
        action="store_true",
        help="in a repository of model policies: build every setting in ROOT/settings/, several at once "
        "(one per core), each into ROOT/build/settings/ID/",
    )
    parser.add_argument(
        "--records",
        type=Path,
        default=None,
        metavar="DIR",
        help="staff records folder: adds the private copy of each training pack, with staff names, to "
        "build/private/training/ (default: none; who has signed what is `handbook status`'s)",
    )
    parser.add_argument(
        "--progress-json",
        action="store_true",
        help="one line of JSON on stdout as each stage starts and each share of PDFs is rendered, like "
        '{"stage": "pdf", "done": 3, "total": 12} (what the desk\'s progress bar reads)',
    )


def run(args: argparse.Namespace, project: Project) -> int:
    if args.jobs is not None:
        project = dataclasses.replace(project, jobs=args.jobs)
    if args.all_settings:
        if args.setting or args.data or args.out or args.records:
            return usage(
                "build: --all-settings builds every setting into ROOT/build/settings/; give no --setting, --data, --out or --records"
            )
        if args.progress_json:
            return usage("build: --progress-json is for one build; give it without --all-settings")
        return build_all_settings(project, quiet=args.quiet)
    return build(project, quiet=args.quiet, step=print_step if args.progress_json else None)


@dataclasses.dataclass(frozen=True)
class Step:
    """How far a build has come: `stage` (one of stage_names()), `done` of its `total` parts
    (PDFs, for "pdf"; 0 of 1 as any other stage starts)."""

    stage: str
    done: int = 0
    total: int = 1


def print_step(step: Step) -> None:
    """--progress-json: the step as one line of JSON on stdout, at once (a reader is waiting)."""
    print(json.dumps(dataclasses.asdict(step)), flush=True)


def stages(site: bool = True) -> list[tuple[str, Callable[[Handbook, Output], None]]]:
    """The features' stages in feature order, then the site: the slowest, and it depends on
    nothing else; the zip packs the site, so after it.  Without `site`, the features' only."""
    from generator.pipeline.features import FEATURES
    from generator.site.build import build_offline_zip, build_site

    features: list[tuple[str, Callable[[Handbook, Output], None]]] = [
        feature.stage for feature in FEATURES if feature.stage is not None
    ]
    return features + ([("site", build_site), ("offline-zip", build_offline_zip)] if site else [])


LOAD = "load and check"
PDF = "pdf"


def stage_names() -> list[str]:
    """A build's stages in the order it reports them (Step.stage): loading and checking, each
    output's, the site, the offline zip, then the printed documents (PDFs)."""
    return [LOAD, *(name for name, _ in stages()), PDF]


def _quiet_mkdocs() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.WARNING)
    logger.propagate = False


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


class Progress:
    """One line per stage with counts and time, on stderr; nothing with --quiet."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.started = time.perf_counter()

    def line(self, stage: str, detail: str, since: float) -> None:
        if not self.quiet:
            print(f"  {stage:<14} {detail:<40} {time.perf_counter() - since:6.2f} s", file=sys.stderr)


def say_which_are_drafts(handbook: Handbook) -> None:
    """A strict build is for paper that will be handed out: name the drafts it refuses."""
    from generator.features.approvals.approvals import drafts

    waiting = drafts(handbook)
    if waiting:
        print(
            f"not approved: {len(waiting)} document{'s are' if len(waiting) != 1 else ' is a'} draft{'s' * (len(waiting) != 1)} "
            f"({', '.join(waiting)}); a strict build needs every document approved (handbook approve DOC --by ROLE)",
            file=sys.stderr,
        )


def unreported_placeholders(printed: list[Placeholder], report: Report, root: str) -> list[Finding]:
    """A warning for each "To be completed" the outputs print where no check said so already
    (a check's finding at the same line covers it).  With these, a strict build fails while
    anything is left to complete, whichever template printed it.  One warning per fact: where
    several outputs print the same one (the register page, a training pack's review list), the
    most specific words for it are kept."""
    from generator.core.fragments import PLACEHOLDER

    reported = {(f.location.file, f.location.line) for f in report.findings if f.level != "note"}
    at: dict[tuple, dict[str, Location]] = {}
    for placeholder in printed:
        where = placeholder.where or Location(root)
        if (where.file, where.line) not in reported:
            at.setdefault((where.file, where.line), {}).setdefault(placeholder.what, where)
    found = []
    for whats in at.values():
        for what, where in whats.items():
            if any(what != other and what.lower() in other.lower() for other in whats):
                continue  # said more precisely by another output
            found.append(
                OUTPUT_TO_COMPLETE(
                    where, f'to be completed{": " + what if what else ""} (an output prints "{PLACEHOLDER}" for it)'
                )
            )
    return sorted(found)


def placeholders_of(handbook: Handbook) -> list[Placeholder]:
    """Every "To be completed" the outputs would print, by rendering their pages and printed
    documents' HTML for an empty scratch folder, writing nothing: no PDFs, no MkDocs run.
    `handbook check` uses it, so that it lists the same facts a build would print unset."""
    from generator.core.fragments import recording
    from generator.core.output import Output
    from generator.features.notice.inserts import handbook_inserts
    from generator.site.pages import plan_site

    with (
        tempfile.TemporaryDirectory(prefix="handbook-check-") as scratch,
        recording() as printed,
        redirect_stdout(io.StringIO()),
        redirect_stderr(io.StringIO()),
    ):  # the stages' own lines are a build's
        output = Output(Path(scratch), discard=True)
        for _name, stage in stages(site=False):
            stage(handbook, output)
        plan_site(handbook)
        handbook_inserts(handbook)  # what the site puts into the hand-written pages (site/plugin.py)
    return printed


def build(project: Project, quiet: bool = False, step: Callable[[Step], None] | None = None) -> int:
    """Build every output. Returns the process exit code.  When the project names a records
    folder, the staff records are loaded too and the private copies (build/private/) are made.
    `step` is told each stage as it starts, and each share of PDFs rendered (the desk's
    progress bar; --progress-json)."""
    from generator.core.cache import OutputCache
    from generator.core.fragments import PLACEHOLDER, recording
    from generator.core.output import PRIVATE, Output, publish

    out_dir = project.out_dir
    progress = Progress(quiet)
    tell = step or (lambda step: None)
    tell(Step(LOAD))
    # A strict build with warnings goes on (without the slow PDFs) as far as rendering every
    # output, so that it lists every fact left to complete in one go, then stops.
    handbook, report = load_checked(
        dataclasses.replace(project, strict=False), "build stopped", f"{out_dir} was not changed"
    )
    if handbook is None:
        return 1
    failing = project.strict and bool(report.warnings)
    statements = sum(len(p.statements()) for p in handbook.policies.values())
    progress.line("load + check", f"{len(handbook.files)} files, {statements} statements", progress.started)

    _quiet_mkdocs()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out_dir)
    new = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-{os.getpid()}-", dir=out_dir.parent))
    new.chmod(0o777 & ~current_umask())  # mkdtemp makes it private; build/ should be readable like any folder
    cache = OutputCache(out_dir, new)
    output = Output(new, cache, workers=project.jobs)
    try:
        with recording() as printed:
            for name, stage in stages():
                tell(Step(name))
                since, counts_before = time.perf_counter(), (len(cache.reused), len(cache.made))
                stage(handbook, output)
                for line in output.take_said():
                    print(line, file=sys.stderr)
                # "reused" when the stage's cached outputs (site, zip, PDFs) all came from the
                # last build; its cheap HTML is written anew either way.
                reused = len(cache.reused) > counts_before[0] and len(cache.made) == counts_before[1]
                progress.line(name, "reused from the last build" if reused else "built", since)
            since, queued = time.perf_counter(), len(output.pdfs.jobs)
            if not failing:
                output.finish(lambda done, total: tell(Step(PDF, done, total)))
        if not failing and (queued or any(r.endswith(".pdf") for r in cache.reused)):
            pdfs_reused = sum(r.endswith(".pdf") for r in cache.reused)
            progress.line("pdf", f"{queued} rendered, {pdfs_reused} reused", since)
        unfilled = unreported_placeholders(printed, report, "build")
        Report(unfilled).print()
        report.extend(unfilled)
        if project.strict and report.warnings:
            shutil.rmtree(new, ignore_errors=True)
            say_which_are_drafts(handbook)
            shown = f' ({len(unfilled)} of them facts the outputs print "{PLACEHOLDER}" for)' if unfilled else ""
            print(
                f"build stopped: {report.summary()}{shown}, failing on warnings (--strict); {out_dir} was not changed",
                file=sys.stderr,
            )
            return 1
        cache.save()
        # Keep what this build does not make: build/private/ from `handbook status`, and the
        # settings' builds (build/settings/) when the model itself is built into build/.
        publish(new, out_dir, merge=(PRIVATE, SETTINGS_DIR))
    except Exception as exc:  # any stage failing leaves the old build in place
        shutil.rmtree(new, ignore_errors=True)
        from mkdocs.exceptions import MkDocsException

        # RuntimeError: the PDF renderer cannot start (Pango missing); its message says what to install.
        if isinstance(exc, (MkDocsException, DataError, OSError, RuntimeError, UnsafePath)):
            print(f"build stopped: {exc}; {out_dir} was not changed", file=sys.stderr)
            return 1
        raise
    total = time.perf_counter() - progress.started
    print(f"built {out_dir}/ in {total:.1f} s ({report.summary()})", file=sys.stderr)
    return 0


def _build_one_setting(project: Project, quiet: bool) -> tuple[str, int, str]:
    """One setting's build in a worker process: its messages are gathered, not interleaved."""
    stream = io.StringIO()
    with redirect_stdout(stream), redirect_stderr(stream):
        code = build(project, quiet=quiet)
    return project.setting or "", code, stream.getvalue()


def build_all_settings(project: Project, quiet: bool = False) -> int:
    """Every setting of a model repository, several at once: each setting's build is the one
    above (its own cache, its own atomic replace of build/settings/<id>/), one per core, each
    rendering its PDFs on one core.  Settings build independently, so a local authority with
    hundreds can also split them across CI jobs (`handbook build --setting ID`)."""
    from concurrent.futures import ProcessPoolExecutor  # loads multiprocessing: only when it is used

    settings = project.settings()
    if not settings:
        print(
            f"build: no settings in {project.root / SETTINGS_DIR}/ (each is a folder with a setting.yaml)",
            file=sys.stderr,
        )
        return 1
    started = time.perf_counter()
    cores = min(project.jobs or os.cpu_count() or 1, len(settings))
    projects = [
        dataclasses.replace(Project.for_setting(project.root, sid, as_of=project.as_of, strict=project.strict), jobs=1)
        for sid in settings
    ]
    failed = []
    with ProcessPoolExecutor(max_workers=cores) as pool:
        for sid, code, messages in pool.map(_build_one_setting, projects, [quiet] * len(projects)):
            print(f"== {sid}", file=sys.stderr)
            sys.stderr.write(messages)
            if code:
                failed.append(sid)
    total = time.perf_counter() - started
    built = len(settings) - len(failed)
    print(
        f"built {built} of {len(settings)} settings in {total:.1f} s on {cores} cores"
        + (f"; failed: {', '.join(failed)}" if failed else ""),
        file=sys.stderr,
    )
    return 1 if failed else 0
