"""Any setting can start its own handbook: the wheel installed with pip alone, `handbook new`,
and `handbook new --from` a project whose policies it adopts without its facts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import AS_OF, REPO, pdf_text, plain_mkdocs_site, run_handbook

NAME = "Oak Tree Nursery"


def outputs_text(build: Path) -> dict[str, str]:
    """Every output file's words: text files as they are, PDFs through pdftotext, the offline
    zip's entries unpacked."""
    texts: dict[str, str] = {}
    for path in sorted(p for p in build.rglob("*") if p.is_file() and ".cache" not in p.parts):
        rel = path.relative_to(build).as_posix()
        if path.suffix == ".pdf":
            texts[rel] = pdf_text(path)
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for entry in archive.namelist():
                    texts[f"{rel}!{entry}"] = archive.read(entry).decode("utf-8", errors="replace")
        else:
            texts[rel] = path.read_bytes().decode("utf-8", errors="replace")
    return texts


# Every fact a new setting has not given yet, as `handbook check` words it.
UNSET_FACTS = [
    "the setting's postal address is not set",
    "the setting's phone number is not set",
    "the setting's email address is not set",
    "registration number with the data protection regulator is not set",
    "the Data Protection Officer's name is not set",
    "the Data Protection Officer's email is not set",
    "no complaints_email or complaints_form",
    "'child-protection-records' has no retention period",
    "the handbook has no policies yet",
    "the notice 'fair-processing-notice' has no version number and issue date",
    "element 9 (transfers outside the UK",
]


def build_wheel(work: Path) -> Path:
    """The wheel, built by `python -m build` (in its own isolated environment, as a release is)
    from a copy of the sources."""
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"), str(source)],
        check=True,
        capture_output=True,
        text=True,
    )
    return next((work / "dist").glob("policy_handbook-*.whl"))


def locked_versions() -> dict[str, str]:
    """requirements.lock: the tested version of each distribution, by normalised name."""
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (REPO / "requirements.lock").read_text().splitlines():
        name, sep, version = line.split("#")[0].strip().partition("==")
        if sep:
            pins[canonicalize_name(name)] = version.strip()
    return pins


def dependency_closure(wheel: Path) -> list | None:
    """What pip would install beside the wheel with requirements.lock as constraints: every
    distribution its Requires-Dist asks for, and theirs, found in this (locked) environment.
    None when one is missing, or installed at a version other than the lock's or outside the
    range asked for: then only pip can say what it would install."""
    from email.parser import Parser
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    with zipfile.ZipFile(wheel) as archive:
        meta_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(archive.read(meta_name).decode("utf-8"))
    pins = locked_versions()
    wanted = [(Requirement(r), "") for r in meta.get_all("Requires-Dist") or []]
    found: dict[str, metadata.Distribution] = {}
    while wanted:
        req, extra = wanted.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(req.name)
        try:
            dist = found.get(name) or metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            return None
        if not req.specifier.contains(dist.version, prereleases=True) or pins.get(name, dist.version) != dist.version:
            return None
        if name not in found:
            found[name] = dist
            wanted += [(Requirement(r), "") for r in dist.requires or []]
        wanted += [(Requirement(r), e) for e in req.extras for r in dist.requires or []]
    return list(found.values())


