"""The annual review in Word: `handbook export` gives the owner a .docx, the owner revises it
(with or without Track Changes), `handbook import --update` merges it back without losing what
was decided about each statement.

Each test edits a real exported document with python-docx the way Word stores the edit, runs
the command as a user would, and checks the policy file it wrote (ids, audience, roles) and
the summary it printed.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import FIXTURES, REPO, edit_data, run_handbook
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.core.load import load_yaml
from generator.core.sources import validate
from generator.features.policies.model import Policy

POLICY = "policy_data/policies/confidentiality.yaml"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/policy.schema.json\n"
AUTHOR = "Jane Smith"
DATE = "2026-11-20T10:00:00Z"


# ---- the policy file after the merge -------------------------------------------------------


def load_policy(root: Path) -> Policy:
    policy, findings = validate(load_yaml(root / POLICY), Policy)
    assert not findings, findings
    return policy


def statement(policy: Policy, sid: str):
    found = [s for s in policy.statements() if s.id == sid]
    assert found, f"{sid} not in the policy"
    return found[0]


def section_of(policy: Policy, sid: str):
    return next(sec for sec in policy.sections for s in sec.statements if s.id == sid)


def ids(policy: Policy) -> list[str]:
    return [s.id for s in policy.statements()]


def said(result) -> str:
    """What the command printed, with its line wrapping undone."""
    return " ".join(result.stdout.split())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- editing the exported document as Word stores the edits --------------------------------


def export(root: Path) -> tuple[Path, docx.document.Document]:
    """A fresh Word copy of the policy (over an earlier one: --force, as export refuses otherwise)."""
    out = root / "confidentiality.docx"
    result = run_handbook("export", "confidentiality", "--out", str(out), "--force", cwd=root)
    assert result.returncode == 0, result.stderr
    return out, docx.Document(str(out))


def merge(root: Path, document, *extra: str):
    path = root / "revised.docx"
    document.save(str(path))
    return run_handbook("import", str(path), "--update", "confidentiality", *extra, cwd=root)


def merged(root: Path, document, *extra: str):
    """Merge the document; the command must succeed."""
    result = merge(root, document, *extra)
    assert result.returncode == 0, result.stderr
    return result


def paragraph_of(document, sid: str):
    name = sid.replace("-", "_")
    for paragraph in document.paragraphs:
        if any(b.get(qn("w:name")) == name for b in paragraph._p.iter(qn("w:bookmarkStart"))):
            return paragraph
    raise AssertionError(f"no paragraph carries {sid}")


def heading(document, text: str):
    return next(p for p in document.paragraphs if p.style.name.startswith("Heading") and p.text == text)


def set_text(paragraph, text: str) -> None:
    """Retype a paragraph's words; its bookmark stays, as when typing over text in Word."""
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def new_paragraph_after(anchor, text: str, style: str | None = None):
    """A paragraph typed after `anchor` (Enter at its end): same style, no bookmark."""
    element = OxmlElement("w:p")
    anchor._p.addnext(element)
    paragraph = docx.text.paragraph.Paragraph(element, anchor._parent)
    paragraph.style = style or anchor.style
    paragraph.add_run(text)
    return paragraph


def tracked_run(tag: str, text: str, rid: int, author: str = AUTHOR):
    """<w:ins> or <w:del> around one run, as Word writes a tracked insertion or deletion."""
    change = OxmlElement(tag)
    change.set(qn("w:id"), str(rid))
    change.set(qn("w:author"), author)
    change.set(qn("w:date"), DATE)
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    change.append(run)
    return change


def tracked_rewrite(paragraph, keep: str, deleted: str, inserted: str, rid: int, author: str = AUTHOR) -> None:
    """The paragraph reads `keep` + `deleted` (struck through) + `inserted` (underlined)."""
    set_text(paragraph, keep)
    paragraph._p.append(tracked_run("w:del", deleted, rid, author))
    paragraph._p.append(tracked_run("w:ins", inserted, rid + 1, author))


def delete_tracked(paragraph, rid: int, author: str = AUTHOR) -> None:
    """Delete a whole paragraph with Track Changes on: its runs and its paragraph mark."""
    text = paragraph.text
    for run in paragraph.runs:
        run._r.getparent().remove(run._r)
    paragraph._p.append(tracked_run("w:del", text, rid, author))
    properties = paragraph._p.get_or_add_pPr()
    mark = OxmlElement("w:rPr")
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), str(rid + 1))
    deleted.set(qn("w:author"), author)
    deleted.set(qn("w:date"), DATE)
    mark.append(deleted)
    properties.append(mark)


def strip_ids(document) -> None:
    """As when the text is pasted into a new document: no bookmarks survive."""
    for mark in list(document.element.body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):
        mark.getparent().remove(mark)


# ---- the cases of the review --------------------------------------------------------------


def test_export_reads_like_the_policy(project: Path):
    out, document = export(project)
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Confidentiality Procedure & Guidelines")
    assert paragraphs[1] == ("Subtitle", "Homerton Early Years Centre · Version 1, released 28 November 2026")
    assert ("Heading 1", "Strategies for Managing Confidentiality") in paragraphs
    assert ("List Bullet", "Foster an ethos of trust within the school.") in paragraphs
    assert ("Normal", "At Homerton Early Years Centre we aim to:") in paragraphs
    # No YAML and no ids in what a reader sees; the ids are bookmarks.
    words = "\n".join(text for _, text in paragraphs)
    assert "CONF-" not in words and "audience" not in words and "roles:" not in words
    marks = [b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))]
    assert marks[0] == "policy_confidentiality"
    assert marks[1:] == [sid.replace("-", "_") for sid in ids(load_policy(project))]


