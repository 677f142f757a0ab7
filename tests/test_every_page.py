"""Every page of the built handbook, opened once in Chromium over HTTP for two checks:
axe-core finds no WCAG 2.2 A/AA violation on any page, and no page (nor search) asks anything
of a host but the one serving the handbook.

Each check used to open every page itself; one visit serves both (about 8 s of CPU a run, the
second visit's page loads).  The keyboard checks are test_accessibility's; the shared drive's
file:// search and the offline zip are test_offline's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_accessibility import DESKTOP, axe_violations, pages_at_rest, with_axe
from test_offline import SHIM, site_pages
from test_search_browser import search, watch_search

pytestmark = pytest.mark.browser


@dataclass
class Visit:
    pages: list[str]  # the site's pages, relative to build/site
    violations: list[str]  # "page: rule (impact): node: help", one line per failing node
    requests: list[str]  # every address the pages and the search asked for


@pytest.fixture(scope="module")
def every_page(browser, built: Path, site_url: str) -> Visit:
    """Every page opened once at rest, axe-core run on it, then search tried on the last one
    (after axe-core, so the results box is not part of that page's scan: test_accessibility
    scans it on its own), with every request the context made recorded."""
    pages = site_pages(built / "build/site")
    addresses = {f"{site_url}/{rel}": rel for rel in pages}
    requests: list[str] = []
    violations: list[str] = []
    context = browser.new_context(viewport=DESKTOP)
    context.on("request", lambda request: requests.append(request.url))
    with_axe(context)
    watch_search(context)
    last = list(addresses)[-1]
    for address, page in pages_at_rest(context, list(addresses)):
        violations += [f"{addresses[address]}: {line}" for line in axe_violations(page)]
        if address == last:
            search(page, "need to know")  # the search worker and its index load too
            page.wait_for_load_state("networkidle")
    context.close()
    return Visit(pages, violations, requests)


def test_every_page_has_no_wcag_violations(every_page: Visit):
    assert len(every_page.pages) >= 10
    assert every_page.violations == [], "axe-core found WCAG A/AA violations:\n" + "\n".join(every_page.violations)


def test_every_page_loads_only_from_its_own_origin(every_page: Visit, site_url: str):
    """Every page, and search, asks nothing of any host but the one serving the handbook."""
    assert len(every_page.pages) >= 10
    requests = every_page.requests
    assert any(SHIM in url for url in requests), "the local iframe-worker shim was never loaded"
    own_host = urlsplit(site_url).netloc
    others = sorted(
        {url for url in requests if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own_host}
    )
    assert others == [], "requests to other hosts:\n" + "\n".join(others)
