"""Dates as people type them, read strictly, with the reason in plain words when they are not one."""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = list(calendar.month_name)


class NotADate(ValueError):
    pass


def read_date(text: str) -> dt.date:
    """`2026-09-30` or `30/09/2026` (day first, as in the UK).  NotADate says what is wrong:
    "31/09/2026 is not a date: September has 30 days"."""
    text = text.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    uk = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif uk:
        day, month, year = (int(g) for g in uk.groups())
    else:
        raise NotADate(f"“{text}” is not a date: write it as day/month/year, for example 30/09/2026")
    if not 1 <= month <= 12:
        raise NotADate(f"“{text}” is not a date: there is no month {month}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise NotADate(f"“{text}” is not a date: {MONTHS[month]} {year} has {days} days")
    return dt.date(year, month, day)


def read_date_field(
    text: str, missing: str, today: dt.date | None = None, after_today: str = ""
) -> tuple[dt.date | None, str | None]:
    """A form's date field: (the day, None), or what to show beside the field: `missing` when it
    is blank, what NotADate says, or "30/09/2027 is after today: " + `after_today` when `today`
    is given and the day is later (the day is returned then too, to show the form again)."""
    if not text:
        return None, missing
    try:
        day = read_date(text)
    except NotADate as exc:
        return None, str(exc) + "."
    if today is not None and day > today:
        return day, f"{day.strftime('%d/%m/%Y')} is after today: {after_today}"
    return day, None
