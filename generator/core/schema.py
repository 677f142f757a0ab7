"""JSON Schema for the data files, from their pydantic models, so an editor (VS Code's YAML
extension, any yaml-language-server) completes keys and underlines mistakes as the policy
owner types.  Each data file names its schema on its first line:

    # yaml-language-server: $schema=../../schemas/policy.schema.json

YAML reads that line as a comment, so loading, checking and fingerprints never see it.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from .model import Node

SCHEMA_DIR = "schemas"
MARKER = "# yaml-language-server: $schema="


def schema_file(name: str) -> str:
    return f"{name}.schema.json"


@lru_cache(maxsize=32)
def json_schema(model: type[Node], name: str) -> str:
    """The schema of one kind of data file, as the text `handbook schema` writes.  Kept (text of
    a class that does not change while the process runs): `new` writes every schema into each
    project it makes, and pydantic takes about 20 ms to describe a model."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_file(name),
        **model.model_json_schema(),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def schema_line(data_file: Path, schemas: Path, name: str) -> str:
    """The first line of a data file: where its schema is, relative to the file."""
    relative = os.path.relpath(schemas / schema_file(name), data_file.parent)
    return f"{MARKER}{Path(relative).as_posix()}\n"
