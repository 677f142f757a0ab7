"""`handbook sign`: record signatures in the ledger (records/signatures.yaml) without editing YAML.

One at a time from the command line (`handbook sign PERSON POLICY [--release D] [--date D]`),
or in bulk from a sign-in sheet typed up or an online form's CSV export (`--csv FILE`, columns
in CSV_COLUMNS).  Everything is checked first: one bad row and nothing is written.  A
signature already in the ledger is left as it is (signing twice is harmless).  The ledger is
written whole, sorted by person, policy and date, one key per line (so a change is a few
added lines in a diff), into a temporary file that then replaces it.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.editing import Edit
from generator.core.encodings import bom_encoding, decode_marked, describe_encoding
from generator.core.findings import Code, Finding, Location
from generator.features.cycle.codes import (
    BAD_DATE,
    BEFORE_RELEASE,
    CSV_EMPTY,
    CSV_MISSING_COLUMNS,
    CSV_UNREADABLE,
    LEFT_BEFORE,
    NO_RELEASE,
    ROW_INCOMPLETE,
    UNKNOWN_PERSON,
    UNKNOWN_POLICY,
)
from generator.features.policies.checks.references import unknown
from generator.features.policies.fingerprint import short
from generator.features.releases.history import released_fingerprint
from generator.features.releases.model import ReleaseId

if TYPE_CHECKING:
    from generator.features.training.data import TrainingData as Handbook

LEDGER = "signatures.yaml"
# The CSV's columns (header row, any order, any case; other columns are ignored):
#   person   the person's id in staff.yaml, or their name exactly as it is there
#   policy   the policy id
#   date     the day they signed: 2027-06-14, or 14/06/2027 (a time after it is ignored)
#   release  optional: the release they signed, YYYY-MM-DD or YYYY-MM-DD.N as its file is named
#            (default: the one in force that day)
CSV_COLUMNS = ("person", "policy", "date")
CSV_OPTIONAL = ("release",)

LEDGER_HEADER = """\
# Signatures: one row per signed checklist, written by `handbook sign` (sorted by person,
# policy and date).  staff: the person's id in staff.yaml; policy: the policy id;
# fingerprint: the fingerprint printed on the checklist they signed; date: when they signed.
"""


@dataclass(frozen=True, order=True)
class CommandLine(Location):
    """Where a request typed on the command line comes from: no file, no line."""

    def __str__(self) -> str:
        return self.file


@dataclass(frozen=True)
class Request:
    """One signature to record, as given (not yet checked)."""

    where: Location
    person: str
    policy: str
    date: str | None  # None: today
    release: str | None  # None: the release in force on the day


@dataclass(frozen=True)
class Row:
    staff: str
    policy: str
    fingerprint: str
    date: dt.date


# A time after the date is ignored (an online form's timestamp): the day is what was signed.
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_ISO_DAY = re.compile(rf"(\d{{4}}-\d{{2}}-\d{{2}}){_TIME}")
_UK_DAY = re.compile(rf"(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}){_TIME}")


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    try:
        if iso := _ISO_DAY.fullmatch(value):
            return dt.date.fromisoformat(iso[1])
        if uk := _UK_DAY.fullmatch(value):
            return dt.date(int(uk[3]), int(uk[2]), int(uk[1]))
    except ValueError:
        return None
    return None


def _person(records, value: str) -> str | None:
    if value in records.staff:
        return value
    by_name = [m.id for m in records.staff.values() if m.name.casefold() == " ".join(value.split()).casefold()]
    return by_name[0] if len(by_name) == 1 else None


def resolve(hb, records, request: Request, on: dt.date) -> tuple[Row | None, list[Finding]]:
    """The ledger row a request stands for, or why it cannot be recorded."""
    problems: list[tuple[Code, str]] = []
    person = _person(records, request.person)
    if person is None:
        names = list(records.staff) + [m.name for m in records.staff.values()]
        problems.append((UNKNOWN_PERSON, unknown("person", request.person, names)))
    if request.policy not in hb.policies:
        problems.append((UNKNOWN_POLICY, unknown("policy", request.policy, hb.policies)))
    day = _parse_date(request.date) if request.date else on
    if day is None:
        problems.append(
            (
                BAD_DATE,
                f"'{request.date}' is not a date; write it as 2027-06-14 or 14/06/2027 (the day first); a time "
                "after it is ignored, but not one with AM or PM",
            )
        )
    elif day > on:
        problems.append((BAD_DATE, f"the date {day} is in the future (today is {on})"))
    if problems or person is None or day is None:
        return None, [code(request.where, message) for code, message in problems]
    member = records.staff[person]
    if member.leave_date and day >= member.leave_date:
        problems.append((LEFT_BEFORE, f"{member.name} left on {member.leave_date}, before signing on {day}"))
    releases = [(r.id, p) for r in hb.releases for p in r.policies if p.id == request.policy]
    if request.release:
        wanted = ReleaseId.parse(request.release) or _parse_date(request.release)
        wanted = ReleaseId.parse(wanted) if wanted else None
        found = [(i, p) for i, p in releases if i == wanted]
        if not found:
            ids = ", ".join(str(i) for i, _ in releases) or "none yet"
            named = (
                f"is dated '{request.release}'" if wanted is None or wanted.number == 1 else f"is '{request.release}'"
            )
            problems.append((NO_RELEASE, f"no release of '{request.policy}' {named} (its releases: {ids})"))
    else:
        found = [(i, p) for i, p in releases if i.date <= day][-1:]
        if not found and releases:  # a date before the first release: a mistyped date, not a missing release
            problems.append(
                (
                    BEFORE_RELEASE,
                    f"'{request.policy}' was first released on {releases[0][0].date}, after this signature "
                    f"({day}): check the date",
                )
            )
        elif not found:
            problems.append(
                (
                    NO_RELEASE,
                    f"no release of '{request.policy}' is dated on or before {day}: run `handbook release` first",
                )
            )
    if found and found[0][0].date > day:
        problems.append((BEFORE_RELEASE, f"signed on {day}, before that version was released on {found[0][0].date}"))
    if problems:
        return None, [code(request.where, message) for code, message in problems]
    return Row(person, request.policy, short(found[0][1].fingerprint), day), []


def _column_offsets(line: str) -> list[int]:
    """1-based column where each field of a CSV line starts (quotes respected)."""
    starts, quoted = [1], False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(i + 2)
    return starts


class UnreadableCsv(Exception):
    def __init__(self, message: str, where: tuple[int, int] | None = None):
        super().__init__(message)
        self.message, self.where = message, where or ()


def csv_text(raw: bytes) -> str:
    """A sign-in sheet's text.  Spreadsheets save CSV as UTF-8 (with or without a byte-order
    mark) or, as "Unicode text", UTF-16 with one: both are read; anything else is refused."""
    try:
        text = decode_marked(raw)
    except UnicodeDecodeError as exc:
        raise UnreadableCsv(
            f"the CSV file starts with a {describe_encoding(bom_encoding(raw) or 'unknown')} byte-order mark but byte "
            f"{exc.start + 1} does not follow it; save it again as CSV UTF-8"
        ) from None
    if text is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = raw[: exc.start]
            where = (before.count(b"\n") + 1, len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1)
            raise UnreadableCsv(
                'the CSV file is not UTF-8 text; save it from the spreadsheet as "CSV UTF-8"', where
            ) from None
    if "\x00" in text:
        ahead = text[: text.index("\x00")]
        raise UnreadableCsv(
            'the file contains NUL bytes: it is not a CSV file (save the sheet as "CSV UTF-8")',
            (ahead.count("\n") + 1, len(ahead.rsplit("\n", 1)[-1]) + 1),
        )
    return text


def read_csv(path: Path, shown: str) -> tuple[list[Request], list[Finding]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [], [CSV_UNREADABLE(Location(shown), f"cannot read the CSV file: {exc.strerror}")]
    return read_csv_bytes(raw, shown)


def read_csv_bytes(raw: bytes, shown: str) -> tuple[list[Request], list[Finding]]:
    """The requests of a sign-in sheet's bytes (a file read, or one uploaded to the desk)."""
    try:
        text = csv_text(raw)
    except UnreadableCsv as exc:
        return [], [CSV_UNREADABLE(Location(shown, *exc.where), exc.message)]
    lines = text.splitlines()
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        return [], [
            CSV_EMPTY(
                Location(shown), "the CSV file is empty; its first line names the columns: " + ", ".join(CSV_COLUMNS)
            )
        ]
    names = [h.strip().casefold() for h in header]
    missing = [c for c in CSV_COLUMNS if c not in names]
    if missing:
        return [], [
            CSV_MISSING_COLUMNS(
                Location(shown, 1, 1),
                f"the header row has no column named {', '.join(repr(m) for m in missing)} (it has {', '.join(repr(h) for h in header)}); the columns are: {', '.join(CSV_COLUMNS + CSV_OPTIONAL)}",
            )
        ]
    index = {c: names.index(c) for c in CSV_COLUMNS + CSV_OPTIONAL if c in names}
    requests, findings = [], []
    while True:
        # The row's first line in the file: a quoted answer of an online form may run over several.
        number = reader.line_num + 1
        fields = next(reader, None)
        if fields is None:
            break
        if not any(f.strip() for f in fields):
            continue  # a blank line, or an empty row of a spreadsheet
        offsets = _column_offsets(lines[number - 1])
        blank = [c for c in CSV_COLUMNS if index[c] >= len(fields) or not fields[index[c]].strip()]
        if blank:
            column = offsets[min(index[blank[0]], len(offsets) - 1)]
            findings.append(ROW_INCOMPLETE(Location(shown, number, column), f"this row has no {' or '.join(blank)}"))
            continue
        value = {c: fields[i].strip() if i < len(fields) else "" for c, i in index.items()}
        # Point at the first field: a request's problems are about the row as a whole.
        requests.append(
            Request(
                Location(shown, number, offsets[0]),
                value["person"],
                value["policy"],
                value["date"],
                value.get("release") or None,
            )
        )
    return requests, findings


