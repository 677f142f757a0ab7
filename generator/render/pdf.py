"""HTML -> PDF with WeasyPrint, for every printed document.

One long-lived renderer loads the fonts and the print stylesheet once and is reused for
every document of a build.  PDFs are tagged (for screen readers) and carry the title and
language from the HTML; no creation date is written unless the document gives one, so the
same input gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from ..safepath import guard
from .templating import TEMPLATES


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
    """The build's shared renderer (created on first use)."""
    global _renderer
    if _renderer is None:
        _renderer = PdfRenderer()
    return _renderer


def write_document(html: str, html_path: Path, pdf_path: Path | None = None) -> None:
    """Write a printable document as HTML and, when asked, as PDF beside it."""
    guard(html_path)
    if pdf_path is not None:
        guard(pdf_path)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(html, encoding="utf-8")
    if pdf_path is not None:
        renderer().write(html, pdf_path)
