"""Every date a person reads is written as people write it ("28 November 2026"), never as
2026-11-28: the handbook's pages, the printed papers (their HTML and the words of each PDF),
the public edition and the private papers (the acknowledgements grid, the due list, the
private training pack).  ISO dates stay in the data files, the CSV exports and the machine
places (file names, addresses, attributes), which this walk does not read.

The project's dates are set first (a review date, an approval, last year's session, the staff
records), so that every template that prints a date has one to print."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, edit_data, pdf_text, run_handbook

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def words_read(path: Path) -> str:
    """What a person reads in an output: a PDF's text layer, or an HTML page's text (no tags,
    attributes, scripts or styles)."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    page = path.read_text(encoding="utf-8", errors="replace")
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.prebuilt
def test_no_iso_date_where_people_read(project: Path):
    edit_data(
        project,
        "policy_data/register.yaml",
        "    last_reviewed: null\n    next_review: null",
        "    last_reviewed: 2026-10-01\n    next_review: 2027-10-01",
    )
    edit_data(
        project,
        "policy_data/training/2027-september.yaml",
        "previous_session_date: null",
        "previous_session_date: 2026-09-03",
    )
    edit_data(project, "policy_data/training/2027-september.yaml", "  date: null", "  date: 2027-09-06")
    shutil.copytree(REPO / "examples" / "records", project / "records")
    approved = run_handbook("approve", "checklist/all-staff", "--by", "head-teacher", cwd=project)
    assert approved.returncode == 0, approved.stderr
    for command in (
        ("build", "--records", "records"),
        ("status", "--records", "records"),
        ("due", "--records", "records", "--days", "366", "--out", "build"),
    ):
        result = run_handbook(*command, cwd=project)
        assert result.returncode == 0, (command, result.stderr)

    read = [p for p in sorted((project / "build").rglob("*")) if p.is_file() and p.suffix in (".html", ".pdf")]
    folders = {p.relative_to(project / "build").parts[0] for p in read}
    assert {"site", "print", "public", "private"} <= folders, folders
    assert any(p.name == "acknowledgements.html" for p in read) and any(p.name == "due.pdf" for p in read)
    found = []
    for path in read:
        text = words_read(path)
        for match in ISO.finditer(text):
            context = " ".join(text[max(0, match.start() - 60) : match.end() + 20].split())
            found.append(f"{path.relative_to(project)}: …{context}…")
    assert not found, "\n".join(found[:40])
    # The dates set above are there, written for people.
    pack = pdf_text(project / "build/print/training/september-2027.pdf", flat=True)
    assert "6 September 2027" in pack and "3 September 2026" in pack
    grid = words_read(project / "build/private/acknowledgements.html")
    assert re.search(
        r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}", grid
    )
