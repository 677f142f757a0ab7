"""What makes the site build and `handbook serve` fast must not change what anyone reads."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import yaml

from conftest import AS_OF
from generator.project import load_and_check
from generator.render.prerendered import END, START, PrerenderedExtension, without_markers
from generator.render.site import site_pages


def site_markdown(root: Path, monkeypatch) -> dict[str, str]:
    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    handbook, _ = load_and_check(root / "policy_data", root, for_site=True)
    return site_pages(handbook)


def converter(root: Path, *extra) -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml lists (MkDocs' own link rewriting aside)."""
    names, configs = [], {}
    for entry in yaml.safe_load((root / "mkdocs.yml").read_text())["markdown_extensions"]:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        configs[name] = config or {}
    return markdown.Markdown(extensions=[*extra, *names], extension_configs=configs)


def folded(html: str) -> str:
    return " ".join(html.split())


def test_prerendered_blocks_come_out_as_python_markdown_would_make_them(project: Path, monkeypatch):
    pages = site_markdown(project, monkeypatch)
    marked = [path for path, text in pages.items() if START in text]
    assert {"policies/confidentiality.md", "roles/all-staff.md", "checklists/head-teacher.md", "register.md"} <= set(marked)
    for path in marked:
        plain = without_markers(pages[path])
        expected = converter(project).convert(plain)
        assert folded(converter(project, PrerenderedExtension()).convert(pages[path])) == folded(expected), path
        # Without the extension the markers are mere comments around the same HTML.
        assert folded(converter(project).convert(pages[path]).replace(START, "").replace(END, "")) == folded(expected), path


def test_an_unclosed_marker_leaves_the_text_to_markdown():
    text = f"Intro\n\n{START}\n<p>*kept*</p>\n\nA *second* paragraph.\n"
    out = markdown.Markdown(extensions=[PrerenderedExtension()]).convert(text)
    assert "<em>second</em>" in out and "<p>*kept*</p>" in out


def test_no_marker_reaches_the_built_site(built: Path):
    pages = list((built / "build/site").rglob("*.html"))
    assert len(pages) > 15
    assert [p for p in pages if "prerendered -->" in p.read_text(encoding="utf-8")] == []
