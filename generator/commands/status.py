"""`handbook status`: who has signed what, from the staff records, into build/private/ only
(see features/records/status.py)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from generator.core.output import PRIVATE, Output, publish
from generator.core.project import Project
from generator.features.cycle.status import write_private

from .common import load_checked


def status(project: Project) -> int:
    target = project.out_dir / PRIVATE
    handbook, _ = load_checked(project, "status stopped", f"{target} was not changed", warnings=False)
    if handbook is None or handbook.records is None:
        return 1
    project.out_dir.mkdir(parents=True, exist_ok=True)
    # Beside build/, not inside it: a concurrent `handbook build` swaps build/ by renames and
    # would carry a half-written folder along.
    new = Path(tempfile.mkdtemp(prefix=f".{project.out_dir.name}-{PRIVATE}.new-", dir=project.out_dir.parent))
    try:
        output = Output(new)
        pending = write_private(handbook, handbook.records, output)
        output.finish()
        # Keep what `handbook build --records` put there (the training pack's private copy).
        publish(new, target)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    print(f"wrote {target}/ (acknowledgements.html, acknowledgements.csv, {len(pending)} personal checklists)", file=sys.stderr)
    return 0
