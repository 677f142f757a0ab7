"""Review notes: mistakes in the centre's own words are listed for the next review, never
corrected by the tool, and never change what a signature counts for."""

from __future__ import annotations

import html
import re
from pathlib import Path

from conftest import REPO, edit_data, pdf_text, run_handbook

POLICY = "policy_data/policies/confidentiality.yaml"

# The mistakes found in the source policy (issues 14 and 27, and the content audit), by statement and the words quoted,
# in handbook order.  Issue 27 dropped the note on CONF-AIM-05: Homerton is a maintained nursery
# school, so "within the school" is right.
KNOWN = [
    ("CONF-INT-02", "updated UK GDPR in May 2018", "1 January 2021"),
    (
        "CONF-INT-02",
        "The Fair Processing Notice given to parents/carers, our Code of Conduct, and our Staying Safe curriculum.",
        "no verb",
    ),
    # Audit 2, 6 December 2026 (M2): nothing staff sign says what to do about a worry; the
    # nearest statement gets a note suggesting words, the policy stays the centre's.
    ("CONF-AIM-09", "the correct procedures are followed", "calls 999 if a child is in immediate danger"),
    # ... and (M3) the access exemption has the best-interests test for child abuse data too
    ("CONF-LIA-03", "a right of access to any records we may hold", "not be in the child's best interests"),
    # ... and (M1) telling parents first: the DSL decides, a referral is never delayed
    (
        "CONF-LIA-09",
        "before going on to inform the correct authorities",
        "The designated safeguarding lead decides whether and when parents are told",
    ),
    (
        "CONF-STR-02",
        "Written information e.g. regarding individual speech therapy, medical conditions, Special Educational Needs, and social care are read/shared",
        '"Written information ... are"',
    ),
    (
        "CONF-STR-03",
        "only shared with parents/carers who bring/collect",
        "CONF-LIA-03 gives every parent with parental responsibility",
    ),
    ("CONF-STR-05", "every three years by the CP Service", "renewed at least every two years"),
    # Audit, 6 December 2026: an absolute "not used for another" that staff sign can read as a
    # ban on sharing to keep a child safe.
    ("CONF-STR-09", "is not used for another", "Article 5(1)(b)"),
]


def test_check_lists_the_known_notes_as_notes_and_they_do_not_fail_it(project: Path):
    result = run_handbook("check", cwd=project)
    assert result.returncode == 0
    notes = re.findall(
        r"^(policy_data/policies/confidentiality\.yaml):(\d+):(\d+): note: review note on (\S+): “(.*?)”: (.*)$",
        result.stdout,
        re.M,
    )
    assert [(sid, words) for _, _, _, sid, words, _ in notes] == [(sid, words) for sid, words, _ in KNOWN]
    for (_, _, _, _, _, rest), (_, _, fact) in zip(notes, KNOWN):
        assert fact in rest and "Suggested wording: “" in rest
    # Each note points at its own entry in the policy file.
    lines = (project / POLICY).read_text(encoding="utf-8").splitlines()
    for _, line, column, _, words, _ in notes:
        assert lines[int(line) - 1][int(column) - 1 :].startswith("words: " + words.split()[0])
    kinds = result.stdout.count("note: assuming the kind '")  # one note for each kind of setting assumed
    assert "note: assuming the kind 'maintained-nursery-school'" in result.stdout
    assert f", {len(KNOWN) + kinds} notes" in result.stderr
    assert "warning: review note" not in result.stdout


def test_the_policys_words_and_fingerprint_are_untouched_by_notes(project: Path):
    from generator.core.project import Project
    from generator.features.policies.fingerprint import policy_fingerprint
    from generator.pipeline.handbook import load_handbook

    source = (REPO / "tests/fixtures/confidentiality-procedure.txt").read_text(encoding="utf-8")
    squeezed_source = " ".join(source.split())
    hb, _ = load_handbook(Project.at(project))
    with_notes = hb.policies["confidentiality"]
    for sid, words, _ in KNOWN:
        assert words in " ".join(hb.statement(sid).text.split())
        assert words in squeezed_source  # the mistake is the centre's, word for word
    text = (project / POLICY).read_text(encoding="utf-8")
    without = re.sub(r"\n        review_notes:\n(?:          .*\n)+", "\n", text)
    assert without != text and "review_notes" not in without
    (project / POLICY).write_text(without, encoding="utf-8")
    hb2, _ = load_handbook(Project.at(project))
    assert policy_fingerprint(hb2.policies["confidentiality"]) == policy_fingerprint(with_notes)
    # So the bundled release (version 1) still matches: notes need no new release.
    release = hb.releases[-1].policies[0]
    assert release.fingerprint == policy_fingerprint(with_notes)


