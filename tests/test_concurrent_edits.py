"""Two changes to the same data file at once: neither is lost, and none says it was made when it
was not.

Two `handbook sign` runs started together both printed "1 signature added" and the ledger kept
one: each had read the ledger before the other wrote it.  Every command and desk page that reads
a data or records file and writes it back is walked here (`WRITERS`): it is run, and just as it
starts writing (its temporary file beside the data file, which every writer makes) a second
change to the same file is made to the end, by the same command, the desk or an editor.  The
second change must be in the file.  The first must then be there too, or the first must have
said that nothing was written (exit 1, or the desk's "nothing was saved").  Then the lock
itself: a command waits for another that holds the file, and reads what it wrote.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import AS_OF, FIXTURES, REPO, copy_example, copy_project

from generator.cli import main
from generator.core.project import Project

LEDGER = "records/signatures.yaml"


def handbook(root: Path, *args: str) -> tuple[int, str]:
    """`handbook ARGS --root ROOT --as-of AS_OF` in this thread; its exit code and what it printed."""
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        code = main([*args, "--root", str(root), "--as-of", AS_OF])
    return code, said.getvalue()


def office(tmp: Path) -> Path:
    root = copy_project(tmp / "project")
    shutil.copytree(REPO / "examples/records", root / "records")
    return root


def add_line(path: Path, line: str) -> None:
    """An edit made in an editor, which takes no lock: a comment line at the end of the file."""
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def project_of(root: Path) -> Project:
    return Project.at(root, records=root / "records", as_of=dt.date.fromisoformat(AS_OF))


# Each writer: how to make its project, the file both changes go into, the first change (it
# returns whether it said it wrote, and what it said), the second, and a line of each that shows
# in the file once made.


@dataclass
class Writer:
    name: str
    make: Callable[[Path], Path]  # a scratch folder -> the project
    target: str  # the file both change, relative to the project
    first: Callable[[Path], tuple[bool, str]]
    second: Callable[[Path], None]
    first_mark: str
    second_mark: str
    refused: str  # what the first says when it wrote nothing
    claims: str  # a line with which the first says it wrote the file (a regular expression)


def sign_first(root: Path) -> tuple[bool, str]:
    code, said = handbook(root, "sign", "cleo-placeholder", "confidentiality")
    return code == 0, said


def sign_second(root: Path) -> None:
    code, said = handbook(root, "sign", "dev-fictional", "confidentiality")
    assert code == 0, said


def desk_sign_first(root: Path) -> tuple[bool, str]:
    from generator.desk.signatures import record

    choice = {"ticked": ["cleo-placeholder|confidentiality"], "day": dt.date.fromisoformat(AS_OF)}
    ok, lines = record(project_of(root), choice)
    return ok, "\n".join(lines)


def approve_first(root: Path) -> tuple[bool, str]:
    code, said = handbook(root, "approve", "checklist/all-staff", "--by", "head-teacher")
    return code == 0, said


def approve_second(root: Path) -> None:
    code, said = handbook(root, "approve", "policy/confidentiality", "--by", "head-teacher")
    assert code == 0, said


def resolve_first(root: Path) -> tuple[bool, str]:
    code, said = handbook(root, "resolve", "CONF-STR-12", "--setting", "willow-court", "--keep-ours")
    return code == 0, said


def upgrade_project(tmp: Path) -> Path:
    root = copy_project(tmp / "project")
    shutil.copyfile(FIXTURES / "upgrade/2027-september.yaml", root / "policy_data/training/2027-september.yaml")
    return root


def upgrade_first(root: Path) -> tuple[bool, str]:
    code, said = handbook(root, "upgrade")
    return code == 0, said


def translated_catalog(root: Path, words: str) -> Path:
    """A PO file of the parents' notice in Bengali, every text given `words` and its number."""
    from babel.messages.pofile import read_po, write_po

    po = root / f"bn-{len(list(root.glob('bn-*.po')))}.po"
    code, said = handbook(root, "translate", "export", "fair-processing-notice", "--language", "bn", "--out", str(po))
    assert code == 0, said
    catalog = read_po(io.BytesIO(po.read_bytes()))
    for n, message in enumerate(catalog):
        message.string = f"{words} {n}"  # a translator's (test) words
    out = io.BytesIO()
    write_po(out, catalog)
    po.write_bytes(out.getvalue())
    return po


