"""The running footer of every printed document: one short line, the same for every kind (the
document's reference, the date it was printed for, "Page x of y"), that never wraps; what a
signature counts for (each policy's version and fingerprint) is on the first page instead."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import AS_OF, REPO, copy_built, pdf_text, run_handbook

PRINT_TEMPLATES = REPO / "generator/templates/print"
MM = 72 / 25.4
LEFT, RIGHT = 20 * MM, (210 - 20) * MM  # the page's side margins (print.css)
FOOTER_TOP = 841.89 - 24 * MM  # the bottom margin, where the footer sits
DATE = "28 November 2026"  # AS_OF, as people write it
V1 = "22f286e07ecd"  # version 1 of confidentiality: the fingerprint a signature counts for

# Each kind of printed document (a template built on print/base.html.j2), where its PDFs land
# under build/, and the reference its footer gives: what the paper is, as a person reads it (a
# role's checklist, the training pack's title), never an internal id like training/2027-september.
KINDS = {
    "notice.html.j2": {"print/parents/fair-processing-notice.pdf": r"Document reference: [0-9a-f]{12}"},
    "checklist.html.j2": {
        "print/checklists/head-teacher.pdf": "Acknowledgement checklist: Head Teacher",
        "print/checklists/designated-cp-staff.pdf": "Acknowledgement checklist: Designated child protection staff",
        "private/checklists/dev-fictional.pdf": "Private: acknowledgement checklist for Dev Fictional",
    },
    "training.html.j2": {
        "print/training/september-2027.pdf": "Child protection and confidentiality, September 2027",
        "private/training/september-2027.pdf": "Private: Child protection and confidentiality, September 2027",
    },
    "due.html.j2": {"due.pdf": "due", "private/due.pdf": "Private: due"},
    "acknowledgements.html.j2": {"private/acknowledgements.pdf": "Private: acknowledgements"},
}
LABEL = {"due.html.j2": "as of", "acknowledgements.html.j2": "as of"}


def test_every_printed_kind_is_covered():
    printed = {
        p.name for p in PRINT_TEMPLATES.glob("*.html.j2") if '{% extends "print/base.html.j2" %}' in p.read_text()
    }
    assert printed == set(KINDS)


@pytest.fixture(scope="module")
def built(tmp_path_factory, built: Path) -> Path:
    project = copy_built(built, tmp_path_factory.mktemp("footer") / "project")  # from the session's build
    for args in [("due",), None, ("build", "--records", "records"), ("status",), ("due",)]:
        if args is None:  # the public due page first, then everything with the staff records
            shutil.copytree(REPO / "examples/records", project / "records")
            continue
        result = run_handbook(*args, cwd=project)
        assert result.returncode == 0, result.stderr
    # The acknowledgements are written as HTML only (printed from a browser): render it here.
    from generator.core.pdf import PdfRenderer

    private = project / "build/private"
    (private / "acknowledgements.pdf").write_bytes(
        PdfRenderer().render((private / "acknowledgements.html").read_text())
    )
    return project / "build"


def footer_lines(pdf: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page, the words in the bottom margin: (x min, x max, y min, text)."""
    pages = []
    for page in pdf_text(pdf, "-bbox").split("<page ")[1:]:
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', page)
        pages.append(
            [(float(x0), float(x1), float(y0), html.unescape(t)) for x0, y0, x1, t in words if float(y0) > FOOTER_TOP]
        )
    return pages


@pytest.mark.parametrize("kind,pdf,reference", [(k, p, r) for k, docs in KINDS.items() for p, r in docs.items()])
def test_footer_is_one_line_on_every_page(built: Path, kind: str, pdf: str, reference: str):
    pages = footer_lines(built / pdf)
    assert pages
    label = LABEL.get(kind, "printed")
    for number, words in enumerate(pages, 1):
        assert len({y for _, _, y, _ in words}) == 1, (number, words)  # one line: it never wraps
        line = " ".join(t for _, _, _, t in words)
        assert re.fullmatch(rf"{reference} {label} {DATE} · Page {number} of {len(pages)}", line), (number, line)
        assert all(LEFT - 0.5 <= x0 and x1 <= RIGHT + 0.5 for x0, x1, _, _ in words), (number, words)
        # The reference ends before the date starts: nothing overlaps or runs into the page number.
        date_starts = next(i for i, w in enumerate(words) if w[3] == label.split()[0])
        assert max(x1 for _, x1, _, _ in words[:date_starts]) < words[date_starts][0], (number, words)


@pytest.mark.parametrize("pdf", [p for p in KINDS["checklist.html.j2"]])
def test_what_a_signature_counts_for_is_on_the_first_page(built: Path, pdf: str):
    pages = pdf_text(built / pdf).split("\f")
    first = " ".join(pages[0].split())
    assert "Policy Version Fingerprint" in first
    assert f"Confidentiality Procedure & Guidelines 1, released 28 November 2026 {V1}" in first
    assert not any(V1 in " ".join(t for *_, t in words) for words in footer_lines(built / pdf))


def test_training_cover_and_notice_head_name_their_versions(built: Path):
    cover = " ".join(pdf_text(built / "print/training/september-2027.pdf").split("\f")[0].split())
    assert "Policies covered Policy Version Fingerprint Confidentiality Procedure &" in cover
    # The version wraps in its cell: "1, released 28" beside the fingerprint, "November 2026" below.
    assert re.search(rf"1, released 28 (November 2026 )?{V1}", cover) and "November 2026" in cover, cover[:400]
    notice = " ".join(pdf_text(built / "print/parents/fair-processing-notice.pdf").split("\f")[0].split())
    assert re.search(r"Privacy notice for parents and carers Draft · Document reference: [0-9a-f]{12}", notice)


def test_a_long_reference_stays_in_its_box_and_never_wraps(tmp_path: Path):
    import datetime as dt

    from generator.core.pdf import PdfRenderer
    from generator.core.templating import environment, footer

    doc = '{% extends "print/base.html.j2" %}{% block content %}{% for i in range(3) %}<p style="break-after: page">{{ i }}</p>{% endfor %}{% endblock %}'
    long = "checklist/" + "designated-safeguarding-lead-and-deputy-" * 3
    made = environment().from_string(doc).render(title="Long", footer=footer(long, dt.date.fromisoformat(AS_OF)))
    (tmp_path / "long.pdf").write_bytes(PdfRenderer().render(made))
    for number, words in enumerate(footer_lines(tmp_path / "long.pdf"), 1):
        assert len({y for _, _, y, _ in words}) == 1, words
        assert " ".join(t for *_, t in words).endswith(f"printed {DATE} · Page {number} of 3")
        assert words[0][1] < words[1][0]  # the reference stays in its own box, clear of the date
        assert all(LEFT - 0.5 <= x0 and x1 <= RIGHT + 0.5 for x0, x1, _, _ in words)