def link_distributions(dists: list, site: Path) -> None:
    """Each distribution's files (its RECORD: packages, modules and .dist-info) linked into the
    environment's site-packages, so it sees these and nothing else of this environment."""
    for dist in dists:
        tops = {Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith("..")}
        for top in sorted(tops - {"__pycache__"}):
            source = Path(dist.locate_file(top))
            if source.exists() and not (site / top).exists():
                (site / top).symlink_to(source)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources and installed with pip into a fresh virtual
    environment outside the repository; returns the environment's bin folder.

    The environment holds the wheel and exactly what it asks for (its Requires-Dist, and theirs),
    at the tested versions (requirements.lock): those are linked from this environment, which
    has them installed already, rather than unpacked again from the index; pip installs the
    wheel itself (--no-deps, --no-index).  When this environment lacks one of them or holds
    another version, pip installs them all from the index, as a user's `pip install` does."""
    work = tmp_path_factory.mktemp("package")
    wheel = build_wheel(work)
    env = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    dists = dependency_closure(wheel)
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    if dists is not None:
        link_distributions(dists, site)
        pip += ["--no-deps", "--no-index"]
    # Without PYTHONPATH: a checkout on it (its .egg-info) would be "already installed" in the new
    # environment's eyes, and pip would install nothing.
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # The tested versions (requirements.lock) as constraints: pip installs what the wheel asks for.
    result = subprocess.run(
        [*pip, "-c", str(REPO / "requirements.lock"), str(wheel)], capture_output=True, text=True, env=clean
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # What pip checks after installing: every requirement of every installed distribution is met.
    checked = subprocess.run([*pip[:5], "check"], capture_output=True, text=True, env=clean)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return env / "bin"


def run_installed(bin_dir: Path, command: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {"HANDBOOK_DATE": AS_OF, "NO_MKDOCS_2_WARNING": "1", "PATH": f"{bin_dir}:{env.get('PATH', '')}"}
    return subprocess.run(
        [str(bin_dir / command), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.package
def test_a_new_setting_starts_from_the_installed_package(installed: Path, tmp_path: Path):
    """pip install the wheel, then `handbook new`, `handbook check`, `handbook build` and plain
    `mkdocs build`: the setting's own name everywhere, nothing of Homerton's, every unset fact
    reported, no error."""
    made = run_installed(installed, "handbook", "new", "oak-tree", "--name", NAME, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    project = tmp_path / "oak-tree"
    assert not (project / "node_modules").exists()  # the shim comes with the package

    checked = run_installed(installed, "handbook", "check", cwd=project)
    assert checked.returncode == 0, checked.stderr
    assert "0 errors" in checked.stderr
    for fact in UNSET_FACTS:
        assert fact in checked.stdout, fact
    assert "Traceback" not in checked.stderr

    built = run_installed(installed, "handbook", "build", "-q", cwd=project)
    assert built.returncode == 0, built.stderr
    # `python -m mkdocs` is the `mkdocs` command (its console script calls the same function),
    # and is there whether the dependencies were linked or unpacked by pip.
    plain = run_installed(
        installed, "python", "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "plain-site"), cwd=project
    )
    assert plain.returncode == 0, plain.stderr

    texts = outputs_text(project / "build") | {
        f"plain-site/{k}": v for k, v in outputs_text(tmp_path / "plain-site").items()
    }
    assert not [rel for rel, text in texts.items() if "homerton" in text.lower()]
    assert NAME in texts["site/index.html"]
    assert NAME in texts["plain-site/index.html"]
    notice = " ".join(texts["print/parents/fair-processing-notice.pdf"].split())
    assert NAME in notice and "To be completed" in notice and "Draft" in notice
    # file:// search works from the installed package alone: the shim is in the site.
    assert "assets/javascripts/iframe-worker/shim.js" in texts["site/index.html"]
    assert "site/assets/javascripts/iframe-worker/shim.js" in texts


def test_new_makes_the_usual_layout_with_facts_unset(tmp_path: Path):
    result = run_handbook("new", str(tmp_path / "oak"), "--name", "Oak Tree: Nursery & Pre-school", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "oak"
    for name in (
        "policy_data/setting.yaml",
        "policy_data/roles.yaml",
        "policy_data/register.yaml",
        "policy_data/notices/fair-processing-notice.yaml",
        "policy_data/retention.yaml",
        "policy_data/publication-scheme.yaml",
        "checklists/all-staff.yaml",
        "docs/how-to-use.md",
        "schemas/policy.schema.json",
        "mkdocs.yml",
        "README.md",
        ".gitignore",
    ):
        assert (project / name).is_file(), name
    setting = yaml.safe_load((project / "policy_data/setting.yaml").read_text())
    assert setting["name"] == "Oak Tree: Nursery & Pre-school" and setting["id"] == "oak"
    assert setting["address"] is None and setting["dpo"]["email"] is None
    roles = [r["id"] for r in yaml.safe_load((project / "policy_data/roles.yaml").read_text())["roles"]]
    assert roles == ["all-staff", "head", "designated-safeguarding-staff", "office-staff"]
    assert yaml.safe_load((project / "policy_data/register.yaml").read_text())["documents"] == []
    assert {"/build/", "/records/"} <= set((project / ".gitignore").read_text().split())
    readme = (project / "README.md").read_text()
    assert "Oak Tree: Nursery & Pre-school" in readme and "handbook import" in readme
    # Guidance is labelled as guidance on the retention page, never as the setting's period.
    retention = yaml.safe_load((project / "policy_data/retention.yaml").read_text())["records"]
    assert all(entry["period"] is None for entry in retention)


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path):
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    result = run_handbook("new", str(folder), "--name", NAME, cwd=tmp_path)
    assert result.returncode == 1
    assert "is not empty" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_new_from_homerton_takes_the_policies_and_none_of_its_facts(tmp_path: Path):
    result = run_handbook(
        "new", str(tmp_path / "willow"), "--name", "Willow Children's Centre", "--from", str(REPO), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    project = tmp_path / "willow"
    data = project / "policy_data"
    assert (data / "policies/confidentiality.yaml").is_file()
    assert (project / "checklists/head-teacher.yaml").is_file()  # its checklists, for its roles
    assert not (project / "checklists/head.yaml").exists()  # not the starter's
    for absent in ("releases", "training", "records"):
        assert not (data / absent).exists() and not (project / absent).exists(), absent
    assert yaml.safe_load((data / "approvals.yaml").read_text())["approvals"] == []
    files = {p: p.read_text(encoding="utf-8") for p in project.rglob("*") if p.is_file()}
    assert not [p for p, text in files.items() if "Homerton" in text]
    for entry in yaml.safe_load((data / "register.yaml").read_text())["documents"]:
        assert all(
            entry.get(key) is None
            for key in ("owner", "review_cycle_months", "approved", "last_reviewed", "next_review")
        )
    notice = yaml.safe_load((data / "notices/fair-processing-notice.yaml").read_text())
    assert notice["version"] is None and notice["issued"] is None
    assert notice["controller"]["text"]  # the wording comes along
    # Comments and every line that is not a fact stay as they were.
    ours = (REPO / "policy_data/retention.yaml").read_text()
    theirs = (data / "retention.yaml").read_text()
    assert ours.splitlines()[:15] == theirs.splitlines()[:15]

    built = run_handbook("build", "-q", cwd=project)
    assert built.returncode == 0, built.stderr
    texts = outputs_text(project / "build")
    assert not [rel for rel, text in texts.items() if "homerton" in text.lower()]
    assert "Staff at Willow Children&#39;s Centre have a duty of care" in texts["site/policies/confidentiality.html"]
    checklist = " ".join(texts["print/checklists/all-staff.pdf"].split())
    assert "Staff at Willow Children's Centre have a duty of care" in checklist


@pytest.mark.prebuilt
def test_setting_placeholder_prints_the_name_and_a_typing_slip_is_reported(project: Path, tmp_path: Path):
    policy = project / "policy_data/policies/confidentiality.yaml"
    text = policy.read_text(encoding="utf-8")
    text = text.replace("Staff at Homerton Early Years Centre have", "Staff at {setting} have", 1)
    text = text.replace("'At Homerton Early Years Centre we aim to:'", "'At {settng} we aim to:'", 1)
    policy.write_text(text, encoding="utf-8")
    line = text[: text.index("{settng}")].count("\n") + 1
    result = run_handbook("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"policy_data/policies/confidentiality.yaml:{line}:" in result.stdout
    assert "'{settng}' is printed as it is: the placeholders are {setting}, the setting's name" in result.stdout
    built = plain_mkdocs_site(project, tmp_path / "site")  # one page is read; no PDF
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site/policies/confidentiality.html").read_text(encoding="utf-8")
    assert "Staff at Homerton Early Years Centre have" in page and "{setting}" not in page


def test_starter_pages_and_config_are_this_repository_s(tmp_path: Path):
    """The starter's mkdocs.yml and how-to page are the ones this repository uses, so a fix to
    either reaches new projects; its glossary is ours without what only Homerton's policy
    makes true (the terms and sentences that quote it)."""
    starter = REPO / "generator/templates/new"
    assert (starter / "mkdocs.yml").read_text() == (REPO / "mkdocs.yml").read_text()
    assert (starter / "docs/how-to-use.md").read_text() == (REPO / "docs/how-to-use.md").read_text()
    ours = {t["term"]: t for t in yaml.safe_load((REPO / "policy_data/glossary.yaml").read_text())["terms"]}
    theirs = {t["term"]: t for t in yaml.safe_load((starter / "policy_data/glossary.yaml").read_text())["terms"]}
    assert set(theirs) < set(ours)
    differ = sorted(term for term in theirs if theirs[term] != ours[term])
    assert differ == ["Need to know", "Privacy notice"]
    assert all("Confidentiality Procedure" in ours[term]["definition"] for term in differ)
    assert not [term for term in theirs if "Confidentiality Procedure" in str(theirs[term])]
