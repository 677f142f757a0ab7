"""The model base every data file's model is built on.

Every model rejects unknown keys (``extra="forbid"``) so a typo is reported rather than
ignored.  After validation each node knows the file and path it came from, so a check can
point at the exact line (``node.where("roles", 2)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, StringConstraints

from .findings import Location
from .load import LoadedFile, PathKey

# Ids end up in URLs and file names: keep them to a safe, readable alphabet.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
StatementId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$", max_length=40)]
# The longest text one statement (or any other text field) may hold: the importer refuses a
# longer paragraph with this number, so both say the same.
MAX_TEXT_CHARS = 5000
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT_CHARS)]


class Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    _source: LoadedFile | None = PrivateAttr(default=None)
    _path: PathKey = PrivateAttr(default=())

    def where(self, *subpath: Any) -> Location:
        """Where this node (or one of its fields) is written in the data."""
        source: LoadedFile | None = private(self, "_source")
        path: PathKey = private(self, "_path")
        if source is None:
            return Location("<unknown>", 1, 1)
        return source.where(path + tuple(subpath))


def private(node: BaseModel, name: str) -> Any:
    """A private attribute's value (node._name), read from pydantic's own store of them: a
    plain `node._name` goes through BaseModel.__getattr__, which costs several microseconds
    (an AttributeError raised and caught inside pydantic), and the checks and the site plan
    ask thousands of times on every `serve` rebuild (issue 31)."""
    values = node.__pydantic_private__
    if values is not None and name in values:
        return values[name]
    return getattr(node, name)


Fingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]  # SHA-256, in hex


def attach_sources(node: Any, source: LoadedFile, path: PathKey = ()) -> None:
    """Tell every model node in a validated tree where it came from."""
    if isinstance(node, Node):
        _attach(node, source, path)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, (Node, list)):  # not into each string of a list of them
                attach_sources(item, source, path + (i,))


def _attach(node: Node, source: LoadedFile, path: PathKey) -> None:
    # Run for every node of every file loaded: the private attributes are written straight into
    # pydantic's store of them (as `node._source = ...` does, through two calls), and the walk
    # goes down only into fields holding a node or a list.
    values = node.__pydantic_private__
    if values is None:
        node._source = source
        node._path = path
    else:
        values["_source"] = source
        values["_path"] = path
    fields = node.__dict__
    for name in type(node).__pydantic_fields__:
        value = fields[name]
        if isinstance(value, Node):
            _attach(value, source, path + (name,))
        elif isinstance(value, list):
            attach_sources(value, source, path + (name,))


def with_strings_read(node: Any, read_string: Callable[[str], str]) -> Any:
    """A data node with `read_string` applied to every string it holds, at any depth (models,
    lists, dicts): the same node, uncopied, where no string came back as a new object (the usual
    case: no placeholder to read in).  Placeholders of several kinds are read in this way
    (policies/setting_name.read_in, guidance/cite.read_citations_in)."""

    def read(value: Any) -> Any:
        if isinstance(value, str):
            return read_string(value)
        if isinstance(value, list):
            items = [read(v) for v in value]
            return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
        if isinstance(value, dict):
            entries = {k: read(v) for k, v in value.items()}
            return entries if any(entries[k] is not v for k, v in value.items()) else value
        if hasattr(type(value), "model_fields"):
            updates = {name: read(getattr(value, name)) for name in type(value).model_fields}
            changed = {name: new for name, new in updates.items() if new is not getattr(value, name)}
            return value.model_copy(update=changed) if changed else value
        return value

    return read(node)
