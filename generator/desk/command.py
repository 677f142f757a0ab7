"""`handbook desk`: forms over the project's own files in the browser, on this computer only.
Its command module lives with the desk, not in generator/commands/: the desk runs the other
commands (approve, release, sign), so it sits a layer above them."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from generator.commands.arguments import (
    DESK_PASSWORD_ENV,
    SHORTEST_DESK_PASSWORD,
    add_project_options,
    host_name,
    whole_number,
)
from generator.commands.common import usage
from generator.core.project import Project

NAME = "desk"
HELP = "forms over the project's files in the browser, on this computer only (or, with a password, the office's)"
DESCRIPTION = (
    "Forms over the project's own files, in the browser. By default the desk answers only on this computer "
    "(127.0.0.1), to the address it prints, which holds a key. With --office it answers every computer of the "
    "office network at the names given with --office-name, to whoever signs in with a password. RISKS of "
    "--office: the office network does not encrypt the desk's pages (no TLS), so anyone who can watch that "
    "network can read the pages, the password and the session as they pass; use it only on the setting's own, "
    "trusted network, never on a guest or public one. The password keeps out people on the network who do not "
    "know it (wrong tries are slowed); it does not protect the files on this computer, and everyone who knows "
    "it can change everything the desk changes."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument(
        "--port", type=whole_number(1, 65535, "a port"), default=None, help="port to listen on (default: a free one)"
    )
    parser.add_argument("--no-browser", action="store_true", help="print the address instead of opening the browser")
    parser.add_argument(
        "--office",
        action="store_true",
        help="serve to the office network (every address of this computer), behind a password; "
        "needs --office-name. Unencrypted: only on a trusted network",
    )
    parser.add_argument(
        "--office-name",
        action="append",
        type=host_name,
        default=[],
        metavar="NAME",
        help="with --office: a name or address other computers reach this one by (reception-pc.local, "
        "192.168.1.20); the desk answers only at these (repeat for several)",
    )
    parser.add_argument(
        "--password-file",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"with --office: a private file (chmod 600) whose first line is the password, at least "
        f"{SHORTEST_DESK_PASSWORD} characters (else ${DESK_PASSWORD_ENV}, else it is asked for); never give it as an argument",
    )


def run(args: argparse.Namespace, project: Project) -> int:
    from generator.desk.office import NoPassword, read_password
    from generator.desk.server import run as serve_desk  # the web framework loads only for the desk

    if not args.office:
        if args.office_name or args.password_file:
            return usage("desk: --office-name and --password-file are for --office (serving to the office network)")
        return serve_desk(project, args.port, not args.no_browser)
    if not args.office_name:
        return usage(
            "desk: --office needs --office-name NAME: the name or address other computers reach this one by "
            "(like reception-pc.local or 192.168.1.20)"
        )
    try:
        password = read_password(args.password_file, dict(os.environ), _asker() if sys.stdin.isatty() else None)
    except NoPassword as exc:
        print(f"handbook desk: {exc}; the desk was not started", file=sys.stderr)
        return 1
    return serve_desk(project, args.port, not args.no_browser, args.office_name, password)


def _asker():
    from generator.desk.office import NoPassword

    def ask() -> str:
        first = getpass.getpass("A password for the desk (other computers sign in with it): ")
        if getpass.getpass("The same password again: ") != first:
            raise NoPassword("the two passwords typed differ")
        return first

    return ask
