"""Issue 14, "findings to fix": what the handbook tells parents and staff is true to the policy.

Each test is named after the finding it keeps from coming back (the comment above a group keeps
the finding's number), and reads what a parent or a member of staff reads: the printed page
(pdftotext), the built site, `handbook check`.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from conftest import check_shared_build, copy_built, edit_data, run_handbook

NOTICE = "policy_data/notices/fair-processing-notice.yaml"
POLICY = "policy_data/policies/confidentiality.yaml"
TRAINING = "policy_data/training/2027-september.yaml"
NOTICE_PDF = "build/print/parents/fair-processing-notice.pdf"


def pdf_text(path: Path) -> str:
    return " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )


def page_text(path: Path) -> str:
    """The visible words of a built page (tags and scripts dropped, entities decoded)."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())
    return re.sub(r" ([,.;:])", r"\1", text)  # "</a>, " is read as ", "


def between(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i : text.index(end, i + len(start))]


def check(project: Path) -> str:
    return run_handbook("check", cwd=project).stdout


def full_notice(project: Path) -> str:
    """The parents' printed notice after its "at a glance" first page (issue 27)."""
    text = pdf_text(project / NOTICE_PDF)
    return text[text.index("The full notice") :]


def why_notice_says_this(project: Path) -> str:
    """The staff site's "Why the notice says this": each claim of the notice, then the policy's
    words it rests on, word for word (they are no longer printed on the parents' paper)."""
    text = page_text(project / "build/site/parents/fair-processing-notice.html")
    return text[text.rindex("Why the notice says this ¶") :]  # the section, not the page's contents list


def quoted(statement: str, section: str, words: str) -> str:
    return f"What our Confidentiality Procedure & Guidelines says, under “{section}” ({statement}): {words}"


# 1. Recipients: who the policy says information is shared with; no "only" without a statement.


def test_notice_recipients_are_those_the_policy_names(built):
    part = between(
        pdf_text(built / NOTICE_PDF), "Who do we share information with?", "Do we send information outside the UK?"
    )
    assert "We tell you about your own child, but not about other children." in part
    assert "The school your child moves on to." in part
    # CONF-INT-01 names no agency, so the notice names none either; it does say "only ... on a
    # professional basis", which the notice may repeat.
    assert "Outside agencies we work with. We only share information with them on a professional basis" in part
    assert "such as speech therapy" not in part
    # the referral threshold in the law's words (Children Act 1989 s.47; Working Together 2023)
    assert (
        "The authorities that protect children. We tell them when we are worried that a child is suffering, or is "
        "likely to suffer, significant harm." in part
    )
    assert "We only share information about your child with you" not in part
    # CONF-INT-01, word for word under that claim, where the Head and an auditor read it.
    why = between(why_notice_says_this(built), "Who do we share information with?", "What are your rights?")
    claim = why.index(
        "The notice says: Outside agencies we work with. We only share information with them on a professional basis"
    )
    quote = why.index(
        quoted(
            "CONF-INT-01",
            "Introduction",
            "Staff at Homerton Early Years Centre have a duty of care and "
            "responsibility towards all members of our community. We liaise and work with a range of outside agencies",
        )
    )
    assert claim < quote < why.index("The notice says:", claim + 1)


def test_absolute_words_need_a_statement_that_says_them(project):
    # In the notice: the rights part cites CONF-LIA-03 (access), which does not say "always".
    line = edit_data(
        project,
        NOTICE,
        "for example when we no longer need\n        it. We cannot delete information we must keep by law or need for our official work.",
        "for example when we no longer need it. We cannot always do this.",
    )
    # In a checklist item and a quiz question, whose statements do not say "never" / "always".
    item_line = edit_data(
        project, "checklists/all-staff.yaml", "text: I do not use photographs", "text: I never use photographs"
    )
    quiz_line = edit_data(
        project, TRAINING, "question: Who may be shown a child's log", "question: Who is always shown a child's log"
    )
    out = check(project)
    claim = "makes an absolute claim that no statement cited here makes"
    assert f"{NOTICE}:{line}:7: error: 'always' {claim} (cited: CONF-LIA-03)" in out, out
    assert f"checklists/all-staff.yaml:{item_line}:5: error: 'never' {claim} (cited: CONF-STR-12)" in out
    assert f"{TRAINING}:{quiz_line}:5: error: 'always' {claim} (cited: CONF-STR-03, CONF-LIA-03)" in out
    # "only" is fine where the cited statement says it (CONF-STR-00: "is only shared with staff").
    assert "ALL-ACK-01" not in out and "'only'" not in out


