"""Issue 27, section 1: a notice parents read.  A first page "at a glance", the full notice
after it without policy quotes (the staff page shows them), a large-print copy of every notice,
an "other formats" line naming only what is offered, and the rights that apply to each basis."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from conftest import check_shared_build, edit_data, pdf_text, run_handbook
from test_notice import NOTICE, PDF, add_translation, flat, font_sizes, load

LARGE = "build/print/parents/fair-processing-notice.large-print.pdf"
GLANCE_HEADINGS = [
    "At a glance",
    "Who we are",
    "What we hold",
    "Why we hold it",
    "Who we share it with",
    "Your rights",
    "How to complain",
]
# The lines that are not the summary's words: the draft mark and footer of every page, and the
# first page's edition line ("Draft · Document reference: ...").
RUNNING = re.compile(r"^(Draft: not yet approved|.*Document reference: [0-9a-f]+|printed .* · Page \d+ of \d+)$")


def pages(path: Path) -> list[str]:
    return pdf_text(path).split("\f")[:-1]


def own_words(page: str) -> list[str]:
    return [w for line in page.splitlines() if not RUNNING.match(line.strip()) for w in line.split()]


def test_first_page_is_at_a_glance_within_250_words(built):
    first, second = pages(built / PDF)[:2]
    text = flat(first)
    positions = [text.index(h) for h in GLANCE_HEADINGS]
    assert positions == sorted(positions), "the six answers in order"
    assert len(own_words(first)) <= 250, len(own_words(first))
    # Made from the data: the first sentence of each purpose, unset facts "To be completed".
    assert (
        "To care for your child and keep them safe and well. To give medicine and first aid, and keep a record of it."
        in text
    )
    assert "Any parent with parental responsibility" not in text  # the rest of that purpose is in the full notice
    assert "Who the law makes us share with: To be completed" in text
    # Only what the law gives whatever the basis: restriction only in the cases of Art. 18(1).
    assert (
        "You can ask to see your information and correct it. Sometimes you can ask us to limit its use. "
        "For other rights, see “What are your rights?”." in text
    )
    assert "Tell us first: To be completed" in text
    assert "Then the regulator: Information Commissioner's Office, ico.org.uk/make-a-complaint" in text
    # The full notice starts on the next page.
    assert "The full notice" not in text and flat(second).startswith("Draft: not yet approved The full notice")


def test_summary_and_full_notice_fit_in_five_pages(built):
    """Homerton's full notice, "To be completed" lines included, in four A4 pages after the
    first (the summary, alone on its page), with its words at 14 pt (clear print), nothing
    smaller than 12 pt.  Counted from the words on the pages, not the file's page count alone,
    so a failure says where the notice ends."""
    texts = pages(built / PDF)
    info = subprocess.run(["pdfinfo", str(built / PDF)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info)[1]) == len(texts)
    assert "The full notice" not in texts[0] and flat(texts[1]).startswith("Draft: not yet approved The full notice")
    full = texts[1:]
    assert len(full) <= 4, f"the full notice runs to {len(full)} pages; page {len(texts)} holds: {flat(full[-1])[:300]}"
    # The notice's last words (the regulator's phone number) are on its last page.
    assert "Phone: 0303 123 1113" in flat(full[-1])
    body = [(size, t) for size, t in font_sizes(built / PDF) if not re.search(r"Document reference|· Page \d+ of", t)]
    assert min(size for size, _ in body) >= 14


@pytest.mark.prebuilt
def test_build_prints_the_first_pages_reading_ease(project):
    result = run_handbook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    line = re.search(
        r"fair-processing-notice\.pdf: at a glance \(first page\): Flesch reading ease (\d+\.\d) "
        r"\(meets the target of 70\); (\d+) words \(within the limit of 250\)",
        result.stderr,
    )
    assert line, result.stderr
    assert float(line[1]) >= 70 and int(line[2]) <= 250


def test_no_policy_quotes_on_the_parents_paper(built, monkeypatch):
    from generator.features.notice.check import statement_refs

    hb, _ = load(monkeypatch, built)
    statements = hb.statements_by_id()
    cited = {sid for _, sid in statement_refs(hb.notices["fair-processing-notice"])}
    assert len(cited) >= 15
    for pdf in (PDF, LARGE):
        text = flat(pdf_text(built / pdf))
        assert "What our" not in text and " says, under " not in text
        on_paper = [sid for sid in cited if flat(statements[sid].text) in text]
        assert not on_paper, (pdf, on_paper)


def test_why_the_notice_says_this_on_the_staff_page(built, monkeypatch):
    hb, _ = load(monkeypatch, built)
    statement = hb.statements_by_id()["CONF-STR-12"]
    policy = next(
        p for p in hb.policies.values() if any(s.id == "CONF-STR-12" for sec in p.sections for s in sec.statements)
    )
    page = html.unescape((built / "build/site/parents/fair-processing-notice.html").read_text())
    start = page.index('id="why-the-notice-says-this"')
    why = flat(page[start:])
    assert f"What our {policy.title} says, under" in why  # the policy's own title, from the data
    assert (
        "The notice says:</strong> To use photographs of your child, when you have given us your signed permission."
        in why
    )
    assert f"(CONF-STR-12):</p> <p>{flat(statement.text)}</p>" in why
    # The parents' part of the page has no quotes.
    assert "What our" not in page[:start]


def test_every_notice_has_a_large_print_copy_at_18pt_or_more(built_translated):
    """Read from `built_translated` (conftest.py): the bundled data with the test translations
    (Bengali, Urdu, Yiddish) added and built, the exit code checked there."""
    parents = built_translated / "build/print/parents"
    standard = sorted(p for p in parents.glob("*.pdf") if not p.stem.endswith(".large-print"))
    assert [p.name for p in standard] == [
        "fair-processing-notice.bn.pdf",
        "fair-processing-notice.pdf",
        "fair-processing-notice.ur.pdf",
        "fair-processing-notice.yi.pdf",
    ]
    for pdf in standard:
        large = pdf.with_name(pdf.stem + ".large-print.pdf")
        runs = font_sizes(large)
        assert runs and min(size for size, _ in runs) >= 18, (large.name, sorted(runs)[:3])
        fonts = subprocess.run(["pdffonts", str(large)], capture_output=True, text=True, check=True).stdout
        assert "Italic" not in fonts and "Oblique" not in fonts
        assert "Noto" in fonts or "DejaVuSans" in fonts  # sans-serif
    # The same words as the standard copy, page numbers and all.
    assert flat(pdf_text(parents / "fair-processing-notice.large-print.pdf")).count("At a glance") == 1
    assert "Page 1 of" in pdf_text(parents / "fair-processing-notice.large-print.pdf")
    check_shared_build(built_translated)


# A web address as printed: a name with dots, then a path.  On paper it is read and typed, so a
# line never breaks inside one (not even at its own hyphen: "ico.org.uk/make-a-" / "complaint").
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)?(?:[a-z0-9-]+\.)+(?:uk|org|com|net|gov)(?:/[\w./-]*)?", re.IGNORECASE)


def test_web_addresses_are_never_split_across_lines(built):
    """Every notice, standard and large print (pdftotext -layout: the lines as printed): each web
    address is whole on its line, and the regulator's is printed in full."""
    parents = built / "build/print/parents"
    for pdf in sorted(parents.glob("*.pdf")):
        lines = pdf_text(pdf, "-layout").splitlines()
        assert any("ico.org.uk/make-a-complaint" in line for line in lines), pdf.name
        for line, following in zip(lines, lines[1:] + [""]):
            for address in WEB_ADDRESS.findall(line):
                broken = line.rstrip().endswith(address) and address.endswith(("-", "/")) and following.strip()
                assert not broken, (pdf.name, line, following)


