"""Approval: `handbook approve`, the approvals file, and the draft mark on paper and pages.

What a user checks: the words on every printed page (pdftotext, page by page), the banner on
the handbook page, the line a strict build stops with, and the one line a mistyped command
gets back, with nothing written."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, edit_data, run_handbook

DRAFT = "Draft: not yet approved"
APPROVALS = "policy_data/approvals.yaml"
POLICY = "policy_data/policies/confidentiality.yaml"


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, whitespace squeezed."""
    raw = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = [" ".join(p.split()) for p in raw.split("\f")]
    return [p for p in pages if p]


def approve(root: Path, doc: str, *more: str) -> subprocess.CompletedProcess:
    return run_handbook("approve", doc, "--by", "head-teacher", *more, cwd=root)


def site_page(root: Path, rel: str) -> str:
    return (root / "build/site" / rel).read_text(encoding="utf-8")


def banner(html: str) -> str | None:
    """The words of the draft banner on a handbook page, or None when it has none."""
    found = re.search(r'<div class="draft-banner" role="note">\s*<p><strong>(.*?)\.</strong>', html, re.S)
    return found.group(1) if found else None


# The bundled data ----------------------------------------------------------------------------


def test_nothing_is_approved_on_the_centres_behalf():
    data = yaml.safe_load((REPO / APPROVALS).read_text(encoding="utf-8"))
    assert data == {"approvals": []}


