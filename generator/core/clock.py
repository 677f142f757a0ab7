"""The date a build speaks for.

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


def today() -> dt.date:
    if value := os.environ.get("HANDBOOK_DATE"):
        return dt.date.fromisoformat(value)
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


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
