"""JSON Schema for the data files: generated from the models, named on each file's first line,
and strict enough that an editor underlines the mistakes `handbook check` would report."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, run_handbook

from generator.core.load import load_yaml
from generator.core.schema import MARKER, schema_file
from generator.pipeline.features import FEATURES

SCHEMAS = REPO / "schemas"
FOLDERS = {"data": REPO / "policy_data", "checklists": REPO / "checklists", "records": REPO / "examples" / "records"}


def bundled_files(folders: dict[str, Path] = FOLDERS) -> list[tuple[Path, str]]:
    """(file, its schema name) for every bundled data file (and the example staff records)."""
    return [
        (path, kind.schema)
        for feature in FEATURES
        for kind in (*feature.sources, *feature.records)
        if kind.folder in folders
        for path in sorted(folders[kind.folder].glob(kind.pattern))
    ]


def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / schema_file(name)).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def test_the_schemas_are_up_to_date():
    from generator.commands.schema import schemas

    written = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.schema.json")}
    assert written == schemas(), "schemas/ is out of date with the models: run `handbook schema`"


def test_the_example_carries_the_same_schemas():
    example = REPO / "examples/local-authority/schemas"
    assert {p.name: p.read_text() for p in example.glob("*.json")} == {
        p.name: p.read_text() for p in SCHEMAS.glob("*.json")
    }


def test_every_bundled_file_names_its_schema_and_matches_it(tmp_path: Path):
    files = bundled_files()
    assert len(files) >= 12
    # and every file of the starter project `handbook new` writes
    made = run_handbook("new", str(tmp_path / "new"), "--name", "Oak Tree Nursery", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    starter = bundled_files({"data": tmp_path / "new/policy_data", "checklists": tmp_path / "new/checklists"})
    assert len(starter) >= 12
    for path, name in files + starter:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(MARKER), f"{path}: the first line should name its schema"
        schemas = SCHEMAS if path.is_relative_to(REPO) else tmp_path / "new/schemas"
        assert (path.parent / first[len(MARKER) :]).resolve() == (schemas / schema_file(name)).resolve(), path
        errors = [e.message for e in validator(name).iter_errors(load_yaml(path).data)]
        assert errors == [], f"{path}: {errors}"


@pytest.mark.parametrize(
    "old, new, complaint",
    [
        ("    statements:\n", "    statment:\n", "Additional properties are not allowed ('statment' was unexpected)"),
        (
            "audience: [staff, parents]",
            "audience: [staf, parents]",
            "['staf', 'parents'] is not valid under any of the given schemas",
        ),
        ("id: CONF-AIM-01", "id: conf-aim-01", "'conf-aim-01' does not match"),
    ],
)
def test_a_broken_policy_fails_its_schema(tmp_path: Path, old: str, new: str, complaint: str):
    path = tmp_path / "confidentiality.yaml"
    text = (REPO / "policy_data/policies/confidentiality.yaml").read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    messages = [e.message for e in validator("policy").iter_errors(load_yaml(path).data)]
    assert any(complaint in m for m in messages), messages


def test_a_statement_still_to_review_is_allowed_by_the_schema(tmp_path: Path):
    path = tmp_path / "p.yaml"
    text = (REPO / "policy_data/policies/confidentiality.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("audience: [staff]", "audience:", 1), encoding="utf-8")
    assert [e.message for e in validator("policy").iter_errors(load_yaml(path).data)] == []


def test_release_and_import_write_the_schema_line(project: Path):
    release = run_handbook("release", "--date", "2026-12-01", cwd=project, env={"HANDBOOK_DATE": "2026-12-01"})
    assert release.returncode == 0, release.stderr
    written = (project / "policy_data/releases/2026-12-01.yaml").read_text(encoding="utf-8")
    assert written.startswith(f"{MARKER}../../schemas/release.schema.json\n")
    (project / "schemas").symlink_to(SCHEMAS)
    imported = run_handbook(
        "import", str(REPO / "tests/fixtures/confidentiality-procedure.txt"), "--id", "trial-policy", cwd=project
    )
    assert imported.returncode == 0, imported.stderr
    policy = project / "policy_data/policies/trial-policy.yaml"
    assert policy.read_text(encoding="utf-8").startswith(f"{MARKER}../../schemas/policy.schema.json\n")
    assert [e.message for e in validator("policy").iter_errors(load_yaml(policy).data)] == []
