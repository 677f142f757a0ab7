"""The handbook on a shared drive: file:// search, no page naming another host, the offline zip
(no page asking anything of another host when served is test_every_page's)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, copy_project, files_only_context, plain_mkdocs_site
from test_search_browser import search, watch_search

from generator.site.offline import SHIM_VERSION

SHIM = "assets/javascripts/iframe-worker/shim.js"


def site_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@pytest.mark.browser
def test_search_works_from_a_shared_drive_with_the_network_cut_off(browser, built: Path):
    """Double-click index.html on a shared drive: search and follow the first result."""
    context, blocked = files_only_context(browser)
    page = context.new_page()
    watch_search(page)
    page.goto((built / "build/site/index.html").as_uri())
    results = search(page, "need to know")
    first = results.first.locator("a").first
    assert "policies/confidentiality.html" in first.get_attribute("href")
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file:") and "/policies/confidentiality.html" in page.url
    assert "Confidentiality Procedure" in page.title()
    assert "need to know" in page.locator("article").inner_text()
    assert blocked == [], f"the handbook tried to reach the network: {blocked}"
    context.close()


def test_no_page_refers_to_a_cdn(built: Path):
    """No page names a script, style or font from another host, even one a browser might skip."""
    site = built / "build/site"
    for rel in site_pages(site):
        text = (site / rel).read_text(encoding="utf-8")
        assert "unpkg.com" not in text, rel
        assert 'src="http' not in text and "fonts.googleapis" not in text, rel
        assert f'{"../" * rel.count("/")}{SHIM}"' in text, f"{rel} does not load the local shim"


def test_shim_is_the_pinned_package_with_its_licence(built: Path):
    site = built / "build/site"
    package = REPO / "node_modules/iframe-worker"
    assert (site / SHIM).read_bytes() == (package / "shim/index.js").read_bytes()
    licence = (site / "assets/javascripts/iframe-worker/LICENSE.txt").read_text(encoding="utf-8")
    assert "Permission is hereby granted, free of charge" in licence and "Martin Donath" in licence


def test_vendored_shim_is_the_npm_package_package_json_pins():
    """The package carries the shim so that installing it needs pip alone; updating it must be
    deliberate: the copy, its licence and SHIM_VERSION all match the pinned npm package."""
    vendored = REPO / "generator/site/theme" / SHIM
    package = REPO / "node_modules/iframe-worker"
    pinned = json.loads((REPO / "package-lock.json").read_text())["packages"]["node_modules/iframe-worker"]
    assert pinned["version"] == SHIM_VERSION == json.loads((package / "package.json").read_text())["version"]
    assert (
        hashlib.sha256(vendored.read_bytes()).hexdigest()
        == hashlib.sha256((package / "shim/index.js").read_bytes()).hexdigest()
    )
    assert (vendored.parent / "LICENSE.txt").read_bytes() == (package / "LICENSE").read_bytes()


def test_build_needs_no_npm_packages(tmp_path: Path):
    """The shim comes with the tool: a project without node_modules builds a searchable site.
    The site alone (the plugin and theme `handbook build` runs, without its PDFs): the shim is
    a file of the theme, and the other outputs are made by Python alone (Jinja, WeasyPrint)."""
    root = copy_project(tmp_path / "project")
    (root / "node_modules").unlink(missing_ok=True)
    result = plain_mkdocs_site(root, root / "build/site")
    assert result.returncode == 0, result.stderr
    assert (root / "build/site" / SHIM).is_file()


def test_offline_zip_holds_the_whole_site(built: Path, tmp_path: Path):
    archive = built / "build/handbook-offline.zip"
    with zipfile.ZipFile(archive) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        zf.extractall(tmp_path)
    assert names == sorted(names)
    unpacked = tmp_path / "handbook"
    for needed in (
        "index.html",
        "policies/confidentiality.html",
        "search/search_index.js",
        SHIM,
        "assets/javascripts/iframe-worker/LICENSE.txt",
    ):
        assert (unpacked / needed).is_file(), needed
    site = built / "build/site"
    assert site_pages(unpacked) == site_pages(site)
    assert (unpacked / "search/search_index.js").read_bytes().startswith(b"var __index = ")
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in zipfile.ZipFile(archive).infolist())


@pytest.mark.browser
def test_search_works_from_the_unpacked_zip(browser, built: Path, tmp_path: Path):
    with zipfile.ZipFile(built / "build/handbook-offline.zip") as zf:
        zf.extractall(tmp_path)
    context, _refused = files_only_context(browser)  # as on a shared drive, the network cut off
    page = context.new_page()
    watch_search(page)
    page.goto((tmp_path / "handbook/index.html").as_uri())
    results = search(page, "receiving school")
    assert results.count() >= 1
    context.close()


def test_offline_zip_is_the_same_bytes_for_the_same_site(built: Path, tmp_path: Path):
    from generator.site.offline import write_offline_zip

    site = built / "build/site"
    first = write_offline_zip(site, tmp_path / "a.zip")
    second = write_offline_zip(site, tmp_path / "b.zip")
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert digest(first) == digest(second) == digest(built / "build/handbook-offline.zip")