@pytest.mark.prebuilt
def test_other_formats_line_names_only_what_is_offered(project, monkeypatch):
    from generator.features.notice.content import notice_view

    hb, _ = load(monkeypatch, project)
    view = notice_view(hb, hb.notices["fair-processing-notice"])
    assert view.other_formats == "You can ask us for this notice in large print."  # no translation: no language
    assert view.other_formats_contact is None  # setting.yaml gives no email or phone yet
    # A Bengali translation and an email address make the line name both.
    add_translation(project, monkeypatch, "bn")
    edit_data(project, "policy_data/setting.yaml", "email: null", "email: office@example.org")
    hb, _ = load(monkeypatch, project)
    view = notice_view(hb, hb.notices["fair-processing-notice"])
    assert view.other_formats == "You can ask us for this notice in large print, or in বাংলা (Bangla)."
    assert view.other_formats_contact == "office@example.org"
    bengali = notice_view(hb, hb.translations[0])
    assert bengali.other_formats == "You can ask us for this notice in large print, or in English."
    result = run_handbook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    text = flat(pdf_text(project / PDF))
    assert (
        "You can ask us for this notice in large print, or in বাংলা (Bangla). To ask for a copy: office@example.org"
        in text
    )
    assert "another format" not in text and "another language" not in text
    # The staff handbook's accessibility statement offers the same, and the same contact.
    page = (project / "build/site/accessibility.html").read_text(encoding="utf-8")
    statement = flat(html.unescape(re.sub(r"<[^>]+>", "", page.split("<article", 1)[1].split("</article>", 1)[0])))
    assert (
        "If you need a policy in another format, ask us: office@example.org. Any page of this handbook prints on A4 "
        "paper from the browser, and can be zoomed to 400% on screen; the policies are not made in large print or in "
        "other languages. The notice “Privacy notice for parents and carers” says: “You can ask us for this notice "
        "in large print, or in বাংলা (Bangla).”"
    ) in statement
    assert "tell us: office@example.org." in statement
    assert "office," not in statement and "the office" not in statement and "read aloud" not in statement