def test_bundled_data_has_no_unsupported_absolute_word():
    from generator.core.project import Project
    from generator.features.policies.checks.drafted import ABSOLUTE, drafted_texts
    from generator.pipeline.handbook import load_and_check

    root = Path(__file__).resolve().parent.parent
    hb, report = load_and_check(Project.at(root, root / "policy_data"))
    assert not [f for f in report.errors]
    assert any(
        ABSOLUTE.search(text) for _, text, _ in drafted_texts(hb.notices.values(), hb.checklists.values(), hb.training)
    )  # the check does see drafted words


# 2. The Head Teacher (lead) and the designated child protection staff (deputies).

DEPUTY_ONLY = "When the Head Teacher is away, I take on the child protection role."
LEAD_ONLY = "I am responsible for Child Protection and receive regular training."
BOTH = (
    "My own child protection training is in date, as specified by the CP Service, and updated at least every two years."
)


def test_each_role_signs_only_what_is_true_of_it(built):
    head = pdf_text(built / "build/print/checklists/head-teacher.pdf")
    deputies = pdf_text(built / "build/print/checklists/designated-cp-staff.pdf")
    everyone = pdf_text(built / "build/print/checklists/all-staff.pdf")
    assert DEPUTY_ONLY not in head and "DCP-ACK-02" not in head
    assert DEPUTY_ONLY in deputies and "DCP-ACK-02" in deputies
    assert LEAD_ONLY in head and LEAD_ONLY not in deputies
    assert BOTH in head and BOTH in deputies and BOTH not in everyone
    # The group of the two is no one's job title: no checklist of its own to sign.
    assert not (built / "build/print/checklists/child-protection-leads.pdf").exists()


def test_nobody_is_given_the_group_role(project):
    records = project / "records"
    records.mkdir()
    (records / "staff.yaml").write_text(
        "staff:\n  - id: ann-test\n    name: Ann Test\n    roles: [child-protection-leads]\n    start_date: 2020-01-06\n",
        encoding="utf-8",
    )
    (records / "signatures.yaml").write_text("signatures: []\n", encoding="utf-8")
    (records / "training.yaml").write_text("training: []\n", encoding="utf-8")
    result = run_handbook("status", "--records", str(records), cwd=project)
    assert result.returncode == 1
    assert (
        "staff.yaml:4:13: error: 'child-protection-leads' is a group of roles nobody holds on its own; give one of: head-teacher, designated-cp-staff"
        in result.stdout + result.stderr
    )


# 3. Quiz and scenario: what a member of staff does first; answers for the question's reader.


def test_a_disclosure_goes_to_the_head_first(built):
    pack = pdf_text(built / "build/print/training/september-2027.pdf")
    asked = "A child tells you something that makes you worried they are being harmed. Who do you tell?"
    assert pack.count(asked) == 2  # the quiz, then the facilitator's answer sheet
    question = between(pack[pack.rindex(asked) :], asked, "You have passed a child's disclosure on.")
    assert "The Head Teacher is responsible for Child Protection" in question
    assert "Before you inform the authorities" not in pack  # the old question, which made CONF-LIA-09 a first step


def test_a_quiz_answer_must_apply_to_its_reader(project):
    # Say that CONF-STR-04 is for the Head alone: the question about who leads child protection,
    # put to all staff, no longer has an answer all staff sign.
    edit_data(
        project,
        POLICY,
        "roles: [all-staff]  # every member of staff must know who leads child protection",
        "roles: [head-teacher]",
    )
    text = (project / TRAINING).read_text()
    line = text.splitlines().index("  - id: who-is-responsible") + 1 + 3
    out = check(project)
    assert (
        f"{TRAINING}:{line}:5: error: question 'who-is-responsible' is put to all staff (all-staff), but none of its "
        "answers (CONF-STR-04) applies to that role" in out
    ), out
    assert "error: key point CONF-STR-04 is read by all staff but applies only to head-teacher" in out
    # The same question put to the Head is answered from her point of view.
    edit_data(
        project, TRAINING, "  - id: who-is-responsible\n", "  - id: who-is-responsible\n    reader: head-teacher\n"
    )
    assert "question 'who-is-responsible'" not in check(project)


# 4. Who leads child protection: every member of staff, and parents, are told.


