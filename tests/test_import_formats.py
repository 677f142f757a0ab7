"""`handbook import` of the documents settings publish: hard-wrapped text, PDFs and saved web
pages.  One fictional policy (Little Acorns Day Nursery's confidentiality policy, written for
these tests) in three forms must give the same statements, title, sections and register
fields; bad files are refused with one line and nothing written."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, run_handbook

from generator.core.load import load_yaml
from generator.core.sources import validate
from generator.features.policies.model import Policy

POLICY = FIXTURES / "import"
TEXT = POLICY / "little-acorns-confidentiality.txt"
WEB_PAGE = POLICY / "little-acorns-confidentiality.html"
PRINT_SOURCE = POLICY / "little-acorns-confidentiality-print.html"

TITLE = "Confidentiality Policy"
SECTIONS = ["Introduction", "Aims", "Sharing information", "Students and volunteers"]
STATEMENTS = [
    (
        "NC-INT-01",
        "paragraph",
        "It is a legal requirement for the nursery to hold information about the children and families using the "
        "nursery and the staff working at the nursery. This information is used for registration, invoicing and to "
        "contact parents in an emergency.",
    ),
    (
        "NC-INT-02",
        "paragraph",
        "We keep this information in a locked cabinet in the nursery office and on a password protected computer "
        "that only the manager and her deputy can use.",
    ),
    ("NC-AIM-00", "paragraph", "At Little Acorns we aim to:"),
    (
        "NC-AIM-01",
        "item",
        "make sure that every member of staff has read this confidentiality policy and is required to respect it;",
    ),
    (
        "NC-AIM-02",
        "item",
        "keep information about children and families safe, and share it only with people who need to know it;",
    ),
    ("NC-AIM-03", "item", "tell parents what we record about their child and why."),
    (
        "NC-SHA-01",
        "paragraph",
        "Parents have the right to see the records we keep about their own child, but not the records of any other "
        "child. They should ask the manager in writing, and she will reply within one month.",
    ),
    (
        "NC-SHA-02",
        "paragraph",
        "Staff do not discuss individual children with anyone other than the child’s parents or carers, except to "
        "plan the curriculum and manage the group.",
    ),
    (
        "NC-SHA-03",
        "paragraph",
        "Concerns about a child’s welfare are recorded and shared in line with our Safeguarding Policy, our policies "
        "for Child Protection and Data Protection, and the Complaints Procedure where a parent is unhappy with how we "
        "have acted.",
    ),
    (
        "NC-STU-01",
        "paragraph",
        "Students on placement and volunteers read this policy on their first day and sign to say that they will "
        "respect it.",
    ),
]


def no_project(folder: Path):
    """A project folder with no data (a first policy imported into a new folder), on the tests' day."""
    import datetime as dt

    from conftest import AS_OF

    from generator.core.project import Project

    return Project.at(folder, folder / "no-data", as_of=dt.date.fromisoformat(AS_OF))


def register_fields(where: dict[str, str]) -> list[str]:
    """The register fields every form of the policy gives; `where` locates its lines."""
    return [
        f"owner: null  # 'Signed on behalf of the nursery: Nursery Manager' ({where['signed']}): give the role id "
        "from roles.yaml for 'Nursery Manager'",
        f"approved: 2019-03-01  # 'This policy was adopted on 1 March 2019.' ({where['adopted']})",
        f"last_reviewed: null  # 'January 2024' ({where['date']}), 'Reviewed: January 2024' ({where['reviewed']}): "
        "the day is not given",
        f"next_review: null  # 'Next review: January 2025' ({where['next']}): the day is not given",
    ]


# The policy's own entry, as the import adds it at the end of register.yaml (the desk adds the same).
ADDED_ENTRY = (
    f"  - id: nursery-confidentiality\n    title: {TITLE}\n    kind: policy\n    status: in-handbook\n"
    "    owner: null\n    review_cycle_months: null\n    approved: 2019-03-01\n    last_reviewed: null\n"
    "    next_review: null\n"
)
# The documents the text mentions that the register does not list: offered, never added.
MENTIONED_ENTRIES = (
    "The text mentions documents policy_data/register.yaml does not list: add those the setting holds under "
    "documents: (check each one):\n"
    "  - id: safeguarding\n    title: Safeguarding Policy\n    kind: policy\n    status: held-by-centre\n"
    "    owner: null\n    mentioned_as: Safeguarding Policy\n"
    "  - id: complaints\n    title: Complaints Procedure\n    kind: policy\n    status: held-by-centre\n"
    "    owner: null\n    mentioned_as: Complaints Procedure\n"
)


