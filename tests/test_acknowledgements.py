"""Releases, per-role checklists and the signatures ledger, as the Head and the office use them."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, pdf_text, run_handbook, tree_digest
from conftest import edit_data as edit

from generator.core.project import Project

EXAMPLE_RECORDS = REPO / "examples" / "records"
POLICY = "policy_data/policies/confidentiality.yaml"
V1 = "22f286e07ecd"  # version 1 of confidentiality, release 2026-11-28
ROLES = ["all-staff", "head-teacher", "designated-cp-staff", "office-staff"]
NAMES = [m["name"] for m in yaml.safe_load((EXAMPLE_RECORDS / "staff.yaml").read_text())["staff"]]


def with_records(project: Path) -> Path:
    shutil.copytree(EXAMPLE_RECORDS, project / "records")
    return project


def states(project: Path) -> dict[str, str]:
    rows = list(csv.DictReader((project / "build/private/acknowledgements.csv").open(encoding="utf-8")))
    return {row["person id"]: row["confidentiality"] for row in rows}


def matrix_states(project: Path, on: dt.date) -> dict[str, str]:
    """The matrix `status` would write, computed in-process (no PDFs: quicker)."""
    from generator.features.records.ledger import matrix
    from generator.features.records.model import load_records
    from generator.pipeline.handbook import load_and_check

    hb, _ = load_and_check(Project.at(project, project / "policy_data"))
    records, _ = load_records(project / "records", Project.at(project).shown)
    return {member.id: cells["confidentiality"].state for member, cells in matrix(hb, records, on)}


def change_one_statement(project: Path) -> None:
    edit(project, POLICY, "Foster an ethos of trust within the school.", "Foster an ethos of trust within the Centre.")


# --- releases -------------------------------------------------------------------------------


def test_committed_release_is_version_1_of_todays_text():
    release = yaml.safe_load((REPO / "policy_data/releases/2026-11-28.yaml").read_text(encoding="utf-8"))
    assert "version 1" in release["note"]
    [policy] = release["policies"]
    assert (policy["id"], policy["version"], policy["fingerprint"][:12]) == ("confidentiality", 1, V1)


def test_release_never_replaces_and_numbers_only_changed_policies(project: Path):
    existing = (project / "policy_data/releases/2026-11-28.yaml").read_bytes()
    result = run_handbook("release", "--date", "2026-11-28", cwd=project)
    assert result.returncode == 1
    assert (
        "release refused: nothing changed since release 2026-11-28 of the same day; a release is never replaced"
        in result.stderr
    )
    assert "--force" not in result.stderr
    assert (project / "policy_data/releases/2026-11-28.yaml").read_bytes() == existing
    assert sorted(p.name for p in (project / "policy_data/releases").iterdir()) == ["2026-11-28.yaml"]

    later = {"HANDBOOK_DATE": "2026-12-10"}
    assert run_handbook("release", "--date", "2026-12-01", cwd=project, env=later).returncode == 0
    unchanged = yaml.safe_load((project / "policy_data/releases/2026-12-01.yaml").read_text())["policies"][0]
    assert (unchanged["version"], unchanged["fingerprint"][:12]) == (1, V1)

    change_one_statement(project)
    result = run_handbook("release", cwd=project, env=later)  # --date defaults to today
    assert result.returncode == 0, result.stderr
    assert "confidentiality: version 2 (changed since version 1)" in result.stderr
    v2 = yaml.safe_load((project / "policy_data/releases/2026-12-10.yaml").read_text())["policies"][0]
    assert v2["version"] == 2 and v2["fingerprint"][:12] != V1
    assert run_handbook("check", cwd=project, env=later).returncode == 0

    result = run_handbook("release", "--date", "2026-11-30", cwd=project, env=later)
    assert result.returncode == 1 and "a later release exists (2026-12-01, 2026-12-10)" in result.stderr


def test_release_refused_when_data_has_errors(project: Path):
    edit(project, POLICY, "- id: CONF-AIM-02\n", "- id: CONF-AIM-01\n")
    result = run_handbook("release", "--date", "2026-11-29", cwd=project, env={"HANDBOOK_DATE": "2026-11-29"})
    assert result.returncode == 1
    assert "release refused: the data has errors" in result.stderr
    assert not (project / "policy_data/releases/2026-11-29.yaml").exists()


def test_edited_release_snapshot_is_an_error(project: Path):
    rel = "policy_data/releases/2026-11-28.yaml"
    edit(project, rel, "Foster an ethos of trust within the school.", "Foster an ethos of trust within the Centre.")
    line = [i for i, text in enumerate((project / rel).read_text().splitlines(), 1) if "fingerprint:" in text][0]
    result = run_handbook("check", cwd=project)
    assert result.returncode == 1
    assert re.search(
        rf"^{rel}:{line}:\d+: error: 'confidentiality' version 1: the stored text does not match the stored fingerprint",
        result.stdout,
        re.M,
    ), result.stdout
    assert "Traceback" not in result.stderr


def test_versions_must_increase(project: Path):
    later = {"HANDBOOK_DATE": "2026-12-10"}
    change_one_statement(project)
    assert run_handbook("release", "--date", "2026-12-01", cwd=project, env=later).returncode == 0
    rel = "policy_data/releases/2026-12-01.yaml"
    line = edit(project, rel, "  version: 2\n", "  version: 1\n")
    result = run_handbook("check", cwd=project, env=later)
    assert result.returncode == 1
    assert (
        f"{rel}:{line}:3: error: 'confidentiality' changed since version 1, so its version must be higher than 1 (got 1)"
        in result.stdout
    )


# --- checklists -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel, old, new, message",
    [
        (
            "checklists/head-teacher.yaml",
            "based_on: [CONF-STR-05]",
            "based_on: [CONF-STR-55]",
            r"unknown statement id 'CONF-STR-55'; did you mean 'CONF-STR-05'\?",
        ),
        (
            "checklists/all-staff.yaml",
            "exclude: [CONF-AIM-00]",
            "exclude: [CONF-AIM-0]",
            r"unknown statement id 'CONF-AIM-0'",
        ),
        (
            "checklists/office-staff.yaml",
            "role: office-staff",
            "role: office-staf",
            r"this file is for role 'office-staff' \(its name\) but says role 'office-staf'",
        ),
        (
            "checklists/designated-cp-staff.yaml",
            "id: DCP-ACK-02",
            "id: CONF-STR-04",
            r"role item id 'CONF-STR-04' is already a statement id",
        ),
    ],
)
def test_dangling_checklist_ids_are_located_errors(project: Path, rel, old, new, message):
    line = edit(project, rel, old, new)
    before = tree_digest(project / "build") if (project / "build").exists() else {}
    result = run_handbook("check", cwd=project)
    assert result.returncode == 1
    assert re.search(rf"^{re.escape(rel)}:{line}:\d+: error: {message}", result.stdout, re.M), result.stdout
    assert "Traceback" not in result.stderr
    assert (tree_digest(project / "build") if (project / "build").exists() else {}) == before


def test_role_checklist_pdfs(built: Path):
    from generator.pipeline.handbook import load_and_check

    hb, _ = load_and_check(Project.at(built, built / "policy_data"))
    for role in ROLES:
        pdf = built / f"build/print/checklists/{role}.pdf"
        assert (built / f"build/print/checklists/{role}.html").exists()
        text = " ".join(pdf_text(pdf, "-layout").split())
        assert "Homerton Early Years Centre" in text
        assert f"Acknowledgement checklist: {hb.roles[role].name}" in text
        first_page = " ".join(pdf_text(pdf).split("Introduction", 1)[0].split())
        assert "Confidentiality Procedure & Guidelines" in first_page
        assert "1, released 28 November 2026" in first_page and V1 in first_page  # the Version column
        assert (
            f"Acknowledgement checklist: {hb.roles[role].name} printed 28 November 2026 · Page 1 of" in text
        )  # the footer
        applying = [s.id for _, s in hb.statements_for_role(role) if s.id != "CONF-AIM-00"]
        for sid in applying:
            assert sid in text, (role, sid)
        assert ".html#" not in text  # no web paths on paper: the statement id finds it (issue 27)
        signing = text.split("I have read and understood the items above", 1)[1]
        assert all(word in signing for word in ("Name", "Signature", "Date"))
        assert text.count("Page 1 of") == 1
        pages = int(re.search(r"Page 1 of (\d+)", text).group(1))
        assert pages <= 7, (role, pages)
    head = " ".join(pdf_text(built / "build/print/checklists/head-teacher.pdf", "-layout").split())
    # The Head signs her own items, those of the Head and designated staff, and the all-staff items.
    for item in ["HT-ACK-02", "DCP-ACK-01", "ALL-ACK-01"]:
        assert item in head
    assert "I lead the child protection training for all staff annually in September." in head
    assert "OFF-ACK-01" not in head
    office = " ".join(pdf_text(built / "build/print/checklists/office-staff.pdf", "-layout").split())
    assert "OFF-ACK-01 (from CONF-STR-01)" in office and "HT-ACK-01" not in office
    assert "CONF-STR-04" in office  # who leads child protection: every member of staff knows it
    assert "DCP-ACK-01" not in office  # only for the Head and designated staff
    info = subprocess.run(
        ["pdfinfo", str(built / "build/print/checklists/head-teacher.pdf")], capture_output=True, text=True
    ).stdout
    assert "595.276 x 841.89" in info


def test_handbook_page_per_role_without_signature_boxes(built: Path):
    page = (built / "build/site/checklists/designated-cp-staff.html").read_text(encoding="utf-8")
    assert "Checklist: Designated child protection staff" in page
    assert "<h3>Strategies for Managing Confidentiality</h3>" in page  # sections head the items
    # the version table: each policy's version, its title leading to the policy's page, which
    # shows the fingerprint the paper prints (the reading page does not: issue 31)
    assert (
        '<th scope="row"><a href="../policies/confidentiality.html">Confidentiality Procedure &amp; Guidelines</a></th>'
        "<td>1, released 28 November 2026</td>"
    ) in page
    assert V1 not in page and V1 in (built / "build/site/policies/confidentiality.html").read_text(encoding="utf-8")
    assert 'href="../policies/confidentiality.html#CONF-STR-04"' in page
    assert "DCP-ACK-01" in page
    assert "Signature" not in page and 'class="sign"' not in page


# --- status and the ledger ------------------------------------------------------------------


def test_example_records_status_matrix_and_text_change_flips_signers(project: Path):
    with_records(project)
    result = run_handbook("status", cwd=project)
    assert result.returncode == 0, result.stderr
    assert states(project) == {
        "ada-example": "signed-current",
        "ben-sample": "signed-current",
        "cleo-placeholder": "never-signed",
        "dev-fictional": "not-yet-due",  # started 2026-11-16, due 28 days later
        "finn-demo": "signed-current",
    }  # eve-madeup left on 2026-10-31: not listed
    assert sorted(p.name for p in (project / "build/private/checklists").iterdir()) == [
        "cleo-placeholder.html",
        "cleo-placeholder.pdf",
        "dev-fictional.html",
        "dev-fictional.pdf",
    ]

    # One word changes: the fingerprint on the checklist changes, and everyone who signed
    # before must sign again.
    change_one_statement(project)
    assert matrix_states(project, dt.date(2026, 11, 28)) == {
        "ada-example": "signed-older",
        "ben-sample": "signed-older",
        "cleo-placeholder": "never-signed",
        "dev-fictional": "not-yet-due",
        "finn-demo": "signed-older",
    }

    later = {"HANDBOOK_DATE": "2026-12-10"}
    assert run_handbook("release", "--date", "2026-12-01", cwd=project, env=later).returncode == 0
    v2 = yaml.safe_load((project / "policy_data/releases/2026-12-01.yaml").read_text())["policies"][0]["fingerprint"]
    with (project / "records/signatures.yaml").open("a", encoding="utf-8") as ledger:
        ledger.write(
            f"  - staff: ada-example\n    policy: confidentiality\n    fingerprint: {v2[:12]}\n    date: 2026-12-05\n"
        )
    result = run_handbook("status", cwd=project, env=later)
    assert result.returncode == 0, result.stderr
    expected = {
        "ada-example": "signed-current",  # signed version 2
        "ben-sample": "signed-older",  # signed version 1 only: must re-sign
        "cleo-placeholder": "never-signed",
        "dev-fictional": "not-yet-due",  # 24 days after starting
        "finn-demo": "signed-older",
    }
    assert states(project) == expected
    html = (project / "build/private/acknowledgements.html").read_text(encoding="utf-8")
    cells = dict(re.findall(r'<tr id="([a-z-]+)">.*?data-state="([a-z-]+)"', html, re.S))
    assert cells == expected
    assert "Signed older release: must re-sign (version 1, 28 November 2026)" in html
    assert "Signed current (version 2, 5 December 2026)" in html
    assert "New starter: not yet due, due by 14 December 2026" in html
    counts = dict(re.findall(r"<tr><th scope=\"row\">([^<]+)</th><td>(\d+)</td></tr>", html))
    assert counts["Signed current version"] == "1"
    assert counts["Signed older release: must re-sign"] == "2"
    assert counts["Never signed"] == "1"
    ben = " ".join(pdf_text(project / "build/private/checklists/ben-sample.pdf", "-layout").split())
    assert "For: Ben Sample" in ben and v2[:12] in ben and V1 not in ben and "DCP-ACK-01" in ben
    assert not (project / "build/private/checklists/ada-example.pdf").exists()


def test_status_again_renders_only_the_checklists_whose_page_changed(project: Path):
    """After a sign-in sheet the office runs `status` again: a person whose checklist reads as
    before keeps the same PDF (the same file, not rendered again); one whose page changed gets
    a new one, with the new words."""
    with_records(project)
    assert run_handbook("status", cwd=project).returncode == 0
    folder = project / "build/private/checklists"

    def files() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in sorted(folder.glob("*.pdf"))}

    first = files()
    assert list(first) == ["cleo-placeholder.pdf", "dev-fictional.pdf"]
    assert run_handbook("status", cwd=project).returncode == 0
    assert files() == first
    edit(project, "records/staff.yaml", "name: Dev Fictional", "name: Devi Fictional")
    assert run_handbook("status", cwd=project).returncode == 0
    again = files()
    assert again["cleo-placeholder.pdf"] == first["cleo-placeholder.pdf"]
    assert again["dev-fictional.pdf"] != first["dev-fictional.pdf"]
    assert "For: Devi Fictional" in " ".join(pdf_text(folder / "dev-fictional.pdf").split())


@pytest.mark.prebuilt
def test_build_with_records_publishes_no_name(project: Path):
    with_records(project)
    assert run_handbook("status", cwd=project).returncode == 0
    change_one_statement(project)
    result = run_handbook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    # build/ was swapped, but the private report made by `status` was carried across.
    assert (project / "build/private/acknowledgements.csv").exists()
    published = [p for d in ("build/site", "build/print") for p in (project / d).rglob("*") if p.is_file()]
    assert len(published) > 20
    for path in published:
        data = path.read_bytes()
        text = pdf_text(path, "-layout") if path.suffix == ".pdf" else data.decode("utf-8", "replace")
        for name in NAMES + ["ada-example", "ben-sample", "cleo-placeholder", "dev-fictional"]:
            assert name not in text, f"{name!r} published in {path}"
    private = (project / "build/private/acknowledgements.html").read_text(encoding="utf-8")
    assert all(name in private for name in NAMES if name != "Eve Madeup")
    # The changed text shows on the printed checklist as a new fingerprint, marked as a draft.
    head = " ".join(pdf_text(project / "build/print/checklists/head-teacher.pdf", "-layout").split())
    assert V1 not in head and "draft, changed since version 1" in head
    first_page = " ".join(pdf_text(project / "build/print/checklists/head-teacher.pdf").split("\f")[0].split())
    assert re.search(
        r"Confidentiality Procedure & Guidelines draft, changed since version 1 [0-9a-f]{12}", first_page
    ), first_page


BAD_LEDGER = [
    (
        "unknown person",
        "signatures.yaml",
        "- staff: ben-sample",
        "- staff: ben-sampel",
        r"unknown person 'ben-sampel'; did you mean 'ben-sample'\? \(not in staff.yaml\)",
    ),
    (
        "unknown policy",
        "signatures.yaml",
        "  - staff: finn-demo\n    policy: confidentiality",
        "  - staff: finn-demo\n    policy: confidentality",
        r"unknown policy 'confidentality'; did you mean 'confidentiality'\?",
    ),
    (
        "not a release",
        "signatures.yaml",
        "fingerprint: 22f286e07ecd\n    date: 2026-11-28\n  - staff: ben",
        "fingerprint: 0123456789ab\n    date: 2026-11-28\n  - staff: ben",
        r"fingerprint 0123456789ab is not a release of 'confidentiality' \(its releases: version 1 22f286e07ecd\)",
    ),
    (
        "future date",
        "signatures.yaml",
        "    date: 2026-11-28\n  - staff: finn",
        "    date: 2026-11-29\n  - staff: finn",
        r"the date 2026-11-29 is in the future \(today is 2026-11-28\)",
    ),
    (
        "duplicate row",
        "signatures.yaml",
        "  - staff: finn-demo",
        "  - staff: ada-example",
        r"duplicate signature: 'ada-example' already signed this version of 'confidentiality' \(line \d+\)",
    ),
    (
        "unknown role",
        "staff.yaml",
        "roles: [all-staff]",
        "roles: [all-staf]",
        r"unknown role 'all-staf'; did you mean 'all-staff'\?",
    ),
    ("bad date", "staff.yaml", "start_date: 2019-01-07", "start_date: 2019-01-37", r"'2019-01-37' is not a valid date"),
]


@pytest.mark.parametrize("case, filename, old, new, message", BAD_LEDGER, ids=[c[0] for c in BAD_LEDGER])
def test_bad_ledger_input(project: Path, case, filename, old, new, message):
    with_records(project)
    (project / "build/private").mkdir(parents=True)
    (project / "build/private/acknowledgements.csv").write_text("the last good report\n")
    before = tree_digest(project / "build")
    text = (project / "records" / filename).read_text(encoding="utf-8")
    assert old in text
    # the line of the changed row's first differing key
    offset = next(i for i, (a, b) in enumerate(zip(old.splitlines(), new.splitlines())) if a != b)
    line = text[: text.index(old)].count("\n") + 1 + offset
    (project / "records" / filename).write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_handbook("status", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(rf"^records/{filename}:{line}:\d+: error: {message}", result.stderr, re.M), result.stderr
    assert "status stopped" in result.stderr
    assert tree_digest(project / "build") == before


def test_status_needs_a_records_folder(project: Path):
    result = run_handbook("status", "--records", "nowhere", cwd=project)
    assert result.returncode == 1
    assert "nowhere:1:1: error: the records folder does not exist" in result.stderr
    assert not (project / "build/private").exists()