# The rights that apply to each lawful basis under UK GDPR, as the ICO's individual rights
# guidance gives them (checked 6 December 2026): the package's rights.yaml must say exactly this.
EXPECTED_RIGHTS = {
    "consent": {"access", "rectification", "erasure", "restriction", "portability", "withdraw-consent", "complain"},
    "contract": {"access", "rectification", "erasure", "restriction", "portability", "complain"},
    "legal-obligation": {"access", "rectification", "restriction", "complain"},
    "vital-interests": {"access", "rectification", "erasure", "restriction", "complain"},
    "public-task": {"access", "rectification", "restriction", "objection", "complain"},
    "recognised-legitimate-interests": {"access", "rectification", "erasure", "restriction", "objection", "complain"},
    "legitimate-interests": {"access", "rectification", "erasure", "restriction", "objection", "complain"},
}


# Where the law qualifies a right whatever the basis (ICO: "only applies in certain
# circumstances"; portability only to information the person gave, held electronically), with
# the words each basis's line must print beside the right's name.
QUALIFIED = {
    "access": "with some exceptions",
    "erasure": "in some cases",
    "restriction": "in some cases",
    "objection": "unless we have strong and legitimate reasons",
    "portability": "only what you gave us, kept on computer",
}


def test_rights_table_has_a_source_per_row_and_says_what_the_law_says():
    from generator.features.notice.content import LABELS
    from generator.features.notice.rights import BASES, rights_table

    table = rights_table()
    assert set(BASES) == set(EXPECTED_RIGHTS)
    for basis in BASES:
        assert set(table.for_basis(basis)) == EXPECTED_RIGHTS[basis], basis
    for row in table.rights:
        assert (
            row.article.startswith("UK GDPR Article") or row.article.startswith("UK GDPR")
        ) and row.source.startswith("https://ico.org.uk/"), row
        # Every right the law qualifies has plain words for its limit, and only those.
        assert bool(row.condition) == (f"right_limit.{row.right}" in LABELS), row.right
    assert set(table.qualified()) == set(QUALIFIED)
    assert "automated means" in table.row("portability").condition and "gave" in table.row("portability").condition


CONSENT_LINE = (
    "See your information (with some exceptions), correct it, delete it (in some cases), limit its use "
    "(in some cases), move it (only what you gave us, kept on computer), take back your permission, complain"
)


def test_first_page_rights_promise_no_more_than_the_law_gives():
    """The first page's rights, made from rights.yaml: the rights every basis has; one the law
    gives only in some circumstances (`limit: circumstances`, restriction: Art. 18(1)) never in
    the line that says "you can ask", but in the "sometimes" line."""
    from generator.features.notice.content import LABELS
    from generator.features.notice.glance import rights_lines
    from generator.features.notice.rights import BASES, rights_table

    table = rights_table()
    always = [r for r in table.rights if r.right != "complain" and set(BASES) <= set(r.applies_to)]
    assert {r.right for r in always} == {"access", "rectification", "restriction"}
    first, sometimes = rights_lines(LABELS)
    for row in always:
        name = LABELS[f"right.{row.right}"].lower()
        assert (name in sometimes) == (row.limit == "circumstances"), row.right
        assert (name in first) == (row.limit != "circumstances"), row.right
    assert first.startswith(LABELS["glance.rights_always"]) and sometimes.startswith(LABELS["glance.rights_some_cases"])
    # Every qualified right says which kind of limit it is (the first page depends on it).
    assert all(bool(r.condition) == bool(r.limit) for r in table.rights)