def import_policy(project: Path, source: Path, *options: str) -> tuple[subprocess.CompletedProcess, Policy, str]:
    register = project / "policy_data/register.yaml"
    before = register.read_text(encoding="utf-8")
    result = run_handbook("import", str(source), "--id", "nursery-confidentiality", *options, cwd=project)
    assert result.returncode == 0, result.stderr
    # the policy is listed in the register, every other line of it as it was
    assert register.read_text(encoding="utf-8") == before + ADDED_ENTRY
    target = project / "policy_data/policies/nursery-confidentiality.yaml"
    policy, findings = validate(load_yaml(target), Policy)
    assert not findings, findings
    return result, policy, target.read_text(encoding="utf-8")


def words(text: str) -> str:
    """Text as words, whatever the wrapping."""
    return " ".join(text.split())


def assert_the_policy(result, policy: Policy, written: str, where: dict[str, str]) -> None:
    """What every form of the policy must give: the same words, sections, fields and entries."""
    assert policy.title == TITLE
    assert [s.title for s in policy.sections] == SECTIONS
    assert [(s.id, s.kind, s.text) for s in policy.statements()] == STATEMENTS
    assert policy.links == ["child-protection", "data-protection"]
    # The date and review lines are register fields: printed, in the file's header, and in the
    # entry offered for the register; never statements or sections.
    printed = result.stdout.split("  register fields the document gives (not statements; check them):\n", 1)[1]
    printed = printed.split("\n\n", 1)[0]
    assert words(printed) == words(" ".join(register_fields(where)))
    header = written.split("# Dates and roles the document gives, for its register.yaml entry (not statements):\n", 1)[
        1
    ]
    header = header.split("#\n", 1)[0]
    assert words(header.replace("# - ", " ").replace("#   ", " ")) == words(" ".join(register_fields(where)))
    assert (
        "\nAdded nursery-confidentiality to policy_data/register.yaml (check its owner and review dates there).\n"
        in (result.stdout)
    )
    assert result.stdout.endswith("\n\n" + MENTIONED_ENTRIES)
    assert "January 2024" not in "".join(s.text for s in policy.statements())


def test_hard_wrapped_text(project: Path):
    result, policy, written = import_policy(project, TEXT)
    assert_the_policy(
        result,
        policy,
        written,
        {
            "date": "line 3",
            "adopted": "line 39",
            "reviewed": "line 40",
            "next": "line 41",
            "signed": "line 42",
        },
    )
    assert (
        "  - 11 wrapped lines were joined to the line before (a paragraph or list item that runs over several "
        "lines): check where paragraphs begin and end, or import with --keep-lines to keep every line apart\n"
    ) in result.stdout
    # With the entry the import added, the policy is in the handbook.
    check = run_handbook("check", cwd=project)
    assert check.returncode == 0, check.stdout
    assert "nursery-confidentiality" in check.stdout  # its statements still await review

    kept = run_handbook("import", str(TEXT), "--id", "nursery-confidentiality", "--force", "--keep-lines", cwd=project)
    assert kept.returncode == 0, kept.stderr
    policy, _ = validate(load_yaml(project / "policy_data/policies/nursery-confidentiality.yaml"), Policy)
    assert [s.text for s in policy.statements()][:2] == [
        "It is a legal requirement for the nursery to hold information about the children and",
        "families using the nursery and the staff working at the nursery. This information is",
    ]
    assert "wrapped lines were joined" not in kept.stdout


