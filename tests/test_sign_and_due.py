"""`handbook sign` (one signature or a CSV sign-in sheet) and `handbook due`: what the office
sees when the input is wrong, and what the ledger looks like after."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, edit_data, pdf_text, run_handbook

V1 = "22f286e07ecd"


@pytest.fixture
def office(project: Path) -> Path:
    shutil.copytree(REPO / "examples/records", project / "records")
    return project


def ledger(project: Path) -> bytes:
    return (project / "records/signatures.yaml").read_bytes()


def handbook(project: Path, *args: str, on: str = "2026-12-01"):
    result = run_handbook(*args, "--as-of", on, cwd=project)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def refused(project: Path, *args: str, on: str = "2026-12-01") -> str:
    before = ledger(project)
    result = handbook(project, *args, on=on)
    assert result.returncode == 1, result.stderr
    assert ledger(project) == before
    assert not list((project / "records").glob(".*tmp*"))
    return result.stderr


def test_sign_records_one_signature_sorted_and_keeps_the_header(office: Path):
    result = handbook(office, "sign", "cleo-placeholder", "confidentiality", "--date", "2026-11-30")
    assert result.returncode == 0, result.stderr
    assert (
        f"recorded: Cleo Placeholder signed confidentiality, version 1 (fingerprint {V1}) on 2026-11-30"
        in result.stderr
    )
    text = ledger(office).decode()
    schema_line, rest = text.split("\n", 1)  # the header is kept: the schema line, then the comments
    assert schema_line.startswith("# yaml-language-server: $schema=")
    assert rest.startswith("# EXAMPLE ONLY: fictional signatures.")
    assert (
        f"  - staff: ben-sample\n    policy: confidentiality\n    fingerprint: 22f286e07ecdb4d2beacf44a8dc3a191cf8815f82a7a0c1d5d62386e51753139\n"
        f"    date: 2026-11-28\n  - staff: cleo-placeholder\n    policy: confidentiality\n    fingerprint: {V1}\n"
        f"    date: 2026-11-30\n  - staff: finn-demo\n"
    ) in text
    # Signing the same version again changes nothing, whatever the date.
    again = handbook(office, "sign", "cleo-placeholder", "confidentiality", "--date", "2026-12-01")
    assert again.returncode == 0 and "already recorded" in again.stderr
    assert ledger(office).decode() == text


def test_sign_refuses_unknown_ids_with_the_nearest_one(office: Path):
    assert "handbook sign: error: unknown person 'cleo-placeholdr'; did you mean 'cleo-placeholder'?" in refused(
        office, "sign", "cleo-placeholdr", "confidentiality"
    )
    assert "handbook sign: error: unknown policy 'confidentialty'; did you mean 'confidentiality'?" in refused(
        office, "sign", "cleo-placeholder", "confidentialty"
    )
    assert "no release of 'confidentiality' is dated '2026-11-29' (its releases: 2026-11-28)" in refused(
        office, "sign", "cleo-placeholder", "confidentiality", "--release", "2026-11-29"
    )
    assert "the date 2026-12-02 is in the future (today is 2026-12-01)" in refused(
        office, "sign", "cleo-placeholder", "confidentiality", "--date", "2026-12-02"
    )
    assert "signed on 2026-11-27, before that version was released on 2026-11-28" in refused(
        office, "sign", "cleo-placeholder", "confidentiality", "--date", "2026-11-27", "--release", "2026-11-28"
    )
    # before the first release, the date is what to check: another release would be refused
    assert "'confidentiality' was first released on 2026-11-28, after this signature (2026-11-27): check the date" in (
        refused(office, "sign", "cleo-placeholder", "confidentiality", "--date", "2026-11-27")
    )
    assert "Eve Madeup left on 2026-10-31, before signing on 2026-12-01" in refused(
        office, "sign", "eve-madeup", "confidentiality"
    )
    usage = handbook(office, "sign", "cleo-placeholder")  # a mistake of usage, as `handbook --help` says: 2
    assert usage.returncode == 2 and "give the person and the policy" in usage.stderr


def test_sign_refuses_when_the_records_are_wrong(office: Path):
    line = edit_data(office, "records/signatures.yaml", "  - staff: finn-demo", "  - staff: finn-dmeo")
    err = refused(office, "sign", "cleo-placeholder", "confidentiality")
    assert f"records/signatures.yaml:{line}:5: error: unknown person 'finn-dmeo'; did you mean 'finn-demo'?" in err
    assert re.search(
        r"nothing was recorded: the data has errors \(1 error, \d+ warnings[^)]*\); records/signatures.yaml was not changed",
        err,
    ), err


def refused_sheet(office: Path, sheet: Path, rows: str) -> str:
    """What `handbook sign --csv` says of a sheet it refuses (recording nothing)."""
    sheet.write_text(rows, encoding="utf-8")
    return refused(office, "sign", "--csv", str(sheet))


def test_a_csv_with_bad_rows_reports_each_with_its_line_and_writes_nothing(office: Path, tmp_path: Path):
    sheet = tmp_path / "sign-in.csv"
    err = refused_sheet(
        office,
        sheet,
        "person,policy,date\n"
        "Cleo Placeholder,confidentiality,30/11/2026\n"  # good
        "dev-fictionl,confidentiality,2026-11-30\n"
        "\n"
        '"Dev Fictional",confidentiality,31/11/2026\n'
        "dev-fictional,,2026-11-30\n",
    )
    assert f"{sheet}:3:1: error: unknown person 'dev-fictionl'; did you mean 'dev-fictional'?" in err
    assert (
        f"{sheet}:5:1: error: '31/11/2026' is not a date; write it as 2027-06-14 or 14/06/2027 (the day first)" in err
    )
    assert f"{sheet}:6:15: error: this row has no policy" in err
    assert ":2:" not in err


def test_a_row_after_a_multi_line_answer_is_reported_at_its_line_and_a_time_after_a_date_is_ignored(
    office: Path, tmp_path: Path
):
    """An online form's export: an answer over two lines (quoted) does not shift the line named
    for a later row, and an ISO date with a time is the date (as the manual says)."""
    sheet = tmp_path / "form.csv"
    err = refused_sheet(
        office,
        sheet,
        "person,comment,policy,date\n"
        'cleo-placeholder,"read it\ntwice",confidentiality,2026-11-30 10:00\n'
        "dev-fictionl,ok,confidentiality,2026-11-30T10:00:00\n",
    )
    assert f"{sheet}:4:1: error: unknown person 'dev-fictionl'; did you mean 'dev-fictional'?" in err
    assert "is not a date" not in err and f"{sheet}:3:" not in err


def test_a_csv_without_the_named_columns_is_refused(office: Path, tmp_path: Path):
    sheet = tmp_path / "form.csv"
    sheet.write_text("Name,Policy,When\nCleo Placeholder,confidentiality,2026-11-30\n", encoding="utf-8")
    err = refused(office, "sign", "--csv", str(sheet))
    assert f"{sheet}:1:1: error: the header row has no column named 'person', 'date'" in err
    assert "the columns are: person, policy, date, release" in err


def test_a_good_csv_is_recorded_in_one_write(office: Path, tmp_path: Path):
    sheet = tmp_path / "form.csv"
    # An online form's export: a byte-order mark, a timestamp column, names instead of ids.
    sheet.write_text(
        "\ufeffTimestamp,Person,Policy,Date\n30/11/2026 09:12:03,Cleo Placeholder,confidentiality,30/11/2026 09:12:03\n"
        "30/11/2026 09:15:40,dev-fictional,confidentiality,2026-11-30\n",
        encoding="utf-8",
    )
    result = handbook(office, "sign", "--csv", str(sheet))
    assert result.returncode == 0, result.stderr
    assert "2 signatures added to records/signatures.yaml" in result.stderr
    staff = [line.split(": ")[1] for line in ledger(office).decode().splitlines() if line.startswith("  - staff: ")]
    assert staff == ["ada-example", "ben-sample", "cleo-placeholder", "dev-fictional", "finn-demo"]


def test_an_induction_missed_over_the_summer_stays_due_after_septembers_session(office: Path):
    """Hana started on 5 July with no induction on record: due lists it as overdue in August,
    and it used to vanish once the September session's day had passed, unrecorded."""
    staff = office / "records/staff.yaml"
    staff.write_text(
        staff.read_text(encoding="utf-8")
        + "  - id: hana-future\n    name: Hana Future\n    roles: [office-staff]\n    start_date: 2027-07-05\n",
        encoding="utf-8",
    )
    for day in ("2027-08-31", "2027-09-02", "2028-08-30"):
        result = handbook(office, "due", "--days", "28", on=day)
        assert result.returncode == 0, result.stderr
        assert "Hana Future: induction training (started 5 July 2027)" in " ".join(result.stdout.split()), day
    # a year on, after the session after that, it is the private pack's to list, not due's
    result = handbook(office, "due", "--days", "28", on="2028-09-02")
    assert "Hana Future: induction" not in " ".join(result.stdout.split())


