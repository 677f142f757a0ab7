"""HTML -> PDF with WeasyPrint, for every printed document.

One long-lived renderer per process loads the fonts once and is reused for every document.
PDFs are tagged (for screen readers) and carry the title and language from the HTML; no
creation date is written unless the document gives one, so the same input gives the same
bytes.

During `handbook build` PDFs are collected in a batch and rendered at the end: unchanged ones
are reused from the previous build (generator/core/cache.py), the rest are rendered in parallel
across the cores when there are enough of them to pay for starting the workers.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from generator.core.safepath import guard
from .templating import TEMPLATES

PARALLEL_FROM = 4  # below this many PDFs, starting worker processes costs more than it saves


class PdfRenderer:
    def __init__(self) -> None:
        try:
            from weasyprint.text.fonts import FontConfiguration
        except OSError as exc:  # Pango missing: say what to install, do not hang or trace back
            raise RuntimeError(
                "WeasyPrint cannot find Pango; install the Debian packages libpango-1.0-0 and "
                f"libpangoft2-1.0-0 (make build does this) ({exc})"
            ) from None
        self.fonts = FontConfiguration()

    def render(self, html: str, base_url: Path | None = None) -> bytes:
        from weasyprint import HTML

        document = HTML(string=html, base_url=str(base_url or TEMPLATES / "print"))
        # The print stylesheet is inlined in each document (see print/base.html.j2) so the
        # HTML copy looks the same in a browser as on paper.
        return document.write_pdf(font_config=self.fonts, pdf_tags=True)

    def write(self, html: str, pdf_path: Path, base_url: Path | None = None) -> None:
        guard(pdf_path)
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        pdf_path.write_bytes(self.render(html, base_url))


_renderer: PdfRenderer | None = None


def renderer() -> PdfRenderer:
    """This process's shared renderer (created on first use)."""
    global _renderer
    if _renderer is None:
        _renderer = PdfRenderer()
    return _renderer


def _render_in_worker(html: str) -> bytes:
    return renderer().render(html)


class PdfBatch:
    """The PDFs of one build, rendered together at the end."""

    def __init__(self, cache) -> None:
        self.cache = cache
        self.jobs: list[tuple[str, Path]] = []

    def add(self, html: str, pdf_path: Path) -> None:
        from generator.core.cache import key

        rel = str(pdf_path.resolve().relative_to(self.cache.new.resolve()))
        if not self.cache.reuse(rel, key(html)):
            self.jobs.append((html, pdf_path))

    def flush(self) -> None:
        jobs, self.jobs = self.jobs, []
        workers = min(os.cpu_count() or 1, len(jobs))
        if len(jobs) >= PARALLEL_FROM and workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(_render_in_worker, [html for html, _ in jobs]))
        else:
            results = [renderer().render(html) for html, _ in jobs]
        for (_, path), pdf in zip(jobs, results):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pdf)


_batch: PdfBatch | None = None


@contextmanager
def batch(cache):
    """Collect every PDF written inside the block; render them when it ends."""
    global _batch
    _batch = PdfBatch(cache)
    try:
        yield _batch
        _batch.flush()
    finally:
        _batch = None


def write_document(html: str, html_path: Path, pdf_path: Path | None = None) -> None:
    """Write a printable document as HTML and, when asked, as PDF beside it."""
    guard(html_path)
    if pdf_path is not None:
        guard(pdf_path)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(html, encoding="utf-8")
    if pdf_path is None:
        return
    if _batch is not None:
        _batch.add(html, pdf_path)
    else:
        renderer().write(html, pdf_path)
