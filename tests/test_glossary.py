"""The glossary (policy_data/glossary.yaml): checked like all data, shown as a page, used for
abbreviation tooltips and for search."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import edit_data, run_handbook

GLOSSARY = "policy_data/glossary.yaml"


def check_output(root: Path) -> tuple[int, str]:
    result = run_handbook("check", cwd=root)
    assert "Traceback" not in result.stderr + result.stdout
    return result.returncode, result.stdout + result.stderr


def line_of(root: Path, text: str) -> int:
    lines = (root / GLOSSARY).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_a_misspelt_key_is_reported_with_a_suggestion(project: Path):
    line = edit_data(project, GLOSSARY, "    synonyms: [photos,", "    synonym: [photos,")
    code, out = check_output(project)
    assert code == 1
    assert re.search(rf"{GLOSSARY}:{line}:5: error: unknown key 'synonym'; did you mean 'synonyms'\?", out), out


def test_a_term_given_twice_is_an_error_pointing_at_both(project: Path):
    first = line_of(project, "  - term: Key person")
    line = edit_data(project, GLOSSARY, "  - term: Looked-after child", "  - term: key person")
    code, out = check_output(project)
    assert code == 1
    assert re.search(
        rf"{GLOSSARY}:{line}:11: error: 'key person' is already in the glossary as the term of 'Key person' "
        rf"\(at {GLOSSARY}:{first}:5\); keep one entry",
        out,
    ), out


def test_a_synonym_that_is_another_term_is_an_error(project: Path):
    # "Confidentiality" is a term of its own: it cannot also be a search word for consent.
    line = edit_data(project, GLOSSARY, "synonyms: [permission,", "synonyms: [confidentiality, permission,")
    code, out = check_output(project)
    assert code == 1
    assert re.search(
        rf"{GLOSSARY}:{line}:16: error: 'confidentiality' is a synonym of 'Consent' but also the term of "
        rf"'Confidentiality' \(at {GLOSSARY}:\d+:5\); a search word must lead to one entry",
        out,
    ), out


def test_an_abbreviation_used_as_another_terms_synonym_is_an_error(project: Path):
    line = edit_data(project, GLOSSARY, "synonyms: [deputy DSL,", "synonyms: [DSL, deputy DSL,")
    code, out = check_output(project)
    assert code == 1
    assert re.search(
        rf"{GLOSSARY}:{line}:16: error: 'DSL' is a synonym of 'Deputy designated safeguarding lead' "
        r"but also the abbreviation of 'Designated safeguarding lead'",
        out,
    ), out


def test_an_unknown_related_entry_is_an_error_with_a_suggestion(project: Path):
    line = edit_data(project, GLOSSARY, "related: [LADO]", "related: [LADOO]")
    code, out = check_output(project)
    assert code == 1
    assert re.search(
        rf"{GLOSSARY}:{line}:15: error: 'LADOO' is not a term or abbreviation in the glossary; "
        r"did you mean 'LADO'\?",
        out,
    ), out


def test_the_bundled_glossary_is_clean_and_covers_the_fields_words():
    from conftest import REPO

    from generator.core.project import Project
    from generator.pipeline.handbook import load_and_check

    handbook, report = load_and_check(Project.at(REPO))
    assert not [f for f in report.findings if f.location.file.endswith("glossary.yaml")]
    names = {n.casefold() for t in handbook.glossary.terms for n in t.names()}
    for needed in (
        "DSL",
        "deputy DSL",
        "designated child protection staff",
        "CP",
        "LADO",
        "MASH",
        "SENCo",
        "SEN",
        "SEND",
        "EHCP",
        "EYFS",
        "KCSIE",
        "DPO",
        "SAR",
        "GDPR",
        "CIN",
        "CP plan",
        "key person",
        "photos",
        "medicine",
        "phone",
        "safeguarding",
        "accident book",
    ):
        assert needed.casefold() in names, needed
    assert all(t.definition for t in handbook.glossary.terms)


def test_words_are_matched_by_their_forms_and_abbreviations_as_written():
    from generator.core.wordforms import base, forms
    from generator.features.glossary.glossary import Glossary, matcher

    assert base("moving") == base("move") == base("moved") == base("moves")
    assert base("receiving") == base("receive") and base("policies") == base("policy")
    assert base("medication") != base("medical")  # a full stemmer would make both "medic"
    assert {"moving", "moved", "moves"} <= set(forms("move"))
    glossary = Glossary.model_validate(
        {
            "terms": [
                {"term": "Receiving school", "definition": "d", "synonyms": ["moving on"]},
                {"term": "Special educational needs and disabilities", "abbreviation": "SEND", "definition": "d"},
            ]
        }
    )
    match = matcher(glossary)
    assert [t.term for t in match.terms_in("shared with the receiving school when they move on")] == [
        "Receiving school"
    ]
    assert match.terms_in("we send a letter") == ()  # the verb is not the abbreviation
    assert [t.term for t in match.terms_in("children with SEND")] == ["Special educational needs and disabilities"]


def test_statement_entries_carry_the_glossary_words(built: Path):
    index = json.loads((built / "build/site/search/search_index.json").read_text(encoding="utf-8"))
    entries = {doc["location"]: doc for doc in index["docs"]}
    photos = entries["policies/confidentiality.html#CONF-STR-12"]
    assert photos["title"] == "CONF-STR-12"
    assert photos["tags"] == [
        "Confidentiality Procedure &amp; Guidelines",
        "Strategies for Managing Confidentiality",
    ]  # HTML, escaped
    assert {"photos", "pictures"} <= set(photos["keywords"].split())
    assert "moving" in entries["policies/confidentiality.html#CONF-LIA-05"]["keywords"].split()
    # Every statement once, after its page's own entry; the page's entries no longer repeat it.
    locations = [doc["location"] for doc in index["docs"]]
    assert locations.index("policies/confidentiality.html") < locations.index(
        "policies/confidentiality.html#CONF-INT-01"
    )
    assert len([loc for loc in locations if loc.startswith("policies/confidentiality.html#CONF-")]) == 35
    aims = entries["policies/confidentiality.html#aims"]
    assert "trusted adults" not in aims["text"]
    # The offline copy (file://) is the same index.
    inlined = (built / "build/site/search/search_index.js").read_text(encoding="utf-8")
    assert json.loads(inlined.removeprefix("var __index = ")) == index


def test_the_glossary_page_lists_every_term_and_where_the_handbook_uses_it(built: Path):
    html = (built / "build/site/glossary.html").read_text(encoding="utf-8")
    assert '<dt id="dsl">Designated safeguarding lead (DSL)</dt>' in html
    assert "Keeping Children Safe in Education" in html
    used = html[html.index('id="designated-child-protection-staff"') :]
    used = used[: used.index("</dd>")]
    assert 'href="policies/confidentiality.html#CONF-STR-04"' in used
    assert "misspellings" not in html and "safegaurding" not in html  # misspellings are for search only


@pytest.mark.browser
def test_an_abbreviation_shows_what_it_stands_for(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/policies/confidentiality.html")
    abbr = page.locator("#CONF-LIA-06 abbr").first
    assert abbr.inner_text() == "GDPR"
    assert abbr.get_attribute("title") == "General Data Protection Regulation"
    shown = "() => getComputedStyle(document.querySelector('#CONF-LIA-06 abbr'), '::after').content"
    assert page.evaluate(shown) in ("none", "normal", "")
    abbr.hover()
    assert page.evaluate(shown) == '"General Data Protection Regulation"'  # as text, never HTML
    page.close()


def test_an_abbreviation_must_be_written_in_capitals(project: Path):
    line = edit_data(project, GLOSSARY, "abbreviation: DSL", "abbreviation: Dsl")
    code, out = check_output(project)
    assert code == 1
    assert re.search(
        rf"{GLOSSARY}:{line}:19: error: abbreviation: an abbreviation has at least two capital letters", out
    ), out
