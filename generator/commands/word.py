"""`handbook export POLICY_ID --out FILE.docx` and `handbook import FILE.docx --update POLICY_ID
[--dry-run]`: a policy out to Word and a revised document back in (features/importer:
word_export.py, update.py).  Both read the data as loaded and validated, without the checks:
a merge is often what clears a check's finding, so findings do not stop it."""

from __future__ import annotations

from pathlib import Path

from generator.core.project import Project
from generator.features.importer.update import update
from generator.features.importer.word_export import export
from generator.pipeline.handbook import Handbook, load_handbook


def _loader(project: Project):
    def load() -> Handbook:
        handbook, _ = load_handbook(project)
        return handbook

    return load


def export_command(project: Project, policy_id: str, out: Path, replace: bool = False) -> int:
    return export(policy_id, out, _loader(project), replace)


def update_command(project: Project, source: Path, policy_id: str, dry_run: bool) -> int:
    return update(source, policy_id, dry_run, _loader(project))
