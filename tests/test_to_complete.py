"""A strict build fails until nothing is left to complete (issue 25): every "To be completed"
an output prints comes from one function that also reports it, so no output can print one
that neither `check` nor `build` names."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
from pathlib import Path

from conftest import AS_OF, copy_project, run_handbook
from markupsafe import Markup

from generator import cli
from generator.core import fragments
from generator.core.load import load_yaml


def _position(path: Path, *key) -> str:
    """'file:line:' where the value at `key` is written (as findings show it)."""
    line, _ = load_yaml(path).positions[tuple(key)]
    return (
        f"{path.parent.name}/{path.name}:{line}:"
        if path.parent.name != "policy_data"
        else f"policy_data/{path.name}:{line}:"
    )


def _unset_facts(root: Path) -> dict[str, str]:
    """Every fact the issue named that the bundled data leaves unset, walked from the data:
    the DPO's contact details, each record's statutory basis, each register entry's review
    date (documents held by the setting as well as those in the handbook)."""
    data = root / "policy_data"
    facts = {}
    setting = load_yaml(data / "setting.yaml").data
    for field, value in setting["dpo"].items():
        if value is None and field in ("name", "email", "phone", "address"):  # what the notice shows
            facts[f"the DPO's {field}"] = _position(data / "setting.yaml", "dpo", field)
    for i, entry in enumerate(load_yaml(data / "retention.yaml").data["records"]):
        if entry.get("statutory_basis") is None:
            facts[f"statutory basis of {entry['id']}"] = _position(
                data / "retention.yaml", "records", i, "statutory_basis"
            )
    for i, entry in enumerate(load_yaml(data / "register.yaml").data["documents"]):
        if entry.get("next_review") is None:
            facts[f"review date of {entry['id']} ({entry['status']})"] = _position(
                data / "register.yaml", "documents", i, "next_review"
            )
    return facts


def test_a_strict_build_of_the_bundled_project_fails_naming_each_missing_fact(project: Path):
    facts = _unset_facts(project)
    assert any("address" in f for f in facts) and any("statutory" in f for f in facts)
    assert any("held-by-centre" in f for f in facts), "the data has no held document without a review date"
    result = run_handbook("build", "--strict", "-q", cwd=project)
    assert result.returncode == 1
    check = run_handbook("check", cwd=project)
    for output in (result.stderr, check.stdout):
        warnings = [line for line in output.splitlines() if ": warning: " in line]
        for fact, where in facts.items():
            assert any(line.startswith(where) for line in warnings), f"{fact} ({where}) not named"
    assert "failing on warnings (--strict)" in result.stderr.splitlines()[-1]
    assert not (project / "build").exists(), "a failed strict build wrote outputs"


def test_a_new_projects_accessibility_statement_is_named_too(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert cli.main(["new", "oak", "--name", "Oak Tree Nursery"]) == 0
    statement = (tmp_path / "oak/docs/accessibility.md").read_text(encoding="utf-8").splitlines()
    written = [(n, line) for n, line in enumerate(statement, 1) if "to be completed" in line.lower()]
    assert written, "the starter's statement has nothing to complete"
    monkeypatch.chdir(tmp_path / "oak")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        cli.main(["check"])
    for number, line in written:
        column = line.lower().index("to be completed") + 1
        assert (
            f"docs/accessibility.md:{number}:{column}: warning: to be completed: the page says"
            in out.getvalue() + err.getvalue()
        )


TEXT_OUTPUTS = {".html", ".md", ".json", ".js", ".css", ".txt", ".xml"}
MARK = "ZZ-UNSET-ZZ"


def test_every_placeholder_an_output_prints_comes_from_the_one_function_and_is_reported(tmp_path, monkeypatch):
    """The one function is made to print another mark: then no output may still say "to be
    completed" (none printed it some other way), and every mark printed must be named by a
    warning at the place in the data that would fill it."""
    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    printed = []
    original = fragments.to_complete

    def marked(what="", where=None, label=None, terse=False):
        original(what, where, label, terse)  # records it, as always
        printed.append(where)
        return Markup(f'<span class="tbc">{MARK}</span>')

    monkeypatch.setattr(fragments, "to_complete", marked)
    fragments._statement_line.cache_clear()
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["build", "-q"])
    finally:
        fragments._statement_line.cache_clear()
    assert code == 0, err.getvalue()[-2000:]
    build = root / "build"
    marked_files, left = [], []
    for path in sorted(p for p in build.rglob("*") if p.is_file()):
        if path.suffix == ".pdf":
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        elif path.suffix in TEXT_OUTPUTS:
            text = path.read_text(encoding="utf-8", errors="replace")
        else:
            continue
        text = " ".join(text.split())
        if re.search(r"to be completed", text, re.IGNORECASE):
            left.append(str(path.relative_to(build)))
        if MARK in text:
            marked_files.append(str(path.relative_to(build)))
    assert not left, f"outputs print the placeholder other than through to_complete: {left}"
    assert any(f.endswith(".pdf") for f in marked_files) and any(f.startswith("site/") for f in marked_files)
    findings = out.getvalue() + err.getvalue()
    reported = {
        (m.group(1), int(m.group(2))) for m in re.finditer(r"^(\S+?):(\d+):\d+: warning: ", findings, re.MULTILINE)
    }
    places = {w for where in printed for w in (where if isinstance(where, list) else [where])}
    assert None not in places or (("build", 1) in reported), "a placeholder with no place in the data went unreported"
    missing = sorted(str(w) for w in places if w is not None and (w.file, w.line) not in reported)
    assert not missing, f"printed but never reported: {missing}"


HELD = """\
  - id: anti-bullying
    title: Anti-Bullying Policy
    kind: policy
    status: held-by-centre