def test_the_centres_text_export_joins_nothing(tmp_path: Path, capsys):
    from generator.commands.import_policy import import_command

    assert (
        import_command(
            no_project(tmp_path), FIXTURES / "confidentiality-procedure.txt", "confidentiality", out_dir=tmp_path
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "35 statements (CONF-INT-01 ... CONF-STR-12)" in printed
    assert "joined" not in printed and "register fields" not in printed


def make_pdf(source: Path, target: Path) -> None:
    import weasyprint

    weasyprint.HTML(str(source)).write_pdf(str(target))


def test_two_column_pdf_with_running_header_and_page_numbers(project: Path, tmp_path: Path):
    pdf = tmp_path / "little-acorns-confidentiality.pdf"
    make_pdf(PRINT_SOURCE, pdf)
    # The PDF is what the test says it is: one page, two columns, a running header, a page
    # number, and words hyphenated at line ends.
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    lines = layout.splitlines()
    assert layout.count("\f") == 1
    assert lines[0].strip() == "Little Acorns Day Nursery · Confidentiality Policy"
    assert any(line.strip() == "Page 1 of 1" for line in lines)
    assert any(line.startswith("It is a legal requirement") and "in one month." in line for line in lines)
    assert sum(1 for line in lines for column in line.split("   ") if column.strip().endswith("\u2010")) >= 5

    result, policy, written = import_policy(project, pdf)
    assert_the_policy(
        result,
        policy,
        written,
        {
            "date": "page 1, line 2",
            "adopted": "page 1, column 2, line 18",
            "reviewed": "page 1, column 2, line 19",
            "next": "page 1, column 2, line 20",
            "signed": "page 1, column 2, line 21",
        },
    )
    assert (
        "  - the page header was not imported: 'Little Acorns Day Nursery · Confidentiality Policy'\n" in result.stdout
    )
    assert "  - the page numbers were not imported\n" in result.stdout
    rejoined = next(line for line in result.stdout.splitlines() if "broken with a hyphen" in line)
    assert rejoined.startswith("  - 9 words broken with a hyphen at a line end were rejoined")
    # "re‐" at the foot of column 1 and "cords" at the top of column 2 are one word again.
    assert "'records' (page 1, column 1, line 24; in the document)" in rejoined
    assert "'Safeguarding' (page 1, column 2, line 9; in the dictionary)" in rejoined


def test_the_centres_policy_printed_as_a_two_column_pdf_gives_the_same_statements(project: Path, tmp_path: Path):
    """Three pages, lists running on across columns and pages, a two-part running header on
    every page, page numbers, hyphenated words: still the hand-made policy's 35 statements."""
    import html

    import weasyprint

    body, in_list = [], False
    for line in (FIXTURES / "confidentiality-procedure.txt").read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text.startswith("·") != in_list:
            body.append("<ul>" if not in_list else "</ul>")
            in_list = not in_list
        if text.startswith("·"):
            body.append(f"<li>{html.escape(text[1:].strip())}</li>")
        elif text:
            tag = "h2" if len(text) < 60 and not text.endswith((".", ":")) else "p"
            body.append(f"<{tag}>{html.escape(text)}</{tag}>")
    pdf = tmp_path / "confidentiality.pdf"
    weasyprint.HTML(
        string=(
            '<html lang="en-GB"><style>@page { size: A4; margin: 2cm; '
            '@top-left { content: "Homerton Early Years Centre"; font-size: 8pt } '
            '@top-right { content: "Confidentiality Procedure"; font-size: 8pt } '
            "@bottom-center { content: counter(page); font-size: 9pt } } "
            "body { font: 11pt/1.4 sans-serif; columns: 2 } p, li { hyphens: auto; text-align: justify }</style>"
            f"<body>{''.join(body)}</body></html>"
        )
    ).write_pdf(str(pdf))
    assert "Pages:           3\n" in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout

    result = run_handbook("import", str(pdf), "--id", "confidentiality", "--out", str(tmp_path / "out"), cwd=project)
    assert result.returncode == 0, result.stderr
    imported, _ = validate(load_yaml(tmp_path / "out/confidentiality.yaml"), Policy)
    hand_made, _ = validate(load_yaml(project / "policy_data/policies/confidentiality.yaml"), Policy)
    assert imported.title == hand_made.title
    assert [s.title for s in imported.sections] == [s.title for s in hand_made.sections]
    assert [(s.id, s.kind, s.text) for s in imported.statements()] == [
        (s.id, s.kind, s.text) for s in hand_made.statements()
    ]
    assert "  - the page header was not imported: 'Homerton Early Years Centre' / 'Confidentiality Procedure'\n" in (
        result.stdout
    )
    assert "sub-item" not in result.stdout  # lists that run on into the next column keep their depth


def test_a_pdf_s_tables_and_images_are_named_and_kept_out_of_the_statements(tmp_path: Path, capsys):
    import base64

    import weasyprint

    from generator.commands.import_policy import import_command

    picture = base64.b64encode(png_bytes()).decode()
    pdf = tmp_path / "records.pdf"
    weasyprint.HTML(
        string=(
            "<style>table { border-collapse: collapse } td, th { border: 1px solid black; padding: 4px }</style>"
            "<h1>Records Policy</h1><h2>Keeping records</h2><p>We keep records for the times below.</p>"
            "<table><tr><th>Record</th><th>How long we keep it</th></tr>"
            "<tr><td>Accident book</td><td>21 years and 3 months</td></tr><tr><td>Registers</td><td>3 years</td></tr></table>"
            f'<p>After that the records are shredded.</p><img src="data:image/png;base64,{picture}" style="width: 4cm">'
        )
    ).write_pdf(str(pdf))
    assert import_command(no_project(tmp_path), pdf, "records", out_dir=tmp_path / "out") == 0
    printed = capsys.readouterr().out
    policy, _ = validate(load_yaml(tmp_path / "out/records.yaml"), Policy)
    assert [(s.id, s.text) for s in policy.statements()] == [
        ("RECO-KEE-01", "We keep records for the times below."),
        ("RECO-KEE-02", "After that the records are shredded."),
    ]
    assert (
        "  - page 1, table 1: a table (3 rows, 2 columns) could not be mapped to statements; its text is kept "
        "in a comment in the file\n"
    ) in printed
    assert "  - page 1: an image could not be imported (only text can be a statement)\n" in printed
    assert (
        "      # NOT IMPORTED (page 1, table 1: a table (3 rows, 2 columns)). Add its words as statements if they "
        "belong here.\n      #   Record | How long we keep it\n      #   Accident book | 21 years and 3 months\n"
        "      #   Registers | 3 years\n      - id: RECO-KEE-02\n"
    ) in (tmp_path / "out/records.yaml").read_text(encoding="utf-8")


def test_a_table_inside_a_web_page_s_table_cell_is_kept_once(tmp_path: Path):
    from generator.commands.import_policy import import_command

    page = tmp_path / "ratios.html"
    page.write_text(
        "<html><body><h1>Ratios</h1><p>Staff keep to these ratios.</p><table>"
        "<tr><th>Room</th><th>Ratio</th></tr>"
        "<tr><td><table><tr><td>Under two</td><td>one to three</td></tr></table></td><td>See the EYFS</td></tr>"
        "</table><p>Ratios are checked at every handover.</p></body></html>",
        encoding="utf-8",
    )
    assert import_command(no_project(tmp_path), page, "ratios", out_dir=tmp_path / "out") == 0
    written = (tmp_path / "out/ratios.yaml").read_text(encoding="utf-8")
    assert "#   Room | Ratio\n" in written and "#   Under two one to three | See the EYFS\n" in written
    assert written.count("Under two") == 1, written


def test_saved_web_page_keeps_the_main_content_only(project: Path):
    result, policy, written = import_policy(project, WEB_PAGE)
    assert_the_policy(
        result,
        policy,
        written,
        {
            "date": "line 37",
            "adopted": "line 59",
            "reviewed": "line 59",
            "next": "line 59",
            "signed": "line 62",
        },
    )
    statements = " ".join(s.text for s in policy.statements())
    for furniture in ("Home", "About us", "Skip to content", "Ofsted", "cookies", "Share this", "Other policies"):
        assert furniture not in statements
    notes = result.stdout.split("To review", 1)[1]
    assert (
        "  - the page's menu was not imported: 'Home › Policies › Confidentiality Policy' / 'Skip to content'\n"
        in notes
    )
    assert (
        "  - the page's footer was not imported: '© 2024 Little Acorns Day Nursery · 12 Oak Lane, Exampleton" in notes
    )
    assert (
        "  - the page's sidebar was not imported: 'Other policies Safeguarding Policy Complaints Procedure'\n" in notes
    )
    assert "  - the page's share buttons were not imported: 'Share this: Facebook Email'\n" in notes
    assert "  - line 40: an image (Children playing in the nursery garden) could not be mapped to statements\n" in notes
    assert "# NOT IMPORTED (line 40: an image (Children playing in the nursery garden))." in written


def png_bytes() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 120), "white")
    ImageDraw.Draw(image).text((10, 50), "Confidentiality Policy (a scan)", fill="black")
    stream = io.BytesIO()
    image.save(stream, "PNG")
    return stream.getvalue()


