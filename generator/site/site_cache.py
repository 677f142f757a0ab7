"""What plain `mkdocs build` needs from an unchanged data folder, kept between runs.

Before MkDocs renders a page, the plugin imports the package's models, loads and checks the
data and writes every generated page's Markdown: about 1 s of CPU at 4,000 statements, 40% on
top of MkDocs itself (issue 31).  None of it changes while the files it reads do not, so the
plugin keeps the result in the build folder (.cache/site-plan.json), under a key made of the
bytes of every file in the data and checklists folders (a model's too), the names in docs/,
the day, the plugin's options and the generator's own code and packaged data, and uses it
again when the key is the same.

Where a key cannot be made safely it is not made: a link anywhere in those folders (whatever
it points at could change without the key seeing it) means no cache.  JSON, not pickle: a
file in the build folder is only ever read as data.  A damaged or foreign file costs a full
load, never a wrong page.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.core.cache import generator_hash
from generator.core.datafiles import write_atomically
from generator.core.project import Project, private_folders

CACHE_FILE = Path(".cache") / "site-plan.json"  # under the project's build folder
PACKAGE = Path(__file__).resolve().parent.parent
FORMAT = 2  # bump when SiteData changes shape


@dataclass
class SiteData:
    """Everything the plugin hands MkDocs, from a loaded, checked handbook."""

    pages: dict[str, str]  # path under docs/ -> Markdown
    nav: list  # as mkdocs.yml's nav writes it (titles not yet escaped)
    name: str  # the site's name, escaped HTML
    abbreviations: dict[str, str]  # the glossary's, for the abbr extension
    findings: list[tuple[str, str]]  # (level, message) of the check, logged on every build
    statement_entries: list[dict[str, Any]]  # the search index's statement entries
    # Hand-written pages' markers -> their Markdown from the data (notice/formats.py)
    inserts: dict[str, str] = field(default_factory=dict)


class _NoKey(Exception):
    """The inputs cannot be keyed safely (a link among them)."""


def _walk(digest, folder: Path | None, contents: bool) -> None:
    """Every file under `folder` (its path, and its bytes when `contents`), in a fixed order."""
    if folder is None:
        digest.update(b"\0none")
        return
    digest.update(f"\0folder {folder}".encode())
    if not folder.exists() and not folder.is_symlink():
        return
    if folder.is_symlink():
        raise _NoKey(folder)
    for top, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(dirs + files):
            path = Path(top, name)
            if path.is_symlink():
                raise _NoKey(path)
            digest.update(f"\0{path.relative_to(folder).as_posix()}".encode())
            if contents and name in files:
                digest.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())


def inputs_key(project: Project, options: dict) -> str | None:
    """The key of everything the site plan is made from, or None when it cannot be made safely."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{FORMAT}\0{generator_hash()}\0{project.as_of.isoformat()}\0{sorted(options.items())}".encode())
    digest.update(repr([str(p) for p in private_folders(project)]).encode())
    try:
        # generator_hash reads the code and templates; the packaged data (guidance) too
        _walk(digest, PACKAGE / "data", contents=True)
        for folder in (project.data_dir, project.checklists_dir, project.model_dir, project.model_checklists_dir):
            _walk(digest, folder, contents=True)
        _walk(digest, project.root / "docs", contents=False)  # the check reads its names and links only
    except (_NoKey, OSError):
        return None
    return digest.hexdigest()


def load(project: Project, key: str | None) -> SiteData | None:
    """The kept site data, when it was made from inputs with this key."""
    if key is None:
        return None
    try:
        kept = json.loads((project.out_dir / CACHE_FILE).read_text(encoding="utf-8"))
        if kept.get("key") != key:
            return None
        data = SiteData(**kept["data"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    data.findings = [(level, message) for level, message in data.findings]
    return data


def save(project: Project, key: str | None, data: SiteData) -> None:
    """Keep the site data for the next build; a build folder that cannot be written to only
    costs the next build a full load."""
    if key is None:
        return
    try:
        (project.out_dir / CACHE_FILE).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(
            project.out_dir / CACHE_FILE, json.dumps({"key": key, "data": asdict(data)}, ensure_ascii=False)
        )
    except OSError:
        pass
