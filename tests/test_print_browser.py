"""Printing a handbook page from the browser: clean A4, as a member of staff would print it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import pdf_text

pytestmark = pytest.mark.browser


def print_to_pdf(browser, url: str, pdf: Path) -> str:
    """Print the page as Chromium's print dialog would (print CSS, the page's own @page size)."""
    page = browser.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    page.close()
    return pdf_text(pdf, "-layout")


def pdf_page_size(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return next(line for line in info.splitlines() if line.startswith("Page size:"))


def test_policy_page_prints_as_clean_a4(browser, site_url: str, tmp_path: Path):
    pdf = tmp_path / "confidentiality.pdf"
    text = print_to_pdf(browser, f"{site_url}/policies/confidentiality.html", pdf)
    assert "(A4)" in pdf_page_size(pdf)
    flat = " ".join(text.split())
    # The policy itself, with its statement ids, version and fingerprint.
    assert "Confidentiality Procedure & Guidelines" in flat
    assert "‘need to know’ basis" in flat
    for statement_id in ("CONF-INT-01", "CONF-AIM-09", "CONF-STR-00"):
        assert statement_id in flat, statement_id
    assert "Fingerprint:" in flat
    # None of the screen furniture: menu, search, table of contents, header, footer.
    for furniture in (
        "Skip to content",
        "Type to start searching",
        "Table of contents",
        "Made with",
        "staff handbook",
        "How to use this handbook",
        "Who this applies to",
        "¶",
    ):
        assert furniture not in flat, furniture


def test_printed_links_to_outside_pages_show_where_they_go(browser, site_url: str, tmp_path: Path):
    flat = " ".join(print_to_pdf(browser, f"{site_url}/accessibility.html", tmp_path / "a.pdf").split())
    assert "Equality Advisory and Support Service (EASS) (https://www.equalityadvisoryservice.com/)" in flat
    # Links inside the handbook are not spelled out: they mean nothing on paper.
    assert "(#how-we-tested-this-handbook)" not in flat
