"""Guidance that stays current (issue 27, sections 2 and 3): one guidance file (the package's
generator/data/guidance.yaml, overridable by policy_data/guidance.yaml) that every output cites
by id with its edition and in-force date; `handbook check` warnings when it is due to be checked
or a new edition is expected; and the third audit's findings, asserted in the printed words."""

from __future__ import annotations

import datetime as dt
import html
import re
import typing
from pathlib import Path

import jinja2
import pytest
from conftest import REPO, edit_data, pdf_text, plain_mkdocs_site, run_handbook
from pydantic import BaseModel

from generator.core.voice import Voice
from generator.features.policies.kinds import package_table

GLOSSARY = "policy_data/glossary.yaml"
# KCSIE 2026 was consulted on but no public source checked confirms its final text: every
# citation of the 2025 edition says so (guidance/cite.newer_edition_caveat).
KCSIE_CITED = (
    "Keeping children safe in education 2025 (in force from 1 September 2025; a 2026 edition has been "
    "proposed, but no public source checked confirms its final text or the day it comes into force)"
)
EYFS_CITED = (
    "Early years foundation stage statutory framework for group and school-based providers, "
    "September 2025 (in force from 1 September 2025)"
)


def words(path: Path) -> str:
    """A page's words, tags removed and spaces squeezed."""
    text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return " ".join(html.unescape(text).split())


def check(root: Path, **env: str) -> tuple[int, str]:
    result = run_handbook("check", cwd=root, env=env or None)
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    return result.returncode, out


# --- the file itself -----------------------------------------------------------------------------


def test_the_packaged_guidance_records_each_document_with_its_source_and_dates():
    from generator.core.load import load_yaml
    from generator.features.guidance.model import GuidanceFile

    path = REPO / "generator/data/guidance.yaml"
    docs = {d.id: d for d in GuidanceFile.model_validate(load_yaml(path, "guidance.yaml").data).documents}
    for needed in (
        "kcsie",
        "eyfs-group",
        "eyfs-childminders",
        "working-together",
        "uk-gdpr",
        "dpa-2018",
        "duaa-2025",
        "irms-toolkit",
        "children-act-1989",
    ):
        assert needed in docs, needed
    kcsie = docs["kcsie"]
    # Checked on 6 December 2026 (audit): a 2026 edition was consulted on for September 2026, and
    # no source seen confirms its final text or that it is in force, so the 2025 edition is the one
    # in force and the 2026 edition is recorded as unconfirmed.
    assert (kcsie.edition, kcsie.in_force_from, kcsie.final_text_confirmed) == ("2025", dt.date(2025, 9, 1), True)
    assert kcsie.unconfirmed_edition == "2026" and "consulted" in kcsie.status
    assert kcsie.next_edition_from() == dt.date(2026, 9, 1)
    assert "s.119" not in docs["duaa-2025"].status and "Section 119" in docs["duaa-2025"].status
    for doc in docs.values():
        assert doc.source_url.startswith("https://") and doc.checked <= doc.check_again_by


def test_a_citation_prints_the_edition_and_the_day_it_came_into_force():
    from generator.features.guidance.cite import cite_document
    from generator.features.guidance.model import GuidanceDocument

    base = dict(source_url="https://example.org/x", checked=dt.date(2026, 12, 6), check_again_by=dt.date(2027, 6, 1))
    kcsie = GuidanceDocument(
        id="kcsie",
        title="Keeping children safe in education",
        edition="2025",
        in_force_from=dt.date(2025, 9, 1),
        new_edition_each_year="09-01",
        **base,
    )
    assert (
        cite_document(kcsie, "Part four")
        == "Keeping children safe in education 2025 (in force from 1 September 2025), Part four"
    )
    assert kcsie.next_edition_from() == dt.date(2026, 9, 1)
    toolkit = GuidanceDocument(
        id="t", title="Information Management Toolkit for Schools", final_text_confirmed=False, **base
    )
    assert cite_document(toolkit) == "Information Management Toolkit for Schools (edition not confirmed)"
    act = GuidanceDocument(id="a", title="Children Act 1989", in_force_from=dt.date(1991, 10, 14), **base)
    assert cite_document(act, "section 17") == "Children Act 1989 (in force from 14 October 1991), section 17"


