"""Hostile and odd files given to every reader (issue 25): zip bombs and broken or
entity-bomb XML in any part of a Word document, text saved as UTF-16, control characters and
oversized documents.  Each is one clear line, exit 1, nothing written; none is "a bug"."""

from __future__ import annotations

import codecs
import contextlib
import io
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from conftest import AS_OF, copy_project, run_handbook, tree_digest

from generator import cli
from generator.features.importer.package import MAX_PART_BYTES

PARAGRAPHS = [
    "Confidentiality Policy",
    "We keep information about children and families safe and share it only when we must.",
    "Staff do not discuss children with other parents.",
]


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)  # a traceback fails the test: the user would see it
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


def _word_document(path: Path, paragraphs=PARAGRAPHS) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def _replace_part(source: Path, target: Path, part: str, content: bytes) -> Path:
    """A copy of the document with one part's bytes replaced (or added)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename != part:
                new.writestr(item.filename, old.read(item))
        new.writestr(part, content)
    return target


def _lie_about_size(path: Path, part: str, claimed: int) -> None:
    """Rewrite the zip's headers (local and central) so that `part` claims `claimed` bytes."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at : start + name_at + len(name)] == name:
                struct.pack_into("<I", data, start + size_at, claimed)
            start += 4
    path.write_bytes(bytes(data))


