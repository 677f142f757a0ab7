"""Writing outputs: every file a command makes goes through one Output, and folders are put in
place by renames only.

An Output writes into one folder and refuses any path outside it (core/safepath.py), collects
the PDFs to render them together at the end (core/pdf.py), and reuses what the previous build
made from the same inputs (core/cache.py).  `handbook build` and `handbook status` both publish
into build/private/; `carry_over` is what lets each keep what the other made there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .cache import OutputCache
from .pdf import PdfBatch
from .safepath import inside, safe_join

PRIVATE = "private"  # build/private/: personal data, never inside build/site/ or build/print/


class Output:
    def __init__(
        self, root: Path, cache: OutputCache | None = None, workers: int | None = None, discard: bool = False
    ) -> None:
        self.root = root
        self.cache = cache
        self.pdfs = PdfBatch(cache, root, workers)
        self.copies: list[tuple[Path, Path]] = []  # (made, copy): made once the PDFs are rendered
        self.said: list[str] = []  # lines for the person running the build, shown by the command
        # With `discard`, every path is checked as for writing and remembered, and nothing is
        # written: `handbook check` renders every output only for the placeholders it prints,
        # and writing then deleting that HTML was a tenth of each check's time.
        self.discarded: set[Path] | None = set() if discard else None

    def say(self, line: str) -> None:
        """A line for the person running the build (a stage's summary, like a notice's
        readability): the stage says it, the command shows it, so no feature prints."""
        self.said.append(line)

    def take_said(self) -> list[str]:
        """The lines said since the last call."""
        said, self.said = self.said, []
        return said

    def path(self, *parts: str) -> Path:
        """root/part/...: each part checked, never outside root."""
        return safe_join(self.root, *parts)

    def text(self, path: Path, content: str) -> None:
        inside(path, self.root)
        if self.discarded is not None:
            self.discarded.add(path)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")

    def document(self, html: str, html_path: Path, pdf_path: Path | None = None) -> None:
        """A printable document as HTML and, when asked, as PDF beside it (rendered by finish())."""
        self.text(html_path, html)
        if pdf_path is not None:
            self.pdfs.add(html, inside(pdf_path, self.root))

    def made_under(self, folder: Path) -> list[Path]:
        """Every file under `folder` that this output has written or will write (its PDFs are
        rendered only by finish()): what a later stage may copy, found rather than named."""
        folder = inside(folder, self.root)
        if self.discarded is not None:
            written = {p for p in self.discarded if p.is_relative_to(folder)}
        else:
            written = {p for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()
        queued = {path for _, path in self.pdfs.jobs if path.is_relative_to(folder)}
        return sorted(written | queued)

    def copy_when_finished(self, made: Path, copy: Path) -> None:
        """Copy a file this output makes to a second place, once it exists (after the PDFs)."""
        self.copies.append((inside(made, self.root), inside(copy, self.root)))

    def finish(self, rendered_so_far: Callable[[int, int], None] | None = None) -> None:
        """Render the PDFs collected so far (`rendered_so_far(done, total)` as they are), then
        make the copies asked for."""
        self.pdfs.flush(rendered_so_far)
        copies, self.copies = self.copies, []
        for made, copy in copies:
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(made, copy)


def carry_over(previous: Path, new: Path, merge: tuple[str, ...] = ()) -> None:
    """Move into `new` every entry of `previous` that `new` does not have: outputs another
    command made.  Folders named in `merge` are merged one level down the same way."""
    if not previous.is_dir():
        return
    for entry in previous.iterdir():
        counterpart = new / entry.name
        if not counterpart.exists():
            entry.rename(counterpart)
        elif entry.name in merge and entry.is_dir() and counterpart.is_dir():
            carry_over(entry, counterpart)


def replace_folder(new: Path, target: Path) -> None:
    """Put `new` in place of `target` by renames, so a reader never sees half a folder."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


def publish(new: Path, target: Path, merge: tuple[str, ...] = ()) -> None:
    """Replace `target` with `new`, keeping what `new` does not remake (see carry_over)."""
    carry_over(target, new, merge)
    replace_folder(new, target)