def test_every_data_file_that_can_cite_guidance_is_checked_for_unknown_ids():
    """Walk every kind of data file's model: any that holds a Citation must be among those the
    guidance check walks, so a new citing field cannot escape the unknown-id check."""
    from generator.features.guidance.check import CITING_SOURCES
    from generator.features.guidance.model import Citation
    from generator.pipeline.handbook import SOURCES

    def holds_citation(model: type[BaseModel], seen: set) -> bool:
        if model is Citation:
            return True
        if model in seen:
            return False
        seen.add(model)
        for info in model.model_fields.values():
            todo = [info.annotation]
            while todo:
                annotation = todo.pop()
                if (
                    isinstance(annotation, type)
                    and issubclass(annotation, BaseModel)
                    and holds_citation(annotation, seen)
                ):
                    return True
                todo.extend(typing.get_args(annotation))
        return False

    citing = {key for key, kind in SOURCES.items() if holds_citation(kind.model, set())}
    assert {"glossary", "retention"} <= citing
    assert citing <= set(CITING_SOURCES), citing - set(CITING_SOURCES)


# --- handbook check ------------------------------------------------------------------------------


def test_check_warns_when_an_entry_is_due_to_be_checked_again(project: Path):
    code, out = check(project, HANDBOOK_DATE="2027-02-01")
    assert code == 0, out
    line = next(
        i
        for i, l in enumerate((REPO / "generator/data/guidance.yaml").read_text().splitlines(), 1)
        if l.strip() == "check_again_by: 2027-01-31"
    )
    assert re.search(
        rf"generator/data/guidance\.yaml:{line}:\d+: warning: 'kcsie' \(Keeping children safe in education 2025\) was "
        r"last checked on 6 December 2026 and was due to be checked again by 31 January 2027: check "
        r"https://www\.gov\.uk/\S+ and update",
        out,
    ), out
    # On the day before, nothing is due.
    assert "due to be checked again" not in check(project, HANDBOOK_DATE="2027-01-31")[1]


def test_check_warns_when_a_new_edition_was_expected_but_the_data_names_the_old_one(project: Path):
    """A model repository (or project) overrides the package's entry by id: here one that
    still names KCSIE 2025 after 1 September 2026."""
    (project / "policy_data/guidance.yaml").write_text(
        "documents:\n"
        "  - id: kcsie\n"
        "    title: Keeping children safe in education\n"
        "    edition: '2025'\n"
        "    in_force_from: 2025-09-01\n"
        "    source_url: https://www.gov.uk/government/publications/keeping-children-safe-in-education--2\n"
        "    checked: 2025-09-01\n"
        "    check_again_by: 2027-06-01\n"
        "    new_edition_each_year: '09-01'\n",
        encoding="utf-8",
    )
    code, out = check(project, HANDBOOK_DATE="2026-09-01")
    assert code == 0, out
    assert re.search(
        r"policy_data/guidance\.yaml:4:5: warning: 'kcsie' still names Keeping children safe in "
        r"education 2025, but a new edition was expected to come into force on 1 September 2026",
        out,
    ), out
    assert "new edition was expected" not in check(project, HANDBOOK_DATE="2026-08-31")[1]
    # The override reaches the printed words: the training check cites the edition the data names.
    assert (
        "current guidance: Keeping children safe in education 2025 (in force from 1 September 2025): the designated"
        in out
    )


def test_an_unknown_document_id_is_an_error_with_a_suggestion(project: Path):
    line = edit_data(
        project, GLOSSARY, "cites: [{document: kcsie, part: Part four}]", "cites: [{document: kcsei, part: Part four}]"
    )
    code, out = check(project)
    assert code == 1
    assert re.search(
        rf"{GLOSSARY}:{line}:\d+: error: 'kcsei' is not a document in guidance\.yaml; did you mean 'kcsie'\?", out
    ), out


