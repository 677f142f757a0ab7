"""The `handbook` command line is built from one list of command modules
(generator/registry.py), each declaring its own arguments, and every argument value is
checked by the parser with the shared checks of generator/commands/arguments.py.  The tests walk
every command's parser, so a command added later is held to the same rules."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import pkgutil
from pathlib import Path

import pytest

from generator import cli, commands
from generator.commands import arguments
from generator.registry import COMMANDS


def parsers() -> dict[str, argparse.ArgumentParser]:
    """Every command's parser, by what is typed after `handbook` ("translate export")."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(typed: str, parser: argparse.ArgumentParser) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, nested in action.choices.items():
                    found[f"{typed} {name}".strip()] = nested
                    walk(f"{typed} {name}".strip(), nested)

    walk("", cli.parser())
    return found


def arguments_of(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))]


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)  # anything raised fails the test: the user would see a traceback
    return code, out.getvalue(), err.getvalue()


def flat(text: str) -> str:
    return " ".join(text.split())


PARSERS = parsers()
EVERY_ARGUMENT = [(typed, action) for typed, parser in PARSERS.items() for action in arguments_of(parser)]


def named(action: argparse.Action) -> str:
    return action.option_strings[-1] if action.option_strings else action.metavar or action.dest


def test_the_walk_covers_every_command():
    assert set(PARSERS) >= {
        "new",
        "check",
        "build",
        "approve",
        "release",
        "sign",
        "due",
        "translate export",
        "translate import",
        "import",
        "export",
        "resolve",
        "new-setting",
    }
    assert len(EVERY_ARGUMENT) > 100


def test_every_command_module_is_listed_once_and_declares_itself():
    """Adding a command is its module and one line in the registry: a module that declares a
    command and is not listed would never be reachable."""
    declared = set()
    for module in pkgutil.iter_modules(commands.__path__):
        command = importlib.import_module(f"generator.commands.{module.name}")
        if hasattr(command, "NAME"):
            declared.add(command)
    declared.add(
        importlib.import_module("generator.desk.command")
    )  # the desk runs the other commands: it sits above them
    assert set(COMMANDS) == declared
    assert len({c.NAME for c in COMMANDS}) == len(COMMANDS)
    for command in COMMANDS:
        assert callable(command.add_arguments) and callable(command.run), command.NAME
        assert command.HELP and "\n" not in command.HELP, command.NAME


def test_handbook_help_lists_every_command_with_its_line():
    code, out, _ = run(["--help"])
    assert code == 0
    for command in COMMANDS:
        assert f" {command.NAME} {flat(command.HELP)}" in flat(out), command.NAME


@pytest.mark.parametrize("typed", sorted(PARSERS))
def test_every_command_has_help_and_every_argument_says_what_it_is(typed: str):
    code, out, err = run([*typed.split(), "--help"])
    assert code == 0 and err == ""
    assert out.startswith(f"usage: handbook {typed} ")
    for action in arguments_of(PARSERS[typed]):
        assert action.help, f"handbook {typed}: {named(action)} has no help"
        if action.help != argparse.SUPPRESS:
            assert named(action) in out


def test_every_argument_value_is_checked_by_a_shared_check():
    """No ad-hoc `type=int` or check in a command's run(): a value is a path, free text, or
    checked by one of generator/commands/arguments.py's functions."""
    ad_hoc = [
        f"{typed} {named(a)}: {a.type}"
        for typed, a in EVERY_ARGUMENT
        if a.type not in (None, Path) and getattr(a.type, "__module__", None) != arguments.__name__
    ]
    assert ad_hoc == []


def is_a_date(action: argparse.Action) -> bool:
    # "_date", not "date": import's --update (dest "update") is a policy id
    return action.dest == "date" or action.dest.endswith("_date") or action.metavar == "YYYY-MM-DD"


DATE_OPTIONS = [(typed, a) for typed, a in EVERY_ARGUMENT if is_a_date(a)]


def test_the_date_options_are_found():
    found = {(typed, named(a)) for typed, a in DATE_OPTIONS}
    assert {
        ("approve", "--date"),
        ("release", "--date"),
        ("sign", "--date"),
        ("sign", "--release"),
        ("check", "--as-of"),
    } <= found


