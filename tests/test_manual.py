"""The tool's manual (manual/): it builds with `mkdocs build --strict` (a broken link or anchor
fails), its reference pages, generated from the code as it builds, name every command, option
and data file the code has, and the examples its pages show (the Import page's, the mistakes the
Guarantees page shows) print what they show."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, copy_project, run_handbook, run_handbook_process, run_mkdocs

from generator.cli import parser
from generator.commands.schema import kinds

README_LIMIT = 150


def build_manual(manual: Path, site: Path) -> subprocess.CompletedProcess:
    # cwd=REPO: `python -m` puts this checkout's generator/ first on the path, for the hook (in
    # this process, it is the generator imported already)
    return run_mkdocs("build", "--strict", "-f", str(manual / "mkdocs.yml"), "-d", str(site), cwd=REPO)


def problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))]


def walk(p: argparse.ArgumentParser, prefix: str = ""):
    """(command path, parser) of every command and sub-command."""
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"{prefix}{name}", sub
                yield from walk(sub, f"{prefix}{name} ")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&quot;", '"').replace("&amp;", "&")


def test_the_manual_builds_without_a_warning_and_its_reference_names_every_command_and_field(tmp_path):
    result = build_manual(REPO / "manual", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert problems(result.stderr) == []
    commands = text_of((tmp_path / "site/reference/commands.html").read_text(encoding="utf-8"))
    for name, sub in walk(parser()):
        assert f"handbook {name}" in commands, name
        for action in sub._actions:
            for option in action.option_strings:
                assert option in commands, (name, option)
    fields = text_of((tmp_path / "site/reference/data-files.html").read_text(encoding="utf-8"))
    for kind in kinds():
        assert f"schemas/{kind.schema}.schema.json" in fields
        for field in kind.model.model_fields:
            assert field in fields, (kind.schema, field)
    features = text_of((tmp_path / "site/reference/features.html").read_text(encoding="utf-8"))
    from generator.pipeline.features import FEATURES

    positions = [features.index(f" {number} {feature.name} ") for number, feature in enumerate(FEATURES, 1)]
    assert positions == sorted(positions)


def test_a_broken_link_in_the_manual_fails_its_build(tmp_path):
    manual = tmp_path / "manual"
    shutil.copytree(REPO / "manual", manual, ignore=shutil.ignore_patterns("__pycache__"))
    page = manual / "docs/office/year.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the old page](no-such-page.md).\n", encoding="utf-8")
    result = build_manual(manual, tmp_path / "site")
    assert result.returncode == 1
    assert any("no-such-page.md" in line for line in problems(result.stderr)), result.stderr


def test_the_readme_is_short_and_opens_with_the_two_commands():
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) < README_LIMIT
    commands = [line.split("#")[0].strip() for line in lines if line.startswith("    make ")]
    assert commands[:2] == ["make build", "make test"]
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_the_worked_example_of_adding_a_feature_works_as_the_manual_shows_it(tmp_path):
    """The developer guide's worked example, taken from the page itself, added to a copy of the
    code as the page says: its warning and its page appear, and nothing else was needed.  Then
    its data file of its own: loaded into its slice with no line in the loader."""
    page = (REPO / "manual/docs/developers/adding-a-feature.md").read_text(encoding="utf-8")
    module, codes, listing, data, new_check, listing_with_data = re.findall(r"```python\n(.*?)```", page, re.S)
    (reading_yaml,) = re.findall(r"```yaml\n(.*?)```", page, re.S)
    import_line, feature_line = (line for line in listing.splitlines() if line.strip() not in ("", "..."))
    root = copy_project(tmp_path / "project")
    (root / "generator").unlink()
    shutil.copytree(REPO / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    loader = (root / "generator/pipeline/handbook.py").read_bytes()
    package = root / "generator/features/reading"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "reading.py").write_text(module, encoding="utf-8")
    (package / "codes.py").write_text(codes, encoding="utf-8")
    features = root / "generator/pipeline/features.py"
    text = features.read_text(encoding="utf-8")
    after_glossary = "        pages=glossary_section,\n    ),\n"
    imports_end = "\n\n# The top slice of the handbook's data"
    assert text.count(after_glossary) == 1 and text.count(imports_end) == 1
    text = text.replace(imports_end, f"\n{import_line}{imports_end}")
    features.write_text(text.replace(after_glossary, after_glossary + feature_line + "\n"), encoding="utf-8")
    # Step 3: the layers, with "reading" at the top of the features contract; an import made
    # only for types counts, so the example's own imports are held to them too.
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert pyproject.count('\n  "public",\n') == 1
    (root / "pyproject.toml").write_text(pyproject.replace('\n  "public",\n', '\n  "reading",\n  "public",\n'))
    _layers_hold(root)
    roles = root / "policy_data/roles.yaml"
    roles.write_text(
        roles.read_text(encoding="utf-8") + "  - id: caretaker\n    name: Caretaker <b>& cook</b>\n", encoding="utf-8"
    )
    line = len(roles.read_text(encoding="utf-8").splitlines()) - 1

    # The copy runs its own generator: each command in a process of its own (conftest's helpers).
    check = run_handbook_process("check", cwd=root)
    assert f"policy_data/roles.yaml:{line}:5: warning: role 'caretaker' has no statement to read" in check.stdout, (
        check.stdout
    )
    site = run_mkdocs("build", "-d", str(tmp_path / "site"), cwd=root, in_process=False)
    assert site.returncode == 0, site.stderr
    html = (tmp_path / "site/who-reads-what.html").read_text(encoding="utf-8")
    assert "Caretaker &lt;b&gt;&amp; cook&lt;/b&gt;" in html  # shown as typed
    home = text_of((tmp_path / "site/index.html").read_text(encoding="utf-8"))
    assert home.index("Glossary") < home.index("Who reads what") < home.index("Accessibility")

    # Steps 5 to 7: a data file of its own, reading.yaml, whose quiet roles the check passes over.
    (package / "data.py").write_text(data, encoding="utf-8")
    reading = package / "reading.py"
    text = reading.read_text(encoding="utf-8")
    typing_import = "    from generator.features.policies.data import PoliciesData\n"
    assert text.count(typing_import) == 1
    text = text.replace(typing_import, typing_import + "\n    from .data import ReadingData\n")
    text, replaced = re.subn(r"def check\(.*?(?=\n\n\ndef pages)", new_check.rstrip("\n"), text, flags=re.S)
    assert replaced == 1
    reading.write_text(text, encoding="utf-8")
    lines = [line for line in listing_with_data.splitlines() if line.strip() not in ("", "...")]
    text = features.read_text(encoding="utf-8")
    for line in lines:
        if line.startswith("from "):
            text = text.replace(imports_end, f"\n{line}{imports_end}")
        elif line.startswith("Handbook = "):
            assert text.count("\nHandbook = SettingsData\n") == 1
            text = text.replace("\nHandbook = SettingsData\n", f"\n{line}\n")
        else:
            assert line.startswith('    Feature("reading", ') and text.count(feature_line + "\n") == 1
            text = text.replace(feature_line + "\n", line + "\n")
    features.write_text(text, encoding="utf-8")
    (root / "policy_data/reading.yaml").write_text(reading_yaml, encoding="utf-8")
    roles.write_text(roles.read_text(encoding="utf-8") + "  - id: gardener\n    name: Gardener\n", encoding="utf-8")
    gardener = len(roles.read_text(encoding="utf-8").splitlines()) - 1
    _layers_hold(root)
    check = run_handbook_process("check", cwd=root)
    assert "role 'caretaker' has no statement to read" not in check.stdout, check.stdout  # quiet, as reading.yaml says
    assert f"policy_data/roles.yaml:{gardener}:5: warning: role 'gardener' has no statement to read" in check.stdout
    schema = run_handbook_process("schema", cwd=root)
    assert schema.returncode == 0, schema.stderr
    assert '"quiet"' in (root / "schemas/reading.schema.json").read_text(encoding="utf-8")
    # the loader has no line for it: pipeline/handbook.py is as it was copied
    assert (root / "generator/pipeline/handbook.py").read_bytes() == loader


def _layers_hold(root: Path) -> None:
    """`lint-imports` in the copy of the code at `root`: every layer contract kept."""
    layers = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert layers.returncode == 0 and "0 broken" in layers.stdout, layers.stdout


def code_block(page: Path, first: str) -> list[str]:
    """The lines of a code block of `page` (indented four spaces), from the first line that starts
    with `first` to the block's end, without their indent (blank lines inside it kept)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    block = []
    start = next(i for i, line in enumerate(lines) if line.startswith("    " + first))
    for line in lines[start:]:
        if line and not line.startswith("    "):
            break
        block.append(line[4:])
    while block and not block[-1]:
        block.pop()
    return block


