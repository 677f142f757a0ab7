"""The one module that leans on MkDocs beyond its public plugin API, for `handbook serve`.

MkDocs 1.6 offers no public way to do either of these, so both are here, and
tests/test_no_hidden_state.py (test_what_serve_relies_on_is_still_in_the_installed_mkdocs) checks every
name they rely on against the installed MkDocs:
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
4. No search index for file:// in `serve`.  Material's offline plugin copies the search index
   (7 MB at bench scale) into search/search_index.js after every build, for a site opened from
   a shared drive; the theme's script reads it only there (location.protocol "file:"), never
   from `serve`'s http.  Its on_post_build does nothing when its `enabled` option is false, read
   when it runs: the handbook plugin's on_post_build, which runs before it, sets it so in a
   `serve` rebuild (the offline plugin is made afresh from mkdocs.yml for every build, so its
   on_config has done its part as ever).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mkdocs.structure.files import File

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


def no_offline_search_index(config: Any) -> None:
    """This build writes no search/search_index.js (4. above); called from a `serve` rebuild's
    on_post_build, before the offline plugin's."""
    offline = config.plugins.get("material/offline")
    if offline is not None:
        offline.config.enabled = False