def test_check_reports_every_document_as_a_draft(project: Path):
    result = run_handbook("check", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    drafts = re.findall(r"^(\S+):\d+:\d+: warning: draft: (\S+) is not approved", result.stdout, re.M)
    assert dict((doc, path) for path, doc in drafts) == {
        "policy/confidentiality": "policy_data/policies/confidentiality.yaml",
        "notice/fair-processing-notice": "policy_data/notices/fair-processing-notice.yaml",
        "checklist/all-staff": "checklists/all-staff.yaml",
        "checklist/head-teacher": "checklists/head-teacher.yaml",
        "checklist/designated-cp-staff": "checklists/designated-cp-staff.yaml",
        "checklist/office-staff": "checklists/office-staff.yaml",
        "training/2027-september": "policy_data/training/2027-september.yaml",
    }


def test_every_page_of_every_printed_document_says_draft(built: Path):
    pdfs = sorted((built / "build/print").rglob("*.pdf"))
    assert len(pdfs) >= 6
    for pdf in pdfs:
        pages = pdf_pages(pdf)
        without = [i + 1 for i, text in enumerate(pages) if DRAFT not in text]
        assert without == [], f"{pdf.name}: pages {without} of {len(pages)} have no draft mark"
    for rel in [
        "policies/confidentiality.html",
        "parents/fair-processing-notice.html",
        "checklists/head-teacher.html",
        "training/september-2027.html",
    ]:
        assert banner(site_page(built, rel)) == DRAFT, rel
    # Pages that are no document of their own carry no banner.
    assert banner(site_page(built, "index.html")) is None
    # The HTML copy of a printed document shows the mark above its content.
    assert f'<p class="draft-mark">{DRAFT}</p>' in (built / "build/print/checklists/head-teacher.html").read_text()


@pytest.mark.prebuilt
def test_strict_build_fails_on_drafts_with_a_clear_line(project: Path):
    result = run_handbook("build", "--strict", "--out", "strict-out", cwd=project)
    assert result.returncode == 1
    [line] = [l for l in result.stderr.splitlines() if l.startswith("not approved:")]
    assert "7 documents are drafts" in line and "policy/confidentiality" in line and "training/2027-september" in line
    assert not (project / "strict-out").exists()


# Approve, change the words, the mark returns ----------------------------------------------


@pytest.mark.prebuilt
def test_approve_then_change_the_words_brings_the_draft_mark_back(project: Path):
    for doc in ("policy/confidentiality", "checklist/head-teacher", "training/2027-september"):
        result = approve(project, doc)
        assert result.returncode == 0, result.stderr
        assert result.stderr.startswith(f"approved {doc} (")
    assert run_handbook("build", cwd=project).returncode == 0
    approved = {
        "checklist": project / "build/print/checklists/head-teacher.pdf",
        "training": project / "build/print/training/september-2027.pdf",
    }
    for name, pdf in approved.items():
        assert not any("Draft" in page for page in pdf_pages(pdf)), name
    assert banner(site_page(project, "policies/confidentiality.html")) is None
    assert banner(site_page(project, "checklists/head-teacher.html")) is None
    # Documents not approved stay drafts.
    assert all(DRAFT in page for page in pdf_pages(project / "build/print/checklists/all-staff.pdf"))
    check = run_handbook("check", cwd=project)
    assert "draft: policy/confidentiality" not in check.stdout
    assert "draft: checklist/all-staff is not approved" in check.stdout

    # The Head's checklist and the pack print CONF-LIA-04: change its words.
    edit_data(
        project,
        POLICY,
        "Only share information about their own child with parents.",
        "Only share information about their own child with its parents.",
    )
    result = run_handbook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    changed = f"{DRAFT} (changed since approved on 28 November 2026)"
    for name, pdf in approved.items():
        pages = pdf_pages(pdf)
        assert all(changed in page for page in pages), f"{name}: the mark is missing from a page"
    assert "its parents" in " ".join(pdf_pages(approved["checklist"]))
    assert banner(site_page(project, "policies/confidentiality.html")) == changed
    assert banner(site_page(project, "checklists/head-teacher.html")) == changed
    check = run_handbook("check", cwd=project)
    assert re.search(
        r"^policy_data/policies/confidentiality\.yaml:\d+:\d+: warning: draft: policy/confidentiality changed "
        r"since it was approved on 2026-11-28 \(version 1, fingerprint [0-9a-f]{12}\)",
        check.stdout,
        re.M,
    )
    # The changed words are not yet a release: approving them means releasing them first.
    refused = approve(project, "policy/confidentiality")
    assert refused.returncode == 1
    assert "release it first" in refused.stderr


MINIMAL = {
    "policy_data/setting.yaml": """\
id: example
name: Example Nursery
kind: pvi-nursery
noun: the nursery
address: 1 Example Road, London E8 1AA
phone: 020 7000 0000
email: office@example.org
ico_registration: Z0000000
dpo:
  name: A. Person
  email: dpo@example.org
""",
    "policy_data/roles.yaml": """\
roles:
  - id: all-staff
    name: All staff
  - id: head-teacher
    name: Nursery Manager
    part_of: [all-staff]
""",
    "policy_data/register.yaml": """\
documents:
  - id: confidentiality
    title: Confidentiality
    kind: policy
    status: in-handbook
    owner: head-teacher
    review_cycle_months: 12
    last_reviewed: 2026-09-01
    next_review: 2027-09-01
""",
    "policy_data/policies/confidentiality.yaml": """\
id: confidentiality
title: Confidentiality
sections:
  - id: aims
    title: Aims
    statements:
      - id: CONF-AIM-01
        text: Foster an ethos of trust among the staff.
        audience: [staff]
        roles: [all-staff]
        review_notes:
          - words: among the staff
            problem: Trust is built with families too.
            why: The policy's aims speak of parents and carers.
            suggestion: Foster an ethos of trust with staff and families.
""",
}


def minimal_project(root: Path) -> Path:
    """A project with every fact given: its only findings are drafts and a review note."""
    for rel, text in MINIMAL.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "generator").symlink_to(REPO / "generator")
    if (REPO / "node_modules").exists():
        (root / "node_modules").symlink_to(REPO / "node_modules")
    return root


def test_strict_build_passes_once_everything_is_approved_and_notes_never_fail_it(tmp_path: Path):
    root = minimal_project(tmp_path / "minimal")
    assert run_handbook("release", "--date", "2026-11-01", cwd=root).returncode == 0
    check = run_handbook("check", cwd=root)
    assert check.returncode == 0
    assert "0 errors, 3 warnings, 2 notes" in check.stderr  # the notes: the kind assumed, the review note
    strict = run_handbook("build", "--strict", cwd=root)
    assert strict.returncode == 1
    assert (
        "not approved: 3 documents are drafts (policy/confidentiality, checklist/all-staff, checklist/head-teacher)"
        in strict.stderr
    )
    for doc in ("policy/confidentiality", "checklist/all-staff", "checklist/head-teacher"):
        assert approve(root, doc).returncode == 0
    strict = run_handbook("build", "--strict", cwd=root)
    assert strict.returncode == 0, strict.stderr
    assert "0 errors, 0 warnings, 2 notes" in strict.stderr
    assert re.search(
        r"^policy_data/policies/confidentiality\.yaml:\d+:\d+: note: review note on CONF-AIM-01: "
        r"“among the staff”: Trust is built with families too",
        strict.stderr,
        re.M,
    )
    for pdf in (root / "build/print/checklists").glob("*.pdf"):
        assert not any("Draft" in page for page in pdf_pages(pdf)), pdf.name


