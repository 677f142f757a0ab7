"""The command line's shared words: the options every project command takes, and the checks
on argument values.  Each check is an argparse `type=` function, so a bad value is refused by
the parser itself, before anything is loaded: `handbook approve: error: argument --date:
'31/09/2026' is not a date; write YYYY-MM-DD`, exit code 2, whichever command it is.  A command's run() is left to judge only what needs
the data (a role that does not exist, a date after today) or a combination of arguments."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

from generator.core.project import DATA_DIR

# Every command module imports this one to declare its arguments, so it imports only the
# standard library and core/project.py: what a check needs (babel, the releases model) is
# imported when a value is checked.  tests/test_command_line.py holds the parser to that.


def date(value: str) -> dt.date:
    """A day written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; write YYYY-MM-DD") from None


def release(value: str) -> str:
    """A release, as its file is named: YYYY-MM-DD, or YYYY-MM-DD.N for a later one that day.
    Kept as typed: the command reads it as it reads the same column of a CSV sheet."""
    from generator.features.releases.model import ReleaseId

    if ReleaseId.parse(value) is None:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a release; write YYYY-MM-DD, or YYYY-MM-DD.N for a later one that day"
        )
    return value


LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def language(value: str) -> str:
    """A language to translate a notice into, as a code the Unicode CLDR data knows (bn, pt-BR)."""
    if not LANGUAGE.fullmatch(value) or value == "en":
        raise argparse.ArgumentTypeError(f"'{value}' is not a language code to translate into (like bn, ur, pl, pt-BR)")
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(value.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a language the Unicode CLDR data knows (like bn, ur, pl, pt-BR)"
        ) from None
    return value


SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def slug(value: str) -> str:
    """The id of a policy, notice or setting: lower-case words joined by single hyphens."""
    if not SLUG.fullmatch(value) or len(value) > 60:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a valid id: use lower-case letters, digits and single hyphens, like 'child-protection'"
        )
    return value


def prefix(value: str) -> str:
    """A statement id prefix, like CONF."""
    if not re.fullmatch(r"[A-Z][A-Z0-9]{0,9}", value):
        raise argparse.ArgumentTypeError(f"'{value}' is not a valid prefix: use capitals and digits, like 'CONF'")
    return value


HOST_NAME = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)


def host_name(value: str) -> str:
    """A computer's name on the network (reception-pc.local) or its IPv4 address, as people type
    it into a browser's address bar; kept in lower case, as a Host header is compared."""
    if not HOST_NAME.fullmatch(value):
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a computer's name or address (like reception-pc.local or 192.168.1.20)"
        )
    return value.lower()


def whole_number(low: int, high: int | None, what: str):
    """A `type=` for a whole number from `low` (to `high`, if given) of `what`, like "days"."""

    def number(value: str) -> int:
        if value.isdigit() and low <= int(value) and (high is None or int(value) <= high):
            return int(value)
        limit = f" from {low} to {high}" if high is not None else f", {low} or more"
        raise argparse.ArgumentTypeError(f"must be a whole number of {what}{limit}, not '{value}'")

    return number


# `new --kind` and `new-setting --kind`: the kinds of the package's table (tests/test_kinds.py
# checks that this lists them all).
KIND_HELP = (
    "the kind of setting, from the kinds table: maintained-nursery-school, school-nursery-class, "
    "independent-school-nursery, pvi-nursery, childminder or la-childrens-centre; it decides whether there is "
    "a publication scheme, the notice's DPO part, the guidance the training is measured against, the "
    "handbook's voice (a childminder's 'I') and what the checks expect, and gives a starter training pack "
    "and staff records file"
)


def add_project_options(parser: argparse.ArgumentParser) -> None:
    """--root, --data, --setting and --as-of: which project a command works on, and on what day."""
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        help=f"project folder with mkdocs.yml (default: the nearest folder, from here upwards, that holds {DATA_DIR}/)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="policy data folder (default: ROOT/policy_data); its checklists are read from checklists/ beside it",
    )
    parser.add_argument(
        "--setting",
        default=None,
        metavar="ID",
        help="in a repository of model policies: the setting ROOT/settings/ID/, which adopts ROOT/model/ "
        "(outputs in ROOT/build/settings/ID/)",
    )
    parser.add_argument(
        "--as-of",
        type=date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date to judge review dates by (default: $HANDBOOK_DATE, $SOURCE_DATE_EPOCH, or today)",
    )


# OUTPUTS rules (generator/registry.py) for a staff records folder: it may be in the data or the
# records folder, never published.
STAFF_RECORDS = {"allowed": frozenset({"data", "records"})}


# The desk's --password-file promise (`handbook desk --office`, desk/office.py keeps it): here, so
# the parser can say it without loading the desk.
DESK_PASSWORD_ENV = "HANDBOOK_DESK_PASSWORD"
SHORTEST_DESK_PASSWORD = 10
