"""`handbook new` never leaves half a project and never mangles words: `--from` replaces the
other setting's name only where the whole name stands, and says where; a source it cannot read
or a folder it cannot make is one clear line, exit 1, and nothing left behind to block a rerun."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO, copy_project, run_handbook

PLACEHOLDER = "{setting}"


def new(*args: str, cwd: Path):
    """This checkout's code, wherever the command runs."""
    result = run_handbook("new", *args, cwd=cwd, env={"PYTHONPATH": str(REPO)})
    assert "Traceback" not in result.stderr, result.stderr
    return result


def source_named(tmp_path: Path, name: str) -> Path:
    """A copy of this project whose setting is called `name`."""
    source = copy_project(tmp_path / "source")
    setting = source / "policy_data/setting.yaml"
    setting.write_text(
        re.sub(r"(?m)^name: .*$", f"name: {name}", setting.read_text(encoding="utf-8"), count=1), encoding="utf-8"
    )
    return source


def test_from_replaces_only_the_whole_name_and_lists_each_place(tmp_path: Path):
    source = source_named(tmp_path, "Home")
    policy = source / "policy_data/policies/confidentiality.yaml"
    text = policy.read_text(encoding="utf-8")
    # the name as a whole word (also before a possessive and a full stop), and inside other words
    text = text.replace(
        "Staff at Homerton Early Years Centre have a duty of care",
        "Staff at Home have a duty of care to Home's children, at Homerton and in home-made Homework. Home.",
        1,
    )
    policy.write_text(text, encoding="utf-8")
    glossary = source / "policy_data/glossary.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "# Ask the Home office, not HomeStart.\n", encoding="utf-8"
    )

    result = new(str(tmp_path / "oak"), "--name", "Oak Tree Nursery", "--from", str(source), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    made = tmp_path / "oak"
    adopted = (made / "policy_data/policies/confidentiality.yaml").read_text(encoding="utf-8")
    assert (
        "Staff at {setting} have a duty of care to {setting}'s children, at Homerton and in home-made Homework. {setting}."
        in " ".join(adopted.split())
    )
    everything = {p: p.read_text(encoding="utf-8") for p in made.rglob("*") if p.is_file()}
    assert not [
        p for p, t in everything.items() if "{setting}rton" in t or "{setting}Start" in t or "{setting}work" in t
    ]
    assert "Ask the {setting} office, not HomeStart." in everything[made / "policy_data/glossary.yaml"]

    # each replacement listed as file:line:column, pointing at the placeholder in the new file
    listed = re.findall(r"^    ((?:policy_data|checklists)/[^:]+):(\d+):(\d+): ", result.stderr, re.M)
    placeholders = sum(t.count(PLACEHOLDER) for p, t in everything.items() if p.suffix == ".yaml")
    assert len(listed) == placeholders - _in_headers(everything) >= 4
    for rel, line, column in listed:
        row = (made / rel).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        assert row[int(column) - 1 :].startswith(PLACEHOLDER), (rel, line, row)
    assert "its name 'Home' became {setting} (whole names only) in" in result.stderr
    built = run_handbook("check", cwd=made, env={"PYTHONPATH": str(REPO)})
    assert built.returncode == 0, built.stdout


def _in_headers(files: dict[Path, str]) -> int:
    """The placeholder in our own note at the top of each adopted policy (not a replacement)."""
    return sum(t.count(f"they now say {PLACEHOLDER}") for t in files.values())


@pytest.mark.parametrize(
    "broken",
    [
        ("policy_data/policies/confidentiality.yaml", "oops:\n\t- x\n", "use spaces, not tabs"),
        ("policy_data/setting.yaml", "extra: [unclosed\n", "YAML syntax"),
        ("checklists/all-staff.yaml", "role: again\n", "duplicate key"),
        ("policy_data/register.yaml", "copy: *documents\n", "aliases"),
        ("policy_data/notices/fair-processing-notice.yaml", "note: caf\xe9\n", "not valid UTF-8"),
    ],
)
def test_from_a_project_with_broken_yaml_stops_before_making_anything(broken, tmp_path: Path):
    rel, appended, says = broken
    source = copy_project(tmp_path / "source")
    path = source / rel
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("utf-8") + appended.encode("latin-1"))
    result = new(str(tmp_path / "oak"), "--name", "Oak", "--from", str(source), cwd=tmp_path)
    assert result.returncode == 1
    assert re.search(rf"{re.escape(rel)}:\d+:\d+: error: .*{says}", result.stderr), result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source"]  # nothing made, nothing hidden left
    path.write_text(text, encoding="utf-8")  # fixed: the same command now works
    again = new(str(tmp_path / "oak"), "--name", "Oak", "--from", str(source), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "oak/policy_data/policies/confidentiality.yaml").is_file()


@pytest.mark.parametrize("where", ["a-file/oak", "a-file", "/proc/oak", "/dev/null/oak"])
def test_new_into_an_impossible_folder_is_one_line(where: str, tmp_path: Path):
    (tmp_path / "a-file").write_text("mine", encoding="utf-8")
    result = new(where, "--name", "Oak", cwd=tmp_path)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and ("cannot make" in line or "is not empty" in line), line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "mine"


def test_new_into_an_empty_folder_keeps_it_and_leaves_no_scratch(tmp_path: Path):
    (tmp_path / "oak").mkdir()
    result = new("oak", "--name", "Oak Tree Nursery", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["oak"]
    setting = yaml.safe_load((tmp_path / "oak/policy_data/setting.yaml").read_text(encoding="utf-8"))
    assert setting["id"] == "oak" and setting["name"] == "Oak Tree Nursery"
