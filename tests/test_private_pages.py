"""No staff record or private report reaches the handbook site through a link, from any source of
pages: the repository's docs/ and each setting's own docs/ are judged by the same function
(core/datafiles.is_private_source), by where a link really leads, whatever its own name, and a
setting's pages are judged against every setting's records and private folders, not only its
own.  (Links in a single project's docs/ to its records/ and build/private/:
tests/test_data_files.py.)  examples/local-authority/ is the data; the desk's side of it, the
/out route, is in tests/test_desk.py."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import AS_OF, REPO, check_shared_build, copy_built, run_handbook, run_mkdocs
from mkdocs.structure.files import File, Files

# Each setting's staff, named so that any trace of them in an output is unmistakable.
STAFF = {"oak-tree": "Olwen Oakprivate", "willow-court": "Wilma Willowprivate"}


def add_private_files(root: Path) -> None:
    """Each setting's staff records (settings/<id>/records/, with the office's notes in
    Markdown) and private reports (build/settings/<id>/private/, as `handbook status --setting
    <id>` leaves them)."""
    staff = (REPO / "examples/records/staff.yaml").read_text(encoding="utf-8")
    for setting, name in STAFF.items():
        records = root / "settings" / setting / "records"
        records.mkdir()
        (records / "staff.yaml").write_text(staff.replace("Ada Example", name), encoding="utf-8")
        (records / "notes.md").write_text(f"# Notes\n\n{name} is on leave.\n", encoding="utf-8")
        private = root / "build/settings" / setting / "private"
        private.mkdir()
        (private / "acknowledgements.html").write_text(f"<p>{name} has not signed</p>", encoding="utf-8")


@pytest.fixture
def repository(built_example: Path, tmp_path: Path):
    """A copy of the example with every setting built, and their private files."""
    root = copy_built(built_example, tmp_path / "la")
    add_private_files(root)
    yield root
    check_shared_build(built_example)


def leaked(folder: Path) -> list[str]:
    """The files under `folder` (a site: its search index among them) that name anyone's staff."""
    return [
        str(path.relative_to(folder))
        for path in sorted(folder.rglob("*"))
        if path.is_file() and any(name.encode() in path.read_bytes() for name in STAFF.values())
    ]


def leaked_into_zip(archive: Path) -> list[str]:
    """The members of the offline zip that name anyone's staff."""
    with zipfile.ZipFile(archive) as zipped:
        return [
            member
            for member in zipped.namelist()
            if any(name.encode() in zipped.read(member) for name in STAFF.values())
        ]


def add_link(root: Path, link: str, target: str) -> str:
    """The link `link` (replacing a page of that name) to `target`; where it leads, as the
    finding names it."""
    path = root / link
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to(target)
    return path.resolve().relative_to(root).as_posix()


def said_left_out(link: str, leads: str) -> str:
    return (
        f"{link}:1:1: warning: is in (or links to) a records or private folder (it leads to {leads}), "
        "whose files are never published: left out of the site"
    )


# In a repository built for Willow Court: (id, the link, where it leads).  The pages the
# navigation names (how-to-use.md, accessibility.md), and any file but a page, are published
# by `handbook build`; another page would stop its strict build (plain MkDocs: below).
LINKS = [
    ("setting-page-to-its-records", "settings/willow-court/docs/accessibility.md", "../records/staff.yaml"),
    (
        "setting-page-to-another-s-records",
        "settings/willow-court/docs/how-to-use.md",
        "../../oak-tree/records/staff.yaml",
    ),
    (
        "setting-page-to-its-private-reports",
        "settings/willow-court/docs/accessibility.md",
        "../../../build/settings/willow-court/private/acknowledgements.html",
    ),
    ("innocent-page-to-another-s-records", "docs/how-to-use.md", "../settings/oak-tree/records/staff.yaml"),
    (
        "file-to-another-s-private-reports",
        "docs/signed.html",
        "../build/settings/oak-tree/private/acknowledgements.html",
    ),
]


@pytest.mark.prebuilt
@pytest.mark.parametrize("link, target", [case[1:] for case in LINKS], ids=[case[0] for case in LINKS])
def test_a_link_to_anyones_private_files_is_left_out_of_a_setting_s_site(repository: Path, link: str, target: str):
    leads = add_link(repository, link, target)
    result = run_handbook("build", "--setting", "willow-court", "-q", "--as-of", AS_OF, cwd=repository)
    out = repository / "build/settings/willow-court"
    assert leaked(out / "site") == []
    assert leaked_into_zip(out / "handbook-offline.zip") == []
    assert result.returncode == 0, result.stderr
    assert said_left_out(link, leads) in result.stdout + result.stderr
    # left out, as said: a setting's page gives way to the repository's of that name
    page = out / "site" / link.split("docs/", 1)[1].replace(".md", ".html")
    assert page.exists() == link.startswith("settings/")


# In plain `mkdocs build` (not strict: a page the navigation does not name is published too)
# of Oak Tree, the setting the example's mkdocs.yml shows: its own page, and a folder of the
# repository's pages (MkDocs follows a folder link, as `check` does) to Willow Court's records.
PLAIN = [
    ("page-to-another-s-records", "settings/oak-tree/docs/staff.md", "../../willow-court/records/staff.yaml"),
    ("folder-to-another-s-records", "docs/team", "../settings/willow-court/records"),
]