def test_the_old_free_text_source_still_works_and_says_how_to_upgrade(project: Path):
    """Projects written before guidance.yaml keep working: a free-text source is read and
    printed; the check says which `cites` to write so the edition is printed too."""
    line = edit_data(
        project,
        GLOSSARY,
        "cites: [{document: kcsie, part: Part four}]",
        "source: Keeping Children Safe in Education, Part four",
    )
    code, out = check(project)
    assert code == 0, out
    assert re.search(
        rf"{GLOSSARY}:{line}:5: warning: source names Keeping children safe in education 2025 as free "
        r"text, printed without its edition: cite it from guidance\.yaml instead "
        r"\(cites: \[\{document: kcsie\}\]",
        out,
    ), out
    from generator.core.project import Project
    from generator.features.glossary.pages import glossary_section
    from generator.pipeline.handbook import load_and_check

    handbook, _ = load_and_check(Project.at(project))
    page = glossary_section(handbook).pages[0][2]
    assert "This comes from Keeping Children Safe in Education, Part four." in page


# --- the printed words ---------------------------------------------------------------------------


def test_the_glossary_cites_guidance_with_edition_in_whole_sentences(built: Path):
    text = words(built / "build/site/glossary.html")
    assert f"Source. This comes from {KCSIE_CITED}, Part four." in text  # allegations against staff
    assert "This comes from Children Act 1989 (in force from 14 October 1991), section 17." in text
    assert "Annex A" not in text and "Annex C" not in text  # what the 2026 draft changes
    assert "education 2026" not in text  # an unconfirmed edition is never cited (audit, 2026-12-06)
    assert "Source: " not in text
    # M8-M12
    assert "significantly impaired without them" in text and "significantly harmed without them" not in text
    assert "not opting out is not consent" in text
    assert "From September 2025 the EYFS asks" not in text
    special = text.split("Special category data", 1)[1].split("Special educational needs", 1)[0]
    assert "sensitive information" not in special


def test_the_training_pack_cites_guidance_with_edition_and_notes_for_the_facilitator(built: Path):
    # The intervals table reads across columns on paper: its words are asserted in the pack's HTML.
    table = words(built / "build/print/training/september-2027.html")
    assert f"{EYFS_CITED}: practitioners' safeguarding training is renewed at least every two years" in table
    assert f"{KCSIE_CITED}: the designated safeguarding lead and deputies update their training" in table
    assert "Keeping Children Safe in Education:" not in table  # no citation without its edition
    pack = pdf_text(built / "build/print/training/september-2027.pdf", flat=True)
    # M4: the first step is to pass the request on; M5: the DSL decides, 999; M6: not simply three years
    assert "The first step for staff is to pass the request to the Head or the Data Protection Officer" in pack
    assert "if a child is in immediate danger call 999" in pack
    # No source checked confirms Working Together 2023 says "call 999": it is not cited for it
    assert "call 999, as Working together" not in pack
    assert "is not enough on its own" in pack and "at least every two years" in pack
    # the review note on CONF-STR-05 travels with the pack; the wrong one on CONF-AIM-05 is gone
    assert "Three years is longer than current guidance allows, which is at least every two years" in pack
    assert "a centre, not a school" not in pack


