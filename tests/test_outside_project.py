"""Every command run outside a project refuses in one line and creates nothing; inside one,
from any subfolder, it finds the project as git finds a repository (issue 25)."""

from __future__ import annotations

import argparse
import contextlib
import io
from pathlib import Path

import pytest
from conftest import AS_OF, copy_project

from generator import cli
from generator.commands import arguments
from generator.core.project import find_root

# `new` makes a project, so it is the one command meant to run outside one (tests/test_new_project.py).
OUTSIDE_A_PROJECT_ON_PURPOSE = {"new"}


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


def _value(action: argparse.Action) -> str:
    """A value the argument's own type accepts, so that the command gets past parsing."""
    if action.type in (arguments.date, arguments.release):
        return AS_OF
    if action.type is arguments.prefix:
        return "CONF"
    if action.type is arguments.language:
        return "bn"
    return "some-name.docx" if action.dest in ("file", "docx") else "some-name"


def _argv(name: str, sub: argparse.ArgumentParser) -> list[str]:
    """The shortest command line that parses: every required positional and option, and the
    first choice of each required group of alternatives."""
    argv = [name]
    for action in sub._actions:
        if isinstance(action, argparse._SubParsersAction):  # `translate export ...`: its first action
            first, nested = next(iter(action.choices.items()))
            return argv + _argv(first, nested)
    chosen = set()
    for group in sub._mutually_exclusive_groups:
        if group.required:
            chosen.add(group._group_actions[0])
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:
            if action.nargs is None:
                argv.append(_value(action))
        elif action.required or action in chosen:
            argv.append(action.option_strings[-1])
            if action.nargs != 0:
                argv.append(_value(action))
    return argv


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)  # a traceback fails the test: the user would see it
    return code, out.getvalue(), err.getvalue()


COMMANDS = sorted(set(_subcommands()) - OUTSIDE_A_PROJECT_ON_PURPOSE)


def test_the_walk_covers_every_command():
    assert len(COMMANDS) >= 13 and "import" in COMMANDS and "schema" in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_outside_a_project_refuses_in_one_line(command, tmp_path, monkeypatch):
    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    home = tmp_path / "home"
    home.mkdir()
    (home / "Letter to parents.docx").write_bytes(b"not really a document")
    assert find_root(home) is None, "a folder above the test's folder holds a project"
    monkeypatch.chdir(home)
    argv = _argv(command, _subcommands()[command])
    code, out, err = _run(argv)
    assert code == 1, (argv, out, err)
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(f"handbook {command}: not in a handbook project: there is no policy_data/ folder in {home}")
    assert "handbook new" in err and "cd " in err
    assert sorted(p.name for p in home.iterdir()) == ["Letter to parents.docx"], "the command created files"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_root_that_is_not_a_project_is_refused(command, tmp_path, monkeypatch):
    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, err = _run([*_argv(command, _subcommands()[command]), "--root", str(elsewhere)])
    assert code == 1 and out == ""
    assert err == (
        f"handbook {command}: --root {elsewhere}: that is not a handbook project (it has no policy_data/ "
        "folder (nor model/policy_data/)); give the project's folder, or start one with "
        '`handbook new FOLDER --name "Setting name"`\n'
    )
    assert list(elsewhere.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere"]


def test_a_command_in_a_subfolder_finds_the_project_above(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root / "policy_data" / "policies")
    code, out, err = _run(["check"])
    assert code == 0, err
    assert "policy_data/register.yaml" in out + err  # findings name files from the project's folder
    assert not (root / "policy_data" / "policies" / "policy_data").exists()


def test_an_explicit_data_folder_still_works_anywhere(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    root = copy_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.chdir(outside)
    code, out, err = _run(["check", "--data", str(root / "policy_data")])
    assert code == 0, err
    assert "errors" in out + err


def test_a_model_repository_is_a_project_too(tmp_path, monkeypatch):
    from conftest import REPO

    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    monkeypatch.chdir(REPO / "examples" / "local-authority" / "settings")
    assert find_root(Path.cwd()) == REPO / "examples" / "local-authority"
