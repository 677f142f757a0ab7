"""Every CSV the tool writes goes through here, so that no cell is a spreadsheet formula.

A staff member's name such as `=HYPERLINK("http://...")` or `@SUM(...)` would run as a formula
when the office opens acknowledgements.csv in Excel, LibreOffice or Google Sheets (CSV, or
formula, injection).  As OWASP advises, a cell that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return is written with a single quote in front, which spreadsheets show as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """The value as a cell a spreadsheet shows as text, never evaluates."""
    text = "" if value is None else str(value)
    # Leading spaces are looked through too: some spreadsheets trim them before parsing.
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV text (a header row first, if any), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
