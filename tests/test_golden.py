"""Golden tests: what the bundled data generates is pinned, so any change to it shows up as a
reviewable diff: the site's Markdown (tests/golden/site/) and the HTML of every printed
document, from which the PDFs are made (tests/golden/print/: the parent notice, each role's
checklist and the training pack).  Both are rendered here, in the test process.  After an
intended change, refresh them with:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and read the diff (`git diff tests/golden`) before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import AS_OF, REPO

from generator.core.project import Project

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def handbook():
    from generator.pipeline.handbook import load_and_check

    mp = pytest.MonkeyPatch()
    mp.setenv("HANDBOOK_DATE", AS_OF)
    try:
        handbook, report = load_and_check(Project.at(REPO))
    finally:
        mp.undo()
    assert not report.errors
    return handbook


def printed_documents(hb) -> dict[str, str]:
    """Path under build/print/ -> the HTML of every printed document (the PDF is made from it)."""
    from generator.features.checklists.render import CHECKLISTS_DIR, role_checklists
    from generator.features.notice.render import PARENTS_DIR, notice_html, output_name, printed_notices
    from generator.features.training.render import pack_html, pack_name
    from generator.pipeline.features import context

    documents = {f"{PARENTS_DIR}/{output_name(n)}.html": notice_html(hb, context(hb), n) for n in printed_notices(hb)}
    documents.update({f"{CHECKLISTS_DIR}/{role}.html": html for role, html in role_checklists(hb, context(hb)).items()})
    documents.update(
        {f"print/training/{pack_name(p)}.html": pack_html(hb, context(hb), p, hb.as_of) for p in hb.training}
    )
    return {path.removeprefix("print/"): html for path, html in documents.items()}


def matches_golden(made: dict[str, str], folder: Path, pattern: str) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        for path, content in made.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(content, encoding="utf-8")
        for stale in folder.rglob(pattern):
            if str(stale.relative_to(folder)) not in made:
                stale.unlink()
    expected = {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in folder.rglob(pattern)}
    assert sorted(made) == sorted(expected), "files added or removed; refresh with UPDATE_GOLDEN=1"
    for path, content in made.items():
        assert content == expected[path], (
            f"{path} differs from {folder / path}; refresh with UPDATE_GOLDEN=1 if intended"
        )


def test_generated_markdown_matches_golden_files(handbook):
    from generator.site.pages import site_pages

    matches_golden(site_pages(handbook), GOLDEN / "site", "*.md")


def test_printed_documents_match_golden_files(handbook):
    documents = printed_documents(handbook)
    assert {"parents/fair-processing-notice.html", "training/september-2027.html"} <= set(documents)
    # every role someone holds (a group role's items are on its members' checklists)
    assert {f"checklists/{role.id}.html" for role in handbook.roles.values() if not role.group} <= set(documents)
    matches_golden(documents, GOLDEN / "print", "*.html")


def test_golden_files_exist():
    if not GOLDEN.exists():
        pytest.fail("no golden files: run with UPDATE_GOLDEN=1 once")
    assert len(list((GOLDEN / "site").rglob("*.md"))) >= 8
    assert len(list((GOLDEN / "print").rglob("*.html"))) >= 6
