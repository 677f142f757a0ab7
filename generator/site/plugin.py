"""The `handbook` MkDocs plugin: the staff handbook's pages, generated from the data folder.

mkdocs.yml lists it (`plugins: [search, offline, handbook]`), so plain `mkdocs build` and
`mkdocs serve` work: the plugin loads and checks the data itself, from its `data_dir` option.
`handbook build` has loaded and checked the data already and hands the result to the plugin
instance (`hand_over`) rather than have it read the YAML a second time.

Its state lives on the instance.  MkDocs keeps a plugin that has `on_startup` across the
rebuilds of one `mkdocs serve` (as Material's plugins do): that is where `handbook serve`
remembers the validated models of unchanged files and the hash of every page it served.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from generator.core.clock import EnvironmentValueError
from generator.core.datafiles import PrivateFiles, ignored, is_private_source
from generator.core.navigation import escaped_nav, without_pages
from generator.core.prerendered import PrerenderedExtension
from generator.core.project import DATA_DIR, Project, every_private_folder
from generator.core.safepath import UnsafePath, safe_relpath
from generator.core.templating import TEMPLATES

from . import offline, site_cache
from .mkdocs_internals import UnchangedFile, no_offline_search_index
from .setting_docs import setting_docs
from .site_cache import SiteData
from .theme_env import visible_files_theme

# The package's models, checks and pages are imported where they are used, not here: a plain
# `mkdocs build` of unchanged data uses the kept site data (site_cache) and needs none of them
# (importing them cost a third of a second of CPU, issue 31).
if TYPE_CHECKING:
    from generator.core.sources import SourceMemo
    from generator.core.templating import RenderMemo
    from generator.pipeline.handbook import Handbook

    from .pages import SitePlan
    from .search_index import EntryMemo

log = logging.getLogger("mkdocs.plugins.handbook")

THEME_DIR = Path(__file__).resolve().parent / "theme"
STYLESHEET = "stylesheets/handbook.css"  # in THEME_DIR


class HandbookConfig(base.Config):
    # The data folder, relative to mkdocs.yml.  Its checklists are found beside it.  (Not
    # `data`: a Config is a UserDict, whose own `data` holds the options.)
    data_dir = c.Type(str, default=DATA_DIR)
    # The checklists folder, when it is not beside the data folder.
    checklists_dir = c.Optional(c.Type(str))
    # The day dates are judged by (YYYY-MM-DD); default $HANDBOOK_DATE, $SOURCE_DATE_EPOCH or today.
    as_of = c.Optional(c.Type(str))
    # In a repository of model policies: the setting to show (settings/<id>/ over model/).
    setting = c.Optional(c.Type(str))


class HandbookPlugin(BasePlugin[HandbookConfig]):
    def __init__(self) -> None:
        self.handed_over: tuple[Handbook, SitePlan] | None = None  # from `handbook build`
        self.handbook: Handbook | None = None  # this build's (None when the kept site data is used)
        self.site: SiteData | None = None  # this build's pages, navigation and the rest
        self.project_: Project | None = None  # this build's
        self.dirty_serve = False
        self.memo: SourceMemo | None = None  # serve: validated models of unchanged files
        self.renders: RenderMemo | None = None  # serve: pages rendered for the last edit, with their values
        self.served_pages: dict[
            str, tuple[str, str]
        ] = {}  # serve: each generated page's navigation and Markdown at the last rebuild
        self.search_entries: EntryMemo | None = None  # serve: statement entries of unchanged statements
        self.frozen = False  # serve: what the first build left is out of the garbage collector's sight

    def hand_over(self, handbook: Handbook, site: SitePlan) -> None:
        """Use this loaded, checked handbook for the next build instead of loading the data."""
        self.handed_over = (handbook, site)

    def project(self, config) -> Project:
        """The project the plugin's options describe."""
        root = Path(config.config_file_path).resolve().parent
        checklists = self.config.checklists_dir
        try:
            as_of = dt.date.fromisoformat(self.config.as_of) if self.config.as_of else None
        except ValueError:
            raise PluginError(f"handbook plugin: as_of '{self.config.as_of}' is not a date; write YYYY-MM-DD") from None
        try:
            if self.config.setting:
                return Project.for_setting(root, self.config.setting, as_of=as_of)
            return Project.at(
                root, root / self.config.data_dir, checklists=root / checklists if checklists else None, as_of=as_of
            )
        except EnvironmentValueError as problem:  # HANDBOOK_DATE and the like
            raise PluginError(f"handbook plugin: {problem}") from None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty_serve = command == "serve" and dirty
        # Every `serve` edit reloads the data: reuse the files that did not change.
        self.memo, self.search_entries, self.renders = None, None, None
        if command == "serve":
            from generator.core.sources import SourceMemo
            from generator.core.templating import RenderMemo

            from .search_index import EntryMemo

            self.memo, self.search_entries, self.renders = SourceMemo(), EntryMemo(), RenderMemo()
        self.served_pages = {}
        self.frozen = False

    # Before the other plugins' on_config (the search plugin makes the theme's environment in
    # its own): a theme whose environment lists no hidden file, so that MkDocs need not walk
    # Material's icons on every build, and keeps compiled templates (site/theme_env.py).
    @event_priority(100)
    def _on_config_theme(self, config):
        config.theme = visible_files_theme(config.theme)
        return config

    def _on_config(self, config):
        if self.handed_over is not None:
            (self.handbook, plan), self.handed_over = self.handed_over, None
            self.project_ = self.handbook.project
            self.site = self._site_data(self.handbook, plan, findings=[], keep=False)
        elif self.memo is not None:  # `serve`: load again, reusing the models of unchanged files
            self.project_ = self.project(config)
            self.handbook, findings = self._load(self.project_)
            self.site = self._site_data(self.handbook, None, findings, keep=False, renders=self.renders)
        else:  # plain `mkdocs build`: the kept site data when no input changed, else load the data
            self.project_ = self.project(config)
            key = site_cache.inputs_key(self.project_, dict(self.config))
            self.handbook, self.site = None, site_cache.load(self.project_, key)
            if self.site is None:
                self.handbook, findings = self._load(self.project_)
                self.site = self._site_data(self.handbook, None, findings, keep=True)
                self.handbook = None  # the next steps use the site data alone, as on a kept one
                site_cache.save(self.project_, key, self.site)
            self._report(self.site.findings)
        config.nav = escaped_nav(self.site.nav)
        config.site_name = Markup(self.site.name)
        # The tool's theme folder: template overrides, the handbook's stylesheet and the vendored
        # iframe-worker shim (MkDocs copies a theme folder's other files into the site). After a
        # project's own custom_dir, so a project can still override any of it.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        # The iframe-worker shim from the site itself, never from the CDN the offline plugin names.
        config.extra["polyfills"] = offline.use_local_shim(config.extra.get("polyfills", []))
        # The generated pages' statement HTML is final: Python-Markdown need not parse it again.
        config.markdown_extensions.append(PrerenderedExtension())
        # The glossary's abbreviations, explained wherever they appear (abbr extension, listed in
        # mkdocs.yml; handbook.css shows the explanation on hover).
        config.mdx_configs.setdefault("abbr", {})["glossary"] = dict(self.site.abbreviations)
        return config

    on_config = CombinedEvent(_on_config_theme, _on_config)

    @staticmethod
    def _site_data(
        handbook: Handbook,
        plan: SitePlan | None,
        findings: list[tuple[str, str]],
        keep: bool,
        renders: RenderMemo | None = None,
    ) -> SiteData:
        """What the plugin hands MkDocs, from a loaded and checked handbook.  The search index's
        statement entries are made here only when the result is kept for later builds (else
        after the build, from the handbook, reusing those of unchanged statements in `serve`)."""
        from generator.features.glossary.glossary import abbreviations

        from .pages import plan_site, site_name

        plan = plan or plan_site(handbook, renders)
        entries, places = b"", []
        if keep:
            from .search_index import entries_text, statement_entries

            made = statement_entries(handbook)
            entries, places = entries_text(made), [entry["location"] for entry in made]
        from generator.features.notice.inserts import handbook_inserts

        return SiteData(
            plan.pages,
            plan.nav,
            str(site_name(handbook)),
            abbreviations(handbook.glossary),
            findings,
            entries,
            places,
            handbook_inserts(handbook),
        )

    def _load(self, project: Project) -> tuple[Handbook, list[tuple[str, str]]]:
        """Load and check the data: the handbook and the check's findings as (level, message)."""
        from generator.core.findings import DataError
        from generator.pipeline.handbook import load_and_check

        try:
            handbook, report = load_and_check(project, for_site=True, memo=self.memo)
        except DataError as exc:
            raise PluginError("policy data cannot be loaded:\n" + "\n".join(map(str, exc.findings))) from None
        findings: list[tuple[str, str]] = [(finding.level, str(finding)) for finding in report.sorted()]
        if report.errors:
            self._report(findings)
            raise PluginError(f"policy data has {report.summary()}; run `handbook check`")
        if self.memo is not None:
            self._report(findings)
        return handbook, findings

    @staticmethod
    def _report(findings: Sequence[tuple[str, str]]) -> None:
        # Data warnings (facts still to be completed) are the handbook's business, not broken
        # pages: report them without failing `mkdocs build --strict`.
        for level, message in findings:
            (log.error if level == "error" else log.info)(message)

    def _unchanged_since_last_build(self, path: str, content: str, nav_key: str) -> bool:
        """In `handbook serve` (a dirty build) a generated page whose Markdown and navigation are
        the same as in the previous rebuild need not be rendered again; MkDocs would otherwise
        treat every generated page as modified and rebuild the whole site on each edit."""
        if not self.dirty_serve:  # one-off builds render every page; nothing to remember
            return False
        # Kept as they are and compared, not hashed: a page kept by the RenderMemo is the same
        # string as last time, which compares at once (hashing every page cost 0.03 s an edit).
        unchanged = self.served_pages.get(path) == (nav_key, content)
        self.served_pages[path] = (nav_key, content)
        return unchanged

    def _hand_written(self, files: Files, config) -> set[str]:
        """Keep in `files` the publishable files of every source of pages: docs/ (and the
        theme's, which MkDocs lists with them) and a setting's own docs/, each judged by the
        same is_private_source before it is used; returns the paths left out as private."""
        assert self.project_ is not None  # on_config set it
        # one for this build: the private folders' files are collected once, if a file has
        # more than one name, not once for each such file
        private = PrivateFiles(self.project_.root, every_private_folder(self.project_))
        refused: set[str] = set()
        for file in list(files):
            # editors' backup and autosave files (page.md~, #page.md#) are not pages, and
            # nothing from a records or private folder is published (`check` warns of it)
            if ignored(file.src_uri):
                files.remove(file)
            elif file.abs_src_path and is_private_source(file.src_uri, Path(file.abs_src_path), private):
                files.remove(file)
                refused.add(file.src_uri)
        for path, source in setting_docs(self.project_).items():
            try:
                safe_relpath(path)
            except UnsafePath as exc:
                raise PluginError(f"the setting's page not used: {exc}") from None
            # judged before it replaces the repository's page: left out, that page (if any)
            # is shown, as for a setting without a page of its own
            if is_private_source(path, source, private):
                refused.add(path)
                continue
            if (replaced := files.get_file_from_path(path)) is not None:
                files.remove(replaced)
            files.append(File.generated(config, path, content=source.read_text(encoding="utf-8")))
        return refused

    def on_files(self, files: Files, config) -> Files:
        assert self.site is not None and self.project_ is not None  # on_config set them
        refused = self._hand_written(files, config)
        # A page left out leaves the navigation too (MkDocs would stop a strict build at its
        # entry, where `check` said it was left out), unless a page of that path stands in.
        gone = {path for path in refused if files.get_file_from_path(path) is None and path not in self.site.pages}
        if gone:  # pruning drops an author's empty sections, and an empty nav becomes MkDocs' own
            config.nav = without_pages(config.nav, gone)
        nav_key = repr(config.nav)
        for path, content in self.site.pages.items():
            try:
                safe_relpath(path)  # ids are validated by the model; never trust that alone
            except UnsafePath as exc:
                raise PluginError(f"generated page not written: {exc}") from None
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} clashes with a generated page of the same name; rename or remove it")
            # An unchanged page is left as it is by a dirty `serve` rebuild (see mkdocs_internals).
            unchanged = self._unchanged_since_last_build(path, content, nav_key)
            files.append((UnchangedFile if unchanged else File).generated(config, path, content=content))
        return files

    # MkDocs stamps "today" (the machine clock, or a SOURCE_DATE_EPOCH in the environment) on
    # each page's update_date (sitemap.xml's lastmod, and its .gz header's date) and on
    # build_date_utc; the handbook speaks for the project's date instead (--as-of, the user's
    # own SOURCE_DATE_EPOCH, or today), so the same data gives the same bytes.  Both are set
    # through MkDocs' plugin events, without writing the environment.
    def on_page_markdown(self, markdown, *, page, config, files):
        """A hand-written page's markers (the accessibility statement's "other formats" and
        contact), filled in from the data: what the setting really offers, never "the office"."""
        assert self.site is not None
        for marker, text in self.site.inserts.items():
            markdown = markdown.replace(marker, text)
        return markdown

    def on_nav(self, nav, *, config, files):
        assert self.project_ is not None  # on_config set it
        for file in files.documentation_pages():
            if file.page is not None:
                file.page.update_date = self.project_.as_of.isoformat()
        return nav

    def _dated(self, context):
        assert self.project_ is not None
        context["build_date_utc"] = dt.datetime.combine(self.project_.as_of, dt.time(), tzinfo=dt.UTC)
        return context

    def on_template_context(self, context, *, template_name, config):
        return self._dated(context)

    def on_page_context(self, context, *, page, config, nav):
        return self._dated(context)

    # After the search plugin has written search_index.json (priority 0) and before the offline
    # plugin inlines it for file:// (priority -100).
    @event_priority(-50)
    def on_post_build(self, *, config) -> None:
        if self.dirty_serve:  # served over http: the index for file:// is never read
            no_offline_search_index(config)
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            from . import search_index

            assert self.site is not None
            if self.handbook is None:  # kept site data
                search_index.add_entries_text(index, self.site.search_entries, self.site.search_places)
            else:
                search_index.add_statements(index, self.handbook, self.search_entries)
        if self.memo is not None and not self.frozen:
            self._freeze_first_build()

    def _freeze_first_build(self) -> None:
        """`serve`: after the first build, the objects it left (above all the memo's models of
        every data file, kept for the whole preview) are moved out of the garbage collector's
        sight (gc.freeze).  Python's full collections otherwise walk all of them again every
        other rebuild, a sixth of an edit's CPU at bench scale (issue 31).  Once only: what
        the first build leaves that later becomes cyclic garbage (its handbook) is kept, which
        bounds what this holds to one build's worth; later builds are collected as ever."""
        import gc

        gc.collect()
        gc.freeze()
        self.frozen = True

    def on_shutdown(self) -> None:
        if self.frozen:  # the preview has ended: its objects are the collector's again
            import gc

            gc.unfreeze()
            self.frozen = False

    def on_serve(self, server, config, builder):
        # Editing a YAML file or a template rebuilds and reloads the page.
        project = self.project(config)
        server.watch(str(project.data_dir))
        server.watch(str(TEMPLATES))
        if project.checklists_dir.is_dir():
            server.watch(str(project.checklists_dir))
        return server