"""
HELD_FILLED = (
    HELD
    + """\
    owner: head-teacher
    review_cycle_months: 12
    next_review: 2027-09-01
"""
)


def test_strict_fails_on_a_fact_no_check_knows_and_passes_once_it_is_given(tmp_path: Path):
    """A project with every checked fact given and every document approved: a document the
    setting holds, with no owner or review date, is printed "To be completed" on the register
    page; strict fails naming those lines, and passes, printing no placeholder, once given."""
    from test_approval import approve, minimal_project

    root = minimal_project(tmp_path / "minimal")
    assert run_handbook("release", "--date", "2026-11-01", cwd=root).returncode == 0
    for doc in ("policy/confidentiality", "checklist/all-staff", "checklist/head-teacher"):
        assert approve(root, doc).returncode == 0
    register = root / "policy_data/register.yaml"
    register.write_text(register.read_text(encoding="utf-8") + HELD, encoding="utf-8")
    check = run_handbook("check", cwd=root)
    assert check.returncode == 0 and "0 errors, 3 warnings" in check.stderr, check.stdout + check.stderr

    failed = run_handbook("build", "--strict", cwd=root)
    assert failed.returncode == 1
    entry = len(register.read_text(encoding="utf-8").splitlines()) - 3  # the held entry's "- id:" line
    for what in (
        "the owner of 'anti-bullying'",
        "the review cycle of 'anti-bullying'",
        "the next review date of 'anti-bullying'",
    ):
        line = rf"^policy_data/register\.yaml:{entry}:\d+: warning: to be completed: {re.escape(what)}"
        assert re.search(line, failed.stderr, re.M), failed.stderr
        assert re.search(line, check.stdout, re.M), "check does not name it as the build does"
    assert "failing on warnings (--strict)" in failed.stderr.splitlines()[-1]
    assert not (root / "build").exists()

    register.write_text(register.read_text(encoding="utf-8").replace(HELD, HELD_FILLED), encoding="utf-8")
    passed = run_handbook("build", "--strict", cwd=root)
    assert passed.returncode == 0, passed.stderr
    for path in (root / "build").rglob("*"):
        if path.suffix in TEXT_OUTPUTS:
            assert "to be completed" not in path.read_text(encoding="utf-8", errors="replace").lower(), path


def test_check_renders_every_output_a_build_writes_and_writes_none(tmp_path: Path, monkeypatch):
    """`check` runs the build's stages on an Output that discards what it is given
    (build.placeholders_of): each file is the one a build writes (a stage listing the files
    made before it, like the public edition's list of the notices, lists the same), and the
    placeholders recorded are the same as a build's, with nothing written."""
    from generator.commands.build import stages
    from generator.core.output import Output
    from generator.core.project import Project
    from generator.pipeline.handbook import load_and_check

    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    root = copy_project(tmp_path / "project")
    handbook, _ = load_and_check(Project.at(root))
    made: dict[str, tuple[list[str], list[tuple[str, object]]]] = {}
    for name, discard in (("written", False), ("discarded", True)):
        folder = tmp_path / name
        folder.mkdir()
        output = Output(folder, discard=discard)
        with contextlib.redirect_stdout(io.StringIO()), fragments.recording() as printed:
            for _stage, stage in stages(site=False):
                stage(handbook, output)
        files = [str(p.relative_to(folder)) for top in ("print", "public") for p in output.made_under(folder / top)]
        made[name] = (files, [(p.what, p.where) for p in printed])
        if discard:
            assert not any(folder.iterdir()), "a discarding Output wrote a file"
    assert made["discarded"] == made["written"]
    assert any(f.endswith(".html") for f in made["written"][0]) and made["written"][1]
