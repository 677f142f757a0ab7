"""Each mistake an editor can make gives one clear located message, exit 1, no traceback,
and leaves the previous build/ exactly as it was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import edit_data, run_handbook, tree_digest

POLICY = "policy_data/policies/confidentiality.yaml"


def yaml_syntax(root):
    line = edit_data(root, POLICY, "title: Aims", "title: [Aims")
    return POLICY, line + 1, r"YAML syntax: "


def missing_required_field(root):
    line = edit_data(root, POLICY, "      - id: CONF-AIM-03\n        kind: item\n", "      - id: CONF-AIM-03\n")
    edit_data(root, POLICY, "      - id: CONF-AIM-03\n        text:", "      - id: CONF-AIM-03\n        txt:")
    return POLICY, line + 1, r"unknown key 'txt'; did you mean 'text'\?"


def missing_key(root):
    edit_data(root, "policy_data/setting.yaml", "name: Homerton Early Years Centre\n", "")
    lines = (root / "policy_data/setting.yaml").read_text().splitlines()
    first_key = next(i for i, text in enumerate(lines, 1) if text and not text.startswith("#"))
    return "policy_data/setting.yaml", first_key, r"missing required key 'name'"


def unknown_key(root):
    line = edit_data(
        root,
        POLICY,
        "        audience: [staff, parents]\n        roles: [all-staff]\n      - id: CONF-AIM-02",
        "        audiense: [staff, parents]\n        roles: [all-staff]\n      - id: CONF-AIM-02",
    )
    return POLICY, line, r"unknown key 'audiense'; did you mean 'audience'\?"


def wrong_type(root):
    line = edit_data(root, "policy_data/register.yaml", "review_cycle_months: null", "review_cycle_months: every year")
    return "policy_data/register.yaml", line, r"review_cycle_months: .*integer.*'every year'"


def bad_date(root):
    line = edit_data(root, "policy_data/register.yaml", "next_review: null", "next_review: 2026-13-01")
    return "policy_data/register.yaml", line, r"'2026-13-01' is not a valid date; write it as YYYY-MM-DD"


def duplicate_id(root):
    line = edit_data(root, POLICY, "- id: CONF-AIM-02\n", "- id: CONF-AIM-01\n")
    return POLICY, line, r"duplicate statement id 'CONF-AIM-01' \(first used at .*confidentiality.yaml:\d+:\d+\)"


def duplicate_key(root):
    line = edit_data(root, "policy_data/setting.yaml", "phone: null\n", "phone: null\nphone: null\n")
    return "policy_data/setting.yaml", line + 1, r"duplicate key 'phone' \(first given at line \d+\)"


def dangling_role(root):
    line = edit_data(
        root,
        POLICY,
        "roles: [all-staff]  # every member of staff",
        "roles: [head-teacher, designated-cp-staf]  # every member of staff",
    )
    return POLICY, line, r"unknown role 'designated-cp-staf'; did you mean 'designated-cp-staff'\?"


def dangling_link(root):
    line = edit_data(root, POLICY, "  - anti-racism\n", "  - anti-rasism\n")
    return POLICY, line, r"unknown register entry 'anti-rasism'; did you mean 'anti-racism'\?"


def python_tag(root):
    line = edit_data(
        root, "policy_data/setting.yaml", "website: null", "website: !!python/object/apply:os.system ['touch pwned']"
    )
    return "policy_data/setting.yaml", line, r"the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"


def bad_id_format(root):
    line = edit_data(root, POLICY, "- id: CONF-AIM-02\n", "- id: conf aim 2\n")
    return POLICY, line, r"'conf aim 2' is not a valid id: use capitals, digits and hyphens"


CASES = [
    yaml_syntax,
    missing_required_field,
    missing_key,
    unknown_key,
    wrong_type,
    bad_date,
    duplicate_id,
    duplicate_key,
    dangling_role,
    dangling_link,
    python_tag,
    bad_id_format,
]


@pytest.fixture
def previous_build(project: Path, built: Path) -> dict[str, str]:
    shutil.copytree(built / "build", project / "build")
    return tree_digest(project / "build")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_bad_input_is_reported_and_build_survives(case, project: Path, previous_build):
    rel, line, message = case(project)

    check = run_handbook("check", cwd=project)
    build = run_handbook("build", cwd=project)

    for result, stream in ((check, check.stdout), (build, build.stderr)):
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        pattern = rf"^{re.escape(rel)}:{line}:\d+: error: {message}"
        assert re.search(pattern, stream, re.M), f"expected /{pattern}/ in:\n{stream}"
    assert tree_digest(project / "build") == previous_build
    assert "was not changed" in build.stderr


def test_python_tag_is_not_executed(project: Path):
    python_tag(project)
    run_handbook("check", cwd=project)
    assert not (project / "pwned").exists()
