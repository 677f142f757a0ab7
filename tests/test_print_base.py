"""The shared print pipeline: A4 PDFs with a footer on every page, the same bytes each time."""

from __future__ import annotations

import datetime as dt
import subprocess

from conftest import pdf_text

from generator.core.pdf import PdfRenderer
from generator.core.templating import css_string, environment, footer

DOC = """{% extends "print/base.html.j2" %}{% block content %}<h1>Heading</h1>
{% for i in range(60) %}<p>Paragraph {{ i }} of a long document.</p>{% endfor %}{% endblock %}"""


def render(reference: str) -> bytes:
    html = (
        environment().from_string(DOC).render(title="A test document", footer=footer(reference, dt.date(2026, 12, 6)))
    )
    return PdfRenderer().render(html)


def test_footer_on_every_page_and_deterministic(tmp_path):
    pdf = render('ref/0123 "quoted" </style>')
    assert pdf == render('ref/0123 "quoted" </style>')
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path, "-layout")
    pages = text.split("\f")[:-1]
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert 'ref/0123 "quoted" </style>' in page
        assert f"printed 6 December 2026 · Page {number} of {len(pages)}" in page
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "A test document" in info
    assert "Tagged:          yes" in info
    assert "595.276 x 841.89" in info  # A4


def test_css_string_cannot_break_out():
    assert "<" not in css_string("</style><script>")
    assert css_string('a"b').count('"') == 2


def test_remembered_page_references_make_the_same_tagged_pdf(monkeypatch):
    """core/pdf.py keeps pydyf's page references between uses (a tagged PDF asked for them
    once per element, rebuilding them each time): the PDF must be byte for byte the same."""
    import pydyf

    from generator.core import pdf as pdf_module

    remembered = render("ref/0123")
    patched = pydyf.PDF.__dict__["page_references"]
    assert getattr(patched.fget, "remembered", False)
    pdf_module._remember_page_references()  # a second renderer does not stack a second layer
    assert pydyf.PDF.__dict__["page_references"] is patched
    monkeypatch.setattr(pydyf.PDF, "page_references", patched.fget.original)
    monkeypatch.setattr(pdf_module, "_remember_page_references", lambda: None)
    assert render("ref/0123") == remembered


def test_rendering_leaves_the_garbage_collector_as_it_found_it():
    """core/pdf.py holds Python's cyclic collector off while a document is laid out (its full
    passes over every page's boxes made a page cost more the longer the document) and runs it
    once after: the collector's state is the caller's again (on or off), the document's cycles
    are freed, and the PDF's bytes do not depend on it."""
    import gc

    assert gc.isenabled()
    rendered = render("ref/0123")
    assert gc.isenabled()
    gc.collect()
    before = len(gc.get_objects())
    render("ref/0123")
    assert len(gc.get_objects()) < before + 1000  # the document's boxes did not outlive it
    gc.disable()
    try:
        assert render("ref/0123") == rendered
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_batch_rendered_by_several_processes_is_the_one_rendered_by_one(tmp_path):
    """A command's PDFs are shared out among worker processes when there are enough of them
    (core/pdf.py; `make test` sets HANDBOOK_JOBS=1, so this is where that path runs): each
    lands at its own path with the bytes one process makes, and the progress reaches the end."""
    from generator.core.pdf import PARALLEL_FROM, PdfBatch

    documents = {
        f"doc-{n}.pdf": environment()
        .from_string(DOC)
        .render(title=f"Document {n}", footer=footer(f"ref/{n}", dt.date(2026, 12, 6)))
        for n in range(PARALLEL_FROM + 1)
    }
    made = {}
    for workers in (2, 1):
        folder = tmp_path / str(workers)
        batch = PdfBatch(None, tmp_path, workers=workers)
        for name, html in documents.items():
            batch.add(html, folder / name)
        progress: list[tuple[int, int]] = []
        batch.flush(lambda done, total, seen=progress: seen.append((done, total)))
        assert progress[-1] == (len(documents), len(documents))
        made[workers] = {name: (folder / name).read_bytes() for name in documents}
    assert made[2] == made[1]
    assert all(f"ref/{n}" in pdf_text(tmp_path / "2" / f"doc-{n}.pdf") for n in range(len(documents)))
