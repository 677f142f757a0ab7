"""A setting's own hand-written pages, shown in its handbook in place of the repository's.

A setting of a model repository may have hand-written pages of its own (settings/<id>/docs/),
each shown in its handbook in place of the repository's page of the same path: an
accessibility statement says what the law asks of that setting's kind, which the settings
of one council need not share (a nursery school and a children's centre).

A module of its own, apart from site/pages.py: the plugin lists these pages on every build,
also when it uses the kept site data (site_cache), and pages.py imports every feature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.core.datafiles import data_files

if TYPE_CHECKING:
    from pathlib import Path

    from generator.core.project import Project

SETTING_DOCS = "docs"


def setting_docs(project: Project) -> dict[str, Path]:
    """A setting's own hand-written pages: their path under docs/ -> the file."""
    if project.setting is None:
        return {}
    folder = project.data_dir / SETTING_DOCS
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in data_files(folder, "**/*.md") if p.is_file()}
