"""Where a command may write: never into the handbook's pages (docs/), a published output
(build/site/, build/print/, build/public/) or the data (policy_data/, checklists/, records/, a model
repository's model/ and settings/).

A checklist written into docs/ or the site is published by the next build (`status --out docs`
put staff names on the site); a file written into the data is read as data.  Every command
line option that names an output is checked here, before anything is read or written.
"""

from __future__ import annotations

from pathlib import Path

from .project import CHECKLISTS_DIR, DATA_DIR, MODEL_DIR, OUT_DIR, RECORDS_DIR, SETTINGS_DIR, Project

DOCS_DIR = "docs"  # mkdocs.yml's docs_dir
# build/site/ (and its zip), build/print/ and build/public/ (the setting's website) are handed out
PUBLIC_OUTPUTS = ("site", "print", "public")
PUBLISHED = "an output the build publishes"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def protected_places(project: Project, allowed: frozenset[str] = frozenset()) -> list[tuple[Path, str]]:
    """(folder, what it is) for every folder no output may go into; `allowed` lifts kinds of
    folder ("data", "records") for an option whose purpose is to write there."""
    root = project.root
    places = [(root / DOCS_DIR, "the handbook's pages, which the build publishes")]
    builds = [root / OUT_DIR, project.out_dir] + sorted((root / OUT_DIR / SETTINGS_DIR).glob("*"))
    for build in builds:
        places += [(build / name, PUBLISHED) for name in PUBLIC_OUTPUTS]
    if "records" not in allowed:
        records = [root / RECORDS_DIR, project.default_records] + ([project.records_dir] if project.records_dir else [])
        places += [(folder, "the staff records") for folder in records]
    if "data" not in allowed:
        data = [
            project.data_dir,
            project.checklists_dir,
            root / DATA_DIR,
            root / CHECKLISTS_DIR,
            root / MODEL_DIR,
            root / SETTINGS_DIR,
        ]
        data += [folder for folder in (project.model_dir, project.model_checklists_dir) if folder is not None]
        places += [(folder, "the data") for folder in data]
    return [(folder.resolve(), what) for folder, what in places]


def output_refusal(
    project: Project, path: Path, option: str, *, replaces_folder: bool = False, allowed: frozenset[str] = frozenset()
) -> str | None:
    """Why `path` (given as `option`) may not be written, or None.  `replaces_folder`: the
    command puts a new folder in place of `path` (build), so `path` must not hold the project
    either."""
    resolved = path.resolve()
    if path.is_absolute() and path.is_relative_to(project.root):
        path = path.relative_to(project.root)  # as the user knows it, not where a link leads
    if option == "--records" and (other := _other_setting(project, resolved)) is not None:
        # one setting's staff in another's private outputs (its status, its private copies)
        return (
            f"{option} {path} is in {project.shown(other)}/, another setting's; nothing was written: give "
            f"this setting's own staff records, such as {project.shown(project.root / SETTINGS_DIR / str(project.setting))}/records/"
        )
    for folder, what in protected_places(project, allowed):
        if _inside(resolved, folder):
            elsewhere = (
                "keep staff records in a folder that is never published, such as records/ (the default)"
                if option == "--records"
                else "write outputs elsewhere, such as build/ (the default)"
            )
            return f"{option} {path} is inside {project.shown(folder)}/ ({what}); nothing was written: {elsewhere}"
    if replaces_folder:
        if _inside(project.root, resolved):
            return f"{option} {path} holds the project itself, which would be replaced; nothing was written: give a folder of its own, such as build/"
        for folder, what in protected_places(project):
            # A build replaces earlier builds' outputs: that is its job.  Docs, data and
            # records inside the folder it replaces would be lost.
            if what == PUBLISHED:
                continue
            if _inside(folder, resolved):
                return f"{option} {path} holds {project.shown(folder)}/ ({what}), which would be replaced; nothing was written: give a folder of its own"
    return None


def _other_setting(project: Project, resolved: Path) -> Path | None:
    """The folder of another setting of the repository that `resolved` is in, when the project
    is one setting of it (None otherwise)."""
    if project.setting is None:
        return None
    settings = (project.root / SETTINGS_DIR).resolve()
    if not _inside(resolved, settings) or resolved == settings:
        return None
    folder = settings / resolved.relative_to(settings).parts[0]
    return None if folder.name == project.setting else project.root / SETTINGS_DIR / folder.name