def test_a_misspelt_key_in_a_note_gets_the_nearest_key(project: Path):
    line = edit_data(
        project,
        POLICY,
        "            suggestion: Child Protection procedures",
        "            sugestion: Child Protection procedures",
    )
    result = run_handbook("check", cwd=project)
    assert result.returncode == 1
    assert f"{POLICY}:{line}:13: error: unknown key 'sugestion'; did you mean 'suggestion'?" in result.stdout


def test_a_note_whose_words_are_gone_is_stale(project: Path):
    # The owner corrected the text at a review but left the note.
    edit_data(
        project,
        POLICY,
        "and only\n          shared with parents/carers who bring/collect.",
        "and\n          shared with parents/carers who bring/collect.",
    )
    result = run_handbook("check", cwd=project)
    assert re.search(
        r"^policy_data/policies/confidentiality\.yaml:\d+:\d+: warning: review note on CONF-STR-03: its words "
        r"“only shared with parents/carers who bring/collect” are not in the statement's text; if the text was corrected, remove the note",
        result.stdout,
        re.M,
    )


def test_the_next_review_page_quotes_each_note_and_links_the_statement(built: Path):
    site = built / "build/site"
    page = (site / "review/next-review.html").read_text(encoding="utf-8")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "For the next review" in text
    for sid, words, fact in KNOWN:
        assert f"{sid}: “{words}”" in text
        assert fact.replace('"', "") in text.replace('"', "")
        assert f'<a href="../policies/confidentiality.html#{sid}">' in page
    # The words are marked inside the whole statement, as the policy has it.
    assert "<mark>every three years by the CP Service</mark>" in page
    assert "Suggested wording" in text and "and at least every two years by the CP Service.”" in text
    assert "a centre, not a school" not in text
    # Every link target exists.
    policy = (site / "policies/confidentiality.html").read_text(encoding="utf-8")
    for sid, _, _ in KNOWN:
        assert f'id="{sid}"' in policy
    assert "Review notes" in (site / "index.html").read_text(encoding="utf-8")  # in the navigation


def test_the_training_pack_has_a_review_section(built: Path):
    text = pdf_text(built / "build/print/training/september-2027.pdf", flat=True)
    section = text.split("For the next review: notes on the policy's words", 1)[1].split(
        "Facilitator's answer sheet", 1
    )[0]
    for sid, words, _ in KNOWN:
        assert f"{sid} “{' '.join(words.split()[:3])}" in section
    assert "Suggested wording: “Logs of administration of medication and/or First Aid are kept" in section


def test_the_notice_and_retention_page_promise_no_more_than_the_note_on_telling_parents_allows(built: Path):
    """Audit 2 (M1, M3): the parent notice does not say the centre tells parents before the
    authorities as a rule, and the retention page gives both subject access tests of DPA 2018
    Sch 3 for child protection records (serious harm; the child's best interests)."""
    notice = pdf_text(built / "build/print/parents/fair-processing-notice.pdf", flat=True)
    assert "We usually talk to you first, but not if that could put your child at more risk or delay help" in notice
    assert "normally tell you first" not in notice
    # The threshold in the law's words (Children Act 1989 s.47; Working Together 2023), not
    # "may be at risk of harm" (audit 2026-12-06)
    assert (
        "We tell them when we are worried that a child is suffering, or is likely to suffer, significant harm" in notice
    )
    assert "may be at risk of harm" not in notice
    page = (built / "build/site/information/retention.html").read_text(encoding="utf-8")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "would not be in the child's best interests" in text and "serious harm" in text
    assert "(Schedule 3, Part 5, child abuse data)" in text
