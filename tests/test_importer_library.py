"""The importer is a library: its entry points return a draft, a plan or an export (or raise
Refused with one line) and never print or exit; the commands and the desk show the results.

These tests call the library as the desk does, in-process, on the fixture files, and check
what it returns; the last one reads every module under generator/features/ to make sure none
prints or exits."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import docx
import pytest
from conftest import AS_OF, FIXTURES, REPO, copy_project

from generator.core.load import load_text, load_yaml
from generator.core.model import MAX_TEXT_CHARS
from generator.core.project import Project
from generator.core.sources import validate
from generator.features.importer import (
    Known,
    Refused,
    apply_update,
    export_policy,
    plan_update,
    read_policy,
    write_draft,
)
from generator.features.policies.model import Policy
from generator.pipeline.handbook import load_handbook

TXT = FIXTURES / "confidentiality-procedure.txt"
POLICY = "policy_data/policies/confidentiality.yaml"


def project_at(root: Path) -> Project:
    return Project.at(root, as_of=dt.date.fromisoformat(AS_OF))


@pytest.fixture(scope="module")
def bundled():
    """The bundled data, loaded by the normal loader (read only)."""
    handbook, _ = load_handbook(project_at(REPO))
    return handbook


def test_read_policy_returns_the_draft_and_writes_nothing_until_asked(bundled, tmp_path: Path, capsys):
    project = project_at(REPO)
    draft = read_policy(project, TXT, "confidentiality", Known.of(bundled), out_dir=tmp_path)

    assert not (tmp_path / "confidentiality.yaml").exists()
    policy, findings = validate(load_text(draft.text, tmp_path / "draft.yaml", "draft.yaml"), Policy)
    assert not findings, findings
    hand_made, _ = validate(load_yaml(REPO / POLICY), Policy)
    assert draft.draft.title == policy.title == hand_made.title
    assert [(s.id, s.text) for s in policy.statements()] == [(s.id, s.text) for s in hand_made.statements()]
    # The register (from the loaded project) turned mentions into links, as the hand-made file has them.
    assert [rid for rid, _ in draft.links] == hand_made.links
    assert draft.in_register is not None and draft.in_register.id == "confidentiality"
    # Notes are findings about the source, level note, in the words the command prints.
    assert {(n.location.file, n.level) for n in draft.notes} == {(TXT.name, "note")}
    assert [n.message for n in draft.notes] == [
        "line 1: 'Homerton Early Years Centre' was not imported (the setting's name, above the title)"
    ]
    assert f"on {AS_OF} from {TXT.name}" in draft.text

    write_draft(draft)
    assert (tmp_path / "confidentiality.yaml").read_text(encoding="utf-8") == draft.text
    with pytest.raises(Refused, match=r"confidentiality\.yaml already exists; not replacing it"):
        read_policy(project, TXT, "confidentiality", Known.of(bundled), out_dir=tmp_path)
    assert capsys.readouterr() == ("", "")  # the library said nothing: the caller decides what to show


def test_refusals_are_one_line_and_name_the_reason(bundled, tmp_path: Path):
    project = project_at(REPO)
    with pytest.raises(Refused, match="statement ids starting CONF- are already used by the policy 'confidentiality'"):
        read_policy(project, TXT, "confidentiality-copy", Known.of(bundled), out_dir=tmp_path, prefix="CONF")
    long = tmp_path / "long.txt"
    long.write_text("A long policy\n\nPurpose\n\n" + "word " * (MAX_TEXT_CHARS // 4) + "\n", encoding="utf-8")
    with pytest.raises(Refused) as refused:
        read_policy(project, long, "long-policy", out_dir=tmp_path)
    assert f"a statement holds at most {MAX_TEXT_CHARS}" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert not any(tmp_path.glob("*.yaml"))


def test_without_loadable_data_the_draft_says_what_it_could_not_use(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    setting = root / "policy_data/setting.yaml"
    setting.write_text(setting.read_text(encoding="utf-8") + "\nnot_a_key: 1\n", encoding="utf-8")
    project = project_at(root)
    from generator.core.findings import DataError

    with pytest.raises(DataError) as failed:
        load_handbook(project)
    draft = read_policy(
        project, TXT, "confidentiality-2", Known.unloaded(project, failed.value.findings), out_dir=tmp_path / "out"
    )
    [unloaded] = [n.message for n in draft.notes if n.message.startswith("the data has errors")]
    assert "setting.yaml" in unloaded and "unknown key 'not_a_key'" in unloaded
    assert draft.links == [] and draft.in_register is None
    # A folder with no data at all is a new folder, not an error: nothing to say.
    assert Known.unloaded(project_at(tmp_path / "empty"), failed.value.findings) == Known()


def revise(path: Path) -> dict[str, str]:
    """Reword the first paragraph, delete the second, add one at the end (as Word saves them)."""
    document = docx.Document(str(path))
    paragraphs = [p for p in document.paragraphs if p.style.name in ("Normal", "List Bullet")]
    first, second = paragraphs[0], paragraphs[1]
    old = first.text
    new = old.replace("information", "personal information", 1)
    assert new != old
    for run in first.runs[1:]:
        run.text = ""
    first.runs[0].text = new
    removed = second.text
    second._p.getparent().remove(second._p)
    document.add_paragraph("We review this procedure every year with the staff team.")
    document.save(str(path))
    return {"old": old, "new": new, "removed": removed}


def test_export_plan_and_apply_an_update(tmp_path: Path, capsys):
    root = copy_project(tmp_path / "project")
    project = project_at(root)
    handbook, _ = load_handbook(project)
    out = tmp_path / "confidentiality.docx"
    exported = export_policy(handbook, "confidentiality", out)
    policy = handbook.policies["confidentiality"]
    assert (exported.policy_id, exported.out, exported.statements) == ("confidentiality", out, len(policy.statements()))
    with pytest.raises(Refused, match="already exists and was not changed"):
        export_policy(handbook, "confidentiality", out)

    words = revise(out)
    before = (root / POLICY).read_bytes()
    plan = plan_update(handbook, "confidentiality", out)
    assert (root / POLICY).read_bytes() == before  # a plan writes nothing
    first = policy.statements()[0].id
    [reworded] = plan.reworded
    assert (reworded.id, reworded.old, reworded.new, reworded.how) == (first, words["old"], words["new"], "id")
    assert "{+personal+}" in reworded.diff
    [removed] = plan.removed
    assert removed.text == words["removed"]
    [added] = plan.added
    assert added.text == "We review this procedure every year with the staff team." and added.id not in {
        s.id for s in policy.statements()
    }
    assert plan.gone == [removed.id] and plan.changed
    assert len(plan.unchanged) == len(policy.statements()) - 2

    assert apply_update(plan) is True
    written, findings = validate(load_yaml(root / POLICY), Policy)
    assert not findings
    assert [s.text for s in written.statements() if s.id == first] == [words["new"]]
    assert removed.id not in {s.id for s in written.statements()}
    # The file has changed since the plan: applying it again is refused, not a blind overwrite.
    with pytest.raises(Refused, match="the file changed after the document was read"):
        apply_update(plan)
    assert capsys.readouterr() == ("", "")


def test_plan_update_refuses_what_is_not_a_revision(bundled, tmp_path: Path):
    with pytest.raises(Refused, match=r"--update reads a Word document \(\.docx\)"):
        plan_update(bundled, "confidentiality", TXT)
    with pytest.raises(Refused, match=r"no policy 'nope' in policy_data/policies \(policies: .*confidentiality"):
        out = tmp_path / "c.docx"
        export_policy(bundled, "confidentiality", out)
        plan_update(bundled, "nope", out)


def _calls(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("print", "exit", "quit"):
                found.append((node.lineno, func.id))
            elif (
                isinstance(func, ast.Attribute)
                and func.attr in ("exit", "_exit")
                and isinstance(func.value, ast.Name)
                and func.value.id in ("sys", "os")
            ):
                found.append((node.lineno, f"{func.value.id}.{func.attr}"))
        elif isinstance(node, ast.ImportFrom) and node.module == "sys" and any(a.name == "exit" for a in node.names):
            found.append((node.lineno, "from sys import exit"))
        elif isinstance(node, ast.Raise) and node.exc is not None:
            raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(raised, ast.Name) and raised.id == "SystemExit":
                found.append((node.lineno, "raise SystemExit"))
    return found


def test_no_feature_prints_or_exits():
    """Features return results; only the commands print and choose exit codes."""
    modules = sorted((REPO / "generator/features").rglob("*.py"))
    assert len(modules) > 50
    offenders = [
        f"{path.relative_to(REPO)}:{line}: {what}"
        for path in modules
        for line, what in _calls(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    ]
    assert offenders == []
