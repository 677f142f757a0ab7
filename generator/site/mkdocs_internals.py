"""The one module that leans on MkDocs beyond its public plugin API, for `handbook serve`.

MkDocs 1.6 offers no public way to do either of these, so both are here, and
tests/test_mkdocs_internals.py checks every name they rely on against the installed MkDocs:
when that test fails, MkDocs has changed under us; read its source again before changing this.

1. Dirty rebuilds of generated pages.  A `serve` rebuild with build_type="dirty" renders again
   only the pages whose `page.file.is_modified()` is true (mkdocs.commands.build), and a
   generated File (content held in memory) always says it is.  A generated page whose content
   is the same as at the last rebuild is made as an UnchangedFile, which says it is not.
2. How the live preview hears of a change.  mkdocs.commands.serve.serve makes its own
   LiveReloadServer, which looks at every watched file every half second (a watchdog
   PollingObserver, polling_interval=0.5) and then waits for build_delay = 0.1 s without a
   change before it rebuilds; `serve` has no option for either.  For the length of one
   `handbook serve` the name serve() looks up makes a server whose observer is a
   site/watching.py Watcher (inotify for local folders, polling every POLLING_INTERVAL for the
   rest) and whose build_delay is BUILD_DELAY.
3. One-off builds from fresh plugins.  MkDocs keeps every plugin that has on_startup or
   on_shutdown for the life of the process (config_options.Plugins.plugin_cache, on the
   configuration's schema), so that `serve` may keep state between rebuilds.  A build in a
   process that has built with `dirty` before (the desk runs many builds; the tests serve in
   process) would get those instances back, and Material's search plugin merges the index of
   its last dirty build into the next: another project's pages in this one's search.
4. The theme's files, listed once per `serve`.  Every build lists the theme folders' files
   (Files.add_files_from_theme: about 14,000 at once, most of them Material's icons, each
   matched against a dozen patterns) to find the 40-odd it copies into the site: 0.06 s of
   every rebuild.  For the length of one `handbook serve` the list is kept, and made again
   whenever a theme folder's own files or folders change (each folder's modification time).
5. No search index for file:// in `serve`.  Material's offline plugin copies the search index
   (7 MB at bench scale) into search/search_index.js after every build, for a site opened from
   a shared drive; the theme's script reads it only there (location.protocol "file:"), never
   from `serve`'s http.  Its on_post_build does nothing when its `enabled` option is false, read
   when it runs: the handbook plugin's on_post_build, which runs before it, sets it so in a
   `serve` rebuild (the offline plugin is made afresh from mkdocs.yml for every build, so its
   on_config has done its part as ever).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mkdocs.structure.files import File, Files

# (module, name, what the handbook relies on): checked against the installed MkDocs by the test.
RELIED_ON = (
    ("mkdocs.commands.build", "_build_page", "a dirty build skips a page whose page.file.is_modified() is false"),
    ("mkdocs.commands.build", "_populate_page", "a dirty build skips a page whose page.file.is_modified() is false"),
    ("mkdocs.structure.files", "File.generated", "a classmethod that makes an instance of the class it is called on"),
    ("mkdocs.structure.files", "File.is_modified", "a method with no arguments, returning a bool"),
    ("mkdocs.commands.serve", "LiveReloadServer", "the name serve() calls to make its server"),
    ("mkdocs.livereload", "LiveReloadServer", "takes polling_interval, in seconds"),
    (
        "mkdocs.livereload",
        "LiveReloadServer.watch",
        "schedules each path on self.observer (made in __init__): schedule(handler, path, recursive=)",
    ),
    (
        "mkdocs.livereload",
        "LiveReloadServer.serve",
        "starts self.observer; shutdown() stops and joins it; unwatch() unschedules from it",
    ),
    (
        "mkdocs.livereload",
        "LiveReloadServer._build_loop",
        "after a change, waits until self.build_delay (set in __init__) passes without another",
    ),
    ("mkdocs.config.defaults", "MkDocsConfig._schema", "(name, option) pairs; the plugins option keeps plugin_cache"),
    (
        "mkdocs.structure.files",
        "Files.add_files_from_theme",
        "(self, env, config): appends the theme's files not in docs",
    ),
    ("mkdocs.commands.build", "build", "calls files.add_files_from_theme(env, config) on every build"),
    (
        "material.plugins.offline.plugin",
        "OfflinePlugin.on_post_build",
        "priority -100; does nothing when self.config.enabled is false when it runs",
    ),
)

POLLING_INTERVAL = 0.1  # seconds, for what inotify cannot watch: a few stat() calls each time
# Seconds without another change before a rebuild starts.  An editor's save is one write, or a
# new file written, flushed and renamed over the old: its changes come within milliseconds of
# each other, where the kernel tells of them (inotify) at once.  Never a risk to what is
# shown: a change during a rebuild makes MkDocs rebuild again when it ends (_build_loop), so
# a save split by the delay costs a second rebuild, never a stale page.
BUILD_DELAY = 0.05


class UnchangedFile(File):
    """A generated page whose content has not changed since the last `serve` rebuild: a dirty
    rebuild leaves its page as it is."""

    def is_modified(self) -> bool:
        return False


@contextmanager
def watching_closely() -> Iterator[None]:
    """MkDocs' `serve` hears of changes as 2. above says, in this block."""
    # Imported here: the plugin imports this module for every build, and a one-off build has
    # no use for the server (its imports, urllib's among them, cost a one-off build CPU).
    from mkdocs.commands import serve as mkdocs_serve

    from .watching import Watcher

    original = mkdocs_serve.LiveReloadServer

    class LiveReloadServer(original):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs, polling_interval=POLLING_INTERVAL)
            # Before serve() watches anything: its PollingObserver, never started, is dropped.
            self.observer = Watcher(POLLING_INTERVAL)
            self.build_delay = BUILD_DELAY

    mkdocs_serve.LiveReloadServer = LiveReloadServer  # type: ignore[misc]
    try:
        yield
    finally:
        mkdocs_serve.LiveReloadServer = original  # type: ignore[misc]