def test_one_who_never_signed_is_overdue_since_they_first_owed_it_not_since_the_latest_release(office: Path):
    """Dev's first signature fell due on 14 December 2026; a new version released in June 2027
    made due say "overdue since 2027-06-01", as if he had owed nothing before."""
    assert "2026-12-14 Dev Fictional: Confidentiality Procedure & Guidelines: first signature (new starter)" in (
        " ".join(handbook(office, "due", "--days", "28").stdout.split())
    )
    edit_data(office, "policy_data/policies/confidentiality.yaml", "before use.", "before each use.")
    assert handbook(office, "release", on="2027-06-01").returncode == 0
    out = " ".join(handbook(office, "due", "--days", "28", on="2027-06-02").stdout.split())
    assert "overdue since 2026-12-14 Dev Fictional: Confidentiality Procedure & Guidelines: never signed" in out, out


def test_due_lists_people_only_in_private(office: Path):
    edit_data(office, "policy_data/register.yaml", "next_review: null", "next_review: 2026-12-20")
    result = handbook(office, "due", "--days", "28")
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Policy reviews 2026-12-20 Confidentiality Procedure & Guidelines: review due" in out
    assert "2026-12-14 Dev Fictional: Confidentiality Procedure & Guidelines: first signature (new starter)" in out
    assert "overdue since 2026-11-28 Cleo Placeholder: Confidentiality Procedure & Guidelines: never signed" in out
    assert (office / "build/private/due.pdf").exists() and not (office / "build/due.pdf").exists()
    shutil.rmtree(office / "records")
    public = handbook(office, "due")
    assert public.returncode == 0 and "Dev Fictional" not in public.stdout
    page = (office / "build/due.html").read_text(encoding="utf-8")
    assert "Confidentiality Procedure &amp; Guidelines: review due" in page and "Cleo" not in page


