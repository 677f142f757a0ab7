"""The date a build speaks for (and the one other setting read from the environment, HANDBOOK_JOBS).

Outputs must be reproducible (a signed version may need rebuilding years later), so "today"
comes from HANDBOOK_DATE (YYYY-MM-DD) or SOURCE_DATE_EPOCH when the user sets one, and only
otherwise from the machine clock.  Tests always set it.  It is read once, as the default of a
Project's `as_of` (which `--as-of` gives instead); every stage takes the date from the Project,
and nothing writes these variables back (the site's dates are set through the plugin).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import overload


class EnvironmentValueError(ValueError):
    """A variable of the environment the handbook reads holds what it cannot use; the message
    names the variable and what it must hold (the command line prints it, exit code 2)."""


def today() -> dt.date:
    if value := os.environ.get("HANDBOOK_DATE"):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise EnvironmentValueError(f"HANDBOOK_DATE={value!r} is not a date: write YYYY-MM-DD") from None
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise EnvironmentValueError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a time: give whole seconds since 1970-01-01 UTC"
            ) from None
    return dt.date.today()


def jobs_from_environment() -> int | None:
    """HANDBOOK_JOBS: at most this many processes render a command's PDFs (on a shared server,
    or under a test runner whose own workers already fill the cores); unset, one per core.
    Read, like the date, once: as the default of a Project's `jobs` (`build --jobs` gives it instead)."""
    value = os.environ.get("HANDBOOK_JOBS", "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise EnvironmentValueError(
            f"HANDBOOK_JOBS={value!r} is not a number of processes: give a whole number, 1 or more"
        )
    return int(value)


@overload
def long_date(day: dt.date) -> str: ...
@overload
def long_date(day: object) -> str | None: ...
def long_date(day: object) -> str | None:
    """A date as people write it: 28 November 2026.  A release id (anything with `date` and
    `number`, as a second release the same day has) reads "28 November 2026 (release 2 of
    that day)"."""
    if not day:
        return None
    number = 1
    if not isinstance(day, dt.date):
        number, day = getattr(day, "number"), getattr(day, "date")
    assert isinstance(day, dt.date)
    words = f"{day.day} {day:%B %Y}"
    return words if number == 1 else f"{words} (release {number} of that day)"


def long_date_in(day: dt.date, language: str) -> str:
    """`long_date` in a document's language: a translated notice prints its dates as its readers
    write them ("28 listopada 2026", "28 نومبر، 2026"), from the Unicode CLDR data (Babel)."""
    if language == "en" or language.startswith("en-"):
        return long_date(day)
    from babel import UnknownLocaleError
    from babel.dates import format_date

    try:
        return format_date(day, format="long", locale=language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):  # a language CLDR has no dates for (Dari, Romani): as English writes it
        return long_date(day)