def test_records_access_is_described_with_its_exemptions(built: Path):
    """W2: wherever records access is described, the exemptions and who decides."""
    retention = words(built / "build/site/information/retention.html")
    assert "Access to child protection records is subject to exemptions" in retention
    assert "(Data Protection Act 2018, Schedules 2 and 3), judged request by request" in retention
    # audit 2 (M3): the child abuse data test (Sch 3 Part 5) beside serious harm
    assert (
        "where giving it would not be in the child's best interests (Schedule 3, Part 5, child abuse data)" in retention
    )
    # audit 3 (M1): Homerton is a maintained nursery school, so its pupils' records are education data
    assert "(Schedule 3, Part 4, education data)" in retention
    # who decides (audit 3, m1; audit 2026-12-06): the setting, advised by the DSL and the DPO
    # (UK GDPR Art 39); health information is held back only on a health professional's opinion
    # (DPA 2018 Sch 3 Part 2), so the DSL does not decide it alone
    assert (
        "The centre decides what is shown, advised by the designated safeguarding lead on child protection records "
        "and by the Data Protection Officer; health information is held back on the serious harm test only where a "
        "health professional's opinion is that showing it would be likely to cause serious harm (Schedule 3, Part 2)."
    ) in retention
    assert "The designated safeguarding lead decides what is shown" not in retention
    assert "the child's parents on request" not in retention
    # M17: IICSA closed
    assert "the Inquiry closed in October 2022" in retention
    assert "must not be destroyed" not in retention
    # Audit 2026-12-06 (7): a period no public source confirms is never printed as guidance ...
    medication = retention.split("The log of medication given to an individual child", 1)[1].split(
        "First aid and accident log", 1
    )[0]
    assert "+ 25 years" not in medication
    assert (
        "Guidance only (not the centre's period) To be completed: no public source checked gives a period for "
        "this record yet; check Information Management Toolkit for Schools (edition not confirmed)."
    ) in medication
    # ... and the allegations row gives the period with the sources that say it: KCSIE Part four
    # (its edition from guidance.yaml) and the NSCB page, and that only malicious allegations are
    # removed from personnel records (issue 27 M17; audit 2026-12-06, 7).
    assert (
        "At least until the person reaches normal retirement age, or for 10 years if that is longer. This comes "
        f'from {KCSIE_CITED}, Part four; and NSCB procedures for staff and volunteers, "Record keeping" '
        "(not dated; one local safeguarding partnership's procedures, "
        "https://www.nscb.org.uk/staff-and-volunteers/procedures/record-keeping). The Part four cited also says "
        "that details of an allegation found to be malicious (shown to be untrue and a deliberate act to deceive) "
        "should be removed from personnel records. For any other outcome, including false, unsubstantiated or "
        "unfounded, a summary of the case is kept on the person's confidential personnel file"
    ) in retention
    # KCSIE removes only a malicious allegation's details: never "malicious or false" (audit 2026-12-06).
    assert "malicious or false" not in retention
    review = words(built / "build/site/review/next-review.html")
    assert "Data Protection Act 2018, Schedule 3" in review  # the note on CONF-LIA-03
    assert "only shared with parents/carers who bring/collect" in review  # M2, CONF-STR-03
    assert "every three years by the CP Service" in review  # M6, CONF-STR-05
    assert "a centre, not a school" not in review  # W3


def test_the_register_lists_the_notice_given_to_parents_and_the_new_draft_apart(built: Path):
    register = words(built / "build/site/register.html")
    assert (
        "Fair Processing Notice given to parents/carers (the centre's current notice) Held by the setting" in register
    )
    assert "Fair processing notice for parents/carers (new draft) In this handbook" in register
    assert re.search(r"with its review status as of \d{1,2} [A-Z][a-z]+ 20\d\d\.", register)
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", register)


def test_a_draft_in_the_handbook_is_never_in_date(project: Path):
    """M15: a policy still a draft shows "Draft: not yet approved", never "In date"."""
    from generator.core.project import Project
    from generator.features.policies.pages import draft_aware_status
    from generator.pipeline.features import context
    from generator.pipeline.handbook import load_and_check

    edit_data(
        project,
        "policy_data/register.yaml",
        "    next_review: null\n  - id: child-protection\n",
        "    next_review: 2027-09-01\n  - id: child-protection\n",
    )
    handbook, _ = load_and_check(Project.at(project))
    entry = handbook.register["confidentiality"]
    assert entry.next_review == dt.date(2027, 9, 1)
    assert handbook.draft_mark("policy/confidentiality") is not None
    assert draft_aware_status(handbook, context(handbook))(entry, handbook.as_of) == "draft"


def test_a_draft_notice_shows_no_issue_date():
    """The notice's edition line (under its title): a draft has not been issued (M15)."""
    from generator.features.notice.content import LABELS
    from generator.features.notice.render import _edition

    class View:
        labels = {**LABELS, "version": "Version", "draft": "Draft", "reference": "Reference", "printed": "Printed"}
        language = "en"

    class Notice:
        version, issued = "2", dt.date(2026, 11, 1)

    assert _edition(View, Notice, "ab" * 32, draft=True).startswith("Draft · ")
    assert "1 November 2026" not in _edition(View, Notice, "ab" * 32, draft=True)
    assert _edition(View, Notice, "ab" * 32).startswith("Version 2, 1 November 2026")


def test_the_notice_names_collecting_carers_and_does_not_read_as_complete(built: Path):
    notice = pdf_text(built / "build/print/parents/fair-processing-notice.pdf", flat=True)
    assert (
        "Parents or carers who bring or collect your child (medicine and first aid log only)" in notice
    )  # M2, and the limit on the first page too
    assert "To be completed: who the law requires us to share information with" in notice  # M3
    page = words(built / "build/site/parents/fair-processing-notice.html")
    assert "build/print" not in page  # no build paths on staff pages


