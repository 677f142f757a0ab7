"""`handbook resolve --setting ID STATEMENT-ID (--keep-ours | --take-model | --text TEXT) | --adopt`:
the options checked, then the setting's decision recorded (commands/settings.py)."""

from __future__ import annotations

import argparse

from generator.core.project import Project

from .arguments import add_project_options
from .common import usage

NAME = "resolve"
HELP = "record a setting's decision where the model changed what it had changed"
DESCRIPTION = (
    "Where the model changed a statement that the setting (--setting ID) had replaced or removed, "
    "`handbook check` reports a conflict. Record the decision in the setting's overrides.yaml: --keep-ours, "
    "--take-model or --text. --adopt records the model's latest release as adopted, once no conflict is left."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument(
        "statement", nargs="?", metavar="STATEMENT-ID", help="the statement in conflict, e.g. CONF-STR-12"
    )
    choice = parser.add_mutually_exclusive_group(required=True)
    choice.add_argument(
        "--keep-ours", action="store_true", help="keep the setting's version (its words, or leaving it out)"
    )
    choice.add_argument(
        "--take-model", action="store_true", help="drop the setting's change: the model's words from now on"
    )
    choice.add_argument("--text", help="new words of the setting's own for the statement")
    choice.add_argument("--adopt", action="store_true", help="record the model's latest release as the one adopted")
    parser.add_argument(
        "--after", metavar="ID", help="with --keep-ours for a statement the model removed: the statement it follows"
    )


def run(args: argparse.Namespace, project: Project) -> int:
    from .settings import resolve  # the work, with its models, loads only when the command runs

    if not project.setting:
        return usage("resolve: say which setting with --setting ID")
    if args.adopt == bool(args.statement):
        return usage("resolve: give a STATEMENT-ID with --keep-ours, --take-model or --text; or --adopt alone")
    return resolve(project, args.statement, args.keep_ours, args.take_model, args.text, args.after, args.adopt)