def test_recognised_legitimate_interests_is_a_lawful_basis(project, monkeypatch):
    """UK GDPR Art. 6(1)(ea) (Data (Use and Access) Act 2025 s.70, in force 5 February 2026):
    a purpose may name it; its rights are printed (no portability; objection, Art. 21(1) as
    amended) and no "legitimate interests pursued" line is asked for (no balancing test)."""
    from generator.features.notice.content import notice_view

    path = project / NOTICE
    path.write_text(path.read_text().replace("lawful_basis: null", "lawful_basis: recognised-legitimate-interests", 1))
    hb, report = load(monkeypatch, project)
    view = notice_view(hb, hb.notices["fair-processing-notice"])
    rights = next(p for p in view.parts if p.name == "rights")
    row = next(r for r in rights.by_basis if r.label == view.labels["basis.recognised-legitimate-interests"])
    assert row.value == (
        "See your information (with some exceptions), correct it, delete it (in some cases), "
        "limit its use (in some cases), object (unless we have strong and legitimate reasons), complain"
    )
    assert not [f for f in report.sorted() if "legitimate interests" in str(f).lower()]


def test_rights_listed_for_each_basis_once_bases_are_set(project, monkeypatch):
    from generator.features.notice.content import notice_view

    hb, _ = load(monkeypatch, project)
    rights = next(p for p in notice_view(hb, hb.notices["fair-processing-notice"]).parts if p.name == "rights")
    # Only photographs has a basis (consent): its rights, and "To be completed" for the rest.
    assert [(r.label, r.value) for r in rights.by_basis] == [
        ("Your consent (permission)", CONSENT_LINE),
        ("Reasons whose lawful basis is not set yet", None),
    ]
    assert "Move it" in [i.label for i in rights.items]  # a basis is unset: every right may apply
    path = project / NOTICE
    path.write_text(path.read_text().replace("lawful_basis: null", "lawful_basis: public-task"))
    hb, _ = load(monkeypatch, project)
    rights = next(p for p in notice_view(hb, hb.notices["fair-processing-notice"]).parts if p.name == "rights")
    assert [(r.label, r.value) for r in rights.by_basis] == [
        (
            "A public task (our official functions)",
            "See your information (with some exceptions), correct it, limit its use (in some cases), object (unless we have strong and legitimate reasons), complain",
        ),
        ("Your consent (permission)", CONSENT_LINE),
    ]
    # Every basis set, none of them consent or contract: portability is not offered at all.
    path.write_text(path.read_text().replace("lawful_basis: consent", "lawful_basis: public-task"))
    hb, _ = load(monkeypatch, project)
    rights = next(p for p in notice_view(hb, hb.notices["fair-processing-notice"]).parts if p.name == "rights")
    assert [i.label for i in rights.items] == ["See your information", "Correct it", "Limit its use", "Object"]


def test_rights_per_basis_on_the_printed_page(built):
    text = flat(pdf_text(built / PDF))
    assert "Some of them apply in some situations" not in text
    assert (
        f"The rights for each lawful basis: Your consent (permission): {CONSENT_LINE} "
        "Reasons whose lawful basis is not set yet: To be completed"
    ) in text


@pytest.mark.prebuilt
def test_every_basis_prints_its_rights_with_their_limits(project):
    """All six lawful bases in one notice: each basis's printed line names exactly the rights
    rights.yaml gives it, each qualified right with its limit (pdftotext of the PDF)."""
    from generator.features.notice.content import LABELS
    from generator.features.notice.rights import BASES, rights_table

    path = project / NOTICE
    text = path.read_text()
    for basis in ("contract", "legal-obligation", "vital-interests", "public-task"):
        text = text.replace("lawful_basis: null", f"lawful_basis: {basis}", 1)
    assert "lawful_basis: null" not in text
    text = text.replace(
        "\ncategories:",
        "\n    - id: newsletters\n      purpose: To send you our newsletter.\n"
        "      lawful_basis: legitimate-interests\n      legitimate_interests: To keep families in touch.\n"
        "    - id: safeguarding-others\n      purpose: To keep other children safe.\n"
        "      lawful_basis: recognised-legitimate-interests\n\ncategories:",
        1,
    )
    path.write_text(text)
    result = run_handbook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    printed = flat(pdf_text(project / PDF))
    table = rights_table()
    lines = {}
    for basis in BASES:
        label = LABELS[f"basis.{basis}"]
        start = printed.index(f"{label}: ", printed.index("The rights for each lawful basis:")) + len(label) + 2
        lines[basis] = printed[start:]
    for basis in BASES:
        named = []
        for right in table.for_basis(basis):
            name = LABELS[f"right.{right}"]
            named.append(f"{name} ({QUALIFIED[right]})" if right in QUALIFIED else name)
        expected = ", ".join(named[:1] + [n[:1].lower() + n[1:] for n in named[1:]])
        assert lines[basis].startswith(expected), (basis, lines[basis][:200])
        following = lines[basis][len(expected) :]
        # Nothing more on the line: the next basis or the next part follows.
        assert not following.startswith(","), (basis, following[:80])
    assert "Reasons whose lawful basis is not set yet" not in printed


