"""A year at the centre, end to end (issue 18): the real `handbook` commands, run with --as-of on
a copy of the data and of examples/records, from the November release to the next year's first
build.  At each step the test reads what the Head or the office would check on paper: the PDFs
(pdftotext), the status matrix (acknowledgements.csv) and the due list.

One test, because each step builds on the one before (a scenario, not a set of cases)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPO, edit_data, pdf_text, run_handbook

POLICY = "policy_data/policies/confidentiality.yaml"
PACK_2027 = "policy_data/training/2027-september.yaml"
V1 = "22f286e07ecd"  # version 1 of confidentiality, released 2026-11-28
OLD_WORDS = "Information collected for one purpose is not used for another."
NEW_WORDS = "Information collected for one purpose is not used for another without the family's consent."


class Centre:
    """The project copy and its records folder, and the commands the office runs."""

    def __init__(self, root: Path):
        self.root = root
        self.records = root.parent / "records"  # outside the project, like a private share

    def run(self, *args: str, on: str, ok: bool = True):
        result = run_handbook(*args, "--as-of", on, cwd=self.root, timeout=900)
        assert "Traceback" not in result.stderr, result.stderr
        if ok:
            assert result.returncode == 0, f"handbook {' '.join(args)} on {on}:\n{result.stdout}\n{result.stderr}"
        return result

    def with_records(self, *args: str, on: str, ok: bool = True):
        return self.run(*args, "--records", str(self.records), on=on, ok=ok)

    def status(self, on: str) -> dict[str, str]:
        self.with_records("status", on=on)
        rows = csv.DictReader((self.root / "build/private/acknowledgements.csv").open(encoding="utf-8"))
        return {row["person id"]: row["confidentiality"] for row in rows}

    def due(self, on: str, *extra: str, private: bool = True) -> str:
        result = self.with_records("due", *extra, on=on) if private else self.run("due", *extra, on=on)
        return " ".join(result.stdout.split())

    def sign(self, *args: str, on: str, ok: bool = True):
        return self.with_records("sign", *args, on=on, ok=ok)

    def append(self, rel: str, text: str) -> None:
        path = self.root.parent / rel if rel.startswith("records/") else self.root / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    def ledger(self) -> bytes:
        return (self.records / "signatures.yaml").read_bytes()


@pytest.mark.slow
def test_a_year_at_the_centre(built_project: Path, tmp_path: Path):
    centre = Centre(built_project)
    shutil.copytree(REPO / "examples/records", centre.records)

    # --- November 2026: the first release, and first signatures ----------------------------
    release = centre.root / "policy_data/releases/2026-11-28.yaml"
    committed = release.read_bytes()
    release.unlink()
    centre.run("release", "--date", "2026-11-28", on="2026-11-28")
    assert release.read_bytes() == committed  # the same words give the same release, byte for byte
    centre.sign("cleo-placeholder", "confidentiality", on="2026-11-30")
    before = centre.ledger()
    again = centre.sign("cleo-placeholder", "confidentiality", "--date", "2026-11-30", on="2026-12-01")
    assert (
        "already recorded: Cleo Placeholder signed confidentiality, version 1 (fingerprint 22f286e07ecd)"
        in again.stderr
    )
    assert centre.ledger() == before  # signing twice is harmless
    assert centre.status("2026-11-30") == {
        "ada-example": "signed-current",
        "ben-sample": "signed-current",
        "cleo-placeholder": "signed-current",
        "dev-fictional": "not-yet-due",
        "finn-demo": "signed-current",
    }
    centre.sign("dev-fictional", "confidentiality", "--date", "2026-12-09", on="2026-12-10")

    # --- January 2027: a new starter ---------------------------------------------------------
    centre.append(
        "records/staff.yaml",
        "  - id: gus-newman\n    name: Gus Newman\n    roles: [all-staff]\n    start_date: 2027-01-11\n",
    )
    assert centre.status("2027-01-20")["gus-newman"] == "not-yet-due"
    due = centre.due("2027-01-20", "--days", "14")  # until 3 February: his 28 days end on 8 February
    assert "Gus Newman" not in due
    due = centre.due("2027-01-20")  # the default 28 days: until 17 February
    assert "2027-02-08 Gus Newman: Confidentiality Procedure & Guidelines: first signature (new starter)" in due
    assert "2027-02-08 Gus Newman: induction training (started 11 January 2027)" in due
    centre.append("records/training.yaml", "  - staff: gus-newman\n    course: induction\n    date: 2027-01-25\n")
    assert "Gus Newman: induction" not in centre.due("2027-01-26")
    assert centre.status("2027-02-09")["gus-newman"] == "never-signed"  # his 28 days are over
    assert "overdue since 2027-02-08 Gus Newman: Confidentiality Procedure & Guidelines: never signed" in centre.due(
        "2027-02-09"
    )
    centre.sign("gus-newman", "confidentiality", on="2027-02-10")
    assert centre.status("2027-02-10")["gus-newman"] == "signed-current"

    # --- March 2027: a review date comes within 28 days --------------------------------------
    edit_data(
        centre.root,
        "policy_data/register.yaml",
        "last_reviewed: null\n    next_review: null",
        "last_reviewed: 2026-03-31\n    next_review: 2027-03-31",
    )
    assert "Confidentiality Procedure & Guidelines: review due" not in centre.due("2027-03-01", private=False)
    due = centre.due("2027-03-05", private=False)  # 31 March is 26 days away
    assert "Policy reviews 2027-03-31 Confidentiality Procedure & Guidelines: review due" in due
    public = pdf_text(centre.root / "build/due.pdf", flat=True)  # names no one: beside the handbook, not private
    assert "What is due by 2 April 2027" in public and "Confidentiality Procedure & Guidelines: review due" in public
    assert "Private" not in public and not any(n in public for n in ("Ada Example", "Gus Newman", "Ben Sample"))
    edit_data(
        centre.root,
        "policy_data/register.yaml",
        "last_reviewed: 2026-03-31\n    next_review: 2027-03-31",
        "last_reviewed: 2027-03-25\n    next_review: 2028-03-31",
    )
    assert "review due" not in centre.due("2027-03-26", private=False)

    # --- June 2027: a revision, version 2, and the re-sign campaign --------------------------
    edit_data(centre.root, POLICY, OLD_WORDS, NEW_WORDS)
    centre.run("release", "--date", "2027-06-01", on="2027-06-01")
    states = centre.status("2027-06-02")
    assert set(states.values()) == {"signed-older"}
    checklist = pdf_text(centre.root / "build/private/checklists/ben-sample.pdf", flat=True)
    lead = checklist.index("What changed since version 1, which you signed on 28 November 2026")
    assert lead < checklist.index("The rest of the checklist") < checklist.index("Aims")
    assert "0 added, 1 reworded, 0 removed" in checklist
    assert (
        "Reworded: Information collected for one purpose is not used for "
        "[removed: another.] [added: another without the family's consent.] CONF-STR-09"
    ) in checklist
    assert checklist.count("CONF-STR-09") == 1  # shown once, first
    v2 = yaml.safe_load((centre.root / "policy_data/releases/2027-06-01.yaml").read_text())["policies"][0][
        "fingerprint"
    ][:12]
    centre.sign("ada-example", "confidentiality", on="2027-06-03")
    # A sign-in sheet typed up from paper, with two mistakes: nothing is recorded until fixed.
    sheet = tmp_path / "re-sign.csv"
    before = centre.ledger()
    sheet.write_text(
        "person,policy,date\nBen Sample,confidentiality,04/06/2027\nclео-placeholder,confidentiality,2027-06-04\n"
        "finn-demo,confidentiality,2027-06-31\n",
        encoding="utf-8",
    )
    bad = centre.sign("--csv", str(sheet), on="2027-06-05", ok=False)
    assert bad.returncode == 1
    assert f"{sheet}:3:1: error: unknown person 'clео-placeholder'" in bad.stderr
    assert f"{sheet}:4:1: error: '2027-06-31' is not a date" in bad.stderr
    assert centre.ledger() == before
    sheet.write_text(
        "person,policy,date\nBen Sample,confidentiality,04/06/2027\ncleo-placeholder,confidentiality,2027-06-04\n"
        "finn-demo,confidentiality,2027-06-30\n",
        encoding="utf-8",
    )
    centre.sign("--csv", str(sheet), on="2027-06-30")
    states = centre.status("2027-06-30")
    assert {k: v for k, v in states.items() if v != "signed-current"} == {
        "dev-fictional": "signed-older",
        "gus-newman": "signed-older",
    }
    assert (
        "Dev Fictional: Confidentiality Procedure & Guidelines: signed version 1, must sign the current version"
        in centre.due("2027-06-30")
    )

    # --- July 2027: a leaver ------------------------------------------------------------------
    edit_data(
        centre.root.parent,
        "records/staff.yaml",
        "    start_date: 2023-09-01\n",
        "    start_date: 2023-09-01\n    leave_date: 2027-07-20\n",
    )
    assert "finn-demo" not in centre.status("2027-07-21")

    # --- August 2027: the September pack ------------------------------------------------------
    # The office records the day of last September's session (the pack never assumes it).
    edit_data(
        centre.root,
        "policy_data/training/2027-september.yaml",
        "previous_session_date: null",
        "previous_session_date: 2026-09-04",
    )
    centre.with_records("build", "-q", on="2027-08-20")
    pack = pdf_text(centre.root / "build/print/training/september-2027.pdf", flat=True)
    assert (
        "No release of the policies is dated on or before last September's session (4 September 2026), "
        "so this compares with the earliest release, of 28 November 2026."
    ) in pack
    assert "Changes since version 1: 0 added, 0 removed, 1 reworded." in pack
    assert (
        "CONF-STR-09 Information collected for one purpose is not used for [removed: another.] [added: another without the family's consent.]"
        in pack
    )
    assert "Gus Newman" not in pack
    private = pdf_text(centre.root / "build/private/training/september-2027.pdf", flat=True)
    assert "A new starter is anyone who started after last September's session (4 September 2026)" in private
    assert "Dev Fictional (started 16 November 2026): induction on record, 16 November 2026" in private
    assert "Gus Newman (started 11 January 2027): induction on record, 25 January 2027" in private
    start = private.index("Staff who started earlier with no induction on record")
    earlier = private[start : private.index("Policies due for review", start)]
    assert "Ada Example (started 1 September 2012)" in earlier and "Gus Newman" not in earlier
    assert "Finn Demo" not in private  # has left
    table = " ".join((centre.root / "build/private/training/september-2027.html").read_text(encoding="utf-8").split())
    assert "Cleo Placeholder</td><td>No CP Service child protection training on record" in table
    assert "Gus Newman</td><td>No CP Service" not in table  # a new starter: his induction covers him until September
    due = centre.due("2027-08-20")
    assert "The September training session 2027-09-01 September 2027 session: its date is not set" in due
    assert (
        "Re-signatures outstanding" in due
        and "Gus Newman: Confidentiality Procedure & Guidelines: signed version 1" in due
    )
    assert "Finn Demo" not in due
    assert "Policy reviews nothing due" in due
    assert "Private: personal data" in pdf_text(centre.root / "build/private/due.pdf", flat=True)
    for folder in ("build/site", "build/print"):
        for path in (centre.root / folder).rglob("*"):
            if path.suffix in (".html", ".md", ".json", ".txt", ".xml"):
                assert "Gus Newman" not in path.read_text(encoding="utf-8", errors="replace"), path

    # --- September 2027: the session is held and its sign-in recorded -------------------------
    edit_data(centre.root, PACK_2027, "  date: null\n  when:", "  date: 2027-09-08\n  when:")
    assert "September 2027 session" not in centre.due("2027-08-25")
    sheet = tmp_path / "sign-in-2027-09-08.csv"
    sheet.write_text(
        "Timestamp,Person,Policy,Date,Release\n"
        "08/09/2027 15:02:11,Ada Example,confidentiality,08/09/2027,2027-06-01\n"
        "08/09/2027 15:03:40,Dev Fictional,confidentiality,08/09/2027,2027-06-01\n"
        "08/09/2027 15:04:05,Gus Newman,confidentiality,08/09/2027,2027-06-01\n",
        encoding="utf-8",
    )
    result = centre.sign("--csv", str(sheet), on="2027-09-08")
    assert "already recorded: Ada Example signed confidentiality" in result.stderr  # harmless
    assert "2 signatures added" in result.stderr
    centre.append(
        "records/training.yaml",
        "".join(
            f"  - staff: {who}\n    course: cp-annual-head\n    date: 2027-09-08\n"
            for who in ("ada-example", "ben-sample", "cleo-placeholder", "dev-fictional", "gus-newman")
        ),
    )
    assert set(centre.status("2027-09-09").values()) == {"signed-current"}
    ledger = centre.ledger().decode()
    people = [line.split(": ")[1] for line in ledger.splitlines() if line.startswith("  - staff: ")]
    assert people == sorted(people)  # sorted by person: a re-sign is a few lines in a diff

    # --- The next year's first build ----------------------------------------------------------
    text = (centre.root / PACK_2027).read_text(encoding="utf-8")
    (centre.root / "policy_data/training/2028-september.yaml").write_text(
        text.replace("year: 2027", "year: 2028")
        .replace("September 2027", "September 2028")
        .replace("  date: 2027-09-08\n", "  date: null\n"),
        encoding="utf-8",
    )
    centre.with_records("build", "-q", on="2027-10-01")
    pack = pdf_text(centre.root / "build/print/training/september-2028.pdf", flat=True)
    assert (
        "Compared with the release of 1 June 2027, the one in force at last September's session (8 September 2027)."
        in pack
    )
    assert "No changes since version 2" in pack
    private = pdf_text(centre.root / "build/private/training/september-2028.pdf", flat=True)
    assert "A new starter is anyone who started after last September's session (8 September 2027)" in private
    assert "Nobody has started since then." in private
    assert f"Confidentiality Procedure & Guidelines, version 2 (released 1 June 2027), fingerprint {v2}" in pack
