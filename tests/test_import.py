"""`handbook import`: a centre's existing documents become policy files that need only review."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, edit_data, run_handbook

from generator.core.load import load_yaml
from generator.core.sources import validate
from generator.features.policies.model import Policy

CONFIDENTIALITY_TXT = FIXTURES / "confidentiality-procedure.txt"


def no_project(folder: Path):
    """A project folder with no data (a first policy imported into a new folder), on the tests' day."""
    import datetime as dt

    from conftest import AS_OF

    from generator.core.project import Project

    return Project.at(folder, folder / "no-data", as_of=dt.date.fromisoformat(AS_OF))


def load_policy(path: Path) -> Policy:
    policy, findings = validate(load_yaml(path), Policy)
    assert not findings, findings
    return policy


def test_text_export_imports_as_the_hand_made_policy(project: Path, tmp_path: Path):
    out = tmp_path / "imported"
    result = run_handbook("import", str(CONFIDENTIALITY_TXT), "--id", "confidentiality", "--out", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    imported = load_policy(out / "confidentiality.yaml")
    hand_made = load_policy(project / "policy_data/policies/confidentiality.yaml")

    assert imported.title == hand_made.title
    assert [s.title for s in imported.sections] == [s.title for s in hand_made.sections]
    assert [(s.id, s.kind, s.text) for s in imported.statements()] == [
        (s.id, s.kind, s.text) for s in hand_made.statements()
    ]
    # Every mention of a document in the register became a link, in the order of the text.
    assert imported.links == hand_made.links
    # What the document cannot tell is left for a person, and said so.
    assert all(s.to_review() == ("audience", "roles") for s in imported.statements())
    assert "audience and roles of all 35 statements are unset" in result.stdout
    assert "'Homerton Early Years Centre' was not imported (the setting's name, above the title)" in result.stdout


def test_refuses_to_overwrite_unless_forced(project: Path):
    target = project / "policy_data/policies/confidentiality.yaml"
    before = target.read_bytes()
    result = run_handbook("import", str(CONFIDENTIALITY_TXT), "--id", "confidentiality", cwd=project)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "handbook import: policy_data/policies/confidentiality.yaml already exists; not replacing it. "
        "Import with --force to replace it, or choose another --id"
    )
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == before

    forced = run_handbook("import", str(CONFIDENTIALITY_TXT), "--id", "confidentiality", "--force", cwd=project)
    assert forced.returncode == 0, forced.stderr
    assert target.read_bytes() != before
    # The re-imported policy is the same policy, still awaiting review: check reports each
    # unset field where it is written, as a warning.  Until its audience is decided again, the
    # parents' notice may not quote it: those quotes are errors (audience separation).
    check = run_handbook("check", cwd=project)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "error: CONF-LIA-03 is not for parents (audience: not decided yet)" in check.stdout
    assert all("fair-processing-notice.yaml" in line for line in check.stdout.splitlines() if ": error: " in line)
    lines = target.read_text(encoding="utf-8").splitlines()
    audience_line = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("audience:"))
    assert (
        f"policy_data/policies/confidentiality.yaml:{audience_line}:9: warning: to be reviewed: CONF-INT-01 audience: "
        "who is it for? (any of staff, parents, public)"
    ) in check.stdout.splitlines()
    assert len(re.findall(r"warning: to be reviewed: CONF-\w+-\d+ (audience|roles)", check.stdout)) == 70