@pytest.mark.parametrize("typed, action", DATE_OPTIONS, ids=[f"{t}-{named(a)}" for t, a in DATE_OPTIONS])
@pytest.mark.parametrize("bad", ["31/09/2026", "2026-02-30", "tomorrow"])
def test_every_date_option_refuses_a_date_that_is_not_one(typed: str, action: argparse.Action, bad: str):
    option = named(action)
    code, out, err = run([*typed.split(), option, bad])
    assert code == 2 and out == ""
    assert "Traceback" not in err
    last = err.splitlines()[-1]
    if action.type is arguments.release:  # YYYY-MM-DD, or YYYY-MM-DD.N for a later release that day
        assert last.startswith(
            f"handbook {typed}: error: argument {option}: '{bad}' is not a release; write YYYY-MM-DD"
        )
    else:
        assert last == f"handbook {typed}: error: argument {option}: '{bad}' is not a date; write YYYY-MM-DD"


# A value each shared check refuses, and the start of what it says.
REFUSED = {
    arguments.date: ("2026-13-01", "is not a date"),
    arguments.release: ("2026-11-28.x", "is not a release"),
    arguments.slug: ("Child Protection", "is not a valid id"),
    arguments.prefix: ("conf", "is not a valid prefix"),
    arguments.language: ("en", "is not a language code to translate into"),
    arguments.host_name: ("evil.example/x", "is not a computer's name or address"),
}
CHECKED = [(typed, a) for typed, a in EVERY_ARGUMENT if a.type not in (None, Path)]


@pytest.mark.parametrize("typed, action", CHECKED, ids=[f"{t}-{named(a)}" for t, a in CHECKED])
def test_every_checked_argument_refuses_a_bad_value_with_a_usage_error(typed: str, action: argparse.Action):
    bad, says = REFUSED.get(action.type, ("0", "must be a whole number of"))  # arguments.whole_number
    if action.option_strings:
        argv = [*typed.split(), action.option_strings[-1], bad]
    else:  # a positional: any words for the positionals before it
        before = [a for a in arguments_of(PARSERS[typed]) if not a.option_strings]
        argv = [*typed.split(), *["some-name"] * before.index(action), bad]
    code, _, err = run(argv)
    assert code == 2 and "Traceback" not in err
    assert f"handbook {typed}: error: argument {named(action)}: " in err and says in err, err


def test_a_good_date_passes_as_a_date():
    args = cli.parser().parse_args(
        ["approve", "policy/confidentiality", "--by", "head-teacher", "--date", "2026-11-28"]
    )
    assert args.date.isoformat() == "2026-11-28"


REPO = Path(__file__).resolve().parent.parent

