"""`handbook desk`: forms over the project's own files in the browser, on this computer only.
Its command module lives with the desk, not in generator/commands/: the desk runs the other
commands (approve, release, sign), so it sits a layer above them."""

from __future__ import annotations

import argparse

from generator.commands.arguments import add_project_options, whole_number
from generator.core.project import Project

NAME = "desk"
HELP = "forms over the project's files in the browser, on this computer only"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument(
        "--port", type=whole_number(1, 65535, "a port"), default=None, help="port on 127.0.0.1 (default: a free one)"
    )
    parser.add_argument("--no-browser", action="store_true", help="print the address instead of opening the browser")


def run(args: argparse.Namespace, project: Project) -> int:
    from generator.desk.server import run as serve_desk  # the web framework loads only for the desk

    return serve_desk(project, args.port, not args.no_browser)
