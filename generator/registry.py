"""Every `handbook` command, in the order `handbook --help` lists them.

A command is one module of generator/commands/ (or, for the desk, which runs the other
commands, generator/desk/command.py), with:

    NAME            the word typed after `handbook`
    HELP            its line in `handbook --help`
    DESCRIPTION     (optional) the paragraph of its own --help
    NEEDS_PROJECT   (optional, default True) False for a command that works without an
                    existing project (`new` makes one)
    OUTPUTS         (optional) {dest: rules} for each option naming a place it writes; checked
                    by core/output_place.py before it runs (tests/test_output_places.py walks
                    the parsers for a path option missing here)
    add_arguments(parser)   its arguments; argument values are checked by the `type=`
                            functions of commands/arguments.py
    run(args, project)      does the work and returns the exit code; `project` is the
                            generator.core.project.Project the command line names (None when
                            NEEDS_PROJECT is False)

Adding a command is that module and one line here.
"""

from __future__ import annotations

import argparse
from typing import Protocol

from generator.core.project import Project

from .commands import (
    approve,
    build,
    check,
    due,
    export_policy,
    import_policy,
    new,
    new_setting,
    release,
    resolve,
    schema,
    serve,
    sign,
    status,
    translate,
    upgrade,
)
from .desk import command as desk


class Command(Protocol):
    """What every command module has (mypy checks each module in COMMANDS against it)."""

    NAME: str
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace, project: Project) -> int: ...


COMMANDS: list[Command] = [
    new,
    check,
    build,
    serve,
    desk,
    import_policy,
    export_policy,
    release,
    approve,
    translate,
    status,
    sign,
    due,
    schema,
    new_setting,
    resolve,
    upgrade,
]
