"""Fast rebuilds: reuse what the previous build made from the same inputs.

Every cached output is recorded in build/.cache/manifest.json with a key: a hash of its
inputs plus a hash of the generator itself (its code and templates), so editing a policy
re-makes only what shows that policy, and a changed template or generator version re-makes
everything.  Reuse is by hard link (a copy where links are not possible): the previous build
is never modified, so it stays whole if this build fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from functools import cache
from pathlib import Path

from generator import __version__

MANIFEST = Path(".cache") / "manifest.json"


RENDERERS = (
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "weasyprint",
    "pydyf",
    "tinycss2",
    "cssselect2",
    "fonttools",
    "pillow",
    "pyphen",
)


@cache
def generator_hash() -> str:
    """Hash of the generator's own code and templates, and the versions of what renders."""
    from importlib.metadata import version

    digest = hashlib.sha256(__version__.encode())
    # what renders the pages and the PDFs: WeasyPrint's own libraries draw the PDF's bytes too
    for name in RENDERERS:
        digest.update(f"{name}={version(name)}".encode())
    package = Path(__file__).resolve().parent.parent  # the whole generator package
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".j2", ".css", ".html", ".js", ".yaml"}:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(generator_hash().encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _link_tree(source: Path, dest: Path) -> None:
    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    if source.is_dir():
        shutil.copytree(source, dest, copy_function=link)
    else:
        dest.parent.mkdir(parents=True, exist_ok=True)
        link(str(source), str(dest))


class OutputCache:
    def __init__(self, previous: Path | None, new: Path):
        self.previous = previous if previous and previous.is_dir() else None
        self.new = new
        self.old: dict[str, str] = {}
        if self.previous and (self.previous / MANIFEST).is_file():
            try:
                self.old = json.loads((self.previous / MANIFEST).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.old = {}  # a damaged manifest only costs a full rebuild
        self.entries: dict[str, str] = {}
        self.reused: list[str] = []
        self.made: list[str] = []

    def reuse(self, rel: str, input_key: str) -> bool:
        """Record that `rel` (relative to the build folder) is made from `input_key`; if the
        previous build made it from the same key, link it into the new build and say so."""
        self.entries[rel] = input_key
        previous = self.previous / rel if self.previous else None
        if previous is not None and self.old.get(rel) == input_key and previous.exists():
            _link_tree(previous, self.new / rel)
            self.reused.append(rel)
            return True
        self.made.append(rel)
        return False

    def save(self) -> None:
        path = self.new / MANIFEST
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.entries, indent=1, sort_keys=True) + "\n", encoding="utf-8")