def test_printed_checklists_carry_no_web_paths(built: Path):
    for pdf in sorted((built / "build/print/checklists").glob("*.pdf")):
        text = pdf_text(pdf, flat=True)
        assert ".html#" not in text and "policies/" not in text, pdf.name
        # ... and so their instructions promise none: the reference is the id alone, found by search.
        assert "after #" not in text and "the page, and" not in text, pdf.name
        assert (
            "The reference after each item is its statement id: type it into the staff handbook's search box" in text
        ), pdf.name


def test_the_accessibility_statements_do_not_claim_the_regulations_or_an_untested_result(built: Path):
    homerton = words(built / "build/site/accessibility.html")
    assert "do not apply to the websites of nurseries and schools, including maintained nursery schools" in homerton
    assert "We follow the Web Content Accessibility Guidelines (WCAG) 2.2 AA voluntarily." in homerton
    template = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(
        (REPO / "generator/templates/new/docs/accessibility.md.j2").read_text(encoding="utf-8")
    )
    for a11y in (None, True, "partly", False):  # every branch, in the voice of a nursery
        starter = " ".join(template.render(a11y=a11y, v=Voice("the nursery")).split())
        assert "This handbook's own pages have not yet been tested against WCAG 2.2 AA, so we make no claim" in starter
        assert "Automated testing finds no failures" not in starter
        assert "This applies if the setting is a public sector body" not in starter


@pytest.mark.parametrize("kind", package_table().kinds, ids=lambda k: k.id)
def test_check_warns_once_per_file_when_kcsie_is_cited_where_it_does_not_apply(project: Path, kind):
    """Walks every kind of the kinds table: KCSIE cited as the source of a glossary definition
    or a retention guideline is reported exactly where the table says KCSIE does not apply."""
    edit_data(project, "policy_data/setting.yaml", "kind: maintained-nursery-school", f"kind: {kind.id}")
    code, out = check(project)
    warned = re.findall(
        r"(\S+):\d+:\d+: warning: (\d+) citations? of Keeping children safe in education in this "
        r"file, which does not apply to this kind of setting",
        out,
    )
    if kind.kcsie.applies is False:
        # Homerton's glossary and retention schedule (allegations: KCSIE Part four) cite it.
        assert {f for f, _ in warned} == {GLOSSARY, "policy_data/retention.yaml"}, out
    else:
        assert warned == [], out


@pytest.mark.prebuilt
def test_a_childminder_is_sent_to_the_childminders_framework(project: Path, tmp_path: Path):
    """The glossary copied from a group setting cites eyfs-group; a childminder follows the
    childminders' framework, so that is the one printed."""
    edit_data(project, "policy_data/setting.yaml", "kind: maintained-nursery-school", "kind: childminder")
    result = plain_mkdocs_site(project, tmp_path / "site")  # the glossary page; no PDF is read
    assert result.returncode == 0, result.stderr[-2000:]
    glossary = words(tmp_path / "site/glossary.html")
    assert EYFS_CITED not in glossary
    assert (
        "Early years foundation stage statutory framework for childminders, September 2025 "
        "(in force from 1 September 2025)"
    ) in glossary


