"""The model base every data file's model is built on.

Every model rejects unknown keys (``extra="forbid"``) so a typo is reported rather than
ignored.  After validation each node knows the file and path it came from, so a check can
point at the exact line (``node.where("roles", 2)``).
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, StringConstraints
from pydantic_core import PydanticUndefined

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

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        _fast_private_init(cls)

    def where(self, *subpath: Any) -> Location:
        """Where this node (or one of its fields) is written in the data."""
        source: LoadedFile | None = private(self, "_source")
        path: PathKey = private(self, "_path")
        if source is None:
            return Location("<unknown>", 1, 1)
        return source.where(path + tuple(subpath))


def _fast_private_init(cls: type[Node]) -> None:
    """Give every node its private attributes' defaults with one dictionary copy.  Pydantic
    runs `model_post_init` for each node it validates, and for a model with private attributes
    that is its init_private_attributes, which asks each attribute for its default (two calls
    each) on every node of every file loaded; the defaults here are all plain values, the same
    for every node of the class.  A class with a default factory, a default to copy (a list) or
    a model_post_init of its own keeps pydantic's."""
    attributes = cls.__private_attributes__
    current = cls.model_post_init
    # pydantic's own, or (in a subclass) its wrapper around the one a base class was given here
    pydantics = current is _init_private_attributes or hasattr(getattr(current, "__wrapped__", None), "_fast")
    if not pydantics or not all(a.default_factory is None and _plain(a.default) for a in attributes.values()):
        return
    defaults = {name: a.default for name, a in attributes.items() if a.default is not PydanticUndefined}

    def init_private(self: BaseModel, context: Any, /) -> None:
        if getattr(self, "__pydantic_private__", None) is None:
            object.__setattr__(self, "__pydantic_private__", defaults.copy())

    init_private._fast = True  # type: ignore[attr-defined]
    cls.model_post_init = init_private  # type: ignore[method-assign]


def _plain(value: Any) -> bool:
    """A value every node may share: pydantic copies any other default for each node."""
    if isinstance(value, tuple):
        return all(_plain(v) for v in value)
    return value is None or value is PydanticUndefined or type(value) in (str, int, float, bool)


def private(node: BaseModel, name: str) -> Any:
    """A private attribute's value (node._name), read from pydantic's own store of them: a
    plain `node._name` goes through BaseModel.__getattr__, which costs several microseconds
    (an AttributeError raised and caught inside pydantic), and the checks and the site plan
    ask thousands of times on every `serve` rebuild (issue 31)."""
    values = node.__pydantic_private__
    if values is not None and name in values:
        return values[name]
    return getattr(node, name)


_init_private_attributes = Node.model_post_init  # pydantic's, given to a model with private attributes
_fast_private_init(Node)

Fingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]  # SHA-256, in hex


def attach_sources(node: Any, source: LoadedFile, path: PathKey = ()) -> None:
    """Tell every model node in a validated tree where it came from."""
    if isinstance(node, Node):
        _attach(node, source, path)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, (Node, list)):  # not into each string of a list of them
                attach_sources(item, source, path + (i,))


@functools.lru_cache(maxsize=256)  # one entry a model class: a few dozen
def _node_fields(cls: type[Node]) -> tuple[str, ...]:
    """A model's fields that may hold a node, at any depth (a list of statements), which _attach
    walks; not those of text, dates or lists of ids, whose every value it would only look at."""
    return tuple(name for name, info in cls.__pydantic_fields__.items() if _may_hold_node(info.annotation))


# Numbers and dates: values that hold no string, and field types that hold no node.
_NUMBERS_AND_DATES = (int, bool, float, dt.date, dt.datetime)
_PLAIN_TYPES = (str, type(None), *_NUMBERS_AND_DATES)


def _may_hold_node(annotation: Any) -> bool:
    """Whether a field of this type may hold a model node: anything not plainly text, numbers,
    dates or containers of them (Any, an unknown class) counts as may."""
    if annotation in _PLAIN_TYPES:
        return False
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return False
    if origin is typing.Annotated:
        return _may_hold_node(typing.get_args(annotation)[0])
    if origin in (list, tuple, dict, set, frozenset, typing.Union, types.UnionType):
        return any(arg is not Ellipsis and _may_hold_node(arg) for arg in typing.get_args(annotation))
    return True


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
    for name in _node_fields(type(node)):
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

    # Run for every value of every node read in (thousands per load): plain text, by far the
    # most common, is read without a call of `read`, and values no string can be in (numbers,
    # dates, None) are passed over; anything else goes through `read`'s tests as written.
    def read(value: Any) -> Any:
        if isinstance(value, str):
            return read_string(value)
        if isinstance(value, list):
            items = [read_string(v) if type(v) is str else read(v) for v in value]
            return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
        if isinstance(value, dict):
            entries = {k: read_string(v) if type(v) is str else read(v) for k, v in value.items()}
            return entries if any(entries[k] is not v for k, v in value.items()) else value
        if isinstance(value, BaseModel):
            # Its fields straight from the instance's dict and the class's own store of them:
            # `type(value).model_fields` and `getattr` go through pydantic's descriptors.
            held = value.__dict__
            changed = {}
            for name in type(value).__pydantic_fields__:
                old = held[name]
                kind = type(old)
                if kind is str:
                    new = read_string(old)
                elif old is None or kind in _NUMBERS_AND_DATES:  # exact types: a str subclass is read
                    continue
                else:
                    new = read(old)
                if new is not old:
                    changed[name] = new
            return value.model_copy(update=changed) if changed else value
        return value

    return read(node)
