"""The site's two build stages: the staff handbook through MkDocs (with the `handbook` plugin),
and the zip of it for a shared drive."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from generator.core import cache as output_cache
from generator.core.datafiles import data_files
from generator.core.output import Output

from .offline import ZIP_NAME, write_offline_zip
from .pages import SitePlan, plan_site, setting_docs

if TYPE_CHECKING:
    from generator.pipeline.handbook import Handbook

SITE = "site"


def _site_inputs_key(handbook: Handbook, site: SitePlan) -> str:
    """Everything the site is made from: generated pages, hand-written docs, mkdocs.yml."""
    digest = hashlib.sha256()
    for path, content in sorted(site.pages.items()):
        digest.update(f"{path}\0{content}\0".encode())
    docs = handbook.root / "docs"
    for doc in data_files(docs, "**/*"):
        if not doc.is_file():
            continue  # a folder, or an editor's lock link to nowhere
        digest.update(str(doc.relative_to(docs)).encode() + b"\0" + doc.read_bytes())
    for path, doc in sorted(setting_docs(handbook.project).items()):  # a setting's own pages
        digest.update(f"setting:{path}\0".encode() + doc.read_bytes())
    digest.update((handbook.root / "mkdocs.yml").read_bytes())
    return output_cache.key(digest.hexdigest())


def build_site(handbook: Handbook, output: Output) -> None:
    """The staff handbook, by MkDocs with the handbook plugin supplying the pages.  Skipped, and
    the previous site reused, when none of its inputs changed."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from .mkdocs_internals import forget_kept_plugins

    site = plan_site(handbook)
    if output.cache is not None and output.cache.reuse(SITE, _site_inputs_key(handbook, site)):
        return
    forget_kept_plugins()  # nothing of an earlier build in this process (the desk) comes along
    config = load_config(str(handbook.root / "mkdocs.yml"), site_dir=str(output.path(SITE)), strict=True)
    plugin = config.plugins.get("handbook")
    if plugin is None:
        raise RuntimeError("mkdocs.yml does not list the handbook plugin: add `- handbook` under `plugins:`")
    config.plugins.on_startup(command="build", dirty=False)
    plugin.hand_over(handbook, site)  # loaded and checked already: the plugin need not read the data
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
        # MkDocs keeps the plugin for the next configuration loaded in this process; had its
        # events not run, it would still hold this handbook and hand it to that next build.
        forget_kept_plugins()
    # A generator that skips the plugin (Zensical ignores plugins it does not know) still makes
    # a site, of the hand-written pages alone: refuse it rather than publish it.
    missing = missing_pages(output.path(SITE), site.pages, config.use_directory_urls)
    if missing:
        raise RuntimeError(
            f"the site lacks {len(missing)} of the pages the `handbook` plugin generates (e.g. {missing[0]}): "
            "the plugin did not run"
        )


def missing_pages(site_dir: Path, pages: Iterable[str], directory_urls: bool) -> list[str]:
    """The generated pages (paths under docs/) that a built site does not hold."""
    missing = []
    for page in sorted(pages):
        path = PurePosixPath(page).with_suffix("")
        if directory_urls and path.name != "index":
            path = path / "index"
        if not (site_dir / f"{path}.html").is_file():
            missing.append(page)
    return missing


def build_offline_zip(handbook: Handbook, output: Output) -> None:
    """build/handbook-offline.zip: the built site packed for a shared drive (after the site)."""
    # The zip is made from the site alone: when the site was reused, reuse its zip too.
    cache = output.cache
    if cache is not None and SITE in cache.entries and cache.reuse(ZIP_NAME, cache.entries[SITE]):
        return
    write_offline_zip(output.path(SITE), output.path(ZIP_NAME))
