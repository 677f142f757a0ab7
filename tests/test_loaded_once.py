"""A data file read again in the same process shares its first reading (core/load.py:
`load_yaml(shared=True)`, asked for by sources.load_model): the desk, `serve` and the tests load
the same files over and over.  That is safe only while nothing changes what a load handed out;
these tests run the commands that read the data and then compare every shared reading with the
file read afresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_handbook

from generator.core.load import load_bytes, load_yaml
from generator.core.project import Project
from generator.pipeline.handbook import load_handbook


@pytest.mark.prebuilt
def test_check_and_build_leave_the_shared_readings_as_the_files_say(project: Path):
    for args in (("check",), ("build",), ("check", "--format", "json")):
        result = run_handbook(*args, cwd=project)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    hb, _ = load_handbook(Project.at(project))
    assert len(hb.files) > 15
    for loaded in hb.files:
        fresh = load_bytes(loaded.path.read_bytes(), loaded.path, loaded.name)
        assert loaded.data == fresh.data, loaded.name
        assert loaded.positions == fresh.positions, loaded.name
        again = load_yaml(loaded.path, loaded.name, shared=True)
        assert again.data is loaded.data and again.positions is loaded.positions  # shared, not read again


def test_a_shared_reading_is_of_the_bytes_and_the_name_never_of_a_file_changed_since(tmp_path: Path):
    path = tmp_path / "roles.yaml"
    path.write_text("roles:\n  - id: manager\n    name: Manager\n", encoding="utf-8")
    first = load_yaml(path, "roles.yaml", shared=True)
    copy = tmp_path / "elsewhere.yaml"
    copy.write_bytes(path.read_bytes())
    elsewhere = load_yaml(copy, "roles.yaml", shared=True)
    assert elsewhere.path == copy and elsewhere.data is first.data  # same bytes, same name: shared
    assert load_yaml(copy, "other.yaml", shared=True).data is not first.data  # another name: its own
    path.write_text("roles:\n  - id: manager\n    name: Head of centre\n", encoding="utf-8")
    changed = load_yaml(path, "roles.yaml", shared=True)
    assert changed.data == {"roles": [{"id": "manager", "name": "Head of centre"}]}
    assert changed.where(("roles", 0, "name")).line == 3
    path.write_text("roles:\n  - id: manager\n    name: [\n", encoding="utf-8")
    for _ in range(2):  # a file that cannot be read says so each time
        with pytest.raises(Exception, match="YAML syntax"):
            load_yaml(path, "roles.yaml", shared=True)
