"""Which files in a data folder are data, and how a command replaces one.

Editors leave their own files beside the one being edited: Emacs a lock link `.#name.yaml`
and a backup `name.yaml~` or autosave `#name.yaml#`, Vim a swap file `.name.yaml.swp`; an
interrupted write of ours leaves a hidden temporary file.  None of them is data, and reading
them broke `check` and `build` for anyone with a file open.  Every folder the tool reads
(the data folder, checklists/, records/, docs/) is listed through `data_files`, which leaves
them out.

A command that rewrites a data file goes through `write_atomically`: the new text is checked
(when the command says how) before it replaces the file, the replacement is one rename, and
the file keeps its mode (a private signatures.yaml stays private; a shared policy stays
readable).  A command that writes back a file it read does so inside core/editing.py's
`editing`, so that nothing written meanwhile by another is lost.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from .codes import DOCS_BROKEN_LINK, DOCS_LINK_OUTSIDE, DOCS_PRIVATE
from .findings import Finding, Location
from .new_file import place_new

# Suffixes of editors' swap and backup files (Vim: .swp, .swo...; others: .bak, .orig).
_WORKING_SUFFIXES = (".swp", ".swo", ".swn", ".swx", ".tmp", ".bak", ".orig", ".rej")
# Folders that hold personal data: nothing in them is ever published, and files a command
# makes in them are readable by their owner alone.
PRIVATE_FOLDERS = ("records", "private")


def is_working_file(name: str) -> bool:
    """An editor's lock, swap, backup or autosave file, or any hidden file: not data."""
    return name.startswith((".", "#")) or name.endswith(("~", "#")) or name.lower().endswith(_WORKING_SUFFIXES)


def ignored(relative: Path | str) -> bool:
    """A path (relative to the folder being read) with a working file or hidden folder in it."""
    return any(is_working_file(part) for part in Path(relative).parts)


def data_files(folder: Path, pattern: str) -> list[Path]:
    """The files matching `pattern` in `folder`, sorted, without editors' and our own working
    files (pathlib's glob, unlike the shell's, matches hidden files)."""
    return sorted(p for p in folder.glob(pattern) if not ignored(p.relative_to(folder)))


def leaves(path: Path, boundary: Path) -> Path | None:
    """Where `path` really is, when a symbolic link takes it outside `boundary`; else None."""
    real = path.resolve()
    return None if real.is_relative_to(boundary.resolve()) else real


def boundary_of(folder: Path, root: Path) -> Path:
    """What a folder's files may link within: the project, or the folder itself when it was
    given from elsewhere (--data, --records)."""
    folder, root = folder.resolve(), root.resolve()
    return root if folder.is_relative_to(root) else folder


def current_umask() -> int:
    """The process's umask (read by setting it and putting it back: there is no getter)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def is_private(path: Path) -> bool:
    """A file in a records or private folder of its project.  Only the folders below the
    project count: a project kept under ~/private/ does not make every file it writes private.
    (A project is a folder holding policy_data/, or model/policy_data/: core/project.is_project,
    which imports this module.)"""
    below = []
    for folder in (path.parent, *path.parent.parents):
        if (folder / "policy_data").is_dir() or (folder / "model" / "policy_data").is_dir():
            break
        below.append(folder.name)
    return any(part in PRIVATE_FOLDERS for part in below)


def new_file_mode(path: Path, private: bool = False) -> int:
    """A new file's mode: the owner's alone in a records or private folder, else the usual."""
    return 0o600 if private or is_private(path) else 0o666 & ~current_umask()


def write_atomically(
    path: Path,
    content: str | bytes,
    *,
    check: Callable[[Path], Iterable[str] | None] | None = None,
    private: bool = False,
    replace: bool = True,
    before_rename: Callable[[], None] | None = None,
) -> list[str]:
    """Replace (or make) `path` with `content` by one rename, so a reader never sees half a file.

    With `replace=False` the file must be new: FileExistsError if `path` exists, even when it
    appeared a moment ago (place_new), so nothing anyone else wrote is ever lost.

    `check`, when given, is run on the new file before it replaces the old one; the problems
    it returns refuse the write (the old file is left as it was) and are returned.  The file
    keeps the old one's mode; a new one gets new_file_mode().  The temporary file is hidden
    (the loader ignores it) and removed whatever happens.

    `before_rename`, when given, is called last before the rename, and may refuse it by raising
    (editing.Edit: the file is no longer what the command read)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = new_file_mode(path, private)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
            stream.flush()
            os.fsync(stream.fileno())
        problems = list(check(temp) or []) if check is not None else []
        if problems:
            return problems
        os.chmod(temp, mode)
        if before_rename is not None:
            before_rename()
        if replace:
            os.replace(temp, path)
        else:
            place_new(temp, path)
        return []
    finally:
        temp.unlink(missing_ok=True)


def has_private_part(relative: Path | str) -> bool:
    """A relative path with a records or private folder in it.  Letter case does not count: on
    a case-insensitive disk (Windows, macOS) `Records/` and `PRIVATE/` are those folders."""
    return any(part.casefold() in PRIVATE_FOLDERS for part in Path(relative).parts)


# Folders of installed packages (a virtual environment's, the theme's among them): never an
# author's files, so never judged by hard link (see hard_linked_private).
_INSTALLED = frozenset({"site-packages", "dist-packages"})