def build_docx(path: Path) -> dict[str, list[str]]:
    """A policy as a centre might write it in Word; returns its words by kind."""
    import docx

    document = docx.Document()
    document.add_paragraph("Homerton Early Years Centre", style="Title")
    document.add_heading("Intimate Care Policy", level=1)
    document.add_heading("Purpose", level=1)
    words = {
        "paragraphs": [
            "This policy sets out how we support children’s “intimate care” – nappy changing, toileting and washing.",
            "Staff will:",
            "When changing a child we:",
            "Any concern is reported under our Safeguarding Policy and our policies for Child Protection and Whistle Blowing.",
        ],
        "bullets": ["Respect each child’s privacy and dignity.", "Tell a colleague before changing a child."],
        "numbered": ["Wash hands and put on gloves.", "Record the change on the child’s ‘daily sheet’."],
        "table": ["Age", "Changes a day", "Under 2", "At least four"],
        "headings": ["Purpose", "Procedure", "Concerns"],
    }
    document.add_paragraph(words["paragraphs"][0])
    document.add_paragraph(words["paragraphs"][1])
    for text in words["bullets"]:
        document.add_paragraph(text, style="List Bullet")
    document.add_heading("Procedure", level=1)
    document.add_paragraph(words["paragraphs"][2])
    for text in words["numbered"]:
        document.add_paragraph(text, style="List Number")
    table = document.add_table(rows=2, cols=2)
    for i, text in enumerate(words["table"]):
        table.cell(i // 2, i % 2).text = text
    document.add_paragraph().add_run("Concerns").bold = True  # a heading typed as bold text
    document.add_paragraph(words["paragraphs"][3])
    document.save(str(path))
    return words


def _in_content_control(element) -> None:
    """Wrap a row or cell of a Word table in a content control (w:sdt), as a form template does."""
    from docx.oxml import OxmlElement

    control, properties, content = OxmlElement("w:sdt"), OxmlElement("w:sdtPr"), OxmlElement("w:sdtContent")
    element.addprevious(control)
    control.append(properties)
    control.append(content)
    content.append(element)


def test_every_word_of_a_table_is_kept_nested_merged_or_in_a_content_control(project: Path, tmp_path: Path):
    """A table's note holds every word once: a table inside a cell, rows and cells a content
    control wraps (python-docx's rows and cells leave both out) and a cell merged down rows."""
    import docx

    source = tmp_path / "Ratios.docx"
    document = docx.Document()
    document.add_heading("Ratios", level=1)
    document.add_paragraph("Staff keep to these ratios at all times.")
    table = document.add_table(rows=5, cols=2)
    for (row, column), words in {
        (0, 0): "Room",
        (0, 1): "Ratio",
        (1, 1): "See the EYFS",
        (2, 0): "Wrapped row",
    }.items():
        table.cell(row, column).text = words
    table.cell(2, 1).text = "kept too"
    inner = table.cell(1, 0).add_table(rows=2, cols=2)
    for i, words in enumerate(["Under two", "one to three", "Two year olds", "one to four"]):
        inner.cell(i // 2, i % 2).text = words
    table.cell(3, 0).text = "Wrapped cell"
    table.cell(3, 1).text = "beside it"
    merged = table.cell(4, 0).merge(table.cell(4, 1))
    merged.text = "Across both columns"
    _in_content_control(table.rows[2]._tr)
    _in_content_control(table.rows[3]._tr.tc_lst[0])
    document.add_paragraph("Ratios are checked at every handover.")
    document.save(str(source))

    result = run_handbook("import", str(source), "--id", "ratios", cwd=project)
    assert result.returncode == 0, result.stderr
    written = (project / "policy_data/policies/ratios.yaml").read_text(encoding="utf-8")
    lines = [line.strip() for line in written.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("# NOT IMPORTED (table 1:")) + 1
    note = [
        line.removeprefix("# ").strip()
        for line in itertools.takewhile(lambda line: line.startswith("#   "), lines[start:])
    ]
    assert note == [
        "Room | Ratio",
        "[Under two | one to three; Two year olds | one to four] | See the EYFS",
        "Wrapped row | kept too",
        "Wrapped cell | beside it",
        "Across both columns",
    ], written
    assert "table 1: a table (5 rows, 2 columns) could not be mapped to statements" in result.stdout


def test_word_document_imports_with_every_word_and_a_note_for_the_table(project: Path, tmp_path: Path):
    source = tmp_path / "Intimate care.docx"
    words = build_docx(source)
    register = project / "policy_data/register.yaml"
    before = register.read_text(encoding="utf-8")
    result = run_handbook("import", str(source), "--id", "intimate-care", cwd=project)
    assert result.returncode == 0, result.stderr
    target = project / "policy_data/policies/intimate-care.yaml"
    policy = load_policy(target)
    written = target.read_text(encoding="utf-8")

    assert policy.title == "Intimate Care Policy"
    assert [s.title for s in policy.sections] == words["headings"]
    texts = [(s.kind, s.text) for s in policy.statements()]
    assert texts == [
        ("paragraph", words["paragraphs"][0]),
        ("paragraph", words["paragraphs"][1]),
        *[("item", t) for t in words["bullets"]],
        ("paragraph", words["paragraphs"][2]),
        *[("item", t) for t in words["numbered"]],
        ("paragraph", words["paragraphs"][3]),
    ]
    assert [s.id for s in policy.statements()] == [
        "IC-PUR-01",
        "IC-PUR-02",
        "IC-PUR-03",
        "IC-PUR-04",
        "IC-PRO-00",
        "IC-PRO-01",
        "IC-PRO-02",
        "IC-CON-01",
    ]
    # The table could not be mapped: a clear note, on screen and in the file, with its words.
    assert "table 1: a table (2 rows, 2 columns) could not be mapped to statements" in result.stdout
    assert "# NOT IMPORTED (table 1: a table (2 rows, 2 columns))." in written
    assert "#   Age | Changes a day\n" in written and "#   Under 2 | At least four\n" in written
    # The letterhead is not lost silently either.
    assert "'Homerton Early Years Centre' was not imported" in result.stdout
    # Mentions: register entries become links; the others are offered as register entries.
    assert policy.links == ["child-protection", "whistle-blowing"]
    offered = result.stdout.split("\nThe text mentions documents policy_data/register.yaml does not list: ", 1)[1]
    assert "  - id: safeguarding\n    title: Safeguarding Policy\n" in offered and "intimate-care" not in offered

    # The policy itself is added to the register, as the desk adds it (every other line kept):
    # the policy loads, and every unset field is a located "to be reviewed" warning until a
    # person fills it.
    assert "Added intimate-care to policy_data/register.yaml" in result.stdout
    assert register.read_text(encoding="utf-8") == before + (
        "  - id: intimate-care\n    title: Intimate Care Policy\n    kind: policy\n    status: in-handbook\n"
        "    owner: null\n    review_cycle_months: null\n    approved: null\n    last_reviewed: null\n"
        "    next_review: null\n"
    )
    check = run_handbook("check", cwd=project)
    assert check.returncode == 0, check.stdout
    assert len(re.findall(r"intimate-care\.yaml:\d+:9: warning: to be reviewed: IC-", check.stdout)) == 16

    head, tail = written.split("      - id: IC-PUR-01\n", 1)
    tail = tail.replace("audience:  # TO REVIEW", "audience: [staff, parents]", 1).replace(
        "roles:  # TO REVIEW", "roles: [all-staff]", 1
    )
    target.write_text(head + "      - id: IC-PUR-01\n" + tail, encoding="utf-8")
    check = run_handbook("check", cwd=project)
    assert "to be reviewed: IC-PUR-01" not in check.stdout
    assert len(re.findall(r"warning: to be reviewed: IC-", check.stdout)) == 14


LITTLE_ACORNS_TXT = FIXTURES / "import/little-acorns-confidentiality.txt"
LITTLE_ACORNS_ENTRY = (
    "  - id: nursery-confidentiality\n    title: Confidentiality Policy\n    kind: policy\n    status: in-handbook\n"
)


@pytest.mark.parametrize(
    ("mistake", "typed", "said"),
    [
        (
            "a value the register does not allow",
            "    status: in-handbok\n",
            "policy_data/register.yaml:13:13: error: status: Input should be 'in-handbook', 'held-by-centre' or "
            "'named-in-policy' (got 'in-handbok')",
        ),
        (
            "a YAML syntax error",
            "    status: 'in-handbook\n",
            "policy_data/register.yaml:143:71: error: YAML syntax: did not find expected key",
        ),
    ],
)
def test_a_register_with_a_mistake_is_left_as_it_was_and_the_policys_entry_printed(
    project: Path, mistake: str, typed: str, said: str
):
    register = project / "policy_data/register.yaml"
    edit_data(project, "policy_data/register.yaml", "    status: in-handbook\n", typed)
    before = register.read_bytes()
    result = run_handbook("import", str(LITTLE_ACORNS_TXT), "--id", "nursery-confidentiality", cwd=project)
    assert result.returncode == 0, result.stderr  # the policy is written: the register is what is left to do
    assert (project / "policy_data/policies/nursery-confidentiality.yaml").is_file()
    assert register.read_bytes() == before, mistake  # not a byte changed
    told = " ".join(result.stdout.split("\nNot added to the register:", 1)[1].split("\n  - id:", 1)[0].split())
    assert told.startswith(f"policy_data/register.yaml has an error to correct first: {said}"), told
    assert told.endswith(
        "The policy is not in the handbook until policy_data/register.yaml lists it: add this entry under "
        "documents: (check each value):"
    )
    printed = result.stdout.split("(check each value):\n", 1)[1].split("\n\n", 1)[0] + "\n"
    assert printed.startswith(LITTLE_ACORNS_ENTRY)
    assert "Added nursery-confidentiality" not in result.stdout

    # The entry printed, comments and all, is what the corrected register takes.
    register.write_bytes(before.replace(typed.encode(), b"    status: in-handbook\n") + printed.encode())
    check = run_handbook("check", cwd=project)
    assert check.returncode == 0, check.stdout
    assert "nursery-confidentiality.yaml" in check.stdout  # its statements still await review


def test_a_policy_imported_outside_the_policies_folder_is_not_added_to_the_register(project: Path, tmp_path: Path):
    register = project / "policy_data/register.yaml"
    before = register.read_bytes()
    result = run_handbook(
        "import",
        str(LITTLE_ACORNS_TXT),
        "--id",
        "nursery-confidentiality",
        "--out",
        str(tmp_path / "elsewhere"),
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    assert register.read_bytes() == before
    told = " ".join(result.stdout.split("\nNot added to the register:", 1)[1].split("\n  - id:", 1)[0].split())
    assert told.startswith(
        f"{tmp_path / 'elsewhere/nursery-confidentiality.yaml'} is outside policy_data/policies, and the register "
        "lists only the policies there."
    ), told
    assert "(check each value):\n" + LITTLE_ACORNS_ENTRY in result.stdout


def test_an_empty_audience_in_hand_made_data_is_still_an_error(project: Path):
    line = edit_data(
        project,
        "policy_data/policies/confidentiality.yaml",
        "        audience: [staff, parents]",
        "        audience: []",
    )
    check = run_handbook("check", cwd=project)
    assert check.returncode == 1
    assert re.search(
        rf"^policy_data/policies/confidentiality.yaml:{line}:19: error: audience: List should have at least 1 item",
        check.stdout,
        re.M,
    ), check.stdout


def test_markdown_and_unreadable_files(project: Path, tmp_path: Path):
    source = tmp_path / "sun.md"
    source.write_text(
        "# Sun Protection Policy\n\n## Aims\n\nIn hot weather we:\n\n- apply **sun cream** with\n  parents’ consent;\n"
        "- keep children in the shade.\n\n| Month | Hat |\n|---|---|\n| May | yes |\n\n## Parents\n\n"
        "Parents provide a hat. See [our website](https://example.org).\n",
        encoding="utf-8",
    )
    result = run_handbook("import", str(source), "--id", "sun-protection", "--out", str(tmp_path / "out"), cwd=project)
    assert result.returncode == 0, result.stderr
    policy = load_policy(tmp_path / "out/sun-protection.yaml")
    assert policy.title == "Sun Protection Policy"
    assert [(s.id, s.text) for s in policy.statements()] == [
        ("SP-AIM-00", "In hot weather we:"),
        ("SP-AIM-01", "apply sun cream with parents’ consent;"),
        ("SP-AIM-02", "keep children in the shade."),
        ("SP-PAR-01", "Parents provide a hat. See our website (https://example.org)."),
    ]
    assert "a table could not be mapped" in result.stdout

    for name, content, message in [
        ("old.doc", b"\xd0\xcf\x11\xe0", "cannot read .doc files; open it in Word or LibreOffice and save it as .docx"),
        ("broken.docx", b"not a zip", "cannot open it as a Word document"),
        ("empty.txt", b"\n\n", "the document has no paragraphs or list items to import"),
    ]:
        (tmp_path / name).write_bytes(content)
        failed = run_handbook("import", str(tmp_path / name), "--id", "x", "--out", str(tmp_path / "out"), cwd=project)
        assert failed.returncode == 1 and message in failed.stderr, failed.stderr
        assert "Traceback" not in failed.stderr


def test_plain_text_layouts(tmp_path: Path, capsys):
    """Hand-wrapped text, numbered headings, a Word export's "o" sub-bullets, Windows-1252."""
    from generator.commands.import_policy import import_command

    source = tmp_path / "sun.txt"
    source.write_bytes(
        "Sun Protection Policy\n\n1. Introduction\n\nWe protect children\nfrom the sun \u2013 always.\n\n"
        "2. What we do\n\nIn hot weather we:\n\n1. Apply sun cream\n\to with \u2018parents\u2019 consent\n"
        "2. Use hats\n\nThat is all.\n".encode("cp1252")
    )
    assert import_command(no_project(tmp_path), source, "sun-protection", out_dir=tmp_path / "out") == 0
    printed = capsys.readouterr().out
    policy = load_policy(tmp_path / "out/sun-protection.yaml")
    assert [s.title for s in policy.sections] == ["1. Introduction", "2. What we do"]
    assert [(s.id, s.kind, s.text) for s in policy.statements()] == [
        ("SP-INT-01", "paragraph", "We protect children from the sun \u2013 always."),
        ("SP-WHA-00", "paragraph", "In hot weather we:"),
        ("SP-WHA-01", "item", "Apply sun cream"),
        ("SP-WHA-02", "item", "with \u2018parents\u2019 consent"),
        ("SP-WHA-03", "item", "Use hats"),
        ("SP-WHA-04", "paragraph", "That is all."),
    ]
    assert "the file is not UTF-8; it was read as Windows-1252" in printed
    assert "1 sub-item (a list inside a list) became items of the list around them: SP-WHA-02" in printed
    assert "import note: a level-2 sub-item, imported as an item of the list" in (
        tmp_path / "out/sun-protection.yaml"
    ).read_text(encoding="utf-8")


# ---- a Word document's words, wherever Word keeps them -------------------------------------

AUTHOR, DATE = "Jane Smith", "2026-11-20T10:00:00Z"


def word_element(tag: str, **attributes: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def word_run(text: str, tag: str = "w:t"):
    """<w:r><w:t>text</w:t></w:r> (or w:delText, w:instrText), spaces kept as typed."""
    run, words = word_element("w:r"), word_element(tag)
    words.text = text
    words.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(words)
    return run


def tracked(tag: str, text: str, rid: int):
    """<w:ins> or <w:del> around one run, as Word writes a change made with Track Changes on."""
    change = word_element(tag, id=str(rid), author=AUTHOR, date=DATE)
    change.append(word_run(text, "w:delText" if tag == "w:del" else "w:t"))
    return change


def field_char(kind: str):
    """A run holding a complex field's begin, separate or end mark."""
    run = word_element("w:r")
    run.append(word_element("w:fldChar", fldCharType=kind))
    return run


def import_docx(document, tmp_path: Path, capsys) -> tuple[list[tuple[str, str]], str]:
    """Import the document as a first import: its (kind, text) statements and what was printed."""
    from generator.commands.import_policy import import_command

    source = tmp_path / "policy.docx"
    document.save(str(source))
    assert import_command(no_project(tmp_path), source, "mobile-phones", out_dir=tmp_path / "out") == 0
    printed = " ".join(capsys.readouterr().out.split())
    return [(s.kind, s.text) for s in load_policy(tmp_path / "out/mobile-phones.yaml").statements()], printed


def test_a_first_import_reads_tracked_changes_as_accepted_and_says_how_many(tmp_path: Path, capsys):
    """As `--update` reads them: inserted words in, deleted words out, a deleted paragraph gone;
    the owner is told the changes were accepted, how many and by whom."""
    import docx

    document = docx.Document()
    document.add_heading("Mobile Phone Policy", 0)
    document.add_heading("Aims", 1)
    reworded = document.add_paragraph("Phones are kept in the ")
    reworded._p.append(tracked("w:del", "office.", 1))
    reworded._p.append(tracked("w:ins", "locked staff cupboard.", 2))
    added = document.add_paragraph()
    added._p.append(tracked("w:ins", "Visitors are asked to keep their phones in their bags.", 3))
    gone = document.add_paragraph()
    gone._p.append(tracked("w:del", "Staff may use their phones at lunch in the garden.", 4))
    mark = word_element("w:rPr")
    mark.append(word_element("w:del", id="5", author=AUTHOR, date=DATE))
    gone._p.get_or_add_pPr().append(mark)
    document.add_paragraph("Phones are never used to take photographs of children.")

    statements, printed = import_docx(document, tmp_path, capsys)
    assert statements == [
        ("paragraph", "Phones are kept in the locked staff cupboard."),
        ("paragraph", "Visitors are asked to keep their phones in their bags."),
        ("paragraph", "Phones are never used to take photographs of children."),
    ]
    assert (
        "- the document has tracked changes; they were read as if accepted (2 insertions, 2 deletions; by "
        "Jane Smith (5)): check the imported text reads as intended"
    ) in printed


def _content_control(*runs):
    sdt, content = word_element("w:sdt"), word_element("w:sdtContent")
    properties = word_element("w:sdtPr")
    properties.append(word_element("w:alias", val="Setting name"))
    sdt.append(properties)
    content.extend(runs)
    sdt.append(content)
    return sdt


def _wrapped(tag: str, **attributes: str):
    def make(*runs):
        element = word_element(tag, **attributes)
        element.extend(runs)
        return element

    return make


def test_hidden_text_and_an_empty_form_fields_prompt_are_not_imported(tmp_path: Path, capsys):
    """Word shows neither as the document's words: text formatted hidden (w:vanish), and the
    grey prompt of a content control nobody filled in (w:showingPlcHdr).  Hidden turned off
    (w:val="0") is ordinary text, and a filled-in content control's words are read."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_heading("Mobile Phone Policy", 0)
    document.add_heading("Aims", 1)
    hidden, shown = word_run(" (draft note: check with Ofsted)"), word_run(" with the manager's agreement")
    for run, val in ((hidden, None), (shown, "0")):
        properties = word_element("w:rPr")
        properties.append(word_element("w:vanish", **({"val": val} if val else {})))
        run.insert(0, properties)
    paragraph = document.add_paragraph("Phones may be used in the office")
    paragraph._p.extend([hidden, shown, word_run(".")])
    prompt = _content_control(word_run("Click or tap here to enter text."))
    prompt.find(qn("w:sdtPr")).append(word_element("w:showingPlcHdr"))
    second = document.add_paragraph("Ask ")
    second._p.extend([prompt, _content_control(word_run("the office")), word_run(" for the phone rota.")])

    # a block-level form field (a whole paragraph in a content control) still showing its prompt
    block = word_element("w:sdt")
    block.append(word_element("w:sdtPr"))
    block[0].append(word_element("w:showingPlcHdr"))
    block.append(word_element("w:sdtContent"))
    prompt_paragraph = word_element("w:p")
    prompt_paragraph.append(word_run("Click or tap here to enter text."))
    block[1].append(prompt_paragraph)
    document.element.body.insert(len(document.element.body) - 1, block)  # before the section properties

    statements, _ = import_docx(document, tmp_path, capsys)
    assert statements == [
        ("paragraph", "Phones may be used in the office with the manager's agreement."),
        ("paragraph", "Ask the office for the phone rota."),
    ]


WORD_CONTAINERS = {
    "content control": _content_control,
    "simple field": _wrapped("w:fldSimple", instr=" DOCPROPERTY Company "),
    "smart tag": _wrapped("w:smartTag", element="PlaceName"),
    "hyperlink": _wrapped("w:hyperlink", anchor="setting"),
}


@pytest.mark.parametrize(
    ("container", "tracked_insertion"),
    [(container, False) for container in WORD_CONTAINERS if container != "hyperlink"]  # a link was always read
    + [(container, True) for container in WORD_CONTAINERS],
)
def test_words_in_content_controls_fields_smart_tags_and_links_are_imported(
    tmp_path: Path, capsys, container: str, tracked_insertion: bool
):
    """python-docx's paragraph.text reads only plain runs and hyperlinks: the setting's name in
    a content control, a field's result or a smart tag was dropped ("At  staff do not ...").
    Field codes and deleted words are still not words."""
    import docx

    name = tracked("w:ins", "Little Acorns Nursery", 1) if tracked_insertion else word_run("Little Acorns Nursery")
    document = docx.Document()
    document.add_heading("Mobile Phone Policy", 0)
    document.add_heading("Aims", 1)
    paragraph = document.add_paragraph("At ")
    paragraph._p.append(WORD_CONTAINERS[container](name))
    paragraph._p.append(word_run(" staff do not use personal phones in rooms where children are present."))
    paragraph._p.append(tracked("w:del", " Not even at lunch.", 2))
    # A field Word shows as its result ("page 3"): the code behind it is not text.
    second = document.add_paragraph("The rota is on page ")
    second._p.extend(
        [
            field_char("begin"),
            word_run(" PAGEREF rota \\h ", "w:instrText"),
            field_char("separate"),
            word_run("3"),
            field_char("end"),
            word_run(" of the handbook."),
        ]
    )

    statements, printed = import_docx(document, tmp_path, capsys)
    assert statements == [
        ("paragraph", "At Little Acorns Nursery staff do not use personal phones in rooms where children are present."),
        ("paragraph", "The rota is on page 3 of the handbook."),
    ]
