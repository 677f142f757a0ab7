"""Each kind of data file declares the field of the handbook it fills and how its files become
that field's value (core/sources.py: SourceKind's `into`, `items` and `gather`); the loader
(pipeline/handbook.py) fills every declared field the same way.  So the declarations must be
right: each names a field of its own feature's slice, of the type its gather makes, and a
misspelt one fails as the code is imported.  (tests/test_manual.py adds a feature with a data
file of its own to a copy of the code, and shows the loader fills it with no line of its own.)"""

from __future__ import annotations

import datetime as dt
import re
import typing

import pytest
from conftest import AS_OF, copy_project, edit_data

from generator.core.project import Project
from generator.core.sources import Shape, SourceKind, the_one
from generator.features.glossary.glossary import Glossary
from generator.pipeline.features import FEATURES
from generator.pipeline.handbook import SOURCES, Handbook, fields_declared, load_handbook


def slice_of(name: str) -> str:
    """The feature whose slice of the handbook declares the field `name`."""
    for cls in Handbook.__mro__:
        if name in cls.__dict__.get("__annotations__", {}):
            return cls.__module__.split(".")[2]
    raise AssertionError(f"no slice declares {name!r}")


def what_it_gathers(kind: SourceKind) -> typing.Any:
    """The type of the field(s) a kind of the declared shapes fills, from its model."""
    item = kind.model
    if kind.items is not None:
        (item,) = typing.get_args(typing.get_type_hints(kind.model)[kind.items])
    assert isinstance(kind.gather, Shape)
    return {
        "list": list[item],
        "sorted": list[item],
        "unique": dict[str, item],
        "one": item if kind.required else item | None,  # a required file is there, or nothing loads
    }[kind.gather.shape]


def test_each_kind_of_data_file_fills_a_field_of_its_own_features_slice_of_the_type_it_gathers():
    hints = typing.get_type_hints(Handbook)
    filled = []
    for feature in FEATURES:
        for kind in feature.sources:
            for name in kind.fields:
                assert slice_of(name) == feature.name, (kind.key, name)
                filled.append(name)
            if not kind.fields:
                continue
            if isinstance(kind.gather, Shape):
                assert hints[kind.into] == what_it_gathers(kind), kind.key
            else:  # a function of the feature's own: it says what it takes and makes
                gather = typing.get_type_hints(kind.gather)
                takes, makes = list(gather.values())[0], gather["return"]
                item = kind.model if kind.items is None else typing.get_type_hints(kind.model)[kind.items]
                assert takes == list[item], kind.key
                wanted = [hints[name] for name in kind.fields]
                assert makes == (tuple[tuple(wanted)] if isinstance(kind.into, tuple) else wanted[0]), kind.key
    assert len(filled) == len(set(filled))
    # every field of the data the loader reads from a data file is declared by its kind
    assert {"setting", "roles", "policies", "retention", "notices", "translations", "glossary"} <= set(filled)


def test_a_kind_of_data_file_naming_a_field_the_handbook_lacks_fails_loudly():
    misspelt = SourceKind("glossary", "glossary.yaml", Glossary, "glossary", into="glosary", gather=the_one)
    with pytest.raises(TypeError, match="data file kind 'glossary' fills 'glosary', which the Handbook has no field"):
        fields_declared({**SOURCES, "glossary": misspelt}, Handbook)
    twice = SourceKind("words", "words.yaml", Glossary, "glossary", into="glossary", gather=the_one)
    with pytest.raises(TypeError, match="data file kinds 'glossary' and 'words' both fill 'glossary'"):
        fields_declared({**SOURCES, "words": twice}, Handbook)
    fields_declared(SOURCES, Handbook)  # as the code has them: fine


def test_a_second_entry_with_an_id_already_given_is_reported_where_it_is_and_left_out(tmp_path):
    """The `unique` shape, for every kind that gathers by id: the first entry is kept, the
    second reported at its own id with where the first is."""
    root = copy_project(tmp_path / "project")
    roles = root / "policy_data/roles.yaml"
    first_role = roles.read_text(encoding="utf-8").splitlines().index("  - id: all-staff") + 1
    roles.write_text(
        roles.read_text(encoding="utf-8") + "  - id: all-staff\n    name: Everyone again\n", encoding="utf-8"
    )
    role_line = len(roles.read_text(encoding="utf-8").splitlines())
    retention = (root / "policy_data/retention.yaml").read_text(encoding="utf-8")
    first_entry = retention[: retention.index("  - id: child-protection-records\n")].count("\n") + 1
    second = re.findall(r"\n  - id: ([a-z-]+)\n", retention)[1]
    entry_line = edit_data(
        root, "policy_data/retention.yaml", f"  - id: {second}\n", "  - id: child-protection-records\n"
    )

    handbook, report = load_handbook(Project.at(root, root / "policy_data", as_of=dt.date.fromisoformat(AS_OF)))

    errors = [str(f) for f in report.errors]
    assert (
        f"policy_data/roles.yaml:{role_line - 1}:5: error: duplicate role id 'all-staff' "
        f"(first used at policy_data/roles.yaml:{first_role}:5)"
    ) in errors, errors
    assert (
        f"policy_data/retention.yaml:{entry_line}:5: error: duplicate retention entry id 'child-protection-records' "
        f"(first used at policy_data/retention.yaml:{first_entry}:5)"
    ) in errors, errors
    assert handbook.roles["all-staff"].name == "All staff"  # the first kept
    assert second not in handbook.retention
    assert handbook.retention["child-protection-records"].record == "Child protection and social care records"
