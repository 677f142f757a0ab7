"""The codes of what loading a project reports, and the list of every code (the manual's table)."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil

import generator.features
from generator.core import codes as core_codes
from generator.core.findings import Code, codes_of

SOURCE_MISSING = Code("source.missing", "error", "a required data file is missing")
SOURCE_NO_DATA_FOLDER = Code("source.no-data-folder", "error", "the data folder does not exist")
SOURCE_LINK_OUTSIDE = Code(
    "source.link-outside", "error", "a data file is a link to a file outside the project: never read"
)
SOURCE_OVERRIDES_MISPLACED = Code(
    "source.overrides-misplaced", "error", "overrides.yaml is in a data folder that does not adopt the model"
)
SOURCE_OVERRIDES_MISSING = Code("source.overrides-missing", "error", "a setting's folder has no overrides.yaml")


def all_codes() -> list[tuple[str, str, str]]:
    """(code, level, description) of every finding the tool can report, sorted by code: the
    core's, the loader's, and each feature's `codes.py`, found by walking generator.features
    so a new feature's codes are listed without another list to keep."""
    modules = [core_codes, importlib.import_module(__name__)]
    for feature in pkgutil.iter_modules(generator.features.__path__, "generator.features."):
        if feature.ispkg and importlib.util.find_spec(f"{feature.name}.codes") is not None:
            modules.append(importlib.import_module(f"{feature.name}.codes"))
    found: dict[str, Code] = {}
    for module in modules:
        for code in codes_of(module):
            if code.name in found and found[code.name] != code:
                raise ValueError(f"finding code {code.name!r} is declared twice, with different meanings")
            found[code.name] = code
    return [(c.name, c.level, c.description) for c in sorted(found.values(), key=lambda c: c.name)]
