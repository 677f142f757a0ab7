"""`handbook serve`: MkDocs' live preview, with the handbook plugin told which project to show."""

from __future__ import annotations

import argparse
import copy

from generator.core.project import Project

from .arguments import add_project_options

NAME = "serve"
HELP = "live preview of the handbook; reloads when a YAML file changes"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")


def run(args: argparse.Namespace, project: Project) -> int:
    return serve(project, args.dev_addr)


PLUGIN = "handbook"


class _Fresh(list):
    """A plugins list MkDocs may take apart: it pops each entry's options as it reads them,
    and `serve` reads the same list again for every rebuild, so each reading gets a copy."""

    def __iter__(self):
        return iter(copy.deepcopy([*list.__iter__(self)]))


def plugins_for(project: Project) -> list:
    """mkdocs.yml's plugins, with the handbook plugin's options set to this project: its data
    and checklists folders and its date (the plugin reads nothing from the environment)."""
    from mkdocs.utils.yaml import yaml_load

    with open(project.root / "mkdocs.yml", encoding="utf-8") as f:
        plugins = (yaml_load(f) or {}).get("plugins", [])
    options = {
        "data_dir": str(project.data_dir),
        "checklists_dir": str(project.checklists_dir),
        "as_of": project.as_of.isoformat(),
    }
    if project.setting:
        options = {"setting": project.setting, "as_of": project.as_of.isoformat()}
    configured = []
    for item in plugins:
        name = item if isinstance(item, str) else next(iter(item))
        if name == PLUGIN:
            given = {} if isinstance(item, str) else dict(item[name] or {})
            item = {PLUGIN: {**given, **options}}
        configured.append(item)
    if not any(isinstance(i, dict) and PLUGIN in i for i in configured):
        configured.append({PLUGIN: options})
    return _Fresh(configured)


def serve(project: Project, dev_addr: str) -> int:
    # Imported here, not above: every `handbook` command line loads this module for its arguments.
    from mkdocs.commands import serve as mkdocs_serve

    from generator.site.mkdocs_internals import watching_closely

    # Dirty rebuilds: only pages whose content changed are rendered again (see site/plugin.py);
    # a change is heard of at once where the kernel can tell (site/watching.py) and built
    # sooner (site/mkdocs_internals.py).
    with watching_closely():
        mkdocs_serve.serve(
            config_file=str(project.root / "mkdocs.yml"),
            dev_addr=dev_addr,
            livereload=True,
            build_type="dirty",
            plugins=plugins_for(project),
        )
    return 0
