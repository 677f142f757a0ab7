"""The project a command works on: where everything is, which day it speaks for, how strict.

Built once (by the command line, or by the MkDocs plugin from its options) and passed
explicitly to every command and stage; nothing reads these from the environment later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .clock import jobs_from_environment, today
from .datafiles import data_files

DATA_DIR = "policy_data"
CHECKLISTS_DIR = "checklists"  # beside the data folder
RECORDS_DIR = "records"
OUT_DIR = "build"
# A repository of model policies adopted by several settings (see features/settings):
#   ROOT/model/policy_data, ROOT/model/checklists   the model, the same kinds of files as policy_data/
#   ROOT/settings/<id>/                              a setting: its facts, overrides, releases, approvals
#   ROOT/build/settings/<id>/                        its outputs, in the usual layout
MODEL_DIR = "model"
SETTINGS_DIR = "settings"


@dataclass(frozen=True)
class Project:
    root: Path  # the project folder (mkdocs.yml, docs/); findings name files relative to it
    data_dir: Path
    checklists_dir: Path
    out_dir: Path
    as_of: dt.date  # the day dates are judged by and printed documents carry
    records_dir: Path | None = None  # staff records (personal data), only when asked for
    strict: bool = False  # fail on warnings too
    # A setting that adopts a model: its id, and the model's data and checklists folders.  The
    # setting's own files (data_dir, checklists_dir) are laid over the model's, file by file.
    setting: str | None = None
    model_dir: Path | None = None
    model_checklists_dir: Path | None = None
    jobs: int | None = None  # how many processes may render PDFs (None: one per core)

    @classmethod
    def at(
        cls,
        root: Path,
        data: Path | None = None,
        *,
        checklists: Path | None = None,
        out: Path | None = None,
        records: Path | None = None,
        as_of: dt.date | None = None,
        strict: bool = False,
    ) -> Project:
        """A project with the usual layout, any part of it overridden.  A data folder given
        elsewhere brings its checklists with it: they are found beside it."""
        root = root.resolve()
        data_dir = (data or root / DATA_DIR).resolve()
        return cls(
            root=root,
            data_dir=data_dir,
            checklists_dir=(checklists or data_dir.parent / CHECKLISTS_DIR).resolve(),
            out_dir=(out or root / OUT_DIR).resolve(),
            as_of=as_of or today(),
            records_dir=records.resolve() if records else None,
            strict=strict,
            jobs=jobs_from_environment(),
        )

    @classmethod
    def for_setting(
        cls,
        root: Path,
        setting: str,
        *,
        out: Path | None = None,
        records: Path | None = None,
        as_of: dt.date | None = None,
        strict: bool = False,
    ) -> Project:
        """A setting of a model repository (ROOT/settings/<id>/ over ROOT/model/)."""
        root = root.resolve()
        folder = root / SETTINGS_DIR / setting
        return cls(
            root=root,
            data_dir=folder,
            checklists_dir=folder / CHECKLISTS_DIR,
            out_dir=(out or root / OUT_DIR / SETTINGS_DIR / setting).resolve(),
            as_of=as_of or today(),
            records_dir=records.resolve() if records else None,
            strict=strict,
            jobs=jobs_from_environment(),
            setting=setting,
            model_dir=root / MODEL_DIR / DATA_DIR,
            model_checklists_dir=root / MODEL_DIR / CHECKLISTS_DIR,
        )

    def command(self, words: str) -> str:
        """A `handbook ...` command to suggest, for this project (a setting's needs --setting)."""
        return f"{words} --setting {self.setting}" if self.setting else words

    @property
    def default_records(self) -> Path:
        """Where staff records are kept unless a command is told otherwise."""
        return (self.data_dir if self.setting else self.root) / RECORDS_DIR

    def settings(self) -> list[str]:
        """The ids of the settings in this repository (ROOT/settings/<id>/setting.yaml)."""
        folder = self.root / SETTINGS_DIR
        return [p.parent.name for p in data_files(folder, "*/setting.yaml")] if folder.is_dir() else []

    def shown(self, path: Path, real: Path | None = None) -> str:
        """A path as findings and messages show it: relative to the project when inside it.
        `real`: the path resolved already (the loader resolves each data file once)."""
        try:
            return str((real or path.resolve()).relative_to(self.root))
        except ValueError:
            return str(path)


def is_project(folder: Path) -> bool:
    """A folder is a handbook project when it holds a data folder, or, for a repository of
    model policies, the model's data folder."""
    return (folder / DATA_DIR).is_dir() or (folder / MODEL_DIR / DATA_DIR).is_dir()


def find_root(start: Path) -> Path | None:
    """The project `start` is in, found as git finds a repository: the nearest folder, from
    `start` upwards, that holds one.  None when there is none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_project(folder):
            return folder
    return None


def private_folders(project: Project) -> list[Path]:
    """Where personal data is kept or made: nothing from there is ever published."""
    return [project.default_records, project.out_dir / "private"] + (
        [project.records_dir] if project.records_dir else []
    )


def every_private_folder(project: Project) -> list[Path]:
    """The private folders of this project and, in a repository of model policies, of every
    setting in it, resolved: one setting's pages, or the desk opened at the repository, must
    never publish or serve another setting's staff records or private reports."""
    folders = private_folders(project)
    for setting in project.settings():
        folders += private_folders(Project.for_setting(project.root, setting, as_of=project.as_of))
    return sorted({folder.resolve() for folder in folders})
