"""Issue 10: the retention schedule and the FOI guide to information are checked data."""

from __future__ import annotations

import re

from conftest import edit_data, run_handbook

POLICY = "policy_data/policies/confidentiality.yaml"
RETENTION = "policy_data/retention.yaml"
SCHEME = "policy_data/publication-scheme.yaml"


def test_record_kind_not_in_schedule_is_an_error(project):
    line = edit_data(
        project, POLICY, "retention: [medication-log, first-aid-log]", "retention: [medication-log, first-aid-logs]"
    )
    result = run_handbook("check", cwd=project)
    assert result.returncode == 1
    assert re.search(
        rf"^{POLICY}:{line}:\d+: error: unknown retention entry 'first-aid-logs'; did you mean 'first-aid-log'\?",
        result.stdout,
        re.M,
    ), result.stdout


def test_unset_period_is_reported_and_shown_to_be_completed(built):
    result = run_handbook("check", cwd=built)
    lines = (built / RETENTION).read_text().splitlines()
    period_line = next(i for i, l in enumerate(lines, 1) if l.strip() == "period: null")
    assert (
        f"{RETENTION}:{period_line}:5: warning: to be completed: 'child-protection-records' has no retention period"
        in result.stdout
    )
    page = (built / "build/site/information/retention.html").read_text()
    section = page[page.index('id="child-protection-records"') :]
    section = section[: section.index("</table>")]
    assert re.search(
        r"The centre's retention period</th><td><strong><span class=\"tbc\">To be completed",
        section.replace("&#39;", "'"),
    )
    # The guideline is there, but labelled as guidance, not as the centre's period.
    assert "Guidance only (not the centre" in section
    assert "Date of birth of the child + 25 years, then review" in section


def test_set_period_replaces_the_marker_and_departure_needs_a_reason(project):
    edit_data(project, RETENTION, "    period: null\n", "    period: Date of birth + 30 years\n")
    result = run_handbook("check", cwd=project)
    assert "'child-protection-records' has no retention period" not in result.stdout
    assert "'child-protection-records': the setting's period differs from the guideline" in result.stdout


def test_missing_publication_class_is_an_error(project):
    edit_data(
        project,
        SCHEME,
        "  - id: what-we-spend\n    items: []\n    note: Nothing is listed yet. The centre's documents name no information in this class.\n",
        "",
    )
    text = (project / SCHEME).read_text()
    result = run_handbook("check", cwd=project)
    assert result.returncode == 1
    line = text.splitlines().index("classes:") + 1
    assert (
        f"{SCHEME}:{line}:1: error: the ICO model scheme's class 'what-we-spend' (What we spend and how we spend it) is missing"
        in result.stdout
    ), result.stdout


def test_empty_class_without_a_note_and_unknown_document_are_errors(project):
    edit_data(
        project,
        SCHEME,
        "    items: []\n    note: Nothing is listed yet. The centre's documents name no information in this class.\n",
        "    items: []\n",
    )
    edit_data(project, SCHEME, "document: anti-racism", "document: anti-racsm")
    result = run_handbook("check", cwd=project)
    assert "error: class 'who-we-are' is empty: say so in a note" in result.stdout
    assert "error: unknown register entry 'anti-racsm'; did you mean 'anti-racism'?" in result.stdout


def test_publication_scheme_page_lists_all_seven_classes(built):
    page = (built / "build/site/information/publication-scheme.html").read_text()
    for title in [
        "Who we are and what we do",
        "What we spend and how we spend it",
        "What our priorities are and how we are doing",
        "How we make decisions",
        "Our policies and procedures",
        "Lists and registers",
        "The services we offer",
    ]:
        assert title in page
    assert "Child Protection Policy" in page
    assert "Nothing is listed yet. The centre&#39;s documents name no information in this class." in page
    # No charge or format is invented: every one is still to be completed.
    assert page.count('class="tbc">To be completed') >= 3 * 13