# What `handbook approve` writes, and what it refuses -----------------------------------------


def test_the_approvals_file_is_sorted_one_key_a_line_and_loads_back(project: Path):
    assert approve(project, "training/2027-september", "--date", "2026-11-20").returncode == 0
    assert approve(project, "checklist/office-staff", "--date", "2026-11-21").returncode == 0
    assert approve(project, "policy/confidentiality", "--date", "2026-11-22").returncode == 0
    again = approve(project, "policy/confidentiality")
    assert again.returncode == 0 and "already approved" in again.stderr and "nothing was written" in again.stderr
    text = (project / APPROVALS).read_text(encoding="utf-8")
    records = yaml.safe_load(text)["approvals"]
    assert [r["document"] for r in records] == [
        "checklist/office-staff",
        "policy/confidentiality",
        "training/2027-september",
    ]
    policy = records[1]
    assert policy["version"] == 1 and policy["by"] == "head-teacher" and str(policy["date"]) == "2026-11-22"
    assert re.fullmatch(r"[0-9a-f]{64}", policy["fingerprint"])
    assert "version" not in records[0]  # a checklist has no version of its own
    assert "\n  - document: policy/confidentiality\n    version: 1\n    fingerprint: " in text
    assert not list((project / "policy_data").glob(".approvals.yaml.*"))
    check = run_handbook("check", cwd=project)
    assert check.returncode == 0 and "approvals.yaml" not in check.stdout


