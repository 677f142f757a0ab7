"""`handbook schema`: write the JSON Schema of every kind of data file into schemas/, from the
models, so editors can check the data as it is typed (see core/schema.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.project import Project

from .arguments import add_project_options

if TYPE_CHECKING:  # the models are imported when the command runs, not when the parser is built
    from generator.core.sources import SourceKind

NAME = "schema"
HELP = "write the JSON Schema of every kind of data file into ROOT/schemas/"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)


def run(args: argparse.Namespace, project: Project) -> int:
    return write_schemas(project)


def kinds() -> list[SourceKind]:
    """Every kind of data file, the staff records' too, one per schema."""
    from generator.pipeline.features import FEATURES

    found: dict[str, SourceKind] = {}
    for feature in FEATURES:
        for kind in (*feature.sources, *feature.records):
            found.setdefault(kind.schema, kind)
    return list(found.values())


def schemas() -> dict[str, str]:
    """File name -> schema text, for every kind of data file."""
    from generator.core.schema import json_schema, schema_file

    return {schema_file(kind.schema): json_schema(kind.model, kind.schema) for kind in kinds()}


def write_schemas(project: Project) -> int:
    from generator.core.schema import SCHEMA_DIR

    folder: Path = project.root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = schemas()
    for name, text in written.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {project.shown(path)}", file=sys.stderr)
    for stale in folder.glob("*.schema.json"):
        if stale.name not in written:
            stale.unlink()
            print(f"removed {project.shown(stale)} (no such kind of data file now)", file=sys.stderr)
    print(f"{len(written)} schemas in {project.shown(folder)}/", file=sys.stderr)
    return 0