# Both commands that read a Word document: a first import, and the merge of a revised one.
ENTRY_POINTS = {
    "first import": lambda path: ["import", str(path), "--id", "new-policy"],
    "update": lambda path: ["import", str(path), "--update", "confidentiality"],
}
BOMB = (
    b"<?xml version='1.0'?><w:document xmlns:w='x'>"
    + b"<w:p/>" * ((MAX_PART_BYTES + 1_000_000) // 6)
    + b"</w:document>"
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    + b"<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)
# Every kind of part python-docx reads: the text, the styles, the relationships, a picture.
PARTS = ["word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "word/media/image1.png"]


def _refused(project: Path, argv: list[str], *phrases: str) -> str:
    before = tree_digest(project / "policy_data")
    tracemalloc.start()
    try:
        code, out, err = _run(argv)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 1, (out, err)
    assert err.count("\n") == 1 and err.startswith("handbook import: "), err
    for phrase in phrases:
        assert phrase in err, err
    assert "bug" not in err and "Traceback" not in err
    assert tree_digest(project / "policy_data") == before, "a refused import changed the data"
    assert peak < 20_000_000, f"{peak / 1e6:.0f} MB of memory to refuse it"
    return err


@pytest.fixture(scope="module")
def plain_docx(tmp_path_factory) -> Path:
    """A Word document of PARAGRAPHS, made once for the module (python-docx's template is most
    of its cost); tests only read it, each broken copy is a new file."""
    return _word_document(tmp_path_factory.mktemp("plain") / "plain.docx")


@pytest.fixture(scope="module")
def bombs(tmp_path_factory, plain_docx: Path):
    """`bombs(part)`: a Word document whose `part` inflates past the limit, made once for both
    entry points (deflating the bomb's 51 MB is most of such a test's time); a reader only reads it."""
    folder = tmp_path_factory.mktemp("bombs")
    made: dict[str, Path] = {}

    def bomb(part: str) -> Path:
        if part not in made:
            made[part] = _replace_part(plain_docx, folder / f"bomb-{len(made)}.docx", part, BOMB)
        return made[part]

    return bomb


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("part", PARTS)
def test_a_zip_bomb_in_any_part_is_refused_by_its_size(project, bombs, entry, part):
    _refused(project, ENTRY_POINTS[entry](bombs(part)), f"part {part} inflates to", "over the limit of 50 MB per part")


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_part_whose_header_lies_about_its_size_is_not_read_past_it(project, tmp_path, bombs, entry):
    bomb = tmp_path / "liar.docx"
    bomb.write_bytes(bombs("word/document.xml").read_bytes())
    _lie_about_size(bomb, "word/document.xml", 4096)
    assert zipfile.ZipFile(bomb).getinfo("word/document.xml").file_size == 4096
    _refused(project, ENTRY_POINTS[entry](bomb), "damaged")


def test_the_limit_is_checked_while_inflating_too(monkeypatch):
    """zipfile stops at the size the header gives (then fails the CRC, as above); the reader
    does not rely on that: it counts what it inflates and stops at the limit."""
    from generator.features.importer import package
    from generator.features.importer.blocks import UnreadableDocument

    class Archive:  # inflates more than its header says, as a less careful unzip would
        def open(self, info):
            return io.BytesIO(b"x" * 5000)

    monkeypatch.setattr(package, "MAX_PART_BYTES", 1000)
    monkeypatch.setattr(package, "_CHUNK", 100)
    info = zipfile.ZipInfo("word/document.xml")
    info.file_size = 10
    with pytest.raises(UnreadableDocument, match="part word/document.xml inflates to more than 0 MB"):
        package._inflate(Archive(), info)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("part", [p for p in PARTS if p.endswith((".xml", ".rels"))])
@pytest.mark.parametrize(
    "content, phrase",
    [
        (b"<w:document xmlns:w='x'><w:body><w:p>", "is not well-formed XML"),
        (LAUGHS, "declares a DOCTYPE"),
    ],
    ids=["malformed", "billion-laughs"],
)
def test_bad_xml_in_any_part_is_one_clear_line(project, tmp_path, plain_docx, entry, part, content, phrase):
    bad = _replace_part(plain_docx, tmp_path / "bad.docx", part, content)
    _refused(project, ENTRY_POINTS[entry](bad), f"part {part}", phrase)


TEXT = "Confidentiality Policy\n\nWe keep information about children safe.\n\nStaff do not discuss children with other parents.\n"
HTML = "<html><body><h1>Confidentiality Policy</h1><p>We keep information about children safe.</p><p>Staff do not discuss children.</p></body></html>"
ENCODINGS = {
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-8": codecs.BOM_UTF8,
}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize(
    "name, text",
    [("policy.txt", TEXT), ("policy.md", TEXT.replace("Confidentiality", "# Confidentiality")), ("policy.html", HTML)],
)
def test_every_text_reader_reads_a_byte_order_mark(project, tmp_path, encoding, name, text):
    source = tmp_path / name
    source.write_bytes(ENCODINGS[encoding] + text.encode(encoding))
    code, out, err = _run(["import", str(source), "--id", "new-policy"])
    assert code == 0, err
    written = (project / "policy_data/policies/new-policy.yaml").read_text(encoding="utf-8")
    assert "Staff do not discuss children" in written and "title: Confidentiality Policy" in written
    assert "Windows-1252" not in written


SHEET = f"person,policy,date\nada-example,confidentiality,{AS_OF}\n"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_sign_in_sheet_with_a_byte_order_mark_is_read(project, tmp_path, encoding):
    from conftest import REPO

    records = tmp_path / "records"
    records.mkdir()
    for name in ("staff.yaml", "signatures.yaml"):
        (records / name).write_bytes((REPO / "examples/records" / name).read_bytes())
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(ENCODINGS[encoding] + SHEET.encode(encoding))
    result = run_handbook("sign", "--csv", str(sheet), "--records", str(records), cwd=project)
    code, out, err = result.returncode, result.stdout, result.stderr
    assert "codec" not in err and "not UTF-8" not in err and "NUL" not in err, err
    assert code == 0, out + err
    assert "ada-example" in (records / "signatures.yaml").read_text(encoding="utf-8")


def test_a_sign_in_sheet_in_another_encoding_is_one_clear_finding(project, tmp_path):
    from conftest import REPO

    records = tmp_path / "records"
    records.mkdir()
    for name in ("staff.yaml", "signatures.yaml"):
        (records / name).write_bytes((REPO / "examples/records" / name).read_bytes())
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes("person,policy,date\nzoë,confidentiality,2026-11-20\n".encode("cp1252"))
    result = run_handbook("sign", "--csv", str(sheet), "--records", str(records), cwd=project)
    code, out, err = result.returncode, result.stdout, result.stderr
    assert code == 1
    assert f"{sheet}:2:3: error: the CSV file is not UTF-8 text" in out + err, out + err
    assert "codec" not in out + err


def test_a_data_file_saved_as_utf16_says_so(project):
    path = project / "policy_data/setting.yaml"
    path.write_bytes(codecs.BOM_UTF16_LE + path.read_text(encoding="utf-8").encode("utf-16-le"))
    code, out, err = _run(["check"])
    assert code == 1
    assert "policy_data/setting.yaml:1:1: error: the file is saved as UTF-16 text; save it as UTF-8" in out + err


@pytest.fixture(scope="module")
def exported_policy(tmp_path_factory) -> Path:
    """`handbook export confidentiality` of the bundled data, made once for the module: every
    test's project is the same copy, so each would export the same document (tests only read it)."""
    folder = tmp_path_factory.mktemp("exported")
    root = copy_project(folder / "project")
    code, _, err = _run(
        ["export", "confidentiality", "--root", str(root), "--as-of", AS_OF, "--out", str(folder / "conf.docx")]
    )
    assert code == 0, err
    return folder / "conf.docx"


# Control characters that are not white space (those become a plain space): C0 and C1.
CONTROLS = ["\x01", "\x1b", "\x7f", "\x80", "\x86", "\x9f"]


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_control_character_names_the_paragraph(project, tmp_path, exported_policy, entry, control):
    if control < "\x20":  # XML 1.0 cannot hold C0 controls: Word writes none, python-docx refuses them
        pytest.skip("not in a Word document")
    paragraphs = [*PARAGRAPHS[:2], f"Staff do not discuss{control} children with other parents."]
    if entry == "update":  # a revised copy of the real policy, with the character in a statement
        import docx

        document = docx.Document(str(exported_policy))
        body = [p for p in document.paragraphs if len(p.text) > 60]
        body[2].runs[0].text = body[2].runs[0].text[:10] + control + body[2].runs[0].text[10:]
        document.save(str(tmp_path / "revised.docx"))
        where = f"paragraph {next(i for i, p in enumerate(document.paragraphs, 1) if control in p.text)}"
        source = tmp_path / "revised.docx"
    else:
        source = _word_document(tmp_path / "policy.docx", paragraphs)
        where = "paragraph 3"
    _refused(
        project,
        ENTRY_POINTS[entry](source),
        f"{where} contains the control character U+{ord(control):04X}",
        "delete it in the document",
    )


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_a_control_character_in_a_text_file_names_the_line(project, tmp_path, control, suffix):
    source = tmp_path / f"policy{suffix}"
    said = "We keep information about children and families safe and share it only when the law says we must."
    lines = ["Confidentiality Policy", "", said, "", said, "", f"Staff do not{control} discuss children.", "", said]
    if suffix == ".html":
        lines = [
            "<h1>Confidentiality Policy</h1>",
            f"<p>{said}</p>",
            f"<p>{said}</p>",
            f"<p>Staff do not{control} discuss children.</p>",
        ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = _run(["import", str(source), "--id", "new-policy"])
    assert code == 1 and err.count("\n") == 1, err
    assert f"contains the control character U+{ord(control):04X}" in err and "bug" not in err
    assert not (project / "policy_data/policies/new-policy.yaml").exists()


def test_a_document_too_big_for_one_policy_file_says_so(project, tmp_path):
    source = tmp_path / "everything.txt"
    paragraph = "Staff keep every record about each child in the locked cabinet in the office. " * 50
    source.write_text(
        "Everything Policy\n\n" + "\n\n".join(paragraph.strip() for _ in range(600)) + "\n", encoding="utf-8"
    )
    code, out, err = _run(["import", str(source), "--id", "everything"])
    assert code == 1 and err.count("\n") == 1, err
    assert "over the limit of 2 MB for a data file" in err and "Split it into several documents" in err
    assert "bug" not in err
    assert not (project / "policy_data/policies/everything.yaml").exists()


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".pdf"])
def test_a_document_over_the_import_limit_is_refused_before_it_is_read_whole(project, tmp_path, suffix):
    from generator.features.importer.blocks import MAX_SOURCE_BYTES

    source = tmp_path / f"huge{suffix}"
    with source.open("wb") as stream:  # sparse: no disk is used
        stream.write(b"Confidentiality Policy\n\n")
        stream.truncate(MAX_SOURCE_BYTES + 4096)
    code, out, err = _run(["import", str(source), "--id", "huge"])
    assert code == 1 and err.count("\n") == 1
    assert "the file is larger than 50 MB, the limit for a document to import" in err
    assert not (project / "policy_data/policies/huge.yaml").exists()