@pytest.mark.prebuilt
def test_a_pack_for_a_session_after_the_next_edition_says_the_edition_cited_may_not_be_in_force(project: Path):
    """Printed in December for next September: KCSIE has a new edition each 1 September, so the
    pack must not present today's edition as the session's.  A session before the new edition
    is cited without the warning."""
    result = run_handbook("build", "-q", cwd=project)
    assert result.returncode == 0, result.stderr[-2000:]
    table = words(project / "build/print/training/september-2027.html")
    # KCSIE 2026 is recorded as unconfirmed: whatever the session's day, the pack says to check.
    unconfirmed = "Check which edition is in force, and what it says, before the session"
    assert (
        f"{KCSIE_CITED}: the designated safeguarding lead and deputies update their training at least every two years. {unconfirmed}"
        in table
    )
    # A confirmed edition with the next one expected on a known day (an override of the entry):
    # the pack names that day.
    (project / "policy_data/guidance.yaml").write_text(
        "documents:\n"
        "  - id: kcsie\n"
        "    title: Keeping children safe in education\n"
        "    edition: '2026'\n"
        "    in_force_from: 2026-09-01\n"
        "    source_url: https://www.gov.uk/government/publications/keeping-children-safe-in-education--2\n"
        "    checked: 2026-12-06\n"
        "    check_again_by: 2027-06-01\n"
        "    new_edition_each_year: '09-01'\n",
        encoding="utf-8",
    )
    result = run_handbook("build", "-q", cwd=project)
    assert result.returncode == 0, result.stderr[-2000:]
    table = words(project / "build/print/training/september-2027.html")
    warning_words = "A newer edition is expected to come into force on 1 September 2027, before this session"
    assert (
        "Keeping children safe in education 2026 (in force from 1 September 2026): the designated safeguarding "
        f"lead and deputies update their training at least every two years. {warning_words}"
    ) in table
    # EYFS has no yearly edition: no warning beside it.
    assert (
        f"{EYFS_CITED}: practitioners' safeguarding training is renewed at least every two years {warning_words}"
        not in table
    )
    pack = project / "policy_data/training/2027-september.yaml"
    text = pack.read_text(encoding="utf-8")
    assert "  date: null" in text
    pack.write_text(text.replace("  date: null", "  date: 2027-08-31", 1), encoding="utf-8")
    result = run_handbook("build", "-q", cwd=project)
    assert result.returncode == 0, result.stderr[-2000:]
    assert warning_words not in words(project / "build/print/training/september-2027.html")


# --- an edition without a confirmed day in force (audit, 2026-12-06: KCSIE 2026) -----------------

UNCONFIRMED_KCSIE = (
    "documents:\n"
    "  - id: kcsie\n"
    "    title: Keeping children safe in education\n"
    "    edition: '2027'\n"
    "    final_text_confirmed: false\n"
    "    source_url: https://www.gov.uk/government/publications/keeping-children-safe-in-education--2\n"
    "    checked: 2026-12-06\n"
    "    check_again_by: 2027-06-01\n"
)


def test_an_unconfirmed_edition_cannot_be_given_a_day_in_force(project: Path):
    (project / "policy_data/guidance.yaml").write_text(
        UNCONFIRMED_KCSIE.replace(
            "    final_text_confirmed", "    in_force_from: 2027-09-01\n    final_text_confirmed"
        ),
        encoding="utf-8",
    )
    code, out = check(project)
    assert code == 1, out
    assert re.search(
        r"policy_data/guidance\.yaml:\d+:\d+: error: .*in_force_from is given for an edition whose final text is "
        r"not confirmed .*record this one as unconfirmed_edition",
        out,
    ), out


def built_words(root: Path) -> dict[str, str]:
    """Every built page's and paper's words: the site's and the print folder's HTML, and the PDFs."""
    found = {}
    for path in sorted((root / "build").rglob("*")):
        if path.suffix == ".html":
            found[str(path.relative_to(root))] = words(path)
        elif path.suffix == ".pdf":
            found[str(path.relative_to(root))] = pdf_text(path, flat=True)
    return found


@pytest.mark.prebuilt
def test_no_output_prints_an_edition_without_a_confirmed_day_in_force_as_in_force(project: Path):
    """Walks every guidance entry whose edition has no confirmed day in force (here KCSIE named
    as an unconfirmed 2027 edition, and the package's IRMS toolkit) through every built page
    and paper: each is cited, and never "in force"."""
    from generator.core.project import Project
    from generator.features.guidance.cite import document_name
    from generator.pipeline.handbook import load_and_check

    (project / "policy_data/guidance.yaml").write_text(UNCONFIRMED_KCSIE, encoding="utf-8")
    result = run_handbook("build", "-q", cwd=project)
    assert result.returncode == 0, result.stderr[-2000:]
    handbook, _ = load_and_check(Project.at(project))
    unconfirmed = [d for d in handbook.guidance.values() if not (d.in_force_from and d.final_text_confirmed)]
    assert {"kcsie", "irms-toolkit"} <= {d.id for d in unconfirmed}
    outputs = built_words(project)
    assert outputs
    cited = set()
    for doc in unconfirmed:
        name = document_name(doc)
        for where, text in outputs.items():
            for match in re.finditer(re.escape(name), text):
                after = text[match.end() : match.end() + 60]
                assert not re.match(r"\s*\(in force", after), f"{where}: {name}{after}"
                if re.match(r"\s*\([^)]*not confirmed", after):
                    cited.add(doc.id)
    assert {"kcsie", "irms-toolkit"} <= cited  # each is cited, and said to be not confirmed
    # The 2025 text quoted in the pack is not attributed to the unconfirmed edition's day.
    assert not any("1 September 2027)" in text and "education 2027 (in force" in text for text in outputs.values())


