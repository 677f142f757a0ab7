"""The September training pack: what changed, who is due, every answer resolves, and what a
member of staff reads on the printed pages (pdftotext)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, REPO, edit_data, pdf_text, run_handbook

from generator.core.project import Project

TRAINING = FIXTURES / "training"
PACK = "policy_data/training/2027-september.yaml"
STAFF_NAMES = [m["name"] for m in yaml.safe_load((TRAINING / "records/staff.yaml").read_text())["staff"]]


def handbook_with_releases(project: Path, last_session: str = "2026-09-01"):
    from generator.pipeline.handbook import load_and_check

    # The day of last year's session comes from the data (the 2027 pack's
    # previous_session_date), never from an assumption.
    edit_data(
        project,
        "policy_data/training/2027-september.yaml",
        "previous_session_date: null",
        f"previous_session_date: {last_session}",
    )
    # The fixture releases replace the project's own: the comparison must pick among these.
    shutil.rmtree(project / "policy_data/releases", ignore_errors=True)
    shutil.copytree(TRAINING / "releases", project / "policy_data/releases")
    hb, report = load_and_check(Project.at(project, project / "policy_data"))
    assert not report.errors, report.errors
    return hb


def load_records_fixture():
    from generator.features.records.model import load_records

    records, report = load_records(TRAINING / "records", Project.at(TRAINING).shown)
    assert not report.findings
    return records


# What changed ------------------------------------------------------------------------------


def test_changes_compare_with_the_release_in_force_last_september(project: Path):
    from generator.features.training.changes import compare

    hb = handbook_with_releases(project)
    changes = compare(hb, hb.training[0])
    # 2026-06-30 was in force on 1 September 2026; 2025-06-01 is older, 2026-10-01 came after.
    assert changes.since == dt.date(2026, 9, 1)
    assert changes.baseline.date == dt.date(2026, 6, 30)
    [conf] = changes.policies
    assert conf.baseline_version == 2
    assert [sid for sid, _ in conf.added] == ["CONF-STR-12"]
    assert [sid for sid, _ in conf.removed] == ["CONF-STR-13"]
    assert [r.id for r in conf.reworded] == ["CONF-LIA-06"]
    pieces = [(p.op, p.text) for p in conf.reworded[0].pieces]
    assert pieces == [
        ("equal", "Do not pass on addresses"),
        ("insert", "and telephone numbers"),
        ("equal", "of families except in exceptional"),
        ("delete", "circumstances."),
        ("insert", "circumstances or to a receiving school in line with GDPR procedures."),
    ]


def test_word_diff_marks_only_the_changed_words():
    from generator.features.training.changes import word_diff

    pieces = word_diff("Foster an ethos of trust within the centre.", "Foster an ethos of trust within the school.")
    assert [(p.op, p.text) for p in pieces] == [
        ("equal", "Foster an ethos of trust within the"),
        ("delete", "centre."),
        ("insert", "school."),
    ]


def test_without_last_septembers_date_the_pack_says_to_be_completed(built: Path):
    """Homerton's data gives no date for the September 2026 session: the pack does not assume
    1 September, it says the date is to be completed, and `check` reports it."""
    text = pdf_text(built / "build/print/training/september-2027.pdf", flat=True)
    assert "What changed since last September" in text
    # (The marker's box puts a space inside the brackets in the text layer.)
    assert re.search(
        r"This compares with the earliest release, of 28 November 2026, until the date of last "
        r"September's session is given \( ?To be completed ?\)\.",
        text,
    ), text
    assert "1 September 2026" not in text
    assert "No changes since version 1" in text
    result = run_handbook("check", cwd=built)
    line = next(
        i
        for i, l in enumerate((built / "policy_data/training/2027-september.yaml").read_text().splitlines(), 1)
        if l.startswith("previous_session_date:")
    )
    assert (
        f"policy_data/training/2027-september.yaml:{line}:1: warning: to be completed: the date of the September 2026 "
        "session"
    ) in result.stdout, result.stdout


@pytest.mark.prebuilt
def test_with_no_release_by_last_september_the_pack_compares_with_the_earliest(project: Path):
    edit_data(
        project,
        "policy_data/training/2027-september.yaml",
        "previous_session_date: null",
        "previous_session_date: 2026-09-03",
    )
    result = run_handbook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "the date of the September 2026 session" not in result.stderr
    text = pdf_text(project / "build/print/training/september-2027.pdf", flat=True)
    assert (
        "No release of the policies is dated on or before last September's session (3 September 2026), "
        "so this compares with the earliest release, of 28 November 2026."
    ) in text
    assert "No changes since version 1" in text


def test_without_any_release_the_pack_says_so(project: Path, tmp_path: Path):
    from generator.core.output import Output
    from generator.features.training.render import write_pack
    from generator.pipeline.features import context
    from generator.pipeline.handbook import load_and_check

    shutil.rmtree(project / "policy_data/releases")
    hb, report = load_and_check(Project.at(project))
    assert not report.errors
    output = Output(tmp_path)
    pdf = write_pack(hb, context(hb), hb.training[0], output, dt.date(2026, 11, 28))
    output.finish()
    text = pdf_text(pdf, flat=True)
    assert re.search(
        r"There is no earlier release to compare with: no release of the policies is dated before this session, "
        r"and last September's session has no date \( ?To be completed: the date of last September's session ?\)",
        text,
    ), text
    edit_data(
        project,
        "policy_data/training/2027-september.yaml",
        "previous_session_date: null",
        "previous_session_date: 2026-09-02",
    )
    hb, report = load_and_check(Project.at(project))
    pdf = write_pack(hb, context(hb), hb.training[0], output, dt.date(2026, 11, 28))
    output.finish()
    text = pdf_text(pdf, flat=True)
    assert (
        "There is no earlier release to compare with: no release of the policies is dated on or before 2 September 2026"
        in text
    )


def test_printed_changes_mark_words_in_black_and_white(project: Path, tmp_path: Path):
    from generator.core.output import Output
    from generator.features.training.render import write_pack
    from generator.pipeline.features import context

    hb = handbook_with_releases(project)
    output = Output(tmp_path)
    pdf = write_pack(hb, context(hb), hb.training[0], output, dt.date(2027, 8, 1))
    output.finish()
    text = pdf_text(pdf, flat=True)
    assert "Compared with the release of 30 June 2026" in text
    assert "1 added, 1 removed, 1 reworded" in text
    assert "Added • CONF-STR-12 Photographs of children are not used" in text
    assert "Removed • CONF-STR-13 Test fixture only: a statement that a later version removed." in text
    # The marker words carry the change without colour; <del>/<ins> carry it for software.
    assert (
        "CONF-LIA-06 Do not pass on addresses [added: and telephone numbers] of families except in exceptional "
        "[removed: circumstances.] [added: circumstances or to a receiving school in line with GDPR procedures.]"
    ) in text
    html = (tmp_path / "print/training/september-2027.html").read_text(encoding="utf-8")
    assert '<ins class="added">[added: and telephone numbers]</ins>' in html
    assert '<del class="removed">[removed: circumstances.]</del>' in html


# Training schedule -------------------------------------------------------------------------


def test_schedule_lists_due_overdue_and_new_starters_for_a_given_date():
    from generator.features.training.schedule import schedule
    from generator.pipeline.handbook import load_handbook

    hb, _ = load_handbook(Project.at(REPO, REPO / "policy_data"))
    s = schedule(hb, hb.training[0], load_records_fixture(), dt.date(2027, 9, 1))
    # The policy says every 36 months; the EYFS's two years is shorter, so the schedule plans by
    # 24 (training/guidance.months_to_plan): nobody is shown in date who is overdue under it.
    assert s.months == 24 and s.year_end == dt.date(2028, 8, 31)
    assert [(d.staff_id, d.due) for d in s.with_status("overdue")] == [
        ("avery", dt.date(2026, 3, 15)),
        ("harper", dt.date(2026, 8, 31)),
        ("blake", dt.date(2027, 1, 20)),
    ]
    assert [(d.staff_id, d.due) for d in s.with_status("due")] == [("casey", dt.date(2028, 5, 1))]
    assert [d.staff_id for d in s.with_status("no-record")] == ["drew"]  # emery is a new starter: induction first
    # New starters: started after last September's session (1 September 2026), whether or
    # not their induction is on record; long-serving staff are never new starters.
    assert (
        s.since == dt.date(2026, 9, 1) and not s.since_recorded
    )  # counted from 1 September, printed "To be completed"
    assert [(n.staff_id, n.start_date, n.induction) for n in s.new_starters] == [
        ("harper", dt.date(2027, 6, 7), dt.date(2027, 6, 7)),
        ("emery", dt.date(2027, 8, 23), None),
        ("gray", dt.date(2027, 10, 4), None),
    ]
    assert s.no_induction == []
    listed = {d.staff_id for d in s.due} | {n.staff_id for n in s.new_starters}
    assert "finley" not in listed  # left in July 2027


def test_schedule_depends_on_the_date_asked_about():
    from generator.features.training.schedule import schedule
    from generator.pipeline.handbook import load_handbook

    hb, _ = load_handbook(Project.at(REPO, REPO / "policy_data"))
    # blake's CP Service training falls due on 20 January 2027 (two years after 20 January 2025):
    # due, not yet overdue, in December; overdue in March.
    s = schedule(hb, hb.training[0], load_records_fixture(), dt.date(2026, 12, 1))
    assert [(d.staff_id, d.status) for d in s.due if d.staff_id == "blake"] == [("blake", "due")]
    assert not {"emery", "harper"} & {d.staff_id for d in s.due}  # not started yet
    s = schedule(hb, hb.training[0], load_records_fixture(), dt.date(2027, 3, 1))
    assert [(d.staff_id, d.status) for d in s.due if d.staff_id == "blake"] == [("blake", "overdue")]


def test_add_months_keeps_the_day_or_ends_the_month():
    from generator.features.training.schedule import add_months

    assert add_months(dt.date(2024, 3, 15), 36) == dt.date(2027, 3, 15)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


# The pack's data ---------------------------------------------------------------------------


def test_every_answer_and_key_point_resolves_to_a_statement():
    from generator.pipeline.handbook import load_and_check

    hb, report = load_and_check(Project.at(REPO, REPO / "policy_data"))
    assert not report.errors
    statements = hb.statements_by_id()
    pack = hb.training[0]
    assert 8 <= len(pack.quiz) <= 12 and 3 <= len(pack.scenarios) <= 5
    refs = list(pack.statement_refs())
    assert len(refs) > 30
    assert [sid for _, _, _, sid in refs if sid not in statements] == []
    assert {"CONF-LIA-06"} <= {sid for q in pack.quiz if "phone number" in q.question for sid in q.answers}


def test_a_dangling_answer_id_is_an_error_with_its_location(project: Path):
    path = project / PACK
    text = path.read_text(encoding="utf-8")
    old = "    answers: [CONF-LIA-03]\n"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, "    answers: [CONF-LIA-33]\n"), encoding="utf-8")
    before = run_handbook("build", cwd=project)
    result = run_handbook("check", cwd=project)
    assert result.returncode == 1
    assert re.search(
        rf"^{PACK}:{line}:15: error: unknown statement 'CONF-LIA-33'; did you mean 'CONF-LIA-03'\?$",
        result.stdout,
        re.M,
    ), result.stdout
    assert "Traceback" not in result.stderr
    assert before.returncode == 1 and not (project / "build").exists()


def test_interval_longer_than_guidance_is_reported_quoting_both(project: Path):
    from generator.pipeline.handbook import load_and_check

    hb, report = load_and_check(Project.at(project, project / "policy_data"))
    [cp] = [f for f in report.findings if f.code == "training.interval-over-advice" and "CP Service" in f.message]
    assert cp.message.startswith("CP Service child protection training every 36 months is longer than current guidance")
    assert str(cp.location).startswith(f"{PACK}:")
    assert '"every three years by the CP Service" (CONF-STR-05)' in cp.message
    assert "renewed at least every two years (24 months)" in cp.message
    # The policy's words are reported, never changed.
    assert "every three years by the CP Service" in hb.statement("CONF-STR-05").text


def test_dsl_interval_over_24_months_is_an_error_and_misquotes_are_caught(project: Path):
    from generator.pipeline.handbook import load_and_check

    path = project / PACK
    text = path.read_text(encoding="utf-8")
    text = text.replace("    months: null\n    source: CONF-STR-04", "    months: 36\n    source: CONF-STR-04")
    text = text.replace("quote: annually by the Head in September", "quote: twice a year by the Head")
    path.write_text(text, encoding="utf-8")
    _, report = load_and_check(Project.at(project, project / "policy_data"))
    messages = [f.message for f in report.errors]
    [dsl] = [f for f in report.findings if f.code == "training.interval-over-limit"]
    assert dsl.level == "error"
    assert dsl.message.startswith(
        "designated safeguarding lead training every 36 months is longer than current guidance"
    )
    assert "'twice a year by the Head' is not in the words of CONF-STR-05; quote the policy exactly" in messages


def test_review_calendar_takes_reviews_up_to_28_days_after_the_session(project: Path):
    from generator.features.training.calendar import review_calendar
    from generator.pipeline.handbook import load_handbook

    path = project / "policy_data/register.yaml"
    text = path.read_text(encoding="utf-8")
    entries = text.split("  - id: ")
    dates = {"confidentiality": "2027-09-29", "child-protection": "2027-09-30", "data-protection": "2026-12-01"}
    for i, entry in enumerate(entries):
        doc_id = entry.split("\n", 1)[0]
        if doc_id in dates:
            entries[i] = entry.replace("next_review: null", f"next_review: {dates[doc_id]}", 1)
    path.write_text("  - id: ".join(entries), encoding="utf-8")
    hb, _ = load_handbook(Project.at(project, project / "policy_data"))
    calendar = review_calendar(hb, hb.training[0])  # session date unset: 1 September 2027
    assert [e.id for e in calendar.due] == ["data-protection", "confidentiality"]


# The printed pack --------------------------------------------------------------------------


def test_pack_pdf_has_every_agenda_item_question_and_the_changes(built: Path):
    from generator.pipeline.handbook import load_handbook

    hb, _ = load_handbook(Project.at(built, built / "policy_data"))
    pack = hb.training[0]
    pdf = built / "build/print/training/september-2027.pdf"
    text = pdf_text(pdf, flat=True)
    for item in pack.agenda:
        assert item.title in text
    for q in pack.quiz:
        assert text.count(" ".join(q.question.split())) == 2  # the quiz, and the answer sheet
    for scenario in pack.scenarios:
        assert " ".join(scenario.situation.split()) in text
    for heading in [
        "Agenda",
        "What changed since last September",
        "Key points: Confidentiality Procedure & Guidelines",
        "Discussion scenarios",
        "Quiz",
        "Facilitator's answer sheet",
        "Sign-in sheet",
    ]:
        assert heading in text
    assert "To be completed: the session's date (the policy says “annually by the Head in September”)" in text


def test_answer_sheet_and_sign_in_sheet_start_new_pages(built: Path):
    from generator.pipeline.handbook import load_handbook

    hb, _ = load_handbook(Project.at(built, built / "policy_data"))
    raw = pdf_text(built / "build/print/training/september-2027.pdf")
    # Each page's text starts with its header: the draft mark, while the pack is not approved.
    pages = [p.lstrip().removeprefix("Draft: not yet approved") for p in raw.split("\f")]
    answer_page = next(p for p in pages if "For the facilitator only" in p)
    assert answer_page.lstrip().startswith("Facilitator's answer sheet")
    sign_in = next(p for p in pages if "Sign-in sheet" in p and "By signing" in p)
    assert sign_in.lstrip().startswith("Sign-in sheet")
    from generator.features.releases.versions import policy_version

    version = policy_version(hb, hb.policies["confidentiality"])
    assert f"Confidentiality Procedure & Guidelines, {version.label}, fingerprint {version.short}" in " ".join(
        sign_in.split()
    )
    # The answers are on the answer sheet only: the quiz pages have none.
    quiz_pages = " ".join(p for p in pages[: pages.index(answer_page)])
    assert (
        "Do not pass on addresses and telephone numbers"
        not in " ".join(quiz_pages.split()).split("Discussion scenarios")[1]
    )


def test_private_copy_names_staff_and_the_public_outputs_never_do(project: Path):
    records = project.parent / "records"
    shutil.copytree(TRAINING / "records", records)
    # The fixture's last row (for the schedule tests) is dated after the day asked about: the
    # records check, the same as `handbook status` runs, refuses a record of the future.
    refused = run_handbook("build", "--records", str(records), cwd=project, env={"HANDBOOK_DATE": "2027-09-01"})
    assert refused.returncode == 1
    assert "training.yaml:14:40: error: the date 2027-10-01 is in the future (today is 2027-09-01)" in refused.stderr
    rows = (records / "training.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    (records / "training.yaml").write_text("".join(r for r in rows if "2027-10-01" not in r), encoding="utf-8")
    result = run_handbook("build", "--records", str(records), cwd=project, env={"HANDBOOK_DATE": "2027-09-01"})
    assert result.returncode == 0, result.stderr
    private = pdf_text(project / "build/private/training/september-2027.pdf", flat=True)
    assert "Private copy: contains staff names" in private
    html = " ".join((project / "build/private/training/september-2027.html").read_text(encoding="utf-8").split())
    # Planned by the EYFS's two years, which is shorter than the policy's three (months_to_plan).
    for row in [
        "Avery Quill</td><td>Overdue</td><td>15 Mar 2024</td><td>15 Mar 2026",
        "Harper Coyle</td><td>Overdue</td><td>31 Aug 2024</td><td>31 Aug 2026",
        "Blake Marrow</td><td>Overdue</td><td>20 Jan 2025</td><td>20 Jan 2027",
        "Drew Pellow</td><td>No CP Service child protection training on record</td><td>none recorded</td><td>now",
        "Casey Thorn</td><td>Due this year</td><td>1 May 2026</td><td>1 May 2028",
    ]:
        assert row in html
    for name in ["Avery Quill", "Harper Coyle", "Drew Pellow", "Blake Marrow", "Casey Thorn"]:
        assert name in private
    assert "New starters since last September's session" in private
    assert re.search(
        r"A new starter is anyone who started after last September's session \( ?To be completed: the date of "
        r"last September's session ?; until it is given, this list counts from the start of September, "
        r"1 September 2026\)",
        private,
    ), private
    assert "Harper Coyle (started 7 June 2027): induction on record, 7 June 2027" in private
    assert "Emery Vance (started 23 August 2027): no induction on record, due 20 September 2027" in private
    assert "Gray Lindqvist (starts 4 October 2027): no induction on record, due 1 November 2027" in private
    sign_in = private[private.index("By signing") :]
    for name in ["Avery Quill", "Blake Marrow", "Casey Thorn", "Drew Pellow", "Emery Vance", "Harper Coyle"]:
        assert name in sign_in
    assert "Finley Oakes" not in sign_in and "Gray Lindqvist" not in sign_in  # left / not started by the session
    public = pdf_text(project / "build/print/training/september-2027.pdf", flat=True)
    assert "in the private copy of this pack" in public
    for folder in ("build/print", "build/site"):
        for path in (project / folder).rglob("*"):
            if path.is_file() and path.suffix in (".html", ".pdf", ".md", ".json", ".txt", ".xml"):
                content = (
                    pdf_text(path, flat=True)
                    if path.suffix == ".pdf"
                    else path.read_text(encoding="utf-8", errors="replace")
                )
                assert not [n for n in STAFF_NAMES if n in content], path


def test_records_with_an_unknown_person_stop_the_build(project: Path):
    records = project.parent / "records"
    shutil.copytree(TRAINING / "records", records)
    path = records / "training.yaml"
    path.write_text(path.read_text().replace("{staff: drew,", "{staff: drwe,"), encoding="utf-8")
    result = run_handbook("build", "--records", str(records), cwd=project)
    assert result.returncode == 1
    assert re.search(
        r"records/training\.yaml:\d+:\d+: error: unknown person 'drwe'; did you mean 'drew'\? \(not in staff\.yaml\)",
        result.stderr,
    ), result.stderr
    assert not (project / "build").exists()


def test_handbook_page_shows_the_public_parts_without_answers(built: Path):
    from test_site import visible_text

    text = visible_text(built / "build/site/training/september-2027.html")
    assert "A parent asks for another family's phone number" in text
    assert "What changed since last September" in text
    assert "Facilitator" not in text
    # Key points quote the policy; the quiz answers (e.g. CONF-LIA-03 for records access) do not appear.
    assert "CONF-LIA-03" not in text
    for name in STAFF_NAMES:
        assert name not in text


def test_pack_compared_with_the_earliest_release_does_not_claim_last_september(built):
    # No release existed by September 2026, so the 2027 pack compares with the earliest release
    # (28 November 2026): "as it did last September" would contradict the sentence above it.
    text = pdf_text(built / "build/print/training/september-2027.pdf", flat=True)
    assert "this compares with the earliest release" in text.lower()
    assert "every statement reads as it did in that release" in text
    assert "reads as it did last September" not in text


def test_in_this_pack_lists_only_what_the_pack_holds_and_no_interval_is_to_be_completed(project: Path):
    """A pack without scenarios, quiz or intervals (a starter) does not promise them: "In this
    pack" lists only its parts, there is no empty answer sheet, and the intervals table is
    "to be completed", never an empty table."""
    import html as html_lib

    from generator.features.training.render import pack_html
    from generator.pipeline.features import context
    from generator.pipeline.handbook import load_and_check

    hb, report = load_and_check(Project.at(project))
    assert not report.errors
    pack = hb.training[0]
    assert pack.scenarios and pack.quiz and pack.intervals  # Homerton's pack has every part

    def contents(page: str) -> list[str]:
        listed = page.split("<h2>In this pack</h2>", 1)[1].split("</ol>", 1)[0]
        return [html_lib.unescape(item) for item in re.findall(r"<li>(.*?)</li>", listed)]

    full = pack_html(hb, context(hb), pack, dt.date(2026, 11, 28))
    assert "Discussion scenarios" in contents(full) and "Quiz" in contents(full)
    assert any(item.startswith("Facilitator's answer sheet") for item in contents(full))
    bare = pack.model_copy(update={"scenarios": [], "quiz": [], "intervals": [], "key_points": []})
    page = pack_html(hb, context(hb), bare, dt.date(2026, 11, 28))
    assert contents(page) == [
        "Agenda",
        "What changed since last September",
        "Training this year and reviews due",
        "Sign-in sheet",
    ]
    assert 'id="answers"' not in page and 'class="intervals"' not in page
    words = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert re.search(
        r"How often the policy says staff are trained To be completed: how often the policy says", words
    ), words