def ledger_yaml(rows: list[Row], header: str) -> str:
    lines = [header.rstrip("\n"), "signatures:"] if header else ["signatures:"]
    for row in sorted(rows, key=lambda r: (r.staff, r.policy, r.date, r.fingerprint)):
        lines += [
            f"  - staff: {row.staff}",
            f"    policy: {row.policy}",
            f"    fingerprint: {row.fingerprint}",
            f"    date: {row.date.isoformat()}",
        ]
    return "\n".join(lines) + "\n"


def _header_of(text: str | None) -> str:
    """The comment block at the top of the ledger (`text`; None: there is none yet), kept as it is."""
    if text is None:
        return LEDGER_HEADER
    kept = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        kept.append(line)
    return "\n".join(kept) + "\n" if kept else ""


def write_ledger(edit: Edit, rows: list[Row]) -> None:
    """The ledger held by `edit` (core/editing.py), rewritten with `rows`."""
    text = ledger_yaml(rows, _header_of(edit.text))
    edit.write(text, private=True)  # a new ledger is personal data: its owner's alone


def full_fingerprint(hb: Handbook, row: Row) -> str:
    found = released_fingerprint(hb, row.policy, row.fingerprint)
    return found[1].fingerprint if found else row.fingerprint


def what_was_signed(hb: Handbook, row: Row) -> str:
    """ "confidentiality, version 2 (fingerprint 230baacb0b1f)": the version the office knows,
    and the code printed on the sheet that was signed."""
    found = released_fingerprint(hb, row.policy, row.fingerprint)
    version = f", version {found[1].version}" if found else ""
    return f"{row.policy}{version} (fingerprint {row.fingerprint})"


def from_command_line(person: str, policy: str, date: str | None, release: str | None):
    def requests(hb, records):
        return [Request(CommandLine("handbook sign"), person, policy, date, release)], []

    return requests


def from_csv(path: Path, shown: str):
    def requests(hb, records):
        return read_csv(path, shown)

    return requests


def from_csv_bytes(raw: bytes, shown: str):
    def requests(hb, records):
        return read_csv_bytes(raw, shown)

    return requests
