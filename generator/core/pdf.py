"""HTML -> PDF with WeasyPrint, for every printed document.

A renderer loads the fonts once and is reused for every document of a batch.
PDFs are tagged (for screen readers) and carry the title and language from the HTML; no
creation date is written unless the document gives one, so the same input gives the same
bytes.

Every command collects its PDFs in a batch (see output.py) and renders them at the end.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager
from functools import lru_cache
from pathlib import Path
from typing import Any

from .cache import OutputCache, key
from .collector import collector_paused
from .templating import TEMPLATES

PARALLEL_FROM = 4  # below this many PDFs, starting worker processes costs more than it saves


def _remember_page_references() -> None:
    """Make pydyf's list of page references cost one pass per page added, not one per use.

    A tagged PDF (pdf_tags=True, for screen readers) links every tagged element to its page
    through ``pdf.page_references[n]``; pydyf rebuilds that tuple of every page's reference on
    each use, so the tags of a document cost (elements x pages): 8% of a 107-page bench
    checklist, and growing faster than its page count.  The tuple only changes when a page is
    added (Kids grows by three items a page), so it is kept until then.  Left alone if pydyf
    no longer has the property this replaces."""
    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(original, property) or getattr(original.fget, "remembered", False):
        return

    read_all = original.fget
    assert read_all is not None

    def page_references(pdf: Any) -> tuple[Any, ...]:
        kids = pdf.pages["Kids"]
        known = pdf.__dict__.get("_handbook_page_references")
        if known is None or known[0] != len(kids):
            known = (len(kids), read_all(pdf))
            pdf.__dict__["_handbook_page_references"] = known
        references: tuple[Any, ...] = known[1]
        return references

    setattr(page_references, "remembered", True)
    setattr(page_references, "original", original)  # for the test that the PDF comes out the same
    pydyf.PDF.page_references = property(page_references)


def _collected_once_after() -> AbstractContextManager[None]:
    """The collector held off while one document is laid out, and run once on what it made
    (core/collector.py).  WeasyPrint keeps every page's boxes until the PDF is written, so the
    objects alive grow with the document, and each automatic full collection walks all of them
    again: a 107-page bench checklist had 7 full collections, 0.93 s of a 4.7 s render; a
    37-page one 1, 0.06 s.  That made the cost of a page grow with the number of pages."""
    return collector_paused(collect_after=True)


class PdfRenderer:
    def __init__(self) -> None:
        try:
            from weasyprint.text.fonts import FontConfiguration
        except OSError as exc:  # Pango missing: say what to install, do not hang or trace back
            raise RuntimeError(
                "WeasyPrint cannot find Pango; install the Debian packages: sudo apt install "
                "libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core (in the handbook's own repository, "
                f"make build does this) ({exc})"
            ) from None
        _remember_page_references()
        self.fonts = FontConfiguration()

    def render(self, html: str, base_url: Path | None = None) -> bytes:
        from weasyprint import HTML

        with _collected_once_after():
            document = HTML(string=html, base_url=str(base_url or TEMPLATES / "print"))
            # The print stylesheet is inlined in each document (see print/base.html.j2) so the
            # HTML copy looks the same in a browser as on paper.
            pdf: bytes = document.write_pdf(font_config=self.fonts, pdf_tags=True)
        return pdf


@lru_cache(maxsize=1)
def _worker_renderer() -> PdfRenderer:
    """One renderer (one FontConfiguration) per worker process, made on its first share."""
    return PdfRenderer()


def _render_share(htmls: list[str]) -> list[bytes]:
    """A worker's share of the documents, rendered by the process's one renderer (kept for
    every share the worker takes, not one per share)."""
    renderer = _worker_renderer()
    return [renderer.render(html) for html in htmls]


def _shares(count: int, workers: int) -> list[list[int]]:
    """Document indexes dealt out in small shares, so a worker that finishes early takes more."""
    size = max(1, count // (workers * 3))
    return [list(range(i, min(i + size, count))) for i in range(0, count, size)]


class PdfBatch:
    """The PDFs of one command, rendered together at the end: unchanged ones are reused from
    the previous build, the rest rendered in parallel across the cores when there are enough
    of them to pay for starting the workers."""

    def __init__(self, cache: OutputCache | None, root: Path, workers: int | None = None) -> None:
        self.cache = cache
        self.root = root
        self.workers = workers  # None: every core
        self.jobs: list[tuple[str, Path]] = []

    def add(self, html: str, pdf_path: Path) -> None:
        rel = str(pdf_path.resolve().relative_to(self.root.resolve()))
        if self.cache is None or not self.cache.reuse(rel, key(html)):
            self.jobs.append((html, pdf_path))

    def flush(self, rendered_so_far: Callable[[int, int], None] | None = None) -> None:
        """Render the queued PDFs; `rendered_so_far(done, total)` after each share (for a
        progress bar: the desk's Build page)."""
        jobs, self.jobs = self.jobs, []
        workers = min(self.workers or os.cpu_count() or 1, len(jobs))
        htmls = [html for html, _ in jobs]
        tell = rendered_so_far or (lambda done, total: None)
        tell(0, len(jobs))
        results: list[bytes] = []
        if len(jobs) >= PARALLEL_FROM and workers > 1:
            shares = _shares(len(jobs), workers)
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for share in pool.map(_render_share, [[htmls[i] for i in share] for share in shares]):
                    results += share
                    tell(len(results), len(jobs))
        else:
            for html in htmls:
                results += _render_share([html])
                tell(len(results), len(jobs))
        for (_, path), pdf in zip(jobs, results):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pdf)
