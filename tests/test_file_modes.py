"""Every command that writes a file in the project keeps a rewritten file's mode (a private
signatures.yaml stays the owner's alone, a shared policy stays readable by the office), makes
new files in records/ readable by their owner alone and other new files with the usual mode,
and leaves no temporary file behind.

The commands are walked from the command line's parser: a command added later must be listed
here as a writer (with the files it writes) or as one that writes only outputs."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import AS_OF, FIXTURES, REPO, copy_project, run_handbook

from generator.cli import parser

ODD = 0o640  # neither what a new file gets nor 0600: only kept if the mode is really kept


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


USUAL = 0o666 & ~umask()
PRIVATE = 0o600


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def ok(*args: str, cwd: Path) -> None:
    """Run a command that must succeed, with this checkout's code wherever it runs."""
    dated = args if args[0] == "new" else (*args, "--as-of", AS_OF)
    result = run_handbook(*dated, cwd=cwd, env={"PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def office(tmp: Path) -> Path:
    root = copy_project(tmp / "project")
    shutil.copytree(REPO / "examples/records", root / "records")
    return root


def local_authority(tmp: Path) -> Path:
    return shutil.copytree(
        REPO / "examples/local-authority", tmp / "la", ignore=shutil.ignore_patterns("build", ".build.*")
    )


# Each writer: given a scratch folder, run the command and return {file: the mode it must have}.


def sign(tmp: Path) -> dict[Path, int]:
    root = office(tmp)
    ledger = root / "records/signatures.yaml"
    ledger.chmod(PRIVATE)
    ok("sign", "cleo-placeholder", "confidentiality", "--date", "2026-11-28", cwd=root)
    # a ledger made by `sign` itself is personal data from the start
    fresh = office(tmp / "fresh")
    (fresh / "records/signatures.yaml").unlink()
    ok("sign", "cleo-placeholder", "confidentiality", "--date", "2026-11-28", cwd=fresh)
    return {ledger: PRIVATE, fresh / "records/signatures.yaml": PRIVATE}


def sign_csv(tmp: Path) -> dict[Path, int]:
    root = office(tmp)
    ledger = root / "records/signatures.yaml"
    ledger.chmod(ODD)
    sheet = tmp / "sheet.csv"
    sheet.write_text("person,policy,date\ncleo-placeholder,confidentiality,2026-11-28\n", encoding="utf-8")
    ok("sign", "--csv", str(sheet), cwd=root)
    return {ledger: ODD}


def first_import(tmp: Path) -> dict[Path, int]:
    root = copy_project(tmp / "project")
    ok("import", str(FIXTURES / "confidentiality-procedure.txt"), "--id", "staff-conduct", cwd=root)
    replaced = root / "policy_data/policies/confidentiality.yaml"
    replaced.chmod(ODD)
    ok("import", str(FIXTURES / "confidentiality-procedure.txt"), "--id", "confidentiality", "--force", cwd=root)
    return {root / "policy_data/policies/staff-conduct.yaml": USUAL, replaced: ODD}


def import_update(tmp: Path) -> dict[Path, int]:
    import docx
    from test_word_roundtrip import paragraph_of, set_text

    root = copy_project(tmp / "project")
    exported = tmp / "confidentiality.docx"
    ok("export", "confidentiality", "--out", str(exported), cwd=root)
    document = docx.Document(str(exported))
    set_text(paragraph_of(document, "CONF-STR-12"), "Photographs are used only with signed permission.")
    revised = tmp / "revised.docx"
    document.save(str(revised))
    policy = root / "policy_data/policies/confidentiality.yaml"
    before = policy.read_text(encoding="utf-8")
    policy.chmod(ODD)
    ok("import", str(revised), "--update", "confidentiality", cwd=root)
    assert policy.read_text(encoding="utf-8") != before  # it was rewritten
    return {policy: ODD, exported: USUAL}


def export(tmp: Path) -> dict[Path, int]:
    root = copy_project(tmp / "project")
    out = tmp / "confidentiality.docx"
    ok("export", "confidentiality", "--out", str(out), cwd=root)
    return {out: USUAL}


def release(tmp: Path) -> dict[Path, int]:
    root = copy_project(tmp / "project")
    shutil.rmtree(root / "policy_data/releases")
    ok("release", "--date", AS_OF, cwd=root)
    return {root / f"policy_data/releases/{AS_OF}.yaml": USUAL}


def approve(tmp: Path) -> dict[Path, int]:
    root = copy_project(tmp / "project")
    approvals = root / "policy_data/approvals.yaml"
    approvals.chmod(ODD)
    ok("approve", "policy/confidentiality", "--by", "head-teacher", "--date", AS_OF, cwd=root)
    return {approvals: ODD}


def resolve(tmp: Path) -> dict[Path, int]:
    root = local_authority(tmp)
    overrides = root / "settings/willow-court/overrides.yaml"
    before = overrides.read_text(encoding="utf-8")
    overrides.chmod(ODD)
    ok("resolve", "CONF-STR-12", "--setting", "willow-court", "--keep-ours", cwd=root)
    assert overrides.read_text(encoding="utf-8") != before
    return {overrides: ODD}


def new_setting(tmp: Path) -> dict[Path, int]:
    root = local_authority(tmp)
    ok("new-setting", "rowan", "--name", "Rowan Nursery", cwd=root)
    folder = root / "settings/rowan"
    return {path: USUAL for path in folder.iterdir()}


def new(tmp: Path) -> dict[Path, int]:
    ok("new", str(tmp / "oak"), "--name", "Oak Tree Nursery", "--from", str(REPO), cwd=tmp)
    return {path: USUAL for path in (tmp / "oak").rglob("*") if path.is_file()}


def schema(tmp: Path) -> dict[Path, int]:
    root = copy_project(tmp / "project")
    shutil.copytree(REPO / "schemas", root / "schemas")
    kept = root / "schemas/policy.schema.json"
    kept.write_text("{}", encoding="utf-8")  # out of date: rewritten
    kept.chmod(ODD)
    (root / "schemas/register.schema.json").unlink()
    ok("schema", cwd=root)
    return {kept: ODD, root / "schemas/register.schema.json": USUAL}


def upgrade(tmp: Path) -> dict[Path, int]:
    root = copy_project(tmp / "project")
    pack = root / "policy_data/training/2027-september.yaml"
    shutil.copyfile(REPO / "tests/fixtures/upgrade/2027-september.yaml", pack)  # made before courses were data
    pack.chmod(ODD)
    ok("upgrade", cwd=root)
    assert "courses:" in pack.read_text(encoding="utf-8")
    return {pack: ODD}


def translate_export(tmp: Path) -> dict[Path, int]:
    root = copy_project(tmp / "project")
    ok("translate", "export", "fair-processing-notice", "--language", "bn", "--out", "new.po", cwd=root)
    replaced = root / "replaced.po"
    replaced.write_text("old", encoding="utf-8")
    replaced.chmod(ODD)
    ok("translate", "export", "fair-processing-notice", "--language", "bn", "--out", "replaced.po", "--force", cwd=root)
    return {root / "new.po": USUAL, replaced: ODD}


def translate_import(tmp: Path) -> dict[Path, int]:
    import io

    from babel.messages.pofile import read_po, write_po

    root = copy_project(tmp / "project")
    ok("translate", "export", "fair-processing-notice", "--language", "bn", "--out", "bn.po", cwd=root)
    catalog = read_po(io.BytesIO((root / "bn.po").read_bytes()))
    for n, message in enumerate(catalog):
        message.string = f"এক দুই তিন {n}"  # a translator's (test) words
    out = io.BytesIO()
    write_po(out, catalog)
    (root / "bn.po").write_bytes(out.getvalue())
    ok("translate", "import", "bn.po", "--notice", "fair-processing-notice", cwd=root)
    made = root / "policy_data/notices/fair-processing-notice.bn.yaml"
    assert mode(made) == USUAL
    made.chmod(ODD)
    ok("translate", "import", "bn.po", "--notice", "fair-processing-notice", cwd=root)  # again: rewritten
    return {made: ODD}


def desk(tmp: Path) -> dict[Path, int]:
    """The desk saves setting.yaml through its form: the file keeps its mode."""
    from test_desk import desk as desk_client
    from test_desk import setting_form_data

    root = copy_project(tmp / "project")
    setting = root / "policy_data/setting.yaml"
    setting.chmod(ODD)
    client = desk_client(root)
    answer = client.post("/setting", data=setting_form_data(client, phone="01223 000000"))
    assert answer.status_code == 303, answer.text[:500]
    assert "01223 000000" in setting.read_text(encoding="utf-8")
    return {setting: ODD}


WRITERS: dict[str, list[Callable[[Path], dict[Path, int]]]] = {
    "desk": [desk],
    "translate": [translate_export, translate_import],
    "sign": [sign, sign_csv],
    "import": [first_import, import_update],
    "export": [export],
    "release": [release],
    "approve": [approve],
    "resolve": [resolve],
    "new-setting": [new_setting],
    "new": [new],
    "schema": [schema],
    "upgrade": [upgrade],
}
# Commands that write nothing but outputs under build/ (made whole in a new folder and renamed).
OUTPUTS_ONLY = {"check", "build", "serve", "status", "due"}


def test_every_command_is_a_listed_writer_or_writes_only_outputs():
    commands = set(next(a for a in parser()._actions if a.dest == "command").choices)
    assert commands == set(WRITERS) | OUTPUTS_ONLY


@pytest.mark.parametrize("write", [w for ws in WRITERS.values() for w in ws], ids=lambda w: w.__name__)
def test_a_written_file_keeps_its_mode_and_a_new_one_gets_the_usual(write, tmp_path: Path):
    expected = write(tmp_path)
    assert expected
    wrong = {
        str(p.relative_to(tmp_path)): f"{mode(p):o}, expected {want:o}"
        for p, want in expected.items()
        if mode(p) != want
    }
    assert not wrong
    # no temporary file left anywhere the command wrote
    folders = {p.parent for p in expected}
    assert not [p for folder in folders for p in folder.iterdir() if p.name.startswith(".") and p.name != ".gitignore"]
