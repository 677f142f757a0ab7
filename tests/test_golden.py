"""Golden tests: the generated Markdown for the bundled data is pinned, so any change to it
shows up as a reviewable diff.  After an intended change, refresh with:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import AS_OF, REPO
from generator.core.project import Project

GOLDEN = Path(__file__).resolve().parent / "golden" / "site"


def generated_pages(monkeypatch) -> dict[str, str]:
    from generator.pipeline.handbook import load_and_check
    from generator.site.pages import site_pages

    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    handbook, report = load_and_check(Project.at(REPO, REPO / "policy_data"))
    assert not report.errors
    return site_pages(handbook)


def test_generated_markdown_matches_golden_files(monkeypatch):
    pages = generated_pages(monkeypatch)
    if os.environ.get("UPDATE_GOLDEN"):
        for path, content in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(content, encoding="utf-8")
        for stale in GOLDEN.rglob("*.md"):
            if str(stale.relative_to(GOLDEN)) not in pages:
                stale.unlink()
    expected = {str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(expected), "pages added or removed; refresh with UPDATE_GOLDEN=1"
    for path, content in pages.items():
        assert content == expected[path], f"{path} differs from tests/golden/site/{path}; refresh with UPDATE_GOLDEN=1 if intended"


def test_golden_files_exist():
    if not GOLDEN.exists():
        pytest.fail("no golden files: run with UPDATE_GOLDEN=1 once")
    assert len(list(GOLDEN.rglob("*.md"))) >= 8