# The parser is built, and every --help printed, in a fresh interpreter: what it imports then is
# what `handbook --help` or a usage error costs the user.
BUILD_THE_PARSER = """
import argparse, json, sys
from generator import cli
def walk(parser):
    parser.format_help()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for nested in action.choices.values():
                walk(nested)
walk(cli.parser())
code = cli.main(["approve"])  # a usage error: DOC and --by are missing
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def heavy_layers() -> list[str]:
    """The package's layers below the commands (pyproject.toml's layers contract), but core:
    the site, the pipeline and the features, which a command needs only when it runs."""
    import tomllib

    contract = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = contract["contracts"][0]["layers"]
    below = layers[layers.index("generator.commands") + 1 :]
    assert below[-1] == "generator.core"
    return below[:-1]


def third_party_imports() -> set[str]:
    """Every package the code imports from outside the standard library (MkDocs, WeasyPrint,
    python-docx, pdfminer, Starlette, uvicorn, pydantic, Jinja...), found in its import lines."""
    import ast
    import sys

    found = set()
    for path in (REPO / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"generator", "__future__"}


def test_building_the_parser_imports_only_the_standard_library_and_core():
    """`handbook --help` and a usage error answer at once: every command module imports its
    work (the pipeline, the site, MkDocs, WeasyPrint, the readers, the desk's web server) when
    it runs, not when the parser is built."""
    import json
    import subprocess
    import sys

    layers = heavy_layers()
    assert {"generator.site", "generator.pipeline", "generator.features"} <= set(layers)
    packages = third_party_imports()
    assert {"mkdocs", "weasyprint", "docx", "pdfminer", "starlette", "uvicorn", "pydantic"} <= packages
    done = subprocess.run(
        [sys.executable, "-c", BUILD_THE_PARSER], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["code"] == 2 and "the following arguments are required" in done.stderr
    command_modules = {c.__name__ for c in COMMANDS}  # the desk's among them; the rest of the desk is its web app
    loaded = [
        module
        for module in result["modules"]
        if module.split(".")[0] in packages
        or any(module == layer or module.startswith(layer + ".") for layer in layers)
        or (module.startswith("generator.desk.") and module not in command_modules)
    ]
    assert loaded == [], f"building the parser imported {len(loaded)} modules of a command's work: {loaded[:20]}"


def test_new_names_the_starter_folder_the_templates_hold():
    """commands/new.py names templates/new/ without importing Jinja (for the parser's sake): it
    must be the folder core/templating.py's TEMPLATES holds."""
    from generator.commands.new import STARTER
    from generator.core.templating import TEMPLATES

    assert STARTER == TEMPLATES / "new"
    assert (STARTER / "mkdocs.yml").is_file() and (STARTER / "policy_data").is_dir()


# The environment the handbook reads (generator/core/clock.py): each variable, given a value it
# cannot use, is a usage error naming it, from the command line and from plain MkDocs alike.
BAD_ENVIRONMENT = {
    "HANDBOOK_DATE": ["28/11/2026", "2026-13-01", "today"],
    "SOURCE_DATE_EPOCH": ["yesterday", "1.5", "99999999999999999999"],
    "HANDBOOK_JOBS": ["0", "-2", "two", "1.5"],
}


@pytest.mark.parametrize(("name", "bad"), [(name, bad) for name, values in BAD_ENVIRONMENT.items() for bad in values])
def test_an_environment_value_the_handbook_cannot_use_is_a_usage_error(name: str, bad: str, tmp_path: Path):
    from conftest import copy_project, run_handbook

    root = copy_project(tmp_path / "project")
    env = {name: bad} if name != "SOURCE_DATE_EPOCH" else {name: bad, "HANDBOOK_DATE": ""}
    commands = [["check"]]
    if name != "HANDBOOK_JOBS":  # `new` dates the project it makes, and renders no PDF
        commands.append(["new", str(tmp_path / "new"), "--kind", "childminder", "--name", "A childminder"])
    for command in commands:
        result = run_handbook(*command, cwd=root, env=env)
        assert result.returncode == 2, (command, result.stderr)
        assert f"handbook {command[0]}: {name}={bad!r} is not" in result.stderr
        assert "Traceback" not in result.stderr


def test_plain_mkdocs_reports_an_environment_value_it_cannot_use(tmp_path: Path):
    from conftest import copy_project, run_mkdocs

    root = copy_project(tmp_path / "project")
    result = run_mkdocs("build", "-q", cwd=root, env={"HANDBOOK_JOBS": "none"})
    assert result.returncode == 1
    assert "handbook plugin: HANDBOOK_JOBS='none' is not a number of processes" in result.stderr
    assert not (root / "build/site").exists()


def test_handbook_jobs_bounds_the_pdf_processes_and_build_jobs_overrides_it(tmp_path: Path, monkeypatch):
    from conftest import copy_project

    from generator.commands.build import add_arguments, run
    from generator.core.project import Project

    root = copy_project(tmp_path / "project")
    monkeypatch.delenv("HANDBOOK_JOBS", raising=False)  # `make test` sets it
    assert Project.at(root).jobs is None  # unset: one process per core
    monkeypatch.setenv("HANDBOOK_JOBS", " 3 ")
    assert Project.at(root).jobs == 3
    assert Project.for_setting(root, "any").jobs == 3
    seen = []
    monkeypatch.setattr(
        "generator.commands.build.build", lambda project, quiet=False, step=None: seen.append(project.jobs) or 0
    )
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert run(parser.parse_args(["--jobs", "1"]), Project.at(root)) == 0
    assert run(parser.parse_args([]), Project.at(root)) == 0
    assert seen == [1, 3]
