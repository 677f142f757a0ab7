"""Issue 27, section 1: a notice parents read.  A first page "at a glance", the full notice
after it without policy quotes (the staff page shows them), a large-print copy of every notice,
an "other formats" line naming only what is offered, and the rights that apply to each basis."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

from conftest import edit_data, pdf_text, run_handbook
from test_notice import NOTICE, PDF, add_translation, flat, font_sizes, load

LARGE = "build/print/parents/fair-processing-notice.large-print.pdf"
GLANCE_HEADINGS = ["At a glance", "Who we are", "What we hold", "Why we hold it", "Who we share it with", "Your rights", "How to complain"]
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
    assert "To care for your child and keep them safe and well. To give medicine and first aid, and keep a record of it." in text
    assert "Any parent with parental responsibility" not in text  # the rest of that purpose is in the full notice
    assert "Who the law requires us to share information with: To be completed" in text
    assert "Whatever the reason, you can ask to: see your information, correct it, limit its use." in text
    assert "Tell us first: To be completed" in text
    assert "Then the regulator: Information Commissioner's Office, ico.org.uk/make-a-complaint" in text
    # The full notice starts on the next page.
    assert "The full notice" not in text and flat(second).startswith("Draft: not yet approved The full notice")


def test_summary_and_full_notice_fit_in_five_pages(built):
    """Homerton's full notice, "To be completed" lines included, in four A4 pages after the
    first, with its words at 14 pt (clear print), nothing smaller than 12 pt."""
    info = subprocess.run(["pdfinfo", str(built / PDF)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info)[1]) <= 5
    body = [(size, t) for size, t in font_sizes(built / PDF) if not re.search(r"Document reference|· Page \d+ of", t)]
    assert min(size for size, _ in body) >= 14


def test_build_prints_the_first_pages_reading_ease(project):
    result = run_handbook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    line = re.search(r"fair-processing-notice\.pdf: at a glance \(first page\): Flesch reading ease (\d+\.\d) "
                     r"\(meets the target of 70\); (\d+) words \(within the limit of 250\)", result.stderr)
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
    policy = next(p for p in hb.policies.values() if any(s.id == "CONF-STR-12" for sec in p.sections for s in sec.statements))
    page = html.unescape((built / "build/site/parents/fair-processing-notice.html").read_text())
    start = page.index('id="why-the-notice-says-this"')
    why = flat(page[start:])
    assert f"What our {policy.title} says, under" in why  # the policy's own title, from the data
    assert "The notice says:</strong> To use photographs of your child, when you have given us your signed permission." in why
    assert f"(CONF-STR-12):</p> <p>{flat(statement.text)}</p>" in why
    # The parents' part of the page has no quotes.
    assert "What our" not in page[:start]


def test_every_notice_has_a_large_print_copy_at_18pt_or_more(project, monkeypatch):
    add_translation(project, monkeypatch, "bn")
    result = run_handbook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    parents = project / "build/print/parents"
    standard = sorted(p for p in parents.glob("*.pdf") if not p.stem.endswith(".large-print"))
    assert [p.name for p in standard] == ["fair-processing-notice.bn.pdf", "fair-processing-notice.pdf"]
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
    assert "You can ask us for this notice in large print, or in বাংলা (Bangla). To ask for a copy: office@example.org" in text
    assert "another format" not in text and "another language" not in text


# The rights that apply to each lawful basis under UK GDPR, as the ICO's individual rights
# guidance gives them (checked 6 December 2026): the package's rights.yaml must say exactly this.
EXPECTED_RIGHTS = {
    "consent": {"access", "rectification", "erasure", "restriction", "portability", "withdraw-consent", "complain"},
    "contract": {"access", "rectification", "erasure", "restriction", "portability", "complain"},
    "legal-obligation": {"access", "rectification", "restriction", "complain"},
    "vital-interests": {"access", "rectification", "erasure", "restriction", "complain"},
    "public-task": {"access", "rectification", "restriction", "objection", "complain"},
    "legitimate-interests": {"access", "rectification", "erasure", "restriction", "objection", "complain"},
}


def test_rights_table_has_a_source_per_row_and_says_what_the_law_says():
    from generator.features.notice.rights import BASES, rights_table

    table = rights_table()
    assert set(BASES) == set(EXPECTED_RIGHTS)
    for basis in BASES:
        assert set(table.for_basis(basis)) == EXPECTED_RIGHTS[basis], basis
    for row in table.rights:
        assert row.article.startswith("UK GDPR Article") and row.source.startswith("https://ico.org.uk/"), row


def test_rights_listed_for_each_basis_once_bases_are_set(project, monkeypatch):
    from generator.features.notice.content import notice_view

    hb, _ = load(monkeypatch, project)
    rights = next(p for p in notice_view(hb, hb.notices["fair-processing-notice"]).parts if p.name == "rights")
    # Only photographs has a basis (consent): its rights, and "To be completed" for the rest.
    assert [(r.label, r.value) for r in rights.by_basis] == [
        ("Your consent (permission)", "See your information, correct it, delete it, limit its use, move it, take back your permission, complain"),
        ("Reasons whose lawful basis is not set yet", None),
    ]
    path = project / NOTICE
    path.write_text(path.read_text().replace("lawful_basis: null", "lawful_basis: public-task"))
    hb, _ = load(monkeypatch, project)
    rights = next(p for p in notice_view(hb, hb.notices["fair-processing-notice"]).parts if p.name == "rights")
    assert [(r.label, r.value) for r in rights.by_basis] == [
        ("A public task (our official functions)", "See your information, correct it, limit its use, object, complain"),
        ("Your consent (permission)", "See your information, correct it, delete it, limit its use, move it, take back your permission, complain"),
    ]


def test_rights_per_basis_on_the_printed_page(built):
    text = flat(pdf_text(built / PDF))
    assert "Some of them apply in some situations" not in text
    assert ("The rights for each lawful basis: Your consent (permission): See your information, correct it, delete it, "
            "limit its use, move it, take back your permission, complain Reasons whose lawful basis is not set yet: To be completed") in text


def test_old_other_formats_text_is_reported(project, monkeypatch):
    line = edit_data(project, NOTICE, "introduction:", "other_formats: You can ask for this notice in any language.\nintroduction:")
    _, report = load(monkeypatch, project)
    found = [str(f) for f in report.sorted() if "other_formats: is not printed" in str(f)]
    assert found and found[0].startswith(f"{NOTICE}:{line}:1: warning:"), found
