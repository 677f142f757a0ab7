"""The theme's Jinja environment, cheaper to make again for every build (issue 31).

MkDocs makes the theme's environment afresh for every build (`Theme.get_env`), and Material's
search plugin makes one more in its on_config, to read the language's settings.  Two costs
came with each, in every build after the first of a process (the desk, `serve`, the tests'
workers build many sites):

- MkDocs lists every file in the theme's folders (`Files.add_files_from_theme`, through the
  environment's `list_templates`) to find the 40-odd it copies into the site: 14,500 files,
  all but 160 of them in Material's `.icons/` folder, each matched against 17 patterns, for
  0.05 s of a 0.23 s rebuild.  MkDocs' own patterns (`.*` and `*/.*`) drop every name with a
  part that starts with a dot, so no icon is ever copied: the templates only include them.
- The search plugin's environment had no compiled templates: it compiled Material's language
  templates again on every build.

The plugin hands MkDocs a theme of our own before any other plugin's on_config
(`visible_files_theme`): the same theme, through MkDocs' public Theme class, whose `get_env`
gives MkDocs' own environment with a loader that lists no hidden folder or file, and our
compiled templates (core/templating.py: kept in memory by the process too).  Loading a
template, an icon included, is the same as ever; only the listing skips what MkDocs would
have dropped.  Nothing of MkDocs is patched, and no listing is kept between builds, so a file
added to a theme folder is found by the next build.  tests/test_site_theme_env.py holds the
files a build adds to those MkDocs' own environment finds.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING, Any

import jinja2

from generator.core.templating import compiled_templates

if TYPE_CHECKING:
    from mkdocs.theme import Theme


class VisibleFilesLoader(jinja2.FileSystemLoader):
    """Jinja's FileSystemLoader, whose listing leaves out hidden folders and files."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:  # as Jinja's own list_templates, but for the dots
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                for name in names:
                    if name.startswith("."):
                        continue
                    template = os.path.join(folder, name)[len(searchpath) :].strip(os.path.sep)
                    template = template.replace(os.path.sep, "/")
                    found.add(template[2:] if template[:2] == "./" else template)
        return sorted(found)


@cache
def _theme_class(theme_class: type[Theme]) -> type[Theme]:
    """A subclass of the running generator's Theme class (MkDocs', or ProperDocs' own)."""

    def get_env(self: Any) -> jinja2.Environment:
        env = theme_class.get_env(self)
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:  # MkDocs' own: the same folders, encoding and links
            env.loader = VisibleFilesLoader(loader.searchpath, loader.encoding, loader.followlinks)
        env.bytecode_cache = compiled_templates()  # Material's templates compiled once, like ours
        return env

    return type(f"VisibleFiles{theme_class.__name__}", (theme_class,), {"get_env": get_env, "visible_files": True})


def visible_files_theme(theme: Theme) -> Theme:
    """The configuration's theme, the same in everything, whose environment lists no hidden
    file and keeps compiled templates (for on_config, before the build lists the theme's files)."""
    if getattr(theme, "visible_files", False):  # ours already (on_config of an earlier build)
        return theme
    own = _theme_class(type(theme))(custom_dir=theme.custom_dir)  # no name: no theme file read again
    own.name = theme.name
    own.dirs = list(theme.dirs)
    own.static_templates = set(theme.static_templates)
    own.clear()
    own.update(theme)  # the theme's options (palette, features, locale, ...) as they were
    return own