def printed(result: subprocess.CompletedProcess) -> list[str]:
    """What a command printed, its stdout then its stderr, line by line."""
    return (result.stdout + result.stderr).splitlines()


def shown_check(page: Path) -> str:
    """The first line of the page's block of what `handbook check --data /tmp/trial` says."""
    lines = page.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "what `handbook check --data /tmp/trial` then says" in line)
    return next(line for line in lines[at:] if line.startswith("    ")).removeprefix("    ")


def test_the_import_example_prints_what_the_manual_shows(tmp_path):
    """The policy owner's Import page shows the centre's own procedure imported, refused over the
    policy it would replace and then into a copy of the data, and what `handbook check` says of
    the copy.  Each line it shows is what the commands print (its /tmp/trial is this test's copy;
    "..." stands for lines left out).  Its samples went stale unseen once; now a change to what
    the commands print fails here until the page shows it."""
    page = REPO / "manual/docs/policy-owner/import.md"
    root = copy_project(tmp_path / "repository")
    (root / "tests/fixtures").mkdir(parents=True)
    shutil.copy2(REPO / "tests/fixtures/confidentiality-procedure.txt", root / "tests/fixtures")
    trial = tmp_path / "trial"

    def said(command: str) -> list[str]:
        words = command.replace("/tmp/trial", str(trial)).split()
        assert words[0] == "handbook", command
        return printed(run_handbook(*words[1:], cwd=root))

    refused = "handbook import tests/fixtures/confidentiality-procedure.txt --id confidentiality"
    shown = code_block(page, "$ " + refused)
    assert shown[2] == "$ cp -r policy_data /tmp/trial", shown[:3]
    assert said(refused) == [shown[1]]
    shutil.copytree(root / "policy_data", trial)
    imported = shown[3].removeprefix("$ ")
    assert said(imported) == [line.replace("/tmp/trial", str(trial)) for line in shown[4:]]

    checked = said("handbook check --data /tmp/trial")
    *lines, total = [line.replace("/tmp/trial", str(trial)) for line in code_block(page, shown_check(page))]
    assert total == checked[-1], f"the page's total is not what check prints: {checked[-1]}"
    missing = [line for line in lines if line != "..." and line not in checked]
    assert not missing, "the page shows lines check no longer prints:\n" + "\n".join(missing)