def forget_kept_plugins() -> None:
    """The next load of a configuration makes every plugin afresh (3. above)."""
    from mkdocs.config.config_options import Plugins
    from mkdocs.config.defaults import MkDocsConfig

    option = dict(MkDocsConfig._schema)["plugins"]
    assert isinstance(option, Plugins)
    option.plugin_cache.clear()


def _folder_times(folders: list[str]) -> tuple[tuple[str, int], ...]:
    """Every folder under these, with its modification time: a file added, removed or renamed
    anywhere in them changes one."""
    found = []
    todo = list(reversed(folders))
    while todo:
        folder = todo.pop()
        try:
            found.append((folder, os.stat(folder).st_mtime_ns))
            with os.scandir(folder) as entries:
                todo.extend(sorted((e.path for e in entries if e.is_dir()), reverse=True))
        except OSError:
            found.append((folder, -1))
    return tuple(found)


@contextmanager
def theme_files_kept() -> Iterator[None]:
    """MkDocs' builds in this block list the theme's files only when a theme folder changed
    (4. above): the same files, in the same order, as Files.add_files_from_theme finds."""
    original = Files.add_files_from_theme
    kept: dict[str, Any] = {}

    def add_files_from_theme(self: Files, env: Any, config: Any) -> None:
        key = (
            tuple(config.theme.dirs),
            tuple(config.theme.static_templates),
            config.site_dir,
            config.use_directory_urls,
            _folder_times(list(config.theme.dirs)),
        )
        if kept.get("key") != key:
            every = Files([])
            original(every, env, config)  # every theme file, none shadowed by a page
            kept.update(key=key, files=[(f.src_uri, f.src_dir) for f in every])
        for path, folder in kept["files"]:
            # Theme files do not override docs_dir files (as MkDocs' own)
            if self.get_file_from_path(path) is None:
                self.append(File(path, folder, config.site_dir, config.use_directory_urls))

    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]
    try:
        yield
    finally:
        Files.add_files_from_theme = original  # type: ignore[method-assign]


def no_offline_search_index(config: Any) -> None:
    """This build writes no search/search_index.js (5. above); called from a `serve` rebuild's
    on_post_build, before the offline plugin's."""
    offline = config.plugins.get("material/offline")
    if offline is not None:
        offline.config.enabled = False