def test_unedited_document_leaves_the_file_byte_identical(project: Path):
    before = digest(project / POLICY)
    out, _ = export(project)
    result = run_handbook("import", str(out), "--update", "confidentiality", cwd=project)
    assert result.returncode == 0, result.stderr
    assert digest(project / POLICY) == before
    assert (project / POLICY).read_text(encoding="utf-8").startswith(SCHEMA_LINE)
    assert "unchanged: 35" in said(result)
    assert "No changes" in said(result)


def test_reworded_bullet_keeps_id_audience_roles_and_retention(project: Path):
    _, document = export(project)
    set_text(
        paragraph_of(document, "CONF-STR-02"),
        "Written information e.g. regarding speech therapy, medical "
        "conditions, Special Educational Needs and social care is shared only on a ‘need to know’ basis and then securely filed.",
    )
    before = statement(load_policy(project), "CONF-STR-02")
    original = (project / POLICY).read_text(encoding="utf-8")
    dry = merge(project, document, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "reworded (reworded: check audience and roles still fit): CONF-STR-02" in said(dry)
    assert "[-individual-] speech" in said(dry) and "[-are read/shared-] {+is shared only+} on" in said(
        dry
    )  # word-level diff
    assert "Dry run" in said(dry)
    merged(project, document)
    after = statement(load_policy(project), "CONF-STR-02")
    assert after.text.startswith("Written information e.g. regarding speech therapy")
    assert (after.audience, after.roles, after.retention) == (before.audience, before.roles, before.retention)
    text = (project / POLICY).read_text(encoding="utf-8")
    assert "# reworded: check audience and roles still fit" in text
    # Only that statement's text lines changed: the schema line editors read stays first, and
    # every other line is byte for byte as it was.
    assert text.startswith(SCHEMA_LINE) and original.startswith(SCHEMA_LINE)
    changes = [
        line
        for line in difflib.unified_diff(original.splitlines(keepends=True), text.splitlines(keepends=True), n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert [line[0] for line in changes] == ["-", "-", "-", "+", "+", "+"]
    assert changes[0].startswith("-        text: Written information e.g. regarding individual speech therapy")
    assert changes[3].startswith("+        text: Written information e.g. regarding speech therapy")
    assert changes[5] == "+        # reworded: check audience and roles still fit\n"


def test_dry_run_writes_nothing(project: Path):
    before = digest(project / POLICY)
    _, document = export(project)
    set_text(
        paragraph_of(document, "CONF-STR-03"),
        "Logs of administration of medication and/or First Aid are kept for individuals and shared with parents/carers who bring/collect.",
    )
    result = merge(project, document, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert (
        "CONF-STR-03: Logs of administration of medication and/or First Aid are kept for individuals and [-only-] shared"
        in said(result)
    )
    assert "CONF-STR-03 has 1 review note: remove those the new words settle" in said(result)
    assert digest(project / POLICY) == before


def test_new_bullet_gets_the_next_never_used_id_and_is_to_review(project: Path):
    _, document = export(project)
    new_paragraph_after(
        paragraph_of(document, "CONF-AIM-09"), "Ensure staff know who the designated safeguarding lead is."
    )
    result = merged(project, document)
    policy = load_policy(project)
    new = statement(policy, "CONF-AIM-10")
    assert new.text == "Ensure staff know who the designated safeguarding lead is."
    assert new.to_review() == ("audience", "roles") and new.audience == [] and new.roles == []
    assert section_of(policy, "CONF-AIM-10").id == "aims"
    assert "new (audience and roles unset: TO REVIEW): CONF-AIM-10" in said(result)
    # The rest is as it was.
    assert statement(policy, "CONF-AIM-09").roles == ["all-staff"]
    check = run_handbook("check", cwd=project)
    assert "CONF-AIM-10" in said(check) + check.stderr


def test_new_id_skips_ids_used_in_a_release(project: Path):
    """CONF-STR-13 was in an older release and deleted since: a new bullet must not reuse it."""
    release = project / "policy_data/releases/2026-11-28.yaml"
    text = release.read_text(encoding="utf-8")
    text = text.replace(
        "    - id: CONF-STR-12\n",
        "    - id: CONF-STR-13\n      text: A statement since deleted.\n    - id: CONF-STR-12\n",
        1,
    )
    (project / "policy_data/releases/2025-09-01.yaml").write_text(
        text.replace("date: '2026-11-28'", "date: '2025-09-01'"), encoding="utf-8"
    )
    _, document = export(project)
    new_paragraph_after(
        paragraph_of(document, "CONF-STR-12"), "Staff do not take photographs of children on their own phones."
    )
    merged(project, document)
    policy = load_policy(project)
    assert "CONF-STR-13" not in ids(policy)
    assert statement(policy, "CONF-STR-14").text == "Staff do not take photographs of children on their own phones."


def test_deleted_bullet_goes_and_every_reference_is_listed(project: Path):
    translation = (FIXTURES / "notices/fair-processing-notice.ur.yaml").read_text(encoding="utf-8")
    translation = (
        translation.replace("SOURCE_FINGERPRINT", "'" + "0" * 64 + "'") + "  quotes:\n    CONF-STR-12: پہلا دوسرا\n"
    )
    (project / "policy_data/notices/fair-processing-notice.ur.yaml").write_text(translation, encoding="utf-8")
    _, document = export(project)
    photos = paragraph_of(document, "CONF-STR-12")
    photos._p.getparent().remove(photos._p)
    result = merged(project, document)
    policy = load_policy(project)
    assert "CONF-STR-12" not in ids(policy) and len(ids(policy)) == 34
    assert "removed: CONF-STR-12" in said(result)
    out = said(result)
    # Every line that names it, in a notice, its translation, a checklist or a training pack.
    for name in (
        "policy_data/notices/fair-processing-notice.yaml",
        "policy_data/notices/fair-processing-notice.ur.yaml",
        "checklists/all-staff.yaml",
        "policy_data/training/2027-september.yaml",
    ):
        lines = (project / name).read_text(encoding="utf-8").splitlines()
        naming = [n for n, line in enumerate(lines, 1) if "CONF-STR-12" in line]
        assert naming and all(f"{name}:{n}:" in out for n in naming), (name, naming)
    assert "translation.quotes.CONF-STR-12" in out and "based_on" in out and "answers" in out
    assert "policy_data/releases" not in out  # history is not a reference to fix
    check = run_handbook("check", cwd=project)
    assert check.returncode == 1 and "CONF-STR-12" in said(check)


def test_moved_bullet_keeps_its_id_in_its_new_place(project: Path):
    _, document = export(project)
    moving = paragraph_of(document, "CONF-AIM-05")
    paragraph_of(document, "CONF-STR-08")._p.addnext(moving._p)
    before = statement(load_policy(project), "CONF-AIM-05")
    result = merged(project, document)
    policy = load_policy(project)
    assert section_of(policy, "CONF-AIM-05").id == "managing-confidentiality"
    order = ids(policy)
    assert order.index("CONF-AIM-05") == order.index("CONF-STR-08") + 1
    after = statement(policy, "CONF-AIM-05")
    assert (after.text, after.audience, after.roles) == (before.text, before.audience, before.roles)
    assert "moved (id kept): CONF-AIM-05 (to 'Strategies for Managing Confidentiality')" in said(result)
    assert "reworded" not in said(result)


def test_split_bullet_is_reported_with_both_ids(project: Path):
    _, document = export(project)
    first = paragraph_of(document, "CONF-STR-11")
    set_text(first, "Health professionals have their own code of practice dealing with confidentiality.")
    second = new_paragraph_after(
        first,
        "Staff should be aware of children with medical needs and the class information "
        "sheet accessible to staff who need to know details, but not on general view to others.",
    )
    end = next(first._p.iter(qn("w:bookmarkEnd")))  # Enter inside a bookmark: its end moves on
    second._p.append(end)
    result = merged(project, document)
    policy = load_policy(project)
    kept, new = statement(policy, "CONF-STR-11"), statement(policy, "CONF-STR-13")
    assert kept.text == "Health professionals have their own code of practice dealing with confidentiality."
    assert kept.roles == ["all-staff"] and kept.retention == ["class-information-sheet", "medical-conditions-records"]
    assert new.text.startswith("Staff should be aware") and new.to_review() == ("audience", "roles")
    assert "split: CONF-STR-11 became CONF-STR-11 and CONF-STR-13" in said(result)
    assert "split from CONF-STR-11" in (project / POLICY).read_text(encoding="utf-8")


def test_two_bullets_merged_into_one(project: Path):
    _, document = export(project)
    first, second = paragraph_of(document, "CONF-LIA-07"), paragraph_of(document, "CONF-LIA-08")
    # Deleting the paragraph mark between them: the second's words and bookmark join the first.
    for child in list(second._p):
        if child.tag != qn("w:pPr"):
            first._p.append(child)
    second._p.getparent().remove(second._p)
    result = merged(project, document)
    policy = load_policy(project)
    joined = statement(policy, "CONF-LIA-07")
    assert "cannot guarantee total confidentiality" in joined.text and "Are always available" in joined.text
    assert joined.audience == ["staff", "parents"] and joined.roles == ["all-staff"]
    assert "CONF-LIA-08" not in ids(policy)
    assert "merged: CONF-LIA-07 + CONF-LIA-08 became CONF-LIA-07 (CONF-LIA-08 removed)" in said(result)


def test_renamed_heading_keeps_the_section(project: Path):
    _, document = export(project)
    set_text(heading(document, "Aims"), "Our aims")
    result = merged(project, document)
    policy = load_policy(project)
    section = next(s for s in policy.sections if s.id == "aims")
    assert section.title == "Our aims"
    assert [s.id for s in section.statements][:2] == ["CONF-AIM-00", "CONF-AIM-01"]
    assert "renamed heading: aims: 'Aims' -> 'Our aims'" in said(result)


def test_deleted_heading_moves_its_statements_up(project: Path):
    _, document = export(project)
    aims = heading(document, "Aims")
    aims._p.getparent().remove(aims._p)
    result = merged(project, document)
    policy = load_policy(project)
    assert [s.id for s in policy.sections] == [
        "introduction",
        "liaison-with-parents-and-agencies",
        "managing-confidentiality",
    ]
    assert section_of(policy, "CONF-AIM-03").id == "introduction"
    assert statement(policy, "CONF-AIM-03").audience == ["staff", "parents"]
    assert "removed section: aims 'Aims'" in said(result)
    assert "moved (id kept): CONF-AIM-00 (to 'Introduction')" in said(result)


def test_words_that_look_like_a_list_number_stay_words(project: Path):
    _, document = export(project)
    set_text(paragraph_of(document, "CONF-INT-01"), "1. Staff at Homerton Early Years Centre have a duty of care.")
    result = merged(project, document)
    changed = statement(load_policy(project), "CONF-INT-01")
    assert (changed.kind, changed.text) == ("paragraph", "1. Staff at Homerton Early Years Centre have a duty of care.")
    assert "now a bullet" not in said(result)


def test_new_section_gets_its_own_code(project: Path):
    _, document = export(project)
    last = paragraph_of(document, "CONF-STR-12")
    title = new_paragraph_after(last, "Sharing information online", style="Heading 1")
    lead = new_paragraph_after(title, "When we use online systems we:", style="Normal")
    item = new_paragraph_after(lead, "Use only the centre's secure accounts.", style="List Bullet")
    new_paragraph_after(item, "Never post children's names online.", style="List Bullet")
    result = merged(project, document)
    policy = load_policy(project)
    section = policy.sections[-1]
    assert (section.id, section.title) == ("sharing-information-online", "Sharing information online")
    assert [s.id for s in section.statements] == ["CONF-SHA-00", "CONF-SHA-01", "CONF-SHA-02"]
    assert all(s.to_review() == ("audience", "roles") for s in section.statements)
    assert "new section: sharing-information-online 'Sharing information online'" in said(result)


def test_tracked_changes_read_as_accepted_with_counts_and_authors(project: Path):
    _, document = export(project)
    tracked_rewrite(
        paragraph_of(document, "CONF-AIM-05"), "Foster an ethos of trust within the ", "school.", "centre.", 1
    )
    delete_tracked(paragraph_of(document, "CONF-STR-08"), 10, author="Office Manager")
    inserted = new_paragraph_after(paragraph_of(document, "CONF-AIM-09"), "")
    inserted._p.append(tracked_run("w:ins", "Ensure records are kept only as long as needed.", 20))
    result = merged(project, document)
    policy = load_policy(project)
    assert statement(policy, "CONF-AIM-05").text == "Foster an ethos of trust within the centre."
    assert statement(policy, "CONF-AIM-05").roles == ["all-staff"]
    assert "CONF-STR-08" not in ids(policy)
    assert statement(policy, "CONF-AIM-10").text == "Ensure records are kept only as long as needed."
    assert (
        "tracked changes, read as if accepted: 2 insertions, 2 deletions; by Jane Smith (3), Office Manager (2)"
    ) in said(result)


def test_words_added_in_content_controls_fields_smart_tags_and_links_are_merged(project: Path):
    """Words a reviewer adds with Track Changes inside a content control, a simple field, a
    smart tag or a link are words of the statement: each is merged, none dropped."""

    def inside(tag: str, change, **attributes: str):
        element = OxmlElement(tag)
        for name, value in attributes.items():
            element.set(qn(f"w:{name}"), value)
        if tag == "w:sdt":
            element.append(OxmlElement("w:sdtPr"))
            content = OxmlElement("w:sdtContent")
            content.append(change)
            element.append(content)
        else:
            element.append(change)
        return element

    _, document = export(project)
    added = {
        "CONF-AIM-05": ("w:sdt", {}, " Every adult in the centre shares it."),
        "CONF-AIM-06": ("w:fldSimple", {"instr": " DOCPROPERTY Company "}, " (Homerton Early Years Centre)"),
        "CONF-AIM-07": ("w:smartTag", {"element": "date"}, " From 1 September 2027."),
        "CONF-AIM-08": ("w:hyperlink", {"anchor": "guidance"}, " See the NSPCC guidance."),
    }
    before = {sid: statement(load_policy(project), sid).text for sid in added}
    for rid, (sid, (tag, attributes, words)) in enumerate(added.items()):
        paragraph = paragraph_of(document, sid)
        paragraph._p.append(inside(tag, tracked_run("w:ins", words, rid), **attributes))
    result = merged(project, document)
    policy = load_policy(project)
    for sid, (_, _, words) in added.items():
        assert statement(policy, sid).text == before[sid] + words
    assert "tracked changes, read as if accepted: 4 insertions, 0 deletions; by Jane Smith (4)" in said(result)


def test_comments_are_listed(project: Path):
    _, document = export(project)
    paragraph = paragraph_of(document, "CONF-STR-05")
    document.add_comment(
        paragraph.runs, text="Is the CP Service still every three years?", author="Jane Smith", initials="JS"
    )
    before = digest(project / POLICY)
    result = merged(project, document)
    assert "comments in the document (1; not imported, read them before you merge):" in said(result)
    assert "- Jane Smith on CONF-STR-05: 'Is the CP Service still every three years?'" in said(result)
    assert digest(project / POLICY) == before  # a comment changes no words


def test_every_id_lost_still_merges_by_wording(project: Path):
    _, exported = export(project)
    document = docx.Document()  # the text retyped or pasted into a new document
    for paragraph in exported.paragraphs:
        if paragraph.style.name == "Subtitle":
            continue
        document.add_paragraph(paragraph.text, style=paragraph.style.name)
    strip_ids(document)
    set_text(
        next(p for p in document.paragraphs if p.text.startswith("Foster an ethos")),
        "Foster an ethos of trust within the centre.",
    )
    moving = next(p for p in document.paragraphs if p.text.startswith("Information collected for one purpose"))
    next(p for p in document.paragraphs if p.text.startswith("Recognise that sharing"))._p.addnext(moving._p)
    gone = next(p for p in document.paragraphs if p.text.startswith("Staff are aware of the need"))
    gone._p.getparent().remove(gone._p)
    result = merged(project, document)
    assert "0 carried their id" in said(result)
    policy = load_policy(project)
    assert statement(policy, "CONF-AIM-05").text == "Foster an ethos of trust within the centre."
    assert statement(policy, "CONF-AIM-05").audience == ["staff", "parents"]
    assert section_of(policy, "CONF-STR-09").id == "liaison-with-parents-and-agencies"
    assert statement(policy, "CONF-STR-09").roles == ["all-staff"]
    assert "CONF-STR-08" not in ids(policy) and len(ids(policy)) == 34
    assert "reworded (reworded: check audience and roles still fit): CONF-AIM-05" in said(result)
    assert "removed: CONF-STR-08" in said(result)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_keeps_the_ids(project: Path, tmp_path: Path):
    before = digest(project / POLICY)
    out, _ = export(project)
    resaved = tmp_path / "resaved"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(resaved),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    result = run_handbook("import", str(resaved / out.name), "--update", "confidentiality", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "35 statements in the document; 35 carried their id" in said(result)
    assert digest(project / POLICY) == before


def test_comments_and_layout_outside_changed_statements_are_kept(project: Path):
    path = project / POLICY
    original = path.read_text(encoding="utf-8")
    _, document = export(project)
    set_text(paragraph_of(document, "CONF-AIM-05"), "Foster an ethos of trust within the centre.")
    assert merge(project, document).returncode == 0
    changed = path.read_text(encoding="utf-8")
    expected = original.replace(
        "        text: Foster an ethos of trust within the school.\n",
        "        text: Foster an ethos of trust within the centre.\n"
        "        # reworded: check audience and roles still fit\n",
    )
    assert changed == expected


# ---- a copy and the file both changed since the export: the words exported decide ------------

AIM_05 = "Foster an ethos of trust within the school."


def copies(root: Path, count: int) -> list:
    """`count` copies of one export, as when it is sent to several reviewers."""
    out, _ = export(root)
    return [docx.Document(str(out)) for _ in range(count)]


def test_a_stale_copy_does_not_undo_what_the_file_changed_since(project: Path):
    (document,) = copies(project, 1)
    edit_data(project, POLICY, f"text: {AIM_05}", "text: Foster an ethos of trust within the whole centre.")
    set_text(paragraph_of(document, "CONF-AIM-07"), "Safeguard the welfare of children at all times.")
    result = merged(project, document)
    policy = load_policy(project)
    assert statement(policy, "CONF-AIM-05").text == "Foster an ethos of trust within the whole centre."
    assert statement(policy, "CONF-AIM-07").text == "Safeguard the welfare of children at all times."
    assert "reworded (reworded: check audience and roles still fit): CONF-AIM-07 CONF-AIM-07:" in said(result)
    assert "changed in the policy file since the export, not in this copy (kept): CONF-AIM-05" in said(result)
    assert "whole centre" not in result.stdout  # no change reported for it


def test_two_reviewers_of_one_export_editing_different_statements_both_land(project: Path):
    first, second = copies(project, 2)
    set_text(paragraph_of(first, "CONF-AIM-05"), "Foster an ethos of trust within the centre.")
    set_text(paragraph_of(second, "CONF-STR-02"), "Written information is shared only on a need to know basis.")
    merged(project, first)
    result = merged(project, second)
    policy = load_policy(project)
    assert statement(policy, "CONF-AIM-05").text == "Foster an ethos of trust within the centre."
    assert statement(policy, "CONF-STR-02").text == "Written information is shared only on a need to know basis."
    assert "reworded (reworded: check audience and roles still fit): CONF-STR-02 CONF-STR-02:" in said(result)


def test_two_reviewers_changing_one_statement_differently_is_refused(project: Path):
    first, second = copies(project, 2)
    set_text(paragraph_of(first, "CONF-AIM-05"), "Foster an ethos of trust within the centre.")
    set_text(paragraph_of(second, "CONF-AIM-05"), "Foster an ethos of trust within the nursery.")
    merged(project, first)
    before = digest(project / POLICY)
    for extra in ((), ("--dry-run",)):
        result = merge(project, second, *extra)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert digest(project / POLICY) == before
        lines = [" ".join(line.split()) for line in result.stderr.splitlines()]
        assert lines[0].startswith("handbook import: ") and "not merged, nothing written" in lines[0]
        assert lines[1:5] == [
            "CONF-AIM-05",
            f"exported: {AIM_05}",
            "the policy file now: Foster an ethos of trust within the centre.",
            "this Word copy: Foster an ethos of trust within the nursery.",
        ]
        assert "Export the policy afresh" in lines[5] and "redo this copy's edits" in lines[5]


def test_deleted_in_the_copy_but_changed_in_the_file_is_refused(project: Path):
    (document,) = copies(project, 1)
    edit_data(project, POLICY, f"text: {AIM_05}", "text: Foster an ethos of trust within the whole centre.")
    gone = paragraph_of(document, "CONF-AIM-05")
    gone._p.getparent().remove(gone._p)
    before = digest(project / POLICY)
    result = merge(project, document)
    assert result.returncode == 1 and digest(project / POLICY) == before
    assert "this Word copy: (deleted in the copy)" in " ".join(result.stderr.split())


def test_a_copy_exported_before_the_record_merges_as_before_and_says_so(project: Path):
    (document,) = copies(project, 1)
    part = document.part
    for rid, rel in list(part.rels.items()):  # as an export made before the record existed
        if rel.reltype.endswith("/customXml") and b"urn:handbook:word-export" in rel.target_part.blob:
            del part.rels[rid]
    edit_data(project, POLICY, f"text: {AIM_05}", "text: Foster an ethos of trust within the whole centre.")
    result = merged(project, document)
    assert statement(load_policy(project), "CONF-AIM-05").text == AIM_05  # the copy's words, as before
    assert "reworded (reworded: check audience and roles still fit): CONF-AIM-05" in said(result)
    line = [x for x in result.stdout.splitlines() if "exported before exports recorded" in x]
    assert line == [
        "  this copy was exported before exports recorded their words: a change made to the policy file since "
        "cannot be told from one made in Word, and the Word copy's words are taken"
    ]


# ---- bad input: one line, exit 1, nothing written -------------------------------------------


def _refused(project: Path, result, *words: str) -> None:
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("handbook import: "), result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


@pytest.fixture
def untouched(project: Path):
    before = {p: digest(p) for p in (project / "policy_data").rglob("*") if p.is_file()}
    yield project
    after = {p: digest(p) for p in (project / "policy_data").rglob("*") if p.is_file()}
    assert after == before


def test_not_a_docx(untouched: Path):
    path = untouched / "notes.docx"
    path.write_text("just some text\n", encoding="utf-8")
    result = run_handbook("import", str(path), "--update", "confidentiality", cwd=untouched)
    _refused(untouched, result, "notes.docx", "not a Word document")
    txt = untouched / "notes.txt"
    txt.write_text("just some text\n", encoding="utf-8")
    _refused(untouched, run_handbook("import", str(txt), "--update", "confidentiality", cwd=untouched), ".docx")


def test_password_protected(untouched: Path):
    path = untouched / "locked.docx"
    # Word saves an encrypted document as an OLE compound file.
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    _refused(
        untouched, run_handbook("import", str(path), "--update", "confidentiality", cwd=untouched), "password-protected"
    )


def test_corrupt_docx(untouched: Path):
    out, _ = export(untouched)
    data = out.read_bytes()
    (untouched / "cut.docx").write_bytes(data[: len(data) // 2])
    _refused(untouched, run_handbook("import", "cut.docx", "--update", "confidentiality", cwd=untouched), "cut.docx")
    broken = untouched / "broken.docx"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item, content[:200] if item.filename == "word/document.xml" else content)
    _refused(untouched, run_handbook("import", str(broken), "--update", "confidentiality", cwd=untouched), "damaged")


def test_unknown_policy(untouched: Path):
    out, _ = export(untouched)
    result = run_handbook("import", str(out), "--update", "confidentialty", cwd=untouched)
    _refused(untouched, result, "no policy 'confidentialty'", "confidentiality")
    result = run_handbook("export", "confidentialty", "--out", str(untouched / "x.docx"), cwd=untouched)
    assert (
        result.returncode == 1 and "no policy 'confidentialty'" in result.stderr and not (untouched / "x.docx").exists()
    )


def test_document_of_another_policy(project: Path):
    # A second policy, and a document exported from it.
    untouched = project
    other = untouched / "policy_data/policies/child-protection.yaml"
    other.write_text(
        "id: child-protection\ntitle: Child Protection Policy\nsections:\n  - id: aims\n    title: Aims\n"
        "    statements:\n      - id: CP-AIM-01\n        kind: item\n        text: Keep children safe.\n"
        "        audience: [staff]\n        roles: [all-staff]\n",
        encoding="utf-8",
    )
    out = untouched / "cp.docx"
    assert run_handbook("export", "child-protection", "--out", str(out), cwd=untouched).returncode == 0
    before = {p: digest(p) for p in (project / "policy_data").rglob("*") if p.is_file()}
    result = run_handbook("import", str(out), "--update", "confidentiality", cwd=untouched)
    _refused(untouched, result, "another policy", "child-protection", "--update child-protection")
    # The same with its ids lost: its words do not match either.
    document = docx.Document(str(out))
    strip_ids(document)
    document.save(str(out))
    result = run_handbook("import", str(out), "--update", "confidentiality", cwd=untouched)
    _refused(untouched, result, "does not look like a revision of 'confidentiality'")
    assert {p: digest(p) for p in (project / "policy_data").rglob("*") if p.is_file()} == before


def test_the_dry_run_prints_what_the_word_page_shows(project: Path):
    """The manual's Word page shows a dry run of a revision: CONF-AIM-05 reworded and a bullet
    added with Track Changes by Jane Smith, CONF-STR-10 deleted with them by the Office Manager,
    and a comment on CONF-STR-05.  The same revision made here prints every line it shows."""
    from test_manual import code_block, printed

    _, document = export(project)
    tracked_rewrite(
        paragraph_of(document, "CONF-AIM-05"), "Foster an ethos of trust within the ", "school.", "centre.", 1
    )
    added = new_paragraph_after(paragraph_of(document, "CONF-STR-12"), "")
    added._p.append(tracked_run("w:ins", "Staff do not use their own phones to take photographs of children.", 5))
    delete_tracked(paragraph_of(document, "CONF-STR-10"), 10, author="Office Manager")
    document.add_comment(
        paragraph_of(document, "CONF-STR-05").runs,
        text="Is the CP Service still every three years?",
        author="Jane Smith",
        initials="JS",
    )
    document.save(str(project / "confidentiality-revised.docx"))
    before = digest(project / POLICY)
    command = "handbook import confidentiality-revised.docx --update confidentiality --dry-run"
    result = run_handbook(*command.split()[1:], cwd=project)
    assert result.returncode == 0, result.stderr
    page = REPO / "manual/docs/policy-owner/word.md"
    assert f"`{command}`" in page.read_text(encoding="utf-8")
    shown = code_block(page, "Update of confidentiality (policy_data/policies/confidentiality.yaml) from ")
    assert printed(result) == shown
    assert digest(project / POLICY) == before


# ---- a statement emptied, a bookmark moved, comments between statements, line endings -------


def delete_words(paragraph, rid: int | None = None) -> None:
    """Select a statement's words (not its paragraph mark) and delete them: with Track Changes
    on (`rid`), they stay struck through inside the bookmark; off, an empty bullet is left."""
    text = paragraph.text
    for run in paragraph.runs:
        run._r.getparent().remove(run._r)
    if rid is not None:
        paragraph._p.find(qn("w:bookmarkEnd")).addprevious(tracked_run("w:del", text, rid))


def without_statement(text: str, sid: str) -> str:
    """The policy file's text with one statement's lines taken out (its `- id:` line up to the
    next statement or section: the bundled file has no comment between them)."""
    start = text.index(f"      - id: {sid}\n")
    ends = [text.find(f"\n{pad}- id: ", start + 1) for pad in ("      ", "  ")]
    end = min((e + 1 for e in ends if e >= 0), default=len(text))  # the last ends the file
    return text[:start] + text[end:]


@pytest.mark.parametrize("tracked", [True, False], ids=["tracked", "untracked"])
def test_emptied_statement_is_removed_and_the_next_keeps_its_id(project: Path, tracked: bool):
    """Word shows CONF-STR-08 deleted and CONF-STR-09 unchanged: so does the merge (not
    "CONF-STR-08 + CONF-STR-09 merged", with CONF-STR-09's review notes and references lost)."""
    original = (project / POLICY).read_text(encoding="utf-8")
    _, document = export(project)
    delete_words(paragraph_of(document, "CONF-STR-08"), 1 if tracked else None)
    result = merged(project, document)
    assert (project / POLICY).read_text(encoding="utf-8") == without_statement(original, "CONF-STR-08")
    out = said(result)
    assert "removed: CONF-STR-08" in out and "unchanged: 34" in out
    assert "merged" not in out and "reworded" not in out and "CONF-STR-09" not in out


def test_emptying_any_statement_removes_exactly_it(tmp_path: Path):
    """A statement's words deleted with Track Changes, without, or its whole paragraph deleted
    with Track Changes: that statement goes; every other is as it was."""
    import datetime as dt

    from conftest import AS_OF

    from generator.core.project import Project
    from generator.features.importer import export_policy, plan_update
    from generator.pipeline.handbook import load_handbook

    handbook, _ = load_handbook(Project.at(REPO, as_of=dt.date.fromisoformat(AS_OF)))
    original = (REPO / POLICY).read_text(encoding="utf-8")
    policy = load_policy(REPO)
    every = ids(policy)
    # Every statement of one section (a paragraph opening a list, then bullets), and the first
    # and last of every section (what an emptied paragraph's id could be handed to differs).
    chosen = [s.id for s in policy.sections[1].statements]
    chosen += [sid for sec in policy.sections for sid in (sec.statements[0].id, sec.statements[-1].id)]
    exported = tmp_path / "exported.docx"
    export_policy(handbook, "confidentiality", exported)
    revised = tmp_path / "revised.docx"
    wrong = []
    for sid in dict.fromkeys(chosen):
        for how in ("words tracked", "words untracked", "paragraph tracked"):
            document = docx.Document(str(exported))
            paragraph = paragraph_of(document, sid)
            if how == "paragraph tracked":
                delete_tracked(paragraph, 1)
            else:
                delete_words(paragraph, 1 if how == "words tracked" else None)
            document.save(str(revised))
            plan = plan_update(handbook, "confidentiality", revised)
            got = ([r.id for r in plan.removed], plan.merged, plan.reworded, plan.added, len(plan.unchanged))
            if got != ([sid], [], [], [], len(every) - 1) or plan.updated != without_statement(original, sid):
                wrong.append((sid, how, got))
    assert not wrong


def test_bookmark_moved_into_a_new_paragraph_above_stays_with_its_words(project: Path):
    """Enter at the start of CONF-STR-09 and a sentence typed in the new paragraph above: the
    bookmark may start in the new paragraph.  CONF-STR-09 keeps its words (and review notes);
    the new sentence is a new statement."""
    before = statement(load_policy(project), "CONF-STR-09")
    _, document = export(project)
    old = paragraph_of(document, "CONF-STR-09")
    upper = OxmlElement("w:p")
    upper.append(copy.deepcopy(old._p.find(qn("w:pPr"))))  # the same bullet
    upper.append(old._p.find(qn("w:bookmarkStart")))  # its end stays in the old paragraph
    old._p.addprevious(upper)
    docx.text.paragraph.Paragraph(upper, old._parent).add_run("Staff must never discuss a child with another parent.")
    result = merged(project, document)
    policy = load_policy(project)
    after = statement(policy, "CONF-STR-09")
    assert (after.text, after.roles, after.audience) == (before.text, before.roles, before.audience)
    assert [n.suggestion for n in after.review_notes] == [n.suggestion for n in before.review_notes]
    new = statement(policy, "CONF-STR-13")
    assert new.text == "Staff must never discuss a child with another parent." and new.to_review()
    order = ids(policy)
    assert order.index("CONF-STR-13") + 1 == order.index("CONF-STR-09")
    out = said(result)
    assert "new (audience and roles unset: TO REVIEW): CONF-STR-13" in out
    assert "reworded" not in out and "unchanged: 35" in out


def test_comment_above_a_section_stays_when_the_statement_before_it_goes(project: Path):
    """The manual: comments are kept byte for byte.  A comment between two sections (or two
    statements) belongs to what follows it, not to the statement above."""
    path = project / POLICY
    text = path.read_text(encoding="utf-8")
    section_note = "  # Strategies section: agreed with the LA adviser on 3 March 2026.\n"
    statement_note = "      # CONF-AIM-07 agreed with the DSL.\n"
    text = text.replace("  - id: managing-confidentiality\n", section_note + "  - id: managing-confidentiality\n")
    text = text.replace("      - id: CONF-AIM-07\n", statement_note + "      - id: CONF-AIM-07\n")
    path.write_text(text, encoding="utf-8")
    _, document = export(project)
    delete_tracked(paragraph_of(document, "CONF-LIA-09"), 1)
    delete_tracked(paragraph_of(document, "CONF-AIM-06"), 3)
    result = merged(project, document)
    start = text.index("      - id: CONF-LIA-09\n")
    expected = text[:start] + text[text.index(section_note) :]
    start = expected.index("      - id: CONF-AIM-06\n")
    expected = expected[:start] + expected[expected.index(statement_note) :]
    assert path.read_text(encoding="utf-8") == expected
    assert "removed: CONF-AIM-06, CONF-LIA-09" in said(result)


def test_a_comment_above_a_sections_first_statement_moves_with_it(project: Path):
    """A comment above a statement is that statement's, the first of its section too: moved in
    Word, the statement takes it along and leaves no note about itself above another."""
    path = project / POLICY
    note = "      # CONF-INT-01 agreed with the LA adviser.\n"
    text = path.read_text(encoding="utf-8").replace("      - id: CONF-INT-01\n", note + "      - id: CONF-INT-01\n")
    path.write_text(text, encoding="utf-8")
    _, document = export(project)
    paragraph_of(document, "CONF-STR-08")._p.addnext(paragraph_of(document, "CONF-INT-01")._p)
    result = merged(project, document)
    assert "moved (id kept): CONF-INT-01 (to 'Strategies for Managing Confidentiality')" in said(result)
    written = path.read_text(encoding="utf-8")
    assert written.count(note) == 1
    assert note + "      - id: CONF-INT-01\n" in written
    assert "    statements:\n      - id: CONF-INT-02\n" in written


def test_new_lines_take_the_files_crlf_line_endings(project: Path):
    path = project / POLICY
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    _, document = export(project)
    new_paragraph_after(paragraph_of(document, "CONF-AIM-09"), "Ensure records are kept only as long as needed.")
    document.add_heading("Sharing online", 1)
    document.add_paragraph("We never post photographs of children online.")
    result = merged(project, document)
    written = path.read_bytes()
    assert written.count(b"\n") == written.count(b"\r\n")
    policy = load_policy(project)
    assert statement(policy, "CONF-AIM-10").text == "Ensure records are kept only as long as needed."
    assert statement(policy, "CONF-SHA-01").text == "We never post photographs of children online."
    assert "new (audience and roles unset: TO REVIEW): CONF-AIM-10, CONF-SHA-01" in said(result)


def test_a_copy_exported_before_the_files_sections_changed_is_refused(project: Path):
    """The three-way merge compares words, not places: a copy exported before a section was
    added to the file (or a statement moved to another section) would put the file's sections
    back as the copy has them.  Such a copy is refused, nothing written, and the owner told to
    export afresh."""
    (document,) = copies(project, 1)
    set_text(paragraph_of(document, "CONF-AIM-05"), "Foster an ethos of trust within the centre.")
    path = project / POLICY
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - id: visitors\n"
        + "    title: Visitors\n"
        + "    statements:\n"
        + "      - id: CONF-VIS-01\n"
        + "        kind: item\n"
        + "        text: Visitors sign in at the office and wear a badge.\n"
        + "        audience: [staff]\n"
        + "        roles: [all-staff]\n",
        encoding="utf-8",
    )
    before = digest(path)
    result = merge(project, document)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert digest(path) == before
    message = " ".join(result.stderr.split())
    assert "not merged, nothing written: the policy file's sections changed since this copy was exported" in message
    assert "section 'visitors' added" in message and "Export the policy afresh" in message
