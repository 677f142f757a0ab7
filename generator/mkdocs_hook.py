"""MkDocs hook: generate the handbook pages from policy_data/ inside MkDocs.

Listed under ``hooks:`` in mkdocs.yml, so plain ``mkdocs build`` and ``mkdocs serve`` work.
MkDocs loads this file by path, as a separate module, so state shared with ``handbook build``
lives in ``generator.site_state`` (imported normally), not here.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from generator import glossary, offline, search_index, site_state
from generator.findings import DataError
from generator.project import load_and_check, remember_unchanged_files
from generator.safepath import UnsafePath, safe_relpath
from generator.render.prerendered import PrerenderedExtension
from generator.render.templating import compiled_templates
from generator.render.site import site_nav, site_pages

log = logging.getLogger("mkdocs.hooks.handbook")


def _data_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent / "policy_data"


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    state = site_state.take()
    if state is None:  # plain `mkdocs build` / `mkdocs serve`: load the data ourselves
        try:
            handbook, report = load_and_check(_data_dir(config), root, for_site=True)
        except DataError as exc:
            raise PluginError("policy data cannot be loaded:\n" + "\n".join(map(str, exc.findings))) from None
        # Data warnings (facts still to be completed) are the handbook's business, not broken
        # pages: report them without failing `mkdocs build --strict`.
        for finding in report.sorted():
            (log.error if finding.level == "error" else log.info)(str(finding))
        if report.errors:
            raise PluginError(f"policy data has {report.summary()}; run `handbook check`")
        state = site_state.SiteState(handbook=handbook)
    site_state.current = state
    if state.pages is None:
        state.pages = site_pages(state.handbook)
    config.nav = _escaped_nav(site_nav(state.handbook))
    config.site_name = escape(state.handbook.setting.name) + Markup(" staff handbook")
    # The iframe-worker shim from the site itself, never from the CDN the offline plugin names.
    config.extra["polyfills"] = offline.use_local_shim(config.extra.get("polyfills", []))
    # The generated pages' statement HTML is final: Python-Markdown need not parse it again.
    config.markdown_extensions.append(PrerenderedExtension())
    # The glossary's abbreviations, explained wherever they appear (abbr extension, listed in
    # mkdocs.yml; handbook.css shows the explanation on hover).
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary.abbreviations(state.handbook.glossary)
    return config


def _escaped_nav(items):
    """Navigation titles come from the data, but MkDocs' templates print titles as HTML,
    unescaped: escape them here (as Markup, so a template's own `| e` does not escape twice)."""
    if isinstance(items, list):
        return [_escaped_nav(item) for item in items]
    if isinstance(items, dict):
        return {escape(title): _escaped_nav(value) for title, value in items.items()}
    return items


def on_startup(command, dirty):
    site_state.dirty_serve = command == "serve" and dirty
    if command == "serve":  # every edit reloads the data: reuse the files that did not change
        remember_unchanged_files()


def _unchanged_since_last_build(path: str, content: str, nav_key: str) -> bool:
    """In `handbook serve` (a dirty build) a generated page whose Markdown and navigation are
    the same as in the previous rebuild need not be rendered again; MkDocs would otherwise
    treat every generated page as modified and rebuild the whole site on each edit."""
    if not site_state.dirty_serve:  # one-off builds render every page; nothing to remember
        return False
    digest = hashlib.sha256(f"{nav_key}\0{content}".encode("utf-8")).hexdigest()
    unchanged = site_state.served_pages.get(path) == digest
    site_state.served_pages[path] = digest
    return unchanged


def on_files(files: Files, config) -> Files:
    state = site_state.current
    nav_key = repr(config.nav)
    for path, content in state.pages.items():
        try:
            safe_relpath(path)  # ids are validated by the model; never trust that alone
        except UnsafePath as exc:
            raise PluginError(f"generated page not written: {exc}") from None
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} clashes with a generated page of the same name; rename or remove it")
        page = File.generated(config, path, content=content)
        if _unchanged_since_last_build(path, content, nav_key):
            page.is_modified = lambda: False  # type: ignore[method-assign]
        files.append(page)
    try:
        shim = offline.shim_sources(Path(config.config_file_path).resolve().parent)
    except offline.OfflineError as exc:
        raise PluginError(str(exc)) from None
    for path, source in shim.items():
        files.append(File.generated(config, path, abs_src_path=str(source)))
    return files


def on_env(env, config, files):
    # The theme's templates are compiled once and kept, like ours.
    env.bytecode_cache = compiled_templates()
    return env


# After the search plugin has written search_index.json (priority 0) and before the offline
# plugin inlines it for file:// (priority -100).
@event_priority(-50)
def on_post_build(config):
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        search_index.add_statements(index, site_state.current.handbook)


def on_serve(server, config, builder):
    # Editing a YAML file or a template rebuilds and reloads the page.
    server.watch(str(_data_dir(config)))
    server.watch(str(Path(__file__).resolve().parent / "templates"))
    checklists = Path(config.config_file_path).resolve().parent / "checklists"
    if checklists.is_dir():
        server.watch(str(checklists))
    return server