class PrivateFiles:
    """The private folders of the project `root` (project.every_private_folder: every setting's
    too; both resolved already) and, collected when a hard link is first judged and then kept,
    their files by identity (device and inode).  One is made for each judging pass (a build's
    files, one pages folder's check, one desk request): however many of its files have more
    than one name, the private folders are walked at most once."""

    def __init__(self, root: Path, folders: Iterable[Path]) -> None:
        self.root, self.folders = root, tuple(folders)
        self._identities: dict[tuple[int, int], Path] | None = None

    def named(self, identity: os.stat_result) -> Path | None:
        """The file of a private folder with this identity, or None.  Links in the folders are
        not followed: a link there is not the file (its own identity is kept, and no regular
        file has it).  The first name found is kept, as the folders are listed."""
        if self._identities is None:
            self._identities = {}
            for folder in self.folders:
                for place, _folders, names in os.walk(folder):
                    for name in names:
                        candidate = Path(place, name)
                        with contextlib.suppress(OSError):
                            found = candidate.lstat()
                            self._identities.setdefault((found.st_dev, found.st_ino), candidate)
        return self._identities.get((identity.st_dev, identity.st_ino))


def is_private_source(relative: Path | str, path: Path, private: PrivateFiles) -> bool:
    """Whether a file that would be published or served (`path`, named `relative` to the folder
    it is published from: docs/, a setting's docs/, build/) is private: its name has a records
    or private folder in it, or it really is (a link followed) in a records or private folder
    of the project (private.root), or in one of its private folders (private.folders), or it is
    a hard link to a file of one.  The one judge for the site's pages and the desk's files: a
    link is judged by where it leads, never by its own innocent name."""
    real, root = path.resolve(), private.root
    return (
        has_private_part(relative)
        # only the folders below the project count (as in is_private): a project kept in
        # ~/private/ is not all private
        or (real.is_relative_to(root) and has_private_part(real.relative_to(root)))
        or any(real.is_relative_to(folder) for folder in private.folders)
        or hard_linked_private(real, private) is not None
    )


def hard_linked_private(path: Path, private: PrivateFiles) -> Path | None:
    """The file of a private folder that `path` (resolved) is another name of, or None.  A hard
    link gives one file two names, and nothing in either name says so: only the file's identity
    (device and inode) shows that a page in docs/ is the staff records file.  Looked for only
    when the file is the project's and has more than one name.

    Not among the project's files judged so: those of installed packages (a site-packages
    folder).  uv installs a virtual environment's packages as hard links to its cache, so a
    venv kept in the project gives every theme file MkDocs lists more than one name, and none
    of them is an author's file or ever the records.  Every other file of the project is still
    judged, not only the pages folders': MkDocs publishes a project's own theme overrides
    (mkdocs.yml's custom_dir) too, and the desk serves build/; a hard link there would carry
    the records out just as well."""
    if not path.is_relative_to(private.root) or _INSTALLED.intersection(path.relative_to(private.root).parts):
        return None
    try:
        identity = path.stat()
    except OSError:
        return None
    if identity.st_nlink < 2 or not stat.S_ISREG(identity.st_mode):
        return None
    return private.named(identity)


def unpublishable(docs: Path, root: Path, private: Iterable[Path]) -> list[Finding]:
    """What in a hand-written pages folder (the root's docs/, a setting's docs/) must not reach
    the site: a link out of the project (MkDocs follows links, so whatever it points at would be
    published) and a broken link are errors; anything in a records or private folder or from
    one is left out of the site (the plugin drops it: is_private_source) with a warning.
    `root` and `private`: resolved (project.every_private_folder)."""
    problems: list[Finding] = []
    if not docs.is_dir():
        return problems
    places = PrivateFiles(root, private)  # asked of every entry: its files collected once
    # named from the project's folder: a setting's docs/ is not the root's
    named = docs.relative_to(root) if docs.is_relative_to(root) else docs
    folders, seen = [docs], {docs.resolve()}
    while folders:
        folder = folders.pop()
        for entry in sorted(folder.iterdir()):
            relative = entry.relative_to(docs)
            if ignored(relative):
                continue  # MkDocs leaves hidden files out; editors' files are left out too
            shown = (named / relative).as_posix()
            if entry.is_symlink() and not entry.exists():
                problems.append(
                    DOCS_BROKEN_LINK(
                        Location(shown), f"is a link to {os.readlink(entry)}, which does not exist; remove the link"
                    )
                )
                continue
            if entry.is_symlink() and (real := leaves(entry, root)) is not None:
                problems.append(
                    DOCS_LINK_OUTSIDE(
                        Location(shown),
                        f"is a link to {real}, outside the project: its files would be "
                        f"published; copy what the page needs into {named.as_posix()}/ instead of linking to it",
                    )
                )
                continue
            if is_private_source(relative, entry, places):
                problems.append(DOCS_PRIVATE(Location(shown), _private_message(entry, named, places)))
                continue
            real = entry.resolve()
            if entry.is_dir() and real not in seen:
                seen.add(real)
                folders.append(entry)
    return problems


def _private_message(entry: Path, docs: Path, private: PrivateFiles) -> str:
    """Why a file of a pages folder is left out of the site, naming where a link leads (or the
    private file a hard link is another name of): its own name may say nothing of the staff
    records behind it."""

    def shown(path: Path) -> str:
        return path.relative_to(private.root).as_posix() if path.is_relative_to(private.root) else str(path)

    real = entry.resolve()
    leads = ""
    if real != entry.absolute():
        leads = f" (it leads to {shown(real)})"
    elif (twin := hard_linked_private(real, private)) is not None:
        leads = f" (it is {shown(twin)} under another name: a hard link)"
    return (
        f"is in (or links to) a records or private folder{leads}, whose files are never published: "
        f"left out of the site; move it out of {docs.as_posix()}/"
    )