# --- guidance named in drafted words must carry its edition -------------------------------------

DRAFTED = [
    # (file, text there, the same words naming guidance without an edition)
    (
        "checklists/all-staff.yaml",
        "as the\n      {cite:eyfs-group} requires",
        "as the\n      EYFS requires",
    ),
    # the edition without the day it came into force (audit, 2026-12-06: ALL-ACK-03)
    (
        "checklists/all-staff.yaml",
        "as the\n      {cite:eyfs-group} requires",
        "as the\n      EYFS (September 2025 edition) requires",
    ),
    (
        "policy_data/policies/confidentiality.yaml",
        "{cite:kcsie} requires the designated safeguarding lead and",
        "Keeping children safe in education requires the designated safeguarding lead and",
    ),
    # the edition and its day, without the caveat every KCSIE 2025 citation carries
    (
        "policy_data/training/2027-september.yaml",
        "and {cite:kcsie} asks the",
        "and Keeping children safe in education 2025 (in force from 1 September 2025) asks the",
    ),
    (
        "policy_data/training/2027-september.yaml",
        "procedures, under {cite:working-together}).",
        "procedures, under Working together to safeguard children).",
    ),
    (
        GLOSSARY,
        "kept in UK law, which together with the Data Protection Act 2018 sets the rules.",
        "kept in UK law, which together with the Data Protection Act 2018 sets the rules, as KCSIE says.",
    ),
]


@pytest.mark.parametrize("rel, good, bad", DRAFTED, ids=[f"{d[0]}-{n}" for n, d in enumerate(DRAFTED)])
def test_drafted_words_naming_guidance_without_its_edition_are_reported(project: Path, rel, good, bad):
    """Each kind of words the tool drafts (a checklist item, a review note, a training pack's
    facilitator note, a glossary definition): naming guidance without the edition guidance.yaml
    gives is reported where it is written; the bundled words, which carry it, are not."""
    code, out = check(project)
    assert code == 0 and "without its edition" not in out, out
    line = edit_data(project, rel, good, bad)
    code, out = check(project)
    assert code == 0, out
    # Reported at the field that holds the words (its key, a few lines above the edit).
    reported = re.findall(
        rf"{re.escape(rel)}:(\d+):\d+: warning: \"[^\"]+\" names .* without its edition and the day it came "
        r"into force: write \{cite:[a-z-]+\}",
        out,
    )
    assert reported and line - 6 <= int(reported[0]) <= line, out


# --- every citation in every output: edition, day in force, caveat (audit, 2026-12-06) ---------


def _reading_words(path: Path) -> str:
    """A built page's words as a reader meets them in running text: headings and glossary terms
    left out (a term's name, "Keeping Children Safe in Education (KCSIE)", is not a citation;
    its Source line is)."""
    if path.suffix == ".pdf":
        return pdf_text(path, flat=True)
    text = re.sub(r"(?s)<(script|style|h[1-6]|dt)\b.*?</\1>", " ", path.read_text(encoding="utf-8"))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _beside(doc, hb) -> list[str]:
    """What guidance.yaml says must be printed beside a document's name."""
    from generator.core.clock import long_date
    from generator.features.guidance.cite import newer_edition_caveat

    said = [doc.edition]
    if doc.in_force_from and doc.final_text_confirmed:
        said.append(long_date(doc.in_force_from))
    if doc.unconfirmed_edition:
        said.append(newer_edition_caveat(doc))
    return said


