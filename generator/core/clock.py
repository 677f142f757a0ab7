"""The date a build speaks for.

Outputs must be reproducible (a signed version may need rebuilding years later), so "today"
comes from HANDBOOK_DATE (YYYY-MM-DD) or SOURCE_DATE_EPOCH when set, and only otherwise from
the machine clock.  Tests always set it.
"""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    if value := os.environ.get("HANDBOOK_DATE"):
        return dt.date.fromisoformat(value)
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def long_date(day: dt.date | None) -> str | None:
    """A date as people write it: 28 November 2026."""
    return f"{day.day} {day:%B %Y}" if day else None
