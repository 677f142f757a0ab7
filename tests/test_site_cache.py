"""Plain `mkdocs build` keeps the plugin's site data between runs (generator/site/site_cache.py):
an unchanged data folder is not loaded, checked and rendered again.  What a user would check:
an edit to any data file shows on the next build, the data's warnings are still reported, a
broken file still fails the build, and the pages are the same either way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import AS_OF, run_mkdocs, tree_digest

from generator.core.project import Project
from generator.site import site_cache

OPTIONS = {"data_dir": "policy_data", "checklists_dir": None, "as_of": None, "setting": None}


def _project(root: Path, as_of: str = AS_OF) -> Project:
    import datetime as dt

    return Project.at(root, root / "policy_data", as_of=dt.date.fromisoformat(as_of))


def _mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    """Plain `mkdocs build` (in this process where it can be: each run has MkDocs' config and
    the plugin made anew, and what one run keeps for the next is the file in build/.cache)."""
    return run_mkdocs("build", cwd=root)


def test_every_data_and_checklist_file_is_part_of_the_key(project: Path):
    """Whatever file of the data or checklists folders changes (any kind, any name), the kept
    site data no longer matches; put back, it matches again."""
    original = site_cache.inputs_key(_project(project), OPTIONS)
    assert original is not None
    files = [
        p for folder in ("policy_data", "checklists") for p in sorted((project / folder).rglob("*")) if p.is_file()
    ]
    assert len(files) > 10
    for path in files:
        before = path.read_bytes()
        path.write_bytes(before + b"\n# edited\n")
        assert site_cache.inputs_key(_project(project), OPTIONS) != original, path
        path.write_bytes(before)
    assert site_cache.inputs_key(_project(project), OPTIONS) == original
    # a new file, the day, the plugin's options and the pages in docs/ are part of it too
    (project / "policy_data/policies/new.yaml").write_text("id: new\n", encoding="utf-8")
    assert site_cache.inputs_key(_project(project), OPTIONS) != original
    (project / "policy_data/policies/new.yaml").unlink()
    assert site_cache.inputs_key(_project(project, "2027-01-01"), OPTIONS) != original
    assert site_cache.inputs_key(_project(project), {**OPTIONS, "setting": "x"}) != original
    (project / "docs/records").mkdir()
    assert site_cache.inputs_key(_project(project), OPTIONS) != original


def test_a_link_among_the_inputs_means_no_cache(project: Path, tmp_path: Path):
    """What a link points at can change without the key seeing it: nothing is kept then."""
    outside = tmp_path / "elsewhere.md"
    outside.write_text("# Elsewhere\n", encoding="utf-8")
    for folder in ("policy_data", "checklists", "docs"):
        link = project / folder / "linked.md"
        link.symlink_to(outside)
        assert site_cache.inputs_key(_project(project), OPTIONS) is None, folder
        link.unlink()
    assert site_cache.inputs_key(_project(project), OPTIONS) is not None


def test_a_damaged_or_foreign_cache_file_is_not_used(project: Path):
    root = _project(project)
    key = site_cache.inputs_key(root, OPTIONS)
    assert key is not None
    entries = b'[{"location":"policies/a.html#A-1","title":"A-1","text":"Caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d"}]'
    data = site_cache.SiteData(
        # pages of any text: other scripts, carriage returns and line breaks come back as they were
        {"index.md": "# Home\r\n\nCaf\u00e9 \u201cquoted\u201d \u0131", "policies/a.md": "", "b.md": "\n\r"},
        [{"Home": "index.md"}],
        "A staff handbook",
        {"DSL": "Designated Safeguarding Lead"},
        [("warning", "w\nsecond line")],
        entries,
        ["policies/a.html#A-1"],
        {"<!-- marker -->": "text"},
    )
    site_cache.save(root, key, data)
    assert site_cache.load(root, key) == data
    assert site_cache.load(root, "another key") is None
    assert site_cache.load(root, None) is None
    kept = (root.out_dir / site_cache.CACHE_FILE).read_bytes()
    header, body = kept.split(b"\n", 1)
    not_utf8 = body.replace("Caf\u00e9".encode(), b"Caf\xff\xfe", 1)  # the same length
    damaged = [b"{", b"[]", b'{"key": "' + key.encode() + b'", "data": {"pages": {}}}', b"", kept[:-1], kept + b" "]
    damaged += [header + b"\n" + not_utf8, header.replace(b'"format": 3', b'"format": 2') + b"\n" + body]
    for bad in damaged:
        (root.out_dir / site_cache.CACHE_FILE).write_bytes(bad)
        assert site_cache.load(root, key) is None, bad[:80]


def test_search_entries_kept_as_text_make_the_same_index(tmp_path: Path):
    """A build from the kept site data writes the statement entries' text into the search index
    as it is: the index is byte for byte the one made from the entries themselves, with an entry
    of the theme's at a statement's place replaced the same way."""
    from generator.site import search_index

    theme_index = {
        "config": {"lang": ["en"], "separator": "[\\s\\-]+", "fields": {"title": {"boost": 1000}}},
        "docs": [
            {"location": "policies/a.html", "title": "A \u201cpolicy\u201d", "text": "<p>Caf\u00e9</p>"},
            {"location": "policies/a.html#A-1", "title": "A heading at a statement's place", "text": ""},
            {"location": "policies/a.html#aims", "title": "Aims", "text": "x\u0000y"},
        ],
    }
    new = [
        {"location": "policies/a.html#A-1", "title": "A-1", "text": "Caf\u00e9 &amp; \u201cquoted\u201d", "boost": 2},
        {"location": "policies/a.html#A-2", "title": "A-2", "text": "\u0131\u00df", "tags": ["A", "b"], "boost": 2},
    ]
    for entries in (new, []):
        for docs in (theme_index["docs"], []):
            made, kept = tmp_path / "made.json", tmp_path / "kept.json"
            for file in (made, kept):
                file.write_text(json.dumps({**theme_index, "docs": docs}), encoding="utf-8")
            search_index.add_entries(made, entries)
            search_index.add_entries_text(
                kept, search_index.entries_text(entries), [entry["location"] for entry in entries]
            )
            assert kept.read_bytes() == made.read_bytes()
            written = json.loads(kept.read_text(encoding="utf-8"))
            assert written["docs"][len(written["docs"]) - len(entries) :] == entries
            assert written["config"]["fields"] == search_index.FIELDS


def test_mkdocs_build_shows_every_edit_and_reports_the_data_every_time(project: Path):
    first = _mkdocs_build(project)
    assert first.returncode == 0, first.stderr
    assert (project / "build/.cache/site-plan.json").is_file()
    site = project / "build/site"
    pages_first = tree_digest(site)
    warnings = [line for line in first.stderr.splitlines() if "warning:" in line]
    assert warnings, "the bundled data has facts still to be completed: the build reports them"

    again = _mkdocs_build(project)  # nothing changed: the kept site data
    assert again.returncode == 0, again.stderr
    assert tree_digest(site) == pages_first
    assert [line for line in again.stderr.splitlines() if "warning:" in line] == warnings

    policy = project / "policy_data/policies/confidentiality.yaml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("text: ", "text: Zebra crossings are kept clear. ", 1), encoding="utf-8")
    edited = _mkdocs_build(project)
    assert edited.returncode == 0, edited.stderr
    assert "Zebra crossings are kept clear." in (site / "policies/confidentiality.html").read_text(encoding="utf-8")

    policy.write_text(text.replace("title:", "title: [", 1), encoding="utf-8")  # not YAML any more
    broken = _mkdocs_build(project)
    assert broken.returncode == 1
    assert "policy_data/policies/confidentiality.yaml:" in broken.stderr


def test_a_build_from_the_kept_data_imports_no_models_or_checks(project: Path):
    """Plain `mkdocs build` of unchanged data needs neither the models nor the checks nor the
    page plan: importing them was a third of a second of CPU at every build (issue 31)."""
    assert _mkdocs_build(project).returncode == 0  # keeps the site data
    code = (
        "import json, runpy, sys\n"
        "sys.argv = ['mkdocs', 'build', '-q']\n"
        "try:\n"
        "    runpy.run_module('mkdocs', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('generator'))))\n"
    )
    env = {**os.environ, "HANDBOOK_DATE": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run([sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    modules = json.loads(built.stdout.splitlines()[-1])
    assert "generator.site.plugin" in modules  # the build did go through the plugin
    heavy = [m for m in modules if m.startswith(("generator.pipeline", "generator.features", "generator.core.model"))]
    assert heavy == [], heavy
    assert "generator.site.pages" not in modules