def test_due_refuses_bad_input(office: Path):
    bad = handbook(office, "due", "--days", "four")  # refused by the parser: a usage error
    assert bad.returncode == 2 and not (office / "build").exists()
    assert (
        bad.stderr.splitlines()[-1]
        == "handbook due: error: argument --days: must be a whole number of days from 1 to 366, not 'four'"
    )
    line = edit_data(office, "records/staff.yaml", "roles: [office-staff]", "roles: [office-staf]")
    err = refused(office, "due")
    assert f"records/staff.yaml:{line}:13: error: unknown role 'office-staf'; did you mean 'office-staff'?" in err
    assert not (office / "build").exists()


def test_the_printed_due_list_names_each_person_with_what_and_when(office: Path):
    """What a manager reads on paper: each person's name, then what they must do and by when;
    someone who must sign several policies for one reason gets one line naming them all."""
    edit_data(office, "policy_data/register.yaml", "next_review: null", "next_review: 2026-12-20")
    result = handbook(office, "due", "--days", "28")
    assert result.returncode == 0, result.stderr
    text = pdf_text(office / "build/private/due.pdf", flat=True)
    assert "Policy reviews When What 20 Dec 2026 Confidentiality Procedure & Guidelines: review due" in text
    assert "Cleo Placeholder • overdue since 28 Nov 2026: Confidentiality Procedure & Guidelines: never signed" in text
    assert (
        "Dev Fictional • by 14 Dec 2026: Confidentiality Procedure & Guidelines: first signature (new starter)" in text
    )
    assert "Finn Demo" not in text.partition("Re-signatures outstanding")[2]  # signed: nothing due
    # Two people due the same course for the same reason are named together, once.
    assert (
        "2 people: Cleo Placeholder, Finn Demo • overdue: CP Service child protection training: none on record" in text
    )
    assert (
        "Ben Sample • overdue since 20 Nov 2025: CP Service child protection training: last 20 November 2023, every 24 months"
        in text
    )
    assert text.count("When What") == 1  # no table header repeated for each person


def test_people_due_the_same_things_share_one_entry():
    """A new version everyone must sign is one entry naming everyone, not a row a person; a
    person who never signed several policies gets one line for them, with the count."""
    import datetime as dt

    from generator.features.cycle.due import DueItem, by_people

    released = dt.date(2026, 11, 1)

    def item(person: str, policy: str, reason: str, on: dt.date | None = released, staff: str = "") -> DueItem:
        return DueItem("re-sign", on, f"{policy}: {reason}", person, policy, staff or person.lower())

    items = [
        item("Person 10", "Safeguarding", "signed version 1, must sign the current version"),
        item("Person 2", "Safeguarding", "signed version 1, must sign the current version"),
        item("Ada", "Safeguarding", "never signed", None),
        item("Ada", "Fire safety", "never signed", None),
        item("Ada", "Safeguarding: online", "first signature (new starter)", dt.date(2026, 12, 14)),
    ]
    groups = by_people(items)
    assert [g.people for g in groups] == [("Ada",), ("Person 2", "Person 10")]  # earliest due first; 2 before 10
    ada, others = groups
    assert [(line.due, line.reason, line.subjects) for line in ada.lines] == [
        (None, "never signed", ["Fire safety", "Safeguarding"]),
        (dt.date(2026, 12, 14), "first signature (new starter)", ["Safeguarding: online"]),
    ]
    assert [(line.reason, line.subjects) for line in others.lines] == [
        ("signed version 1, must sign the current version", ["Safeguarding"])
    ]

    # Two people of the same name stay two people: neither's list is merged into the other's.
    namesakes = by_people(
        [
            item("Sam Jones", "Safeguarding", "never signed", None, staff="sam-jones"),
            item("Sam Jones", "Safeguarding", "never signed", None, staff="sam-jones-2"),
            item("Sam Jones", "Fire safety", "never signed", None, staff="sam-jones-2"),
        ]
    )
    assert [(g.people, [line.subjects for line in g.lines]) for g in namesakes] == [
        (("Sam Jones",), [["Safeguarding"]]),
        (("Sam Jones",), [["Fire safety", "Safeguarding"]]),
    ]