def test_everyone_is_told_who_leads_child_protection(built):
    str04 = "The Head Teacher is responsible for Child Protection and receives regular training and the other designated child protection staff assume this role in her absence."
    for role in ("all-staff", "office-staff", "head-teacher", "designated-cp-staff"):
        assert str04 in pdf_text(built / f"build/print/checklists/{role}.pdf"), role
    purpose = between(full_notice(built), "To protect children from harm.", "To help your child move on")
    assert "Our Head Teacher is responsible for child protection." in purpose
    # The statement itself, under that claim, on the staff page (no longer on the parents' paper).
    why = between(
        why_notice_says_this(built),
        "The notice says: To protect children from harm.",
        "The notice says: To help your child",
    )
    assert quoted("CONF-STR-04", "Strategies for Managing Confidentiality", str04) in why
    pack = (built / "build/print/training/september-2027.html").read_text(encoding="utf-8")
    row = next(r for r in re.findall(r"<tr>.*?</tr>", pack, re.S) if "Designated safeguarding lead training" in r)
    assert "<td>Head Teacher and designated child protection staff</td>" in row


# 5. The audience rule, written down and checked.


def test_the_audience_rule_is_written_where_the_data_lives():
    root = Path(__file__).resolve().parent.parent
    assert "Parents are members of the public" in (root / POLICY).read_text()
    assert "## Who a statement is for (audience)" in (root / "policy_data/README.md").read_text()


PUBLISHED_SOURCE = """        published_source: a letter from the centre saying the procedure is published
"""


def test_published_statements_are_public_and_public_ones_for_parents(project):
    # The centre confirms the procedure is published: rule 1 now asks for public everywhere.
    edit_data(
        project,
        "policy_data/publication-scheme.yaml",
        "        document: confidentiality\n",
        "        document: confidentiality\n" + PUBLISHED_SOURCE,
    )
    text = (project / POLICY).read_text()
    lia01 = text.splitlines().index("      - id: CONF-LIA-01") + 1
    edit_data(
        project,
        POLICY,
        "erosion of trust.\n        audience: [staff, parents]",
        "erosion of trust.\n        audience: [staff, public]",
    )
    str08 = (project / POLICY).read_text().splitlines().index("      - id: CONF-STR-08") + 1
    result = run_handbook("check", cwd=project)
    assert result.returncode == 1
    assert (
        f"{POLICY}:{lia01 + 3}:9: error: CONF-LIA-01 is for the public but not for parents; parents are members of the public"
        in result.stdout
    ), result.stdout
    assert (
        f"{POLICY}:{str08 + 3}:9: error: CONF-STR-08 is in 'confidentiality', which the publication scheme lists as published, "
        "so anyone may read it: its audience must include 'public'" in result.stdout
    ), result.stdout


def test_unpublished_policy_may_keep_statements_from_the_public(project):
    # As bundled: no document of the centre says the procedure is published.
    assert "audience: [staff, parents]\n" in (project / POLICY).read_text()
    out = check(project)
    assert "CONF-STR-08" not in out, out
    assert "to be confirmed by the setting: whether 'Confidentiality Procedure & Guidelines' is published" in out


# 6. Photographs: what CONF-STR-12 supports; every quote under the claim it supports.


def test_photographs_and_quotes_under_their_claims(built):
    text = pdf_text(built / NOTICE_PDF)
    assert "take and use" not in text
    claim = "We do not use it for another reason unless the law says we must or may"
    printed = between(
        full_notice(built), "Why do we hold information about your child?", "What information do we hold?"
    )
    assert printed.index(claim) < printed.index("To care for your child")
    # The statements, word for word, each under the claim it supports, on the staff page.
    purposes = between(
        why_notice_says_this(built), "Why do we hold information about your child?", "What information do we hold?"
    )
    str09 = quoted(
        "CONF-STR-09",
        "Strategies for Managing Confidentiality",
        "Information collected for one purpose is not used for another.",
    )
    assert purposes.index(claim) < purposes.index(str09) < purposes.index("The notice says: To care for your child")
    photographs = purposes[
        purposes.index(
            "The notice says: To use photographs of your child, when you have given us your signed permission."
        ) :
    ]
    assert (
        quoted(
            "CONF-STR-12",
            "Strategies for Managing Confidentiality",
            "Photographs of children are not used without parent/carer permission",
        )
        in photographs
    )
    assert str09 not in photographs


