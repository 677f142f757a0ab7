"""Load YAML safely into plain data, remembering where every value came from.

PyYAML's safe loader still accepts things an office manager never means to write and a
hostile file could abuse: duplicate keys (the last one silently wins), aliases (the
"billion laughs" bomb), arbitrary tags such as ``!!python/object/apply``.  We compose the
node tree ourselves and refuse all of those, so every value we hand to the model is a plain
str/int/float/bool/None/list/dict with a known line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .findings import DataError, Location, error

MAX_FILE_BYTES = 2_000_000  # a whole policy is ~20 kB; anything this big is a mistake
MAX_DEPTH = 40  # our deepest real structure is under 10 levels
MAX_NODES = 200_000

PathKey = tuple[Any, ...]

# C0/C1 controls other than tab and newline, and lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass
class LoadedFile:
    """One YAML file: its plain data and the position of every node in it."""

    path: Path  # on disk
    name: str  # as shown to the user, relative to the project
    data: Any
    positions: dict[PathKey, Location]

    def where(self, key: PathKey) -> Location:
        """Position of the value at ``key``, or of its nearest existing ancestor."""
        key = tuple(key)
        while key not in self.positions and key:
            key = key[:-1]
        return self.positions.get(key, Location(self.name, 1, 1))


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and runaway nesting while composing."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in policy data; write the value out", event.start_mark
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nesting deeper than {MAX_DEPTH} levels", self.peek_event().start_mark
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Dates stay strings here; the model parses them and so reports a bad date as a bad date
# (PyYAML would raise a bare ValueError with no position for "2024-13-01").
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _decode(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise DataError([error(Location(name, 1, 1), "the file is empty")])
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise DataError([error(Location(name, line, 1), "this is not a text file (it contains NUL bytes)")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        raise DataError(
            [error(Location(name, line, column), "the file is not valid UTF-8; save it as UTF-8 text")]
        ) from None
    return text.removeprefix("\ufeff")


def _mark(name: str, mark) -> Location:
    return Location(name, mark.line + 1, mark.column + 1)


def _yaml_error(name: str, exc: yaml.YAMLError) -> DataError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    if "\t" in problem or "found character '\\t'" in problem:
        message += "; use spaces, not tabs, to indent"
    location = _mark(name, mark) if mark else Location(name, 1, 1)
    return DataError([error(location, message)])


class _Builder:
    """Turns a node tree into plain data plus a path -> position map."""

    def __init__(self, name: str, loader: _Loader):
        self.name = name
        self.loader = loader
        self.positions: dict[PathKey, Location] = {}
        self.count = 0

    def _scalar(self, node: ScalarNode) -> Any:
        """A scalar's value.  An explicit tag can make PyYAML raise a bare ValueError or
        KeyError (``!!int abc``, ``!!bool maybe``, a 5000-digit number): report it instead."""
        where = _mark(self.name, node.start_mark)
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, KeyError, TypeError, OverflowError):
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            raise DataError([error(where, f"cannot read {shown!r} as {node.tag.rsplit(':', 1)[-1]}")]) from None
        if isinstance(value, str) and (bad := _UNPRINTABLE.search(value)):
            # Escapes in double quotes ("\x00", "\ud800") get past the YAML reader's own check;
            # such characters cannot be printed or even saved as UTF-8.
            raise DataError(
                [error(where, f"the text contains a control or invalid character (U+{ord(bad.group()):04X}); delete it")]
            )
        return value

    def build(self, node: Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise DataError([error(_mark(self.name, node.start_mark), "the file has too many values")])
        self.positions[path] = _mark(self.name, node.start_mark)
        if node.tag not in _PLAIN_TAGS:
            raise DataError(
                [error(_mark(self.name, node.start_mark), f"the tag {node.tag!r} is not allowed; write plain values")]
            )
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                raise DataError([error(_mark(self.name, key_node.start_mark), "a key must be plain text")])
            key = self._scalar(key_node)
            if key == "<<" or key_node.tag == "tag:yaml.org,2002:merge":
                raise DataError([error(_mark(self.name, key_node.start_mark), "merge keys (<<) are not allowed")])
            key = str(key)
            if key in result:
                first = self.positions[path + (key,)]
                raise DataError(
                    [
                        error(
                            _mark(self.name, key_node.start_mark),
                            f"duplicate key {key!r} (first given at line {first.line})",
                        )
                    ]
                )
            result[key] = self.build(value_node, path + (key,))
            # Point "key" findings at the key itself, where the eye looks for it.
            self.positions[path + (key,)] = _mark(self.name, key_node.start_mark)
            self.positions[path + (key, "__value__")] = _mark(self.name, value_node.start_mark)
        return result


def load_yaml(path: Path, name: str | None = None) -> LoadedFile:
    """Load one YAML file; raise DataError with a located finding if it cannot be read."""
    name = name or str(path)
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else None
    except OSError as exc:
        raise DataError([error(Location(name, 1, 1), f"cannot read the file: {exc.strerror}")]) from None
    if raw is None:
        raise DataError(
            [error(Location(name, 1, 1), f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB; is it the right file?")]
        )
    text = _decode(raw, name)
    try:
        loader = _Loader(text)  # the reader already refuses control characters here
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        where = Location(name, before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1)
        raise DataError([error(where, f"the file contains a control character (U+{exc.character:04X}); delete it")]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise DataError([error(Location(name, 1, 1), "the file has no data (only comments)")])
        builder = _Builder(name, loader)
        data = builder.build(node, ())
    except yaml.YAMLError as exc:
        raise _yaml_error(name, exc) from None
    except RecursionError:
        raise DataError([error(Location(name, 1, 1), "the data is nested too deeply")]) from None
    finally:
        loader.dispose()
    return LoadedFile(path=path, name=name, data=data, positions=builder.positions)