@pytest.mark.prebuilt
@pytest.mark.parametrize("link, target", [case[1:] for case in PLAIN], ids=[case[0] for case in PLAIN])
def test_plain_mkdocs_build_leaves_out_a_link_to_another_setting_s_records(
    repository: Path, tmp_path: Path, link: str, target: str
):
    leads = add_link(repository, link, target)
    result = run_mkdocs("build", "-d", str(tmp_path / "plain"), cwd=repository)
    assert leaked(tmp_path / "plain") == []
    assert result.returncode == 0, result.stderr
    assert said_left_out(link, leads) in result.stderr
    assert not [p for p in (tmp_path / "plain").rglob("*") if p.name in ("staff.html", "team", "notes.html")]


@pytest.mark.prebuilt
def test_a_hard_link_to_another_setting_s_records_is_left_out(repository: Path):
    """A hard link gives the staff notes a second name in docs/ that no path shows: the file
    itself (its device and inode) is what is judged, and the finding names the private file."""
    page = repository / "settings/willow-court/docs/accessibility.md"
    page.unlink(missing_ok=True)
    os.link(repository / "settings/oak-tree/records/notes.md", page)
    result = run_handbook("build", "--setting", "willow-court", "-q", "--as-of", AS_OF, cwd=repository)
    out = repository / "build/settings/willow-court"
    assert leaked(out / "site") == []
    assert leaked_into_zip(out / "handbook-offline.zip") == []
    assert result.returncode == 0, result.stderr
    assert (
        "settings/willow-court/docs/accessibility.md:1:1: warning: is in (or links to) a records or private folder "
        "(it is settings/oak-tree/records/notes.md under another name: a hard link), whose files are never published"
    ) in result.stdout + result.stderr


def a_plugin_at(root: Path):
    """The handbook plugin as on_config leaves it for a project at `root` (no pages generated)."""
    from generator.core.project import Project
    from generator.site.plugin import HandbookPlugin

    plugin = HandbookPlugin()
    plugin.project_ = Project.at(root)
    plugin.site = SimpleNamespace(pages={})
    return plugin


def listed(root: Path, folder: str) -> Files:
    """The files of root/folder as MkDocs lists them for a build."""
    source = root / folder
    return Files(
        [
            File(p.relative_to(source).as_posix(), str(source), str(root / "site"), False)
            for p in sorted(source.rglob("*"))
            if p.is_file()
        ]
    )


def test_a_build_walks_the_private_folders_at_most_once_however_many_files_are_hard_linked(tmp_path: Path, monkeypatch):
    """Every page of docs/ has more than one name: the private folders are still walked once
    for the whole build, not once for each page, and a page that is the records file is still
    left out.  A theme file of a virtual environment in the project (uv installs with hard
    links) is not judged by hard link: no walk for it."""
    root = tmp_path / "project"
    (root / "records").mkdir(parents=True)
    (root / "build/private").mkdir(parents=True)
    for n in range(20):
        (root / f"records/staff-{n}.yaml").write_text(f"name: Person {n}\n", encoding="utf-8")
    (root / "build/private/acknowledgements.html").write_text("<p>private</p>", encoding="utf-8")
    shared, docs = root / "shared", root / "docs"
    shared.mkdir()
    docs.mkdir()
    for n in range(10):
        (shared / f"page-{n}.md").write_text(f"# Page {n}\n", encoding="utf-8")
        os.link(shared / f"page-{n}.md", docs / f"page-{n}.md")
    os.link(root / "records/staff-3.yaml", docs / "about.md")
    walked: list[str] = []
    walk = os.walk

    def counted(top, *args, **kwargs):
        walked.append(str(top))
        return walk(top, *args, **kwargs)

    monkeypatch.setattr(os, "walk", counted)
    config = SimpleNamespace(nav=["index.md", {"About": "about.md"}])
    files = a_plugin_at(root).on_files(listed(root, "docs"), config)
    assert sorted(f.src_uri for f in files) == [f"page-{n}.md" for n in range(10)]
    assert config.nav == ["index.md"]
    assert walked and max(walked.count(folder) for folder in walked) == 1
    # an installed theme's file is never an author's: not judged by hard link at all
    theme = root / ".venv/lib/python3.12/site-packages/material/templates"
    theme.mkdir(parents=True)
    os.link(shared / "page-0.md", theme / "main.html")
    walked.clear()
    files = a_plugin_at(root).on_files(listed(root, ".venv/lib/python3.12/site-packages/material/templates"), config)
    assert [f.src_uri for f in files] == ["main.html"] and walked == []


def test_a_build_that_leaves_nothing_out_keeps_the_author_s_navigation(tmp_path: Path):
    """Pruning drops an author's empty section (and makes an empty nav MkDocs' own): only done
    when a page was left out."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    config = SimpleNamespace(nav=["index.md", {"To come": []}])
    a_plugin_at(tmp_path).on_files(listed(tmp_path, "docs"), config)
    assert config.nav == ["index.md", {"To come": []}]
