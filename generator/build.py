"""`handbook build`: check everything, then write every output into build/ atomically.

Like MkDocs' own build, all the data is gathered and checked before anything is written.
Outputs are written into a fresh temporary folder beside build/; only when every stage has
succeeded does it replace build/, so a failed or killed build leaves the previous one whole.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable

from . import site_state
from .findings import DataError, Report
from .project import Handbook, load_and_check

# Every stage writes one family of outputs into the new build folder.  Stages run in order;
# the site comes last because it is the slowest and depends on nothing else.
Stage = Callable[[Handbook, Path], None]


def build_site(handbook: Handbook, out: Path) -> None:
    """The staff handbook, by MkDocs with our hook supplying the pages."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    site_state.hand_over(site_state.SiteState(handbook=handbook))
    config = load_config(str(handbook.root / "mkdocs.yml"), site_dir=str(out / "site"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def build_parent_notices(handbook: Handbook, out: Path) -> None:
    from .render.notice_print import build_notices

    build_notices(handbook, out)


STAGES: list[tuple[str, Stage]] = [("parent-notices", build_parent_notices), ("site", build_site)]


def print_findings(report: Report, stream=sys.stderr) -> None:
    for finding in report.sorted():
        print(finding, file=stream)


def _quiet_mkdocs() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.WARNING)
    logger.propagate = False


def swap_into_place(new: Path, target: Path) -> None:
    """Replace target with new using renames only; keep outputs this build does not make
    (build/private/ from `handbook status`) by moving them across first."""
    if target.exists():
        for child in target.iterdir():
            if not (new / child.name).exists():
                child.rename(new / child.name)
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


def build(root: Path, data_dir: Path, out_dir: Path, strict: bool = False) -> int:
    """Build every output. Returns the process exit code."""
    try:
        handbook, report = load_and_check(data_dir, root)
    except DataError as exc:
        print_findings(Report(exc.findings))
        print(f"build stopped: the data has errors; {out_dir} was not changed", file=sys.stderr)
        return 1
    print_findings(report)
    if report.fails(strict):
        why = "errors" if report.errors else "warnings (--strict)"
        print(f"build stopped: {report.summary()}, failing on {why}; {out_dir} was not changed", file=sys.stderr)
        return 1

    _quiet_mkdocs()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        for name, stage in STAGES:
            stage(handbook, new)
        swap_into_place(new, out_dir)
    except Exception as exc:  # any stage failing leaves the old build in place
        shutil.rmtree(new, ignore_errors=True)
        from mkdocs.exceptions import MkDocsException

        if isinstance(exc, (MkDocsException, DataError, OSError)):
            print(f"build stopped: {exc}; {out_dir} was not changed", file=sys.stderr)
            return 1
        raise
    print(f"built {out_dir}/ ({report.summary()})", file=sys.stderr)
    return 0