def test_words_corrected_and_approved_again_the_same_day_are_approved_once(project: Path):
    """Approved by one role, corrected, then approved the same day by a role whose name sorts
    first: the file keeps approvals sorted by role, not in the order given, and the first one
    used to count, so the correction stayed a draft and each retry added the same row again."""
    assert approve(project, "checklist/all-staff").returncode == 0  # by head-teacher
    edit_data(project, "checklists/all-staff.yaml", "I share information", "I only share information")
    first = run_handbook("approve", "checklist/all-staff", "--by", "designated-cp-staff", cwd=project)
    assert first.returncode == 0 and "approved checklist/all-staff" in first.stderr
    again = run_handbook("approve", "checklist/all-staff", "--by", "designated-cp-staff", cwd=project)
    assert again.returncode == 0 and "is already approved, by designated-cp-staff" in again.stderr
    records = yaml.safe_load((project / APPROVALS).read_text(encoding="utf-8"))["approvals"]
    assert [r["by"] for r in records if r["document"] == "checklist/all-staff"] == [
        "designated-cp-staff",
        "head-teacher",
    ]
    check = run_handbook("check", cwd=project)
    assert "checklist/all-staff" not in check.stdout, check.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["policy/confidentialty", "--by", "head-teacher"],
            "approve refused: unknown document 'policy/confidentialty'; did you mean 'policy/confidentiality'? (documents: "
            "policy/confidentiality, notice/fair-processing-notice, checklist/all-staff, checklist/head-teacher, "
            "checklist/designated-cp-staff, checklist/office-staff, training/2027-september). Nothing was written.",
        ),
        (
            ["policy/confidentiality", "--by", "head-teachr"],
            "approve refused: unknown role 'head-teachr'; did you mean 'head-teacher'? (roles: all-staff, "
            "child-protection-leads, head-teacher, designated-cp-staff, office-staff). Nothing was written.",
        ),
        (
            ["policy/confidentiality", "--by", "head-teacher", "--date", "2026-11-29"],
            "approve refused: --date 2026-11-29 is in the future; an approval is recorded on or after the day it was given. "
            "Nothing was written.",
        ),
        (
            ["notice/fair-processing-notice", "--by", "head-teacher"],
            "approve refused: notice/fair-processing-notice has no version number for its current text; set `version:` in "
            "its file, then approve that version. Nothing was written.",
        ),
    ],
)
def test_a_mistake_gets_one_clear_line_and_nothing_is_written(project: Path, args: list[str], message: str):
    before = (project / APPROVALS).read_bytes()
    result = run_handbook("approve", *args, cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [message]
    assert "Traceback" not in result.stderr
    assert (project / APPROVALS).read_bytes() == before


def test_a_date_that_is_not_a_date_is_a_usage_error_and_nothing_is_written(project: Path):
    before = (project / APPROVALS).read_bytes()
    result = run_handbook(
        "approve", "policy/confidentiality", "--by", "head-teacher", "--date", "31/09/2026", cwd=project
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (
        result.stderr.splitlines()[-1]
        == "handbook approve: error: argument --date: '31/09/2026' is not a date; write YYYY-MM-DD"
    )
    assert (project / APPROVALS).read_bytes() == before


def test_approve_refuses_data_with_errors(project: Path):
    edit_data(project, "policy_data/roles.yaml", "part_of: [all-staff]", "part_of: [all-staf]")
    before = (project / APPROVALS).read_bytes()
    result = approve(project, "policy/confidentiality")
    assert result.returncode == 1
    assert re.search(
        r"^policy_data/roles\.yaml:\d+:\d+: error: unknown role 'all-staf'; did you mean 'all-staff'\?$",
        result.stderr,
        re.M,
    )
    assert result.stderr.splitlines()[-1].startswith("approve refused: the data has errors (")
    assert (project / APPROVALS).read_bytes() == before


def test_a_bad_approvals_file_is_reported_like_all_data(project: Path):
    fingerprint = "ab" * 32
    (project / APPROVALS).write_text(
        "approvals:\n"
        "  - document: policy/confidentality\n"
        f"    fingerprint: {fingerprint}\n"
        "    by: head-teachr\n"
        "    date: 2026-11-01\n"
        "  - document: checklist/all-staff\n"
        f"    fingerprnt: {fingerprint}\n"
        "    by: head-teacher\n"
        "    date: 2026-11-01\n",
        encoding="utf-8",
    )
    result = run_handbook("check", cwd=project)
    assert result.returncode == 1
    assert (
        "policy_data/approvals.yaml:7:5: error: unknown key 'fingerprnt'; did you mean 'fingerprint'?" in result.stdout
    )
    edit_data(project, APPROVALS, "    fingerprnt:", "    fingerprint:")
    result = run_handbook("check", cwd=project)
    assert result.returncode == 1
    assert (
        "policy_data/approvals.yaml:2:15: error: unknown document 'policy/confidentality'; did you mean "
        "'policy/confidentiality'?"
    ) in result.stdout
    assert (
        "policy_data/approvals.yaml:4:9: error: unknown role 'head-teachr'; did you mean 'head-teacher'?"
        in result.stdout
    )
    # A fingerprint that is not the current one: the checklist is a draft, changed since approval.
    assert "warning: draft: checklist/all-staff changed since it was approved on 2026-11-01" in result.stdout


# Which edits make which documents drafts again ------------------------------------------------


def fingerprints(root: Path) -> dict[str, str]:
    from generator.core.project import Project
    from generator.features.approvals.approvals import documents
    from generator.pipeline.handbook import load_and_check

    hb, report = load_and_check(Project.at(root))
    assert not report.errors, report.errors
    return {doc_id: doc.fingerprint for doc_id, doc in documents(hb).items()}


def changed_by(root: Path, rel: str, old: str, new: str) -> set[str]:
    before = fingerprints(root)
    edit_data(root, rel, old, new)
    after = fingerprints(root)
    return {doc for doc in after if after[doc] != before.get(doc)}


def test_each_fingerprint_changes_when_what_its_document_prints_changes(project: Path, monkeypatch):
    monkeypatch.setenv("HANDBOOK_DATE", "2026-11-28")
    # A statement everyone signs, quoted in the pack (CONF-LIA-04 answers a quiz question).  The
    # parents' notice no longer prints policy quotes (issue 27): its approved words are unchanged,
    # and the drafted-words check still holds its claims to the statements they cite.
    assert changed_by(
        project, POLICY, "about their own child with parents.", "about their own child with the parents."
    ) == {
        "policy/confidentiality",
        "checklist/all-staff",
        "checklist/head-teacher",
        "checklist/designated-cp-staff",
        "checklist/office-staff",
        "training/2027-september",
    }
    # A role item is printed on the Head's checklist only.
    assert changed_by(
        project,
        "checklists/head-teacher.yaml",
        "I lead the child protection training",
        "I lead the child-protection training",
    ) == {"checklist/head-teacher"}
    # A quiz question is printed in the training pack only.
    assert changed_by(
        project,
        "policy_data/training/2027-september.yaml",
        "Can you promise a parent or a child",
        "Can you promise a parent, or a child,",
    ) == {"training/2027-september"}
    # Who a statement is for is not its words: no document a signature covers changes.
    # (Every statement of the policy is for staff and parents: list them in another order.)
    assert (
        changed_by(
            project,
            POLICY,
            "      - id: CONF-STR-08\n        kind: item\n        text: Staff are aware of the need to "
            "handle all issues in a sensitive manner.\n        audience: [staff, parents]",
            "      - id: CONF-STR-08\n        kind: item\n        text: Staff are aware of the need to "
            "handle all issues in a sensitive manner.\n        audience: [parents, staff]",
        )
        == set()
    )
    # A review note is printed in the training pack's review section, and nowhere else on paper.
    assert changed_by(
        project,
        POLICY,
        "suggestion: Logs of administration of medication and/or First Aid",
        "suggestion: Logs of the administration of medication and/or First Aid",
    ) == {"training/2027-september"}


def test_translations_are_documents_with_their_own_fingerprint(project: Path, monkeypatch):
    from test_notice import add_translation

    monkeypatch.setenv("HANDBOOK_DATE", "2026-11-28")
    add_translation(project, monkeypatch, "bn")
    result = run_handbook("check", cwd=project)
    assert re.search(
        r"^policy_data/notices/fair-processing-notice\.bn\.yaml:\d+:\d+: warning: draft: "
        r"notice/fair-processing-notice\.bn is not approved",
        result.stdout,
        re.M,
    )
    assert changed_by(
        project, "policy_data/notices/fair-processing-notice.bn.yaml", "text: এক দুই তিন।", "text: এক দুই।"
    ) == {"notice/fair-processing-notice.bn"}


def _one_string_changed(value):
    """Copies of `value`, each with one string inside it changed, walking the models,
    dataclasses, lists, tuples and dicts a template is handed."""
    import dataclasses

    from pydantic import BaseModel

    if isinstance(value, str):
        yield value + " (changed)"
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            for changed in _one_string_changed(getattr(value, name)):
                yield value.model_copy(update={name: changed})
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.init:
                for changed in _one_string_changed(getattr(value, field.name)):
                    yield dataclasses.replace(value, **{field.name: changed})
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            for changed in _one_string_changed(item):
                items = [*value[:i], changed, *value[i + 1 :]]
                if isinstance(value, list):
                    yield items
                else:
                    yield type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    elif isinstance(value, dict):
        for key, item in value.items():
            for changed in _one_string_changed(item):
                yield {**value, key: changed}


def test_the_training_fingerprint_changes_exactly_when_the_printed_pack_does():
    """The pack's approval fingerprint is made from the context the pack is printed from (one
    function prints both).  Walk every value of that context (the pack, the statements it
    quotes, the policies it covers, the changes, the reviews, the setting, the roles ...): with
    any string in it changed, the fingerprint changes exactly when the printed pack does.  Its
    own draft mark changes nothing; the guidance edition it cites (which the fingerprint once
    missed) does."""
    import dataclasses
    import itertools

    from generator.core.project import Project
    from generator.features.training.render import fingerprint_of, pack_context, pack_fingerprint, printed_pack
    from generator.pipeline.handbook import load_and_check

    hb, report = load_and_check(Project.at(REPO, REPO / "policy_data"))
    assert not report.errors
    pack = hb.training[0]
    context = pack_context(hb, pack, pack.reference_date)
    printed, fingerprint = printed_pack({**context, "draft": None}), fingerprint_of(context)
    assert fingerprint == pack_fingerprint(hb, pack)
    assert fingerprint_of({**context, "draft": "Draft: not yet approved"}) == fingerprint

    walked, reprinted = set(), 0
    for key, value in context.items():
        # The first copies of each value (a couple of hundred renders in all, not thousands).
        for changed in itertools.islice(_one_string_changed(value), 12):
            variant = {**context, key: changed}
            try:
                printed_again = printed_pack({**variant, "draft": None})
            except Exception:  # a changed word the template looks up ("overdue"): not a pack
                continue
            walked.add(key)
            reprinted += printed_again != printed
            assert (fingerprint_of(variant) != fingerprint) == (printed_again != printed), (key, changed)
    # Every value holding a string was walked, and the walk reached what the pack prints.
    holding = {key for key, value in context.items() if next(_one_string_changed(value), None) is not None}
    assert walked == holding, holding - walked
    assert reprinted > 20, reprinted

    cited = next(doc for doc in hb.guidance.values() if doc.edition and doc.title in printed)
    edited = dataclasses.replace(hb, guidance={**hb.guidance, cited.id: cited.model_copy(update={"edition": "2099"})})
    assert pack_fingerprint(edited, pack) != fingerprint, cited.id