# 7. Special category is health; child protection concerns are confidential.


def test_data_categories_are_labelled_for_what_they_are(built):
    text = pdf_text(built / NOTICE_PDF)
    categories = between(text, "What information do we hold?", "Where does the information come from?")
    assert "In law" not in categories  # no law calls an address or a concern "confidential" (M3)
    # The categories are printed in groups, each under "How we treat it: <label>" (issue 27).
    groups = categories.split("How we treat it:")[1:]
    assert len(groups) >= 2

    def group_of(category: str) -> str:
        return next(g for g in groups if category in g)

    cp = group_of("Child protection concerns.")
    assert cp.strip().startswith("As confidential and sensitive") and "special category" not in cp.lower()
    social = group_of("Records about your child, including social care records.")
    assert "special category" not in social.lower()
    health = group_of("Health and medical information")
    assert health.strip().startswith("As health information: special category data")


# 8. No "fingerprint" on parent paper; staff documents explain it once.


def test_parent_paper_says_version_or_draft_and_document_reference(built_translated):
    project = built_translated  # built with the translations (its build's exit code is checked there)
    pdfs = sorted((project / "build/print/parents").glob("*.pdf"))
    assert len(pdfs) == 8  # each notice and translation, and its large-print copy (issue 27)
    for pdf in pdfs:
        text = pdf_text(pdf)
        assert "fingerprint" not in text.lower(), pdf.name
        assert "Document reference:" in text, pdf.name
    assert "Draft · Document reference:" in pdf_text(project / NOTICE_PDF)
    site_page = page_text(project / "build/site/parents/fair-processing-notice.html")
    assert "fingerprint" not in site_page.lower() and "document reference" in site_page
    checklist = pdf_text(project / "build/print/checklists/all-staff.pdf")
    assert checklist.count("a code that changes whenever the words of the policy change") == 1
    check_shared_build(built_translated)


@pytest.mark.prebuilt
def test_a_released_notice_prints_its_version_and_date(project):
    edit_data(project, NOTICE, "version: null\nissued: null", "version: 1\nissued: 2026-11-28")
    # Until it is approved it is a draft, and a draft shows no issue date as if issued (issue 27, M15).
    assert run_handbook("build", cwd=project).returncode == 0
    text = pdf_text(project / NOTICE_PDF)
    assert "Draft · Document reference" in text and "28 November 2026 · Document reference" not in text
    approved = run_handbook("approve", "notice/fair-processing-notice", "--by", "head-teacher", cwd=project)
    assert approved.returncode == 0, approved.stderr
    assert run_handbook("build", cwd=project).returncode == 0
    text = pdf_text(project / NOTICE_PDF)
    assert "Version 1, 28 November 2026 · Document reference:" in text and "Draft · Document reference" not in text


# 9. A quoted list item keeps the words that introduce it.


def test_quoted_items_read_as_whole_sentences(built):
    # The quotes are on the staff page (issue 27), each list item after the words that introduce it.
    text = why_notice_says_this(built)
    assert "… In addition, we: Only share information about their own child with parents." in text, text
    assert "At Homerton Early Years Centre we aim to: Safeguard the emotional and physical welfare" in text
    # A lead-in that is a whole sentence itself does not come back above every strategy.
    assert "only shared with staff on a ‘need to know’ basis: Photographs" not in text
    assert "“Strategies for Managing Confidentiality” (CONF-STR-12): Photographs of children" in text


def test_a_quoted_lists_lead_in_must_be_for_parents_too(project):
    edit_data(
        project,
        POLICY,
        "In addition, we:'\n        audience: [staff, parents]",
        "In addition, we:'\n        audience: [staff]",
    )
    out = check(project)
    assert (
        "error: CONF-LIA-00 is not for parents (audience: staff) (printed with CONF-LIA-04, which it introduces)" in out
    ), out


# 10. The register and the home page say what is in the handbook.


def test_register_and_home_page_agree_with_the_handbook(built):
    register = (built / "build/site/register.html").read_text(encoding="utf-8")
    row = re.search(r'<tr id="fair-processing-notice">.*?</tr>', register, re.S).group(0)
    assert 'href="parents/fair-processing-notice.html"' in row and "In this handbook" in row
    assert "not yet in the handbook" not in row
    home = page_text(built / "build/site/index.html")
    assert "Every policy is here in full" not in home
    # The notice given to parents (held by the centre) and the handbook's new draft are two
    # documents (issue 27, M14).
    assert (
        "2 of the 17 documents in the policy register are here in full: Confidentiality Procedure & Guidelines, "
        "Fair processing notice for parents/carers (new draft)."
    ) in home
    assert "The other 15 are listed in the register but are not in this handbook" in home


