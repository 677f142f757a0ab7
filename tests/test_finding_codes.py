"""Every finding carries a stable code, declared once with its level and one line for the manual
(generator.pipeline.codes.all_codes); code recognises a finding by its code, never its words."""

from __future__ import annotations

import ast
import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
from broken_corpus import all_variants
from conftest import AS_OF, REPO

from generator import cli
from generator.core.findings import Finding
from generator.pipeline.codes import all_codes

GENERATOR = REPO / "generator"
CODES = {name: (level, description) for name, level, description in all_codes()}


def _codes_modules() -> list[Path]:
    """The modules all_codes() reads: the core's, the loader's, and each feature's codes.py."""
    return [
        GENERATOR / "core/codes.py",
        GENERATOR / "pipeline/codes.py",
        *sorted(GENERATOR.glob("features/*/codes.py")),
    ]


def test_every_code_is_named_leveled_and_described_once():
    assert len(CODES) >= 150  # every kind of finding the tool reports
    for name, (level, description) in CODES.items():
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*", name), name
        assert level in ("error", "warning", "note"), name
        assert description and "\n" not in description, name
    # One meaning, one code: two codes described alike would be one kind of finding named twice.
    descriptions = [description for _, description in CODES.values()]
    assert len(descriptions) == len(set(descriptions)), [d for d in descriptions if descriptions.count(d) > 1]


def _calls(tree: ast.AST, *names: str) -> dict[str, list[ast.Call]]:
    """The calls of each function or method named in `names`, by name (one walk of the tree)."""
    found: dict[str, list[ast.Call]] = {name: [] for name in names}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if called in found:
                found[called].append(node)
    return found


def test_findings_are_made_only_through_declared_codes():
    """No Finding is made by hand and no Code is declared where all_codes() cannot see it, so the
    manual's table lists every code a user can meet; and every declared code is used."""
    codes_modules = set(_codes_modules())
    declared: dict[str, Path] = {}
    sources = {path: path.read_text(encoding="utf-8") for path in sorted(GENERATOR.rglob("*.py"))}
    for path, text in sources.items():
        tree = ast.parse(text)
        calls = _calls(tree, "Finding", "Code")
        rel = path.relative_to(REPO)
        if path != GENERATOR / "core/findings.py":
            assert not calls["Finding"], f"{rel} makes a Finding by hand: call its code instead"
        made = calls["Code"]
        if path in codes_modules:
            for node in tree.body:
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and node.value in made:
                    declared[node.targets[0].id] = path
                    made.remove(node.value)
        assert not made, f"{rel} declares a finding code outside a codes.py module"
    # Each file's words, found once: `constant in words[p]` is `re.search(rf"\b{constant}\b", text)`
    # (a constant is all word characters, so \b on both sides means a whole run of them), without
    # scanning every file again for each of the hundreds of constants.
    words = {path: set(re.findall(r"\w+", text)) for path, text in sources.items()}
    for constant, path in declared.items():
        module = ".".join(path.relative_to(REPO).with_suffix("").parts)
        users = [
            p
            for p, text in sources.items()
            if p != path
            and constant in words[p]
            and (
                module in text
                or (p.parent == path.parent and "from .codes import" in text)
                or module.rsplit(".", 1)[0] + " import codes" in text
            )
        ]
        assert users, f"{constant} ({path.relative_to(REPO)}) is declared but no finding is made with it"


@pytest.fixture
def made(monkeypatch) -> list[Finding]:
    """Every Finding made while the test runs (reported, raised in a DataError, or dropped)."""
    found: list[Finding] = []
    init = Finding.__init__

    def recording(self, *args, **kwargs):
        init(self, *args, **kwargs)
        found.append(self)

    monkeypatch.setattr(Finding, "__init__", recording)
    return found


def _run(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        cli.main([*args, "--as-of", AS_OF])
    return out.getvalue()


def test_every_finding_of_broken_projects_has_its_documented_code(made, tmp_path):
    # The bundled project (its unset facts), a local authority's setting (model and overrides),
    # and one broken data folder of each kind in the broken corpus.
    output = _run("check", "--root", str(REPO))
    assert "Traceback" not in output
    example = tmp_path / "la"
    shutil.copytree(REPO / "examples/local-authority", example, ignore=shutil.ignore_patterns("build", ".build.*"))
    _run("check", "--root", str(example), "--setting", "willow-court")
    first_of_kind = {}
    for variant in all_variants():
        first_of_kind.setdefault(variant.name.split(":")[0], variant)
    for kind, variant in sorted(first_of_kind.items()):
        root = tmp_path / kind.replace("/", "-")
        shutil.copytree(REPO / "policy_data", root / "policy_data")
        shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
        variant.apply(root)
        output = _run("check", "--root", str(root))
        assert "Traceback" not in output, (kind, output)

    assert len(made) > 200
    for finding in made:
        assert finding.code in CODES, f"{finding}: code {finding.code!r} is not in the manual's table"
        assert finding.level == CODES[finding.code][0], f"{finding}: documented as a {CODES[finding.code][0]}"
    seen = {finding.code for finding in made}
    assert {"notice.basis-unset", "register.next-review-unset", "data.invalid", "yaml.syntax"} <= seen, sorted(seen)
    assert len(seen) >= 40, sorted(seen)


def test_a_setting_is_pointed_to_its_overrides_by_the_finding_s_code_not_its_words(tmp_path, monkeypatch):
    """Reword the message of a fact the setting gives in overrides.yaml: the hint still follows."""
    from generator.features.policies import codes

    example = tmp_path / "la"
    shutil.copytree(REPO / "examples/local-authority", example, ignore=shutil.ignore_patterns("build", ".build.*"))
    monkeypatch.setattr(
        "generator.features.policies.checks.unset.REGISTER_FACTS",
        {
            "next_review": ("not yet a date for its next review (reworded)", codes.REGISTER_NEXT_REVIEW_UNSET),
        },
    )
    lines = _run("check", "--root", str(example), "--setting", "willow-court").splitlines()
    [review] = [line for line in lines if "'confidentiality' has not yet a date for its next review (reworded)" in line]
    assert review.startswith("model/policy_data/register.yaml:")
    assert review.endswith("(this setting gives it in settings/willow-court/overrides.yaml, under documents:)")


def test_check_as_json_gives_each_finding_with_its_code():
    """`handbook check --format json`: the findings the text lists, in the same order, each with
    its code, for an editor or a script that must not depend on a message's words."""
    import json

    def stdout_of(*args: str) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            cli.main(["check", "--root", str(REPO), "--as-of", AS_OF, *args])
        return out.getvalue()

    text = stdout_of().splitlines()
    found = json.loads(stdout_of("--format", "json"))
    assert [f"{f['file']}:{f['line']}:{f['column']}: {f['level']}: {f['message']}" for f in found] == text
    assert {f["code"] for f in found} <= set(CODES) and len(found) > 100
    [basis] = [f for f in found if f["code"] == "notice.basis-unset"][:1]
    assert "has no lawful basis" in basis["message"]