def test_every_guidance_title_in_any_output_has_its_edition_and_day_in_force_beside_it(built: Path):
    """Walks every published guidance document of guidance.yaml (those with a publisher and an
    edition) through every built page and PDF: wherever its title is printed, its edition, the
    day it came into force and, for KCSIE 2025, that a 2026 edition is proposed but unconfirmed
    follow it; a short name followed by the edition has the rest too ("EYFS (September 2025
    edition)" alone was the audit's ALL-ACK-03).  No output calls the unconfirmed edition in
    force."""
    from generator.core.project import Project
    from generator.pipeline.handbook import load_and_check

    hb, _ = load_and_check(Project.at(built))
    docs = [d for d in hb.guidance.values() if d.publisher and d.edition]
    assert {"kcsie", "eyfs-group", "working-together", "information-sharing"} <= {d.id for d in docs}
    outputs = {
        str(p.relative_to(built)): _reading_words(p)
        for p in sorted((built / "build").rglob("*"))
        if p.suffix in (".html", ".pdf") and "/assets/" not in str(p) and ".cache" not in str(p)
    }
    assert any(k.endswith(".pdf") for k in outputs) and any("glossary" in k for k in outputs)
    found: dict[str, int] = {}
    wrong = []
    for doc in docs:
        beside = _beside(doc, hb)
        title = re.compile(r"(?<![\w-])" + re.escape(doc.title) + r"(?![\w-])", re.IGNORECASE)
        short = [re.compile(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])") for n in doc.also_known_as if n != doc.title]
        for where, text in outputs.items():
            for match in title.finditer(text):
                found[doc.id] = found.get(doc.id, 0) + 1
                after = text[match.end() : match.end() + 300]
                if not all(said in after for said in beside):
                    wrong.append(f"{where}: {text[match.start() : match.end() + 200]}")
            for pattern in short:
                for match in pattern.finditer(text):
                    after = text[match.end() : match.end() + 300]
                    if doc.edition in after[:40] and not all(said in after for said in beside):
                        wrong.append(f"{where}: {text[match.start() : match.end() + 200]}")
            if doc.unconfirmed_edition:
                assert not re.search(rf"{re.escape(doc.title)} {doc.unconfirmed_edition} \(in force", text, re.I), where
    assert not wrong, "\n".join(wrong[:10])
    assert {"kcsie", "eyfs-group", "working-together", "information-sharing"} <= set(found), found


def test_a_cite_placeholder_is_read_from_guidance_yaml_and_an_unknown_id_is_an_error(project: Path):
    """`{cite:ID}` in drafted words prints the citation as guidance.yaml gives it (so a new
    edition reaches every printed sentence); a typing slip in the id is an error at its line."""
    line = edit_data(
        project,
        "policy_data/training/2027-september.yaml",
        "procedures, under {cite:working-together}).",
        "procedures, under {cite:working-togther}).",
    )
    code, out = check(project)
    assert code == 1, out
    reported = re.search(
        r"policy_data/training/2027-september\.yaml:(\d+):\d+: error: '\{cite:working-togther\}' is printed as it "
        r"is: 'working-togther' is not a document in guidance\.yaml",
        out,
    )
    assert reported, out
    assert line - 6 <= int(reported.group(1)) <= line  # at the field that holds the words


def test_a_statement_under_review_says_so_wherever_it_is_printed(built: Path):
    """Every statement with a review note (the policy's words known to be at fault, such as
    CONF-STR-05's "every three years"): every page and paper that prints its words prints
    "Under review: ..." beside them, so none presents the words as the requirement.  The review
    page itself sets the notes out in full."""
    from generator.core.fragments import under_review
    from generator.core.project import Project
    from generator.pipeline.handbook import load_and_check

    hb, _ = load_and_check(Project.at(built))
    noted = [s for s in hb.statements_by_id().values() if s.review_notes]
    assert "CONF-STR-05" in {s.id for s in noted}
    printed = 0
    for path in sorted((built / "build").rglob("*")):
        if path.suffix not in (".html", ".pdf") or "review" in path.parts or "/assets/" in str(path):
            continue
        text = _reading_words(path)
        for statement in noted:
            words = " ".join(statement.text.split())
            for match in re.finditer(re.escape(words), text):
                printed += 1
                after = text[match.end() : match.end() + 200]
                said = " ".join(under_review(statement).split())[:60]
                assert said in after, f"{path.relative_to(built)}: {statement.id} printed without its review note"
    assert printed >= 10  # the policy page, the role pages, the checklists on the site and on paper, the pack
