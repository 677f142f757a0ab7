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

The file is laid out so that reading it costs little more than reading its bytes (at 4,000
statements it holds 12 MB of Markdown and 7 MB of search entries): one line of JSON, the
header (the key, the small parts of the site data, each page's path and length in bytes), then
the pages' Markdown one after the other and the search entries' JSON text, all UTF-8, cut apart
by those lengths.  The search entries are never decoded: the plugin writes their bytes into the
search index as they are (search_index.add_entries_text).  A file whose lengths do not add up,
or whose pages are not UTF-8, is not used.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.core.cache import generator_hash
from generator.core.datafiles import write_atomically
from generator.core.project import Project, every_private_folder

CACHE_FILE = Path(".cache") / "site-plan.json"  # under the project's build folder
PACKAGE = Path(__file__).resolve().parent.parent
FORMAT = 3  # bump when SiteData or the file's layout changes


@dataclass
class SiteData:
    """Everything the plugin hands MkDocs, from a loaded, checked handbook."""

    pages: dict[str, str]  # path under docs/ -> Markdown
    nav: list  # as mkdocs.yml's nav writes it (titles not yet escaped)
    name: str  # the site's name, escaped HTML
    abbreviations: dict[str, str]  # the glossary's, for the abbr extension
    findings: list[tuple[str, str]]  # (level, message) of the check, logged on every build
    # The search index's statement entries as UTF-8 JSON text (a list, as the index writes it)
    # and their places (locations), or b"" and [] when the plugin adds them from the handbook.
    search_entries: bytes = b""
    search_places: list[str] = field(default_factory=list)
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
    digest.update(repr([str(p) for p in every_private_folder(project)]).encode())
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
        kept = (project.out_dir / CACHE_FILE).read_bytes()
        end = kept.index(b"\n")
        header = json.loads(kept[:end])
        if header.get("format") != FORMAT or header.get("key") != key:
            return None
        lengths = [length for _, length in header["pages"]] + [header["search_entries"]]
        if not all(type(length) is int and length >= 0 for length in lengths) or sum(lengths) != len(kept) - end - 1:
            return None
        body, pages, start = memoryview(kept), {}, end + 1
        for path, length in header["pages"]:
            if not isinstance(path, str):
                return None
            pages[path], start = str(body[start : start + length], "utf-8"), start + length
        data = SiteData(pages=pages, search_entries=kept[start:], **header["data"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    data.findings = [(level, message) for level, message in data.findings]
    return data


def save(project: Project, key: str | None, data: SiteData) -> None:
    """Keep the site data for the next build; a build folder that cannot be written to only
    costs the next build a full load."""
    if key is None:
        return
    small = {name: value for name, value in asdict(data).items() if name not in ("pages", "search_entries")}
    pages = [text.encode("utf-8") for text in data.pages.values()]
    header = {
        "format": FORMAT,
        "key": key,
        "data": small,
        "pages": [[path, len(page)] for path, page in zip(data.pages, pages, strict=True)],
        "search_entries": len(data.search_entries),
    }
    # json.dumps never writes a line break (one in a string is written as \n): the header is one line.
    kept = b"".join([json.dumps(header, ensure_ascii=False).encode("utf-8"), b"\n", *pages, data.search_entries])
    try:
        (project.out_dir / CACHE_FILE).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(project.out_dir / CACHE_FILE, kept)
    except OSError:
        pass
