"""The tool's manual (manual/): it builds with `mkdocs build --strict` (a broken link or anchor
fails), and its reference pages, generated from the code as it builds, name every command,
option and data file the code has."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

from generator.cli import parser
from generator.commands.schema import kinds

README_LIMIT = 150


def build_manual(manual: Path, site: Path) -> subprocess.CompletedProcess:
    # cwd=REPO: `python -m` puts this checkout's generator/ first on the path, for the hook
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(manual / "mkdocs.yml"), "-d", str(site)],
        cwd=REPO, capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


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