def translation_project(tmp: Path) -> Path:
    root = copy_project(tmp / "project")
    first = translated_catalog(root, "এক দুই")
    code, said = handbook(root, "translate", "import", str(first), "--notice", "fair-processing-notice")
    assert code == 0, said
    translated_catalog(root, "তিন চার")  # the revised translation, imported by the test
    return root


def translate_first(root: Path) -> tuple[bool, str]:
    code, said = handbook(root, "translate", "import", str(root / "bn-1.po"), "--notice", "fair-processing-notice")
    return code == 0, said


def revision_project(tmp: Path) -> Path:
    """A project with a revised Word copy of the confidentiality policy beside it (revised.docx)."""
    import docx
    from test_word_roundtrip import paragraph_of, set_text

    root = copy_project(tmp / "project")
    exported = root / "confidentiality.docx"
    code, said = handbook(root, "export", "confidentiality", "--out", str(exported))
    assert code == 0, said
    document = docx.Document(str(exported))
    set_text(paragraph_of(document, "CONF-STR-12"), "Photographs are used only with signed permission.")
    document.save(str(root / "revised.docx"))
    return root


def update_first(root: Path) -> tuple[bool, str]:
    code, said = handbook(root, "import", str(root / "revised.docx"), "--update", "confidentiality")
    return code == 0, said


def import_first(root: Path) -> tuple[bool, str]:
    code, said = handbook(root, "import", str(FIXTURES / "confidentiality-procedure.txt"), "--id", "staff-conduct")
    assert code == 0, said  # the policy is written whatever becomes of its register entry
    return "Added staff-conduct to" in said, said


def import_second(root: Path) -> None:
    code, said = handbook(root, "import", str(FIXTURES / "confidentiality-procedure.txt"), "--id", "visitors")
    assert "Added visitors to" in said, said


def setting_save(root: Path, key: str, value: str) -> None:
    from generator.desk.saving import Target, save, version_of
    from generator.pipeline.edits import kind_of

    path = root / "policy_data/setting.yaml"
    kind = kind_of("setting.yaml")
    save(Target(path, "policy_data/setting.yaml", kind.model, kind.file_check), version_of(path), set_to(key, value))


def set_to(key: str, value: str):
    def edit(edits):
        edits.set_plain((key,), value)

    return edit


def desk_form_first(root: Path) -> tuple[bool, str]:
    from generator.desk.saving import Stale

    try:
        setting_save(root, "phone", "01223 000000")
    except Stale as stale:
        return False, str(stale)
    return True, ""


PAGE = "docs/visiting.md"


def page_project(tmp: Path) -> Path:
    root = copy_project(tmp / "project")
    (root / PAGE).write_text("# Visiting\n\nVisitors sign in with **to be completed** (who).\n", encoding="utf-8")
    return root


def desk_pages_first(root: Path) -> tuple[bool, str]:
    from generator.desk import pages

    found = pages.pages_of(root)
    pages.read_answers(lambda key: "the office" if key == f"{PAGE}#1" else "", found)
    try:
        pages.save_answers(root, found, {page.relative: page.version for page in found})
    except pages.Changed as changed:
        return False, str(changed)
    return True, ""


def signing(name: str, first: Callable[[Path], tuple[bool, str]]) -> Writer:
    """Cleo's signature recorded `first` (the command, the desk), while Dev's is by the command."""
    return Writer(
        name,
        office,
        LEDGER,
        first,
        sign_second,
        "staff: cleo-placeholder",
        "staff: dev-fictional",
        "nothing was recorded",
        r"^recorded: ",
    )