# 11. The publication scheme lists as published only what a source supports.


def test_publication_scheme_lists_as_published_only_what_a_source_supports(built):
    page = page_text(built / "build/site/information/publication-scheme.html")
    # No document of the centre says any of the 13 is published: the policy naming the
    # publication scheme (CONF-INT-02) is not such a source.
    assert page.count("To be confirmed by the centre") == 13
    assert "Yes (source:" not in page
    out = check(built)
    assert out.count("to be confirmed by the setting: whether '") == 13


# 12. Complaints: to the centre first, then the regulator named in one data file.


@pytest.mark.prebuilt
def test_complaints_channel_is_reported_until_given(project):
    out = check(project)
    line = (project / "policy_data/setting.yaml").read_text().splitlines().index(
        next(
            l
            for l in (project / "policy_data/setting.yaml").read_text().splitlines()
            if l.startswith("complaints_email:")
        )
    ) + 1
    assert (
        f"policy_data/setting.yaml:{line}:1: warning: to be completed: element 13 (the right to complain, to the setting first "
        "and then to the data protection regulator): setting.yaml gives no complaints_email or complaints_form" in out
    ), out
    edit_data(project, "policy_data/setting.yaml", "complaints_email: null", "complaints_email: complaints@example.org")
    assert "gives no complaints_email" not in check(project)
    assert run_handbook("build", cwd=project).returncode == 0
    # an email alone: the label says what is given (not "Email or online form")
    text = pdf_text(project / NOTICE_PDF)
    assert "Email: complaints@example.org" in text and "online form" not in text


@pytest.mark.prebuilt
def test_the_notice_naming_the_regulator_itself_is_warned_and_offered_the_placeholder(project):
    line = edit_data(
        project,
        NOTICE,
        "  regulator_text: If you are still unhappy, you can complain to the data protection regulator.",
        "  regulator_text: If you are still unhappy, you can complain to the ICO.",
    )
    assert (
        f"{NOTICE}:{line}:3: warning: the notice names the regulator in its own words ('ICO'): write {{regulator}} "
        "there instead"
    ) in check(project)
    edit_data(project, NOTICE, "complain to the ICO.", "complain to the {regulator}.")
    assert "names the regulator" not in check(project)
    assert run_handbook("build", cwd=project).returncode == 0
    assert "you can complain to the Information Commissioner's Office." in pdf_text(project / NOTICE_PDF)


def test_a_complaint_part_without_the_regulator_is_reported(project):
    edit_data(
        project,
        NOTICE,
        "  regulator_text: If you are still unhappy, you can complain to the data protection regulator.\n",
        "",
    )
    assert "does not say that parents can then complain to the regulator" in check(project)
    (project / "policy_data/regulator.yaml").unlink()
    assert "regulator.yaml is missing" in check(project)


def test_one_edit_renames_the_regulator_everywhere(built_translated, tmp_path):
    project = copy_built(built_translated, tmp_path / "project")  # the translations added and built
    edit_data(
        project, "policy_data/regulator.yaml", "name: Information Commissioner's Office", "name: Information Commission"
    )
    result = run_handbook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    old = re.compile(r"Information Commissioner|\bICO\b")
    outputs = {pdf.name: pdf_text(pdf) for pdf in (project / "build/print/parents").glob("*.pdf")}
    outputs |= {str(p.relative_to(project)): page_text(p) for p in (project / "build/site").rglob("*.html")}
    assert len(outputs) > 20
    for name, text in outputs.items():
        assert not old.search(text), (name, old.search(text).group(0))
    english = outputs["fair-processing-notice.pdf"]
    assert "Name: Information Commission " in english and "Registration number" in english
    for lang in ("yi", "ur", "bn"):  # the translations' English fallback label names it too
        assert "with the Information Commission" in outputs[f"fair-processing-notice.{lang}.pdf"], lang
    assert "Information Commission" in page_text(project / "build/site/parents/fair-processing-notice.html")
    assert "model publication scheme of the Information Commission" in page_text(
        project / "build/site/information/publication-scheme.html"
    )
    check_shared_build(built_translated)