def test_old_other_formats_text_is_reported(project, monkeypatch):
    line = edit_data(
        project, NOTICE, "introduction:", "other_formats: You can ask for this notice in any language.\nintroduction:"
    )
    _, report = load(monkeypatch, project)
    found = [str(f) for f in report.sorted() if "other_formats: is not printed" in str(f)]
    assert found and found[0].startswith(f"{NOTICE}:{line}:1: warning:"), found


def _regulator_names(hb) -> list[str]:
    """Every place the notice names the regulator: the first page, the registration label and
    the complaints part's name row."""
    from generator.features.notice.content import notice_view

    view = notice_view(hb, hb.notices["fair-processing-notice"])
    glance_row = next(
        r.value
        for s in view.glance
        if s.key == "complain"
        for r in s.rows
        if r.label == view.labels["glance.complain_then"]
    )
    complaints = next(p for p in view.parts if p.name == "complaints")
    return [
        glance_row.split(",")[0],
        view.labels["ico_registration"].removeprefix("Registration number with the "),
        next(r.value for r in complaints.then_rows if r.label == view.labels["regulator"]),
    ]


def test_the_regulators_name_follows_the_day_the_notice_is_issued(project, monkeypatch):
    """The Data (Use and Access) Act 2025 s.119: the Information Commission, once a source gives
    the day.  Until then (the bundled data: the day is not confirmed) the notice keeps the ICO;
    once it is set, a notice issued before that day keeps the old name, one issued (or a draft
    built) on or after it prints the new one."""
    hb, report = load(monkeypatch, project)
    assert hb.regulator.renamed.name == "Information Commission" and hb.regulator.renamed.in_force_from is None
    assert "legislation.gov.uk/uksi/2026/386" in hb.regulator.renamed.source
    assert _regulator_names(hb) == ["Information Commissioner's Office"] * 3
    assert not [f for f in report.sorted() if "Information Commission " in str(f)]

    edit_data(project, "policy_data/regulator.yaml", "  in_force_from: null", "  in_force_from: 2026-10-01")
    hb, _ = load(monkeypatch, project)
    assert _regulator_names(hb) == ["Information Commission"] * 3  # a draft, built on 28 November 2026
    edit_data(project, NOTICE, "issued: null", "issued: 2026-09-30")
    hb, _ = load(monkeypatch, project)
    assert _regulator_names(hb) == ["Information Commissioner's Office"] * 3  # issued the day before


def test_an_unconfirmed_rename_past_its_check_again_day_is_reported(project, monkeypatch):
    line = edit_data(project, "policy_data/regulator.yaml", "  in_force_from: null", "  in_force_from: null")
    edit_data(project, "policy_data/regulator.yaml", "  check_again_by: 2027-03-31", "  check_again_by: 2026-11-01")
    _, report = load(monkeypatch, project)
    found = [
        str(f) for f in report.sorted() if "whether the regulator is now called the Information Commission" in str(f)
    ]
    assert found and found[0].startswith(f"policy_data/regulator.yaml:{line}:"), found
    assert (
        "to be checked again by 1 November 2026" in found[0]
        and "names the Information Commissioner's Office" in found[0]
    )


# --- categories: at least what the policies say the setting holds (element 7) ----------------