NOTHING_WRITTEN = "nothing was written; run it again"
WRITERS = [
    signing("sign", sign_first),
    signing("desk-signatures", desk_sign_first),
    Writer(
        "approve",
        copy_project,
        "policy_data/approvals.yaml",
        approve_first,
        approve_second,
        "document: checklist/all-staff",
        "document: policy/confidentiality",
        NOTHING_WRITTEN,
        r"^approved ",
    ),
    Writer(
        "resolve",
        copy_example,
        "settings/willow-court/overrides.yaml",
        resolve_first,
        lambda root: add_line(root / "settings/willow-court/overrides.yaml", "# looked at by the manager"),
        "on the Internet and on social media. Signed permission",
        "# looked at by the manager",
        NOTHING_WRITTEN,
        r"^settings/willow-court/overrides.yaml: CONF-STR-12 ",
    ),
    Writer(
        "upgrade",
        upgrade_project,
        "policy_data/training/2027-september.yaml",
        upgrade_first,
        lambda root: add_line(root / "policy_data/training/2027-september.yaml", "# the room is booked"),
        "courses:",
        "# the room is booked",
        NOTHING_WRITTEN,
        r"^changed ",
    ),
    Writer(
        "translate-import",
        translation_project,
        "policy_data/notices/fair-processing-notice.bn.yaml",
        translate_first,
        lambda root: add_line(root / "policy_data/notices/fair-processing-notice.bn.yaml", "# checked by Rahima"),
        "তিন চার 1",
        "# checked by Rahima",
        NOTHING_WRITTEN,
        r"^Imported ",
    ),
    Writer(
        "import-update",
        revision_project,
        "policy_data/policies/confidentiality.yaml",
        update_first,
        lambda root: add_line(root / "policy_data/policies/confidentiality.yaml", "# read again in March"),
        "Photographs are used only with signed permission.",
        "# read again in March",
        "not written: the file changed after the document was read",
        r"^Wrote ",
    ),
    Writer(
        "import-register",
        copy_project,
        "policy_data/register.yaml",
        import_first,
        import_second,
        "id: staff-conduct",
        "id: visitors",
        "Not added to the register: policy_data/register.yaml was changed while the entry was being added",
        r"^Added ",
    ),
    Writer(
        "desk-form",
        copy_project,
        "policy_data/setting.yaml",
        desk_form_first,
        lambda root: setting_save(root, "email", "office@example.org"),
        "phone: 01223 000000",
        "email: office@example.org",
        "so nothing was saved",
        r"(?!)",  # the desk shows the page again: it prints nothing
    ),
    Writer(
        "desk-pages",
        page_project,
        PAGE,
        desk_pages_first,
        lambda root: add_line(root / PAGE, "Parking is in the street."),
        "sign in with the office.",
        "Parking is in the street.",
        "so nothing of it was saved",
        r"(?!)",  # the desk shows the page again: it prints nothing
    ),
]


@contextlib.contextmanager
def second_change_as_first_writes(monkeypatch, target: Path, second: Callable[[], None]):
    """Make `second` happen once, when a writer starts writing `target`: as it makes its
    temporary file beside it (datafiles.write_atomically), after it has read the file."""
    mkstemp = tempfile.mkstemp
    done: list[bool] = []

    def hooked(*args, **kwargs):
        here = Path(kwargs.get("dir", "")).resolve() == target.parent.resolve()
        if not done and here and kwargs.get("prefix") == f".{target.name}.":
            done.append(True)
            second()
        return mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", hooked)
    yield done
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.name)
def test_a_change_made_while_a_writer_writes_is_never_lost(writer: Writer, tmp_path: Path, monkeypatch):
    root = writer.make(tmp_path / writer.name)
    target = root / writer.target
    assert writer.first_mark not in target.read_text(encoding="utf-8")
    with second_change_as_first_writes(monkeypatch, target, lambda: writer.second(root)) as done:
        wrote, said = writer.first(root)
    assert done, f"{writer.name} never wrote {writer.target}"
    text = target.read_text(encoding="utf-8")
    assert writer.second_mark in text, f"{writer.name} wrote over the change made meanwhile; it said:\n{said}"
    if wrote:
        assert writer.first_mark in text, said
    else:  # the first gave way: it says so, and wrote nothing
        assert writer.refused in " ".join(said.split()), said  # as it reads, however its lines are wrapped
        assert writer.first_mark not in text
        assert not re.search(writer.claims, said, re.M), said
    assert not [p for p in target.parent.iterdir() if p.name.startswith(f".{target.name}.")]  # no temporary file left


def test_every_writer_of_a_data_file_is_walked_here():
    """Every module that writes a file back goes through core/editing.py and has a writer above;
    every other direct writer makes a new file, or an output, and is named here with why."""
    writes_new_or_output = {
        "generator/core/editing.py": "the one writer of a file held for editing (Edit.write)",
        "generator/commands/release.py": "a new release file: never replaces one (place_new)",
        "generator/commands/translate.py": "translate export: a PO file for a translator, not data",
        "generator/features/importer/policy_draft.py": "a first import: a new policy file, or one replaced whole",
        "generator/features/importer/word_export.py": "export: a Word copy, not data",
        "generator/site/site_cache.py": "the site's cache under build/",
    }
    editors = {
        "sign": "generator/commands/cycle.py",
        "desk-signatures": "generator/commands/cycle.py",
        "approve": "generator/commands/approve.py",
        "resolve": "generator/commands/settings.py",
        "upgrade": "generator/commands/upgrade.py",
        "translate-import": "generator/commands/translate.py",
        "import-update": "generator/features/importer/update.py",
        "import-register": "generator/features/importer/register_entry.py",
        "desk-form": "generator/desk/saving.py",
        "desk-pages": "generator/desk/pages.py",
    }
    assert set(editors) == {w.name for w in WRITERS}
    sources = {
        p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8") for p in (REPO / "generator").rglob("*.py")
    }
    direct = {path for path, text in sources.items() if re.search(r"\bwrite_atomically\(", text)}
    assert direct - {"generator/core/datafiles.py"} == set(writes_new_or_output)
    holding = {path for path, text in sources.items() if re.search(r"\bediting\(", text)}
    assert holding - {"generator/core/editing.py"} == set(editors.values())


