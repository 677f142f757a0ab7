"""The one module that leans on MkDocs beyond its public plugin API, for `handbook serve`.

MkDocs 1.6 offers no public way to do either of these, so both are here, and
tests/test_mkdocs_internals.py checks every name they rely on against the installed MkDocs:
when that test fails, MkDocs has changed under us; read its source again before changing this.

1. Dirty rebuilds of generated pages.  A `serve` rebuild with build_type="dirty" renders again
   only the pages whose `page.file.is_modified()` is true (mkdocs.commands.build), and a
   generated File (content held in memory) always says it is.  A generated page whose content
   is the same as at the last rebuild is made as an UnchangedFile, which says it is not.
2. The live preview's polling.  mkdocs.commands.serve.serve makes its own LiveReloadServer,
   which looks for changed files every half second (polling_interval=0.5), a quarter of the two
   seconds an edit may take to show; `serve` has no option for it, so for the length of one
   `handbook serve` the name serve() looks up is a LiveReloadServer with a shorter interval.
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
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mkdocs.commands import serve as mkdocs_serve
from mkdocs.structure.files import File, Files

# (module, name, what the handbook relies on): checked against the installed MkDocs by the test.
RELIED_ON = (
    ("mkdocs.commands.build", "_build_page", "a dirty build skips a page whose page.file.is_modified() is false"),
    ("mkdocs.commands.build", "_populate_page", "a dirty build skips a page whose page.file.is_modified() is false"),
    ("mkdocs.structure.files", "File.generated", "a classmethod that makes an instance of the class it is called on"),
    ("mkdocs.structure.files", "File.is_modified", "a method with no arguments, returning a bool"),
    ("mkdocs.commands.serve", "LiveReloadServer", "the name serve() calls to make its server"),
    ("mkdocs.livereload", "LiveReloadServer", "takes polling_interval, in seconds"),
    ("mkdocs.config.defaults", "MkDocsConfig._schema", "(name, option) pairs; the plugins option keeps plugin_cache"),
    (
        "mkdocs.structure.files",
        "Files.add_files_from_theme",
        "(self, env, config): appends the theme's files not in docs",
    ),
    ("mkdocs.commands.build", "build", "calls files.add_files_from_theme(env, config) on every build"),
)

POLLING_INTERVAL = 0.1  # seconds; a few milliseconds of stat() calls each time


class UnchangedFile(File):
    """A generated page whose content has not changed since the last `serve` rebuild: a dirty
    rebuild leaves its page as it is."""

    def is_modified(self) -> bool:
        return False


@contextmanager
def polling_often() -> Iterator[None]:
    """MkDocs' `serve` looks for changed files every POLLING_INTERVAL seconds in this block."""
    original = mkdocs_serve.LiveReloadServer
    mkdocs_serve.LiveReloadServer = functools.partial(original, polling_interval=POLLING_INTERVAL)  # type: ignore[misc,assignment]
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
