"""The staff handbook beside the MkDocs ecosystem as it moves: the Material templates we copy
match the installed Material but for our one change each; ProperDocs builds the handbook as
MkDocs does; and a site built without the `handbook` plugin is refused, not published."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import AS_OF, REPO, copy_project, edit_data, run_mkdocs

from generator.core.project import Project
from generator.pipeline.handbook import load_and_check
from generator.site.build import missing_pages
from generator.site.pages import plan_site

PARTIALS = REPO / "generator/site/theme/partials"

# Each copied template's one change: (Material's line, ours).  A new copy needs its entry here.
OUR_CHANGE = {
    "header.html": (
        '<label class="md-header__button md-icon" for="__drawer">',
        '<label class="md-header__button md-icon" for="__drawer" tabindex="0" role="button" aria-label="{{ lang.t(\'nav\') }}">',
    ),
    "search.html": (
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
    ),
}

OPENING_COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.S)


def installed_material() -> Path:
    spec = importlib.util.find_spec("material")
    return Path(spec.origin).parent / "templates"


def test_each_copied_material_template_is_the_installed_one_with_our_one_change():
    version = importlib.metadata.version("mkdocs-material")
    copies = sorted(p.name for p in PARTIALS.glob("*.html"))
    assert copies == sorted(OUR_CHANGE), "a copied template without its recorded change, or a change without its copy"
    for name, (theirs, ours) in OUR_CHANGE.items():
        copy = (PARTIALS / name).read_text(encoding="utf-8")
        comment = OPENING_COMMENT.match(copy).group(0)
        minor = re.search(r"Material (\d+\.\d+) partials/", comment).group(1)
        assert version.startswith(minor + "."), f"{name} is a copy of Material {minor}; Material {version} is installed"
        assert copy.count(ours) == 1, f"{name}: our change is no longer in the copy"
        original = (installed_material() / "partials" / name).read_text(encoding="utf-8")
        assert OPENING_COMMENT.sub("", copy).replace(ours, theirs) == OPENING_COMMENT.sub("", original), (
            f"Material {version}'s partials/{name} differs from our copy by more than our one change: "
            "copy the new template, make the change again and record it here"
        )


def test_pyproject_pins_material_to_the_minor_version_of_the_copies():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    minor = importlib.metadata.version("mkdocs-material").rsplit(".", 1)[0]
    major, low = minor.split(".")
    assert f'"mkdocs-material>={minor},<{major}.{int(low) + 1}"' in pyproject


@pytest.fixture(scope="module")
def site_plan(tmp_path_factory):
    """A copy of the project, and the pages the plugin generates for it."""
    root = copy_project(tmp_path_factory.mktemp("eco") / "project")
    handbook, _ = load_and_check(Project.at(root, as_of=dt.date.fromisoformat(AS_OF)), for_site=True)
    return root, plan_site(handbook).pages


def run_generator(program: list[str], root: Path, site: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HANDBOOK_DATE": AS_OF, "NO_MKDOCS_2_WARNING": "1", "HOME": str(root)}
    return subprocess.run(
        [*program, "build", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_mkdocs_builds_every_page_the_plugin_generates(site_plan, tmp_path):
    root, pages = site_plan
    result = run_generator([sys.executable, "-m", "mkdocs"], root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert missing_pages(tmp_path / "site", pages, directory_urls=False) == []


@pytest.mark.skipif(
    importlib.util.find_spec("properdocs") is None,
    reason="ProperDocs is not installed (pip install -r requirements.lock installs it)",
)
def test_properdocs_builds_the_handbook_as_mkdocs_does(site_plan, tmp_path):
    root, pages = site_plan
    result = run_generator([sys.executable, "-m", "properdocs"], root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert missing_pages(site, pages, directory_urls=False) == []
    policy = (site / "policies/confidentiality.html").read_text(encoding="utf-8")
    assert 'id="CONF-AIM-01"' in policy  # the statements, as the plugin renders them
    assert "handbook.css" in policy  # the plugin's theme folder and stylesheet
    search = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert (
        '"location": "policies/confidentiality.html#CONF-AIM-01"' in search
        or '"location":"policies/confidentiality.html#CONF-AIM-01"' in search
    )  # the statement entries


def test_a_site_built_without_the_plugin_lacks_its_pages(site_plan, tmp_path):
    """What a generator that ignores the plugin makes (Zensical ignores plugins it does not
    know): the hand-written pages alone, which missing_pages reports."""
    root, pages = site_plan
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [
        p for p in config["plugins"] if not (p == "handbook" or isinstance(p, dict) and "handbook" in p)
    ]
    other = tmp_path / "project"
    shutil.copytree(root / "docs", other / "docs")
    (other / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = run_generator([sys.executable, "-m", "mkdocs"], other, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/how-to-use.html").is_file()
    assert missing_pages(tmp_path / "site", pages, directory_urls=False) == sorted(pages)


def test_handbook_build_stops_when_the_plugin_did_not_run(project, tmp_path, monkeypatch, capsys):
    from generator import cli
    from generator.site.plugin import HandbookPlugin

    (project / "build").mkdir()
    (project / "build/kept.txt").write_text("the last good build\n")
    # The plugin is listed but none of its events runs, as under a generator that skips it; the
    # hand-written page that links to generated ones goes, so MkDocs itself has nothing to warn of.
    for event in [name for name in dir(HandbookPlugin) if name.startswith("on_")]:
        monkeypatch.setattr(HandbookPlugin, event, lambda self, *item, **context: item[0] if item else None)
    (project / "docs/how-to-use.md").unlink()
    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    monkeypatch.chdir(project)
    assert cli.main(["build", "-q"]) == 1
    err = capsys.readouterr().err
    assert "the plugin did not run" in err, err
    assert "(e.g. checklists/all-staff.md)" in err, err
    assert [p.name for p in (project / "build").iterdir()] == ["kept.txt"]

    # A later build in this process (the desk's, plain MkDocs here) builds its own project, not
    # the handbook handed to the plugin whose events did not run.
    monkeypatch.undo()
    other = copy_project(tmp_path / "other")
    edit_data(other, "policy_data/policies/confidentiality.yaml", "text: ", "text: Zebra crossings are kept clear. ")
    later = run_mkdocs("build", "-q", cwd=other, in_process=True)
    assert later.returncode == 0, later.stderr
    assert "Zebra crossings are kept clear." in (other / "build/site/policies/confidentiality.html").read_text(
        encoding="utf-8"
    )
