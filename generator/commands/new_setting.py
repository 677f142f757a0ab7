"""`handbook new-setting ID --name NAME`: add a setting that adopts the model (the work is in
settings.py)."""

from __future__ import annotations

import argparse

from generator.core.project import Project

from .arguments import KIND_HELP, add_project_options, slug
from .common import usage

NAME = "new-setting"
HELP = "add a setting that adopts the model (ROOT/settings/ID/)"
DESCRIPTION = (
    "In a repository of model policies (ROOT/model/), make ROOT/settings/ID/ for a setting that "
    "adopts them: its setting.yaml with every fact unset, an overrides.yaml recording the model release "
    "adopted, and an empty approvals.yaml."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument("id", type=slug, metavar="ID", help="the setting's id, e.g. oak-tree")
    parser.add_argument("--name", required=True, help='the setting\'s name, e.g. "Oak Tree Nursery"')
    parser.add_argument("--kind", default=None, metavar="KIND", help=KIND_HELP)


def run(args: argparse.Namespace, project: Project) -> int:
    from .settings import new_setting

    if args.setting or args.data:
        return usage("new-setting: give the new setting's id, not --setting or --data")
    return new_setting(project, args.id, args.name, args.kind)