# The mistakes the Guarantees page shows, each as (the command's line on the page, file, the
# words it replaces, the mistake): the first occurrence is changed.
MISTAKES = [
    (
        "$ handbook build        # a date that does not exist",
        "policy_data/register.yaml",
        "    next_review: null",
        "    next_review: 2026-13-01",
    ),
    (
        "$ handbook build        # a tab used to indent roles.yaml",
        "policy_data/roles.yaml",
        "\n    name: All staff",
        "\n\tname: All staff",
    ),
    (
        "$ handbook check        # a misspelt role id",
        "policy_data/policies/confidentiality.yaml",
        "roles: [all-staff, office-staff]",
        "roles: [all-staff, ofice-staff]",
    ),
]


def test_the_mistakes_the_guarantees_page_shows_are_reported_as_it_shows(tmp_path):
    """Each mistake the developers' Guarantees page shows, made in a copy of this project at the
    page's /tmp/errdemo: the command prints each line the page shows under it (a build prints
    nothing else; check prints its warnings too)."""
    page = REPO / "manual/docs/developers/guarantees.md"
    for opening, rel, words, mistake in MISTAKES:
        start, *shown = code_block(page, opening)
        shown = shown[: shown.index("") if "" in shown else len(shown)]
        root = copy_project(tmp_path / rel.replace("/", "-"))
        source = (root / rel).read_text(encoding="utf-8")
        assert words in source, (rel, words)
        (root / rel).write_text(source.replace(words, mistake, 1), encoding="utf-8")
        command = start.removeprefix("$ ").split("#")[0].split()
        result = run_handbook(*command[1:], cwd=root)
        assert result.returncode == 1, (opening, result.stderr)
        said = [line.replace(str(root), "/tmp/errdemo") for line in printed(result)]
        if command[1] == "build":
            assert said == shown, opening
        else:
            assert [line for line in shown if line not in said] == [], (opening, said[-3:])
