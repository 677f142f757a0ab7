"""The handbook's data is in slices, one per feature, each over the slice of the feature below
it (core/handbook_data.py).  mypy holds typed code to its own slice and `lint-imports` holds
every import (type-only ones too) to the features' layers; this holds the code mypy does not
type (a parameter named `hb` or `handbook` without a type) to the same rule."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO

from generator.pipeline.handbook import Handbook

READ = re.compile(r"\b(?:hb|handbook)\.([a-z_]+)")


def feature_layers() -> list[str]:
    """The features, bottom first, as pyproject.toml's features contract has them."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(
        c for c in config["tool"]["importlinter"]["contracts"] if c.get("containers") == ["generator.features"]
    )
    return list(reversed(contract["layers"]))


def slice_owners() -> dict[str, str]:
    """Each name the handbook holds -> the feature whose slice declares it."""
    owners: dict[str, str] = {}
    for cls in reversed(Handbook.__mro__):
        if cls.__module__.startswith("generator.features."):
            feature = cls.__module__.split(".")[2]
            for name in [*vars(cls), *cls.__dict__.get("__annotations__", {})]:
                if not name.startswith("__"):
                    owners.setdefault(name, feature)
    return owners


def test_every_slice_belongs_to_a_feature_in_the_layers_bottom_up():
    layers, owners = feature_layers(), slice_owners()
    slices = list(dict.fromkeys(owners.values()))  # bottom first, as the classes extend each other
    assert slices == sorted(slices, key=layers.index), slices
    assert {"policies", "notice", "training", "approvals"} <= set(slices)


def test_no_feature_reads_the_data_of_a_feature_above_it():
    layers, owners = feature_layers(), slice_owners()
    reaching = []
    for path in sorted((REPO / "generator/features").rglob("*.py")):
        feature = path.relative_to(REPO / "generator/features").parts[0]
        if feature not in layers:
            continue
        text = path.read_text(encoding="utf-8")
        for match in READ.finditer(text):
            owner = owners.get(match.group(1))
            if owner is not None and layers.index(owner) > layers.index(feature):
                line = text.count("\n", 0, match.start()) + 1
                reaching.append(f"{path.relative_to(REPO)}:{line}: {match.group(0)} is the {owner} feature's")
    assert not reaching, "\n".join(reaching)