def image_only_pdf(path: Path) -> None:
    import base64

    import weasyprint

    data = base64.b64encode(png_bytes()).decode()
    weasyprint.HTML(string=f'<img src="data:image/png;base64,{data}" style="width: 15cm">').write_pdf(str(path))


def encrypted_pdf(path: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = tmp_path / "plain.pdf"
    make_pdf(PRINT_SOURCE, plain)
    writer = PdfWriter(clone_from=PdfReader(str(plain)))
    writer.encrypt(user_password="acorns", owner_password="acorns-owner", algorithm="AES-256")
    writer.write(str(path))


@pytest.mark.parametrize(
    "name, make, message",
    [
        (
            "scan.pdf",
            lambda p, t: image_only_pdf(p),
            "the PDF has no text to read: its pages are pictures (a scan?). Import the Word or text version, or a copy "
            "made with text recognition (OCR)",
        ),
        (
            "locked.pdf",
            encrypted_pdf,
            "the PDF is protected with a password; open it, save or print an unprotected copy, and import that",
        ),
        ("empty.txt", lambda p, t: p.write_bytes(b""), "the file is empty (0 bytes): there is nothing to import"),
        ("empty.pdf", lambda p, t: p.write_bytes(b""), "the file is empty (0 bytes): there is nothing to import"),
        ("empty.html", lambda p, t: p.write_bytes(b""), "the file is empty (0 bytes): there is nothing to import"),
        ("photo.txt", lambda p, t: p.write_bytes(png_bytes()), "this is not a text file: it is a PNG picture"),
        (
            "policy.txt",
            lambda p, t: p.write_bytes(bytes(range(256)) * 8),
            "this is not a text file (it contains binary data); for a Word document use the .docx file",
        ),
        ("page.html", lambda p, t: p.write_bytes(png_bytes()), "this is not a web page: it is a PNG picture"),
        (
            "notes.pdf",
            lambda p, t: p.write_text("Confidentiality Policy\n"),
            "this is not a PDF (it does not start with %PDF-); is it another kind of file?",
        ),
    ],
)
def test_bad_input_is_one_clear_line_and_writes_nothing(tmp_path: Path, name, make, message):
    source = tmp_path / name
    make(source, tmp_path)
    out = tmp_path / "out"
    result = run_handbook(
        "import",
        str(source),
        "--id",
        "nursery-confidentiality",
        "--out",
        str(out),
        "--data",
        str(tmp_path / "no-data"),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr == f"handbook import: {source}: {message}\n"
    assert result.stdout == ""
    assert not out.exists()


def test_line_joining_and_register_lines_in_detail():
    """The rules behind the fixtures, each on a line or two."""
    from generator.features.importer.blocks import Block
    from generator.features.importer.front_matter import classify, suggested_values
    from generator.features.importer.paragraphs import read_wrapped_text

    wrapped = (
        "Our well-being checks and our confidentiality rules apply to every member of the staff\n"
        "team. Children’s well-\nbeing comes first, and confi-\ndentiality is kept by all staff in the nursery.\n"
        "Anti-\nBullying and xyzzy-\nplugh stay as they are.\n"
    )
    blocks, notes = read_wrapped_text(wrapped)
    assert [b.text for b in blocks] == [
        "Our well-being checks and our confidentiality rules apply to every member of the staff team. Children’s "
        "well-being comes first, and confidentiality is kept by all staff in the nursery.",
        "Anti-Bullying and xyzzy-plugh stay as they are.",
    ]
    assert "'confidentiality' (line 3; in the document)" in notes[1]
    assert notes[2:] == [
        "line 2: 'well-' + 'being' kept its hyphen as 'well-being' (the document writes it with a hyphen "
        "elsewhere): check it",
        "line 6: 'xyzzy-' + 'plugh' kept its hyphen as 'xyzzy-plugh' (not a word the document or the dictionary "
        "knows): check it",
    ]

    def fields(text: str):
        found = classify(Block("paragraph", text, "line 9"))
        return found and ([(f.field, f.said) for f in found[0]], found[1])

    # The issue's own examples, from another nursery's published policy.
    assert fields("This policy was adopted on March 1997") == ([("approved", "March 1997")], [])
    assert fields("Updated & Reviewed August 2018") == ([("last_reviewed", "August 2018")], [])
    assert fields("Adopted 01/09/2021 – next review date: 1st September 2025") == (
        [("approved", "01/09/2021"), ("next_review", "1st September 2025")],
        [],
    )
    assert fields("Sports day is on 3 June 2024.") is None  # a sentence of the policy stays a statement
    assert (
        fields(
            "This policy will be reviewed every year by the manager, who will tell parents in May 2025 "
            "what has changed and why."
        )
        is None
    )  # too long to be a line about the document
    # A signatory's role is the owner to look up; a person's name is not kept anywhere.
    signed = classify(Block("paragraph", "Signed: Jane Smith, Nursery Manager  Date: 3 March 2024", "line 9"))
    assert [(f.field, f.said, f.line) for f in signed[0]] == [
        ("approved", "3 March 2024", "Signed: [a name], Nursery Manager  Date: 3 March 2024"),
        ("owner", "Nursery Manager", "Signed: [a name], Nursery Manager  Date: 3 March 2024"),
    ]
    assert fields("Signed: Jane Smith") == (
        [],
        ["line 9: a signature line was not imported (it names a person, and the register's owner is a role)"],
    )
    assert fields("Signed: ____________") == (
        [],
        ["line 9: 'Signed: ____________' is a form field to fill in by hand; it was not imported"],
    )
    clash = suggested_values(classify(Block("paragraph", "Reviewed 3 May 2023, updated 4 June 2024", "line 9"))[0])
    assert clash["last_reviewed"].value is None
    assert clash["last_reviewed"].comment.endswith("the document gives different dates")


def import_quietly(tmp_path: Path, capsys, name: str, content: str) -> tuple[Policy, str]:
    """A first import of a file written here into a folder of its own: the policy and what was
    printed (wrapping undone)."""
    from generator.commands.import_policy import import_command

    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    assert import_command(no_project(tmp_path), source, "sleep", out_dir=tmp_path / "out") == 0
    policy, findings = validate(load_yaml(tmp_path / "out/sleep.yaml"), Policy)
    assert not findings, findings
    return policy, " ".join(capsys.readouterr().out.split())


def test_a_web_page_reads_as_its_reader_sees_it(tmp_path: Path, capsys):
    """The space between two inline elements stays; struck-through words (an edit shown on the
    page: "every <del>15</del> <ins>10</ins>") and hidden elements are not the text, and the
    notes say what was left out."""
    page = (
        "<html><body><main><h1>Sleep Policy</h1><h2>Safe<em>guarding</em> babies</h2>\n"
        "<p>Read the <a href='guidance.html'>sleep guidance</a> <strong>before</strong> <em>your</em>\n"
        "first shift.</p>\n"
        "<p>Staff check sleeping babies every <del>15</del> <ins>10</ins> minutes, <s>day</s> <strike>and</strike> "
        "night.</p>\n"
        "<p hidden>Draft: ask the owner about cots.</p>\n"
        "<p style='color: grey; display: none'>Old wording kept for the web editor.</p>\n"
        "<ul><li>Babies sleep on their backs<span style='visibility:hidden'> (draft)</span>.</li></ul>\n"
        "</main></body></html>"
    )
    policy, printed = import_quietly(tmp_path, capsys, "sleep.html", page)
    assert [s.title for s in policy.sections] == ["Safeguarding babies"]
    assert [s.text for s in policy.statements()] == [
        "Read the sleep guidance before your first shift.",
        "Staff check sleeping babies every 10 minutes, night.",
        "Babies sleep on their backs.",
    ]
    assert "- struck-through or deleted text (<del>, <s>, <strike>) was left out: '15' / 'day' / 'and'" in printed
    assert (
        "- text the page hides (hidden, display:none) was left out: 'Draft: ask the owner about cots.' / "
        "'Old wording kept for the web editor.' / '(draft)'"
    ) in printed


JOINERS = {"zero-width non-joiner": "\u200c", "zero-width joiner": "\u200d"}
INVISIBLE = {
    "zero-width space": "\u200b",
    "word joiner": "\u2060",
    "byte-order mark": "\ufeff",
    "soft hyphen": "\u00ad",
}


@pytest.mark.parametrize("suffix", [".txt", ".html"])
@pytest.mark.parametrize(
    ("character", "kept"),
    [(c, True) for c in JOINERS.values()] + [(c, False) for c in INVISIBLE.values()],
    ids=[*JOINERS, *INVISIBLE],
)
def test_joiners_are_part_of_the_words_other_invisible_characters_go(tmp_path: Path, capsys, character, kept, suffix):
    """The zero-width (non-)joiner changes how a Persian, Urdu or Hindi word is written
    ("می\u200cخواهم"); a zero-width space, word joiner, stray byte-order mark or soft hyphen
    prints nothing and is only layout."""
    word = f"می{character}خواهم"
    sentence = f"Staff greet families in their own language ({word}, नमस्ते)."
    content = (
        f"Sleep Policy\n\nGreeting\n\n{sentence}\n"
        if suffix == ".txt"
        else f"<html><body><h1>Sleep Policy</h1><h2>Greeting</h2><p>{sentence}</p></body></html>"
    )
    policy, _ = import_quietly(tmp_path, capsys, f"sleep{suffix}", content)
    (statement,) = policy.statements()
    assert statement.text == (sentence if kept else sentence.replace(character, ""))