def test_a_record_the_policies_hold_but_no_category_covers_is_reported(project, monkeypatch):
    from generator.features.notice.check import categories_cover_what_is_held, records_held

    hb, report = load(monkeypatch, project)
    notice = hb.notices["fair-processing-notice"]
    held = records_held(hb)
    # Homerton: two records the centre decides about, reported with the statements that name them.
    found = [
        str(f) for f in report.sorted() if "element 7" in str(f) and "no category of the notice covers it" in str(f)
    ]
    assert len(found) == 2, found
    assert (
        "'Records passed to the receiving school' (CONF-LIA-05, CONF-LIA-06, policy_data/policies/confidentiality.yaml:"
        in found[0] + found[1]
    )
    assert (
        "'Records of allegations against staff' (CONF-STR-07, policy_data/policies/confidentiality.yaml:"
        in found[0] + found[1]
    )
    # Every record a statement links, taken out of the categories, is reported with each
    # statement that says the setting holds it, and nothing else is.
    part = notice.categories
    covered = {r for item in part.items for r in item.records}
    assert covered and covered <= set(held)
    for record_id in sorted(covered):
        items = [
            item.model_copy(update={"records": [r for r in item.records if r != record_id]}) for item in part.items
        ]
        narrowed = notice.model_copy(update={"categories": part.model_copy(update={"items": items})})
        messages = [f.message for f in categories_cover_what_is_held(hb, narrowed)]
        about = [m for m in messages if f"'{hb.retention[record_id].record}'" in m]
        assert len(about) == 1 and len(messages) == 3, (record_id, messages)
        for statement in held[record_id]:
            assert statement.id in about[0], (record_id, statement.id)
        assert f"add '{record_id}' to the records:" in about[0]


def test_a_category_naming_an_unknown_record_is_an_error(project, monkeypatch):
    line = edit_data(project, NOTICE, "records: [photograph-permissions]", "records: [photograph-permision]")
    _, report = load(monkeypatch, project)
    found = [str(f) for f in report.sorted() if "photograph-permision" in str(f)]
    assert (
        found
        and found[0].startswith(f"{NOTICE}:{line}:")
        and ": error: unknown retention entry 'photograph-permision'; did you mean 'photograph-permissions'?"
        in found[0]
    ), found


@pytest.mark.prebuilt
def test_first_page_keeps_every_heading_and_joins_whole_sentences(project, monkeypatch):
    """An answer the data does not give yet keeps its heading, with "To be completed" (reported
    by the build, like every unset fact), and lines the data gives without a full stop still end
    as sentences when the page joins them ("... children's services. Who the law ...")."""
    import yaml

    from generator.features.notice.content import notice_view
    from generator.features.notice.glance import sentence

    path = project / NOTICE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["categories"]["items"] = []
    for part in ("purposes", "recipients"):
        for item in data[part]["items"]:
            key = "purpose" if part == "purposes" else "name"
            item[key] = item[key].split(".")[0]  # no full stop: the data's words as a childminder's
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    hb, _ = load(monkeypatch, project)
    glance = notice_view(hb, hb.notices["fair-processing-notice"]).glance
    assert [s.key for s in glance] == ["who", "what", "why", "share", "rights", "complain"]
    what = next(s for s in glance if s.key == "what")
    assert what.unset and not what.items and what.where is not None
    for section in glance:
        for line in section.items:
            assert sentence(line) == line, (section.key, line)  # every line ends as a sentence
    result = run_handbook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    first = flat(pages(project / PDF)[0])
    assert "What we hold To be completed Why we hold it To care for your child and keep them safe and well." in first
    assert "Parents or carers who bring or collect your child (medicine and first aid log only). Who the law" in first
    # Reported where the data would give it (by the notice's check, or as an unset fact printed).
    assert f"{NOTICE}:{what.where.line}:" in result.stderr and "warning" in result.stderr


def test_a_web_address_is_kept_whole_where_the_line_is_full(tmp_path):
    """The rule itself, where a line must break near the address: the notice's stylesheet keeps
    what `whole_urls` marks on one line, where the same words unmarked break at its hyphen."""
    import weasyprint

    from generator.core.templating import TEMPLATES, whole_urls

    css = (TEMPLATES / "print" / "print.css").read_text(encoding="utf-8")
    words = "Then the regulator: Information Commissioner's Office, ico.org.uk/make-a-complaint."
    layouts = {}
    for marked in (False, True):
        body = whole_urls(words) if marked else html.escape(words)
        page = f"<style>{css} @page {{ size: 92mm 60mm; margin: 5mm; }} p {{ font-size: 16pt; }}</style><p>{body}</p>"
        pdf = tmp_path / f"{marked}.pdf"
        weasyprint.HTML(string=page).write_pdf(pdf)
        layouts[marked] = [line.strip() for line in pdf_text(pdf, "-layout").splitlines() if line.strip()]
    assert any(line.endswith("make-a-") for line in layouts[False]), layouts[False]  # the box forces a break
    assert any("ico.org.uk/make-a-complaint" in line for line in layouts[True]), layouts[True]