# The lock itself ------------------------------------------------------------------------------


def sign_in_a_thread(root: Path, person: str) -> tuple[threading.Thread, dict]:
    from generator.commands.cycle import sign
    from generator.features.cycle.signing import from_command_line

    result: dict = {}

    def run() -> None:
        out = io.StringIO()
        result["code"] = sign(project_of(root), from_command_line(person, "confidentiality", None, None), stream=out)
        result["said"] = out.getvalue()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def test_a_signing_waits_for_the_writer_holding_the_ledger_and_adds_to_what_it_wrote(tmp_path: Path, monkeypatch):
    from generator.core import editing

    root = office(tmp_path)
    ledger = root / LEDGER
    waiting = threading.Event()
    wait = editing.wait_for_lock
    monkeypatch.setattr(editing, "wait_for_lock", lambda: (waiting.set(), wait()))
    with editing.editing(ledger, LEDGER) as held:
        thread, result = sign_in_a_thread(root, "dev-fictional")
        assert waiting.wait(timeout=120), result  # it waits for the ledger ...
        assert "code" not in result
        text = held.text
        assert text is not None
        # ... while this writer adds a signature, as another `handbook sign` would
        held.write(
            text + "  - staff: cleo-placeholder\n    policy: confidentiality\n"
            "    fingerprint: 22f286e07ecd\n    date: 2026-11-28\n"
        )
    thread.join(timeout=120)
    assert result["code"] == 0, result
    text = ledger.read_text(encoding="utf-8")
    assert "staff: cleo-placeholder" in text and "staff: dev-fictional" in text


def test_a_writer_that_cannot_have_the_file_says_nothing_was_written(tmp_path: Path, monkeypatch):
    from generator.core import editing

    root = office(tmp_path)
    ledger = root / LEDGER
    before = ledger.read_bytes()
    monkeypatch.setattr(editing, "LOCK_WAIT_SECONDS", 0.3)
    with editing.editing(ledger, LEDGER):
        thread, result = sign_in_a_thread(root, "dev-fictional")
        thread.join(timeout=120)
    assert result["code"] == 1
    assert "has been changing records/signatures.yaml" in result["said"]
    assert "nothing was written; run this again" in result["said"]
    assert not re.search("^recorded: ", result["said"], re.M)
    assert ledger.read_bytes() == before


def test_without_locks_the_file_is_not_held_open_and_a_change_meanwhile_is_still_refused(tmp_path: Path, monkeypatch):
    """Windows has no flock, and a file held open there cannot be replaced: where locks do not
    exist the file is read and closed at once (no descriptor of it is open while the caller
    works), the write still lands, and a change made meanwhile is still refused by the check
    before the rename."""
    import os

    from generator.core import editing

    monkeypatch.setattr(editing, "CAN_LOCK", False)
    path = tmp_path / "approvals.yaml"
    path.write_text("approvals: []\n", encoding="utf-8")

    def open_on_it() -> list[str]:
        return [fd for fd in os.listdir("/proc/self/fd") if os.path.realpath(f"/proc/self/fd/{fd}") == str(path)]

    with editing.editing(path, "approvals.yaml") as edit:
        assert edit.text == "approvals: []\n" and open_on_it() == []
        assert edit.write("approvals: [one]\n") == []
    assert path.read_text(encoding="utf-8") == "approvals: [one]\n"
    with pytest.raises(editing.ConcurrentEdit), editing.editing(path, "approvals.yaml") as edit:
        path.write_text("approvals: [someone else's]\n", encoding="utf-8")
        edit.write("approvals: [one, two]\n")
    assert path.read_text(encoding="utf-8") == "approvals: [someone else's]\n"
