"""Belt and braces for every file a build writes: a name from the data can never leave build/.

Ids are already restricted by patterns in model.py; this guard does not rely on that.  Every
stage joins output paths with ``safe_join`` (or checks them with ``ensure_inside``), which
refuses "..", absolute paths, separators inside a part, and characters that look like
something else (fullwidth letters, right-to-left overrides, control characters).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePosixPath


class UnsafePath(ValueError):
    """A file name from the data would write outside the build folder, or is not plain."""


def check_part(part: str) -> None:
    """One path component: plain, printable, and unchanged by Unicode normalisation."""
    shown = repr(part)
    if part in ("", ".", ".."):
        raise UnsafePath(f"the file name {shown} is not allowed")
    if "/" in part or "\\" in part or ":" in part:
        raise UnsafePath(f"the file name {shown} contains a path separator")
    if unicodedata.normalize("NFKC", part) != part:
        raise UnsafePath(f"the file name {shown} contains look-alike characters (fullwidth or similar)")
    for char in part:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise UnsafePath(f"the file name {shown} contains an invisible character U+{ord(char):04X}")


def safe_relpath(relative: str) -> str:
    """A relative, '/'-separated path such as 'policies/x.md', checked part by part."""
    path = PurePosixPath(relative)
    if path.is_absolute() or relative.startswith(("/", "\\")):
        raise UnsafePath(f"the path {relative!r} is absolute")
    for part in relative.split("/"):
        check_part(part)
    return relative


def ensure_inside(path: Path, base: Path) -> Path:
    """Refuse a path that, with symlinks resolved, is not inside base."""
    resolved = path.resolve()
    if not resolved.is_relative_to(base.resolve()):
        raise UnsafePath(f"refusing to write {path}: it is outside {base}")
    return path


def safe_join(base: Path, *parts: str) -> Path:
    """base/part/part..., where each part may itself be 'a/b'; never outside base."""
    for part in parts:
        safe_relpath(part)
    return ensure_inside(base.joinpath(*parts), base)


def inside(path: Path, root: Path) -> Path:
    """Check a full path a writer is about to write: inside root, and plain below it."""
    resolved, base = path.resolve(), root.resolve()
    if not resolved.is_relative_to(base):
        raise UnsafePath(f"refusing to write {path}: it is outside the build folder")
    safe_relpath(resolved.relative_to(base).as_posix())
    return path