def test_a_web_address_longer_than_a_line_wraps_and_is_never_cut_off(tmp_path):
    """A council's complaints form can be a hundred letters: kept on one line, it ran off the
    page and was cut (a parent saw ".../early-y").  It wraps after its slashes, or a query's
    ? = &, instead, never at a hyphen; an entity after an address is not taken into it."""
    import weasyprint

    from generator.core.templating import TEMPLATES, whole_urls

    css = (TEMPLATES / "print" / "print.css").read_text(encoding="utf-8")
    address = (
        "https://www.example-council.gov.uk/children-and-families/early-years/complaints-about-a-nursery/online-form"
    )
    query = (  # a form's address whose longest part has no slash
        "https://forms.brookfieldboroughcouncil.example.org/ShowForm.aspx?"
        "FormID=EarlyYearsDataProtectionComplaintParentsCarers2026&setting=oak-tree-day-nursery"
    )
    body = whole_urls(f"Tell us first: {address}. Or write to us. Or use {query} instead.")
    for size in (12, 16):  # the notice's print and its large print, on A4
        page = f"<style>{css} @page {{ size: A4; margin: 20mm; }} p {{ font-size: {size}pt; }}</style><p>{body}</p>"
        pdf = tmp_path / f"long{size}.pdf"
        weasyprint.HTML(string=page).write_pdf(pdf)
        lines = [line.strip() for line in pdf_text(pdf, "-layout").splitlines() if line.strip()]
        assert len(lines) > 3 and f"{address}." in "".join(lines) and query in "".join(lines), lines
        assert not any(line.endswith("-") for line in lines), lines
    assert "&gt" not in str(whole_urls("http://x.org/a'>b</a>; then")).replace("&gt;", "")


@pytest.mark.parametrize(
    ("words", "first"),
    [
        ("آپ کے خاندان کے پتے۔ یہ دوسرا جملہ ہے۔", "آپ کے خاندان کے پتے۔"),  # Urdu's full stop
        ("هل لديك سؤال؟ اتصل بنا.", "هل لديك سؤال؟"),  # Arabic script's question mark
        ("我们保存您的地址。第二句。", "我们保存您的地址。"),  # no space after a full-width mark
        ("আমরা তথ্য রাখি। দ্বিতীয় বাক্য।", "আমরা তথ্য রাখি।"),
        ("Records we keep… for example registers. More.", "Records we keep… for example registers."),  # "…" goes on
    ],
)
def test_the_first_page_ends_a_translated_sentence_at_its_own_languages_mark(words, first):
    """The first page takes a translated item's first sentence, and adds no English full stop
    after a sentence that ends with its own language's mark (a translator's Urdu printed whole,
    then "۔.", before)."""
    from generator.features.notice.glance import first_sentence, sentence

    assert first_sentence(words) == first
    assert sentence(first) == first


def test_a_translators_words_for_a_right_keep_their_capitals_on_the_first_page():
    """English labels are headings, lower-cased inside the first page's sentence ("You can ask to
    see your information"); a translator's are printed as written: a German noun keeps its
    capital ("Auskunft über Ihre Daten")."""
    from generator.features.notice.content import LABELS
    from generator.features.notice.glance import rights_lines

    german = {**LABELS, "right.access": "Auskunft über Ihre Daten"}
    assert "Auskunft über Ihre Daten" in " ".join(rights_lines(german, english=False))
    assert "auskunft über Ihre Daten" in " ".join(rights_lines(german))


def test_a_date_in_a_language_cldr_has_no_dates_for_is_written_as_english_writes_it():
    """A hand-written translation into Dari (prs) or Romani (rom): Babel knows no dates for
    them, and the build stopped with a traceback; the date is then as the English notice has it."""
    import datetime as dt

    from generator.core.clock import long_date_in

    assert long_date_in(dt.date(2026, 11, 28), "prs") == "28 November 2026"
    assert long_date_in(dt.date(2026, 11, 28), "pl") == "28 listopada 2026"
