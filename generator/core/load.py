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
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from .codes import (
    FILE_BINARY,
    FILE_CONTROL_CHARACTER,
    FILE_EMPTY,
    FILE_NOT_UTF8,
    FILE_TOO_LARGE,
    FILE_UNREADABLE,
    YAML_ALIAS,
    YAML_DUPLICATE_KEY,
    YAML_KEY_NOT_TEXT,
    YAML_MERGE_KEY,
    YAML_NO_DATA,
    YAML_SEVERAL_DOCUMENTS,
    YAML_SYNTAX,
    YAML_TAG,
    YAML_TAGGED_VALUE,
    YAML_TOO_DEEP,
    YAML_TOO_MANY_VALUES,
)
from .encodings import bom_encoding, describe_encoding
from .findings import Code, DataError, Location

MAX_FILE_BYTES = 2_000_000  # a whole policy is ~20 kB; anything this big is a mistake
MAX_DEPTH = 40  # our deepest real structure is under 10 levels
MAX_NODES = 200_000

PathKey = tuple[Any, ...]

# C0/C1 controls other than tab and newline, and lone surrogates: a data file may not hold them
# (the loader refuses it), so every value typed in for one (import, resolve, the desk) is checked too.
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

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
    positions: dict[PathKey, tuple[int, int]]  # 1-based (line, column)

    def where(self, key: PathKey) -> Location:
        """Position of the value at ``key``, or of its nearest existing ancestor."""
        key = tuple(key)
        while key not in self.positions and key:
            key = key[:-1]
        return Location(self.name, *self.positions.get(key, (1, 1)))


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.1 implicit types, less timestamps.

    Dates stay strings here; the model parses them and so reports a bad date as a bad date
    (PyYAML would raise a bare ValueError with no position for "2024-13-01")."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }


_IMPLICIT_FIRST = frozenset(k for k in _Resolver.yaml_implicit_resolvers if k)


def _parser(text: str) -> Any:
    """libyaml's event parser when PyYAML has it (about 10x faster), else the pure-Python one.
    Only the parser is used: composing nodes is ours, so aliases, tags, duplicate keys and
    nesting are all checked in one place whichever parser runs."""
    try:
        from yaml._yaml import CParser

        return CParser(text)
    except ImportError:  # PyYAML built without libyaml
        return yaml.SafeLoader(text)


def _decode(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise DataError([FILE_EMPTY(Location(name, 1, 1), "the file is empty")])
    codec = bom_encoding(raw)
    if codec and codec != "utf-8-sig":  # Notepad's "Unicode": say so, not "NUL bytes"
        raise DataError(
            [
                FILE_NOT_UTF8(
                    Location(name, 1, 1),
                    f"the file is saved as {describe_encoding(codec)} text; "
                    "save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)",
                )
            ]
        )
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise DataError([FILE_BINARY(Location(name, line, 1), "this is not a text file (it contains NUL bytes)")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        raise DataError(
            [FILE_NOT_UTF8(Location(name, line, column), "the file is not valid UTF-8; save it as UTF-8 text")]
        ) from None
    return text.removeprefix("\ufeff")


def _mark(name: str, mark: Any) -> Location:
    return Location(name, mark.line + 1, mark.column + 1)


def _reader_error(name: str, text: str, exc: yaml.reader.ReaderError) -> DataError:
    before = text[: exc.position]
    where = Location(name, before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1)
    return DataError(
        [FILE_CONTROL_CHARACTER(where, f"the file contains a control character (U+{exc.character:04X}); delete it")]
    )


def _is_tab_at(text: str, mark: Any) -> bool:
    """libyaml does not always name the tab it stumbled on; look at the character itself."""
    if mark is None:
        return False
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return "\t" in line[: mark.column + 1]


def _yaml_error(name: str, exc: yaml.YAMLError, text: str = "") -> DataError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    if "\t" in problem or "tab character" in problem or _is_tab_at(text, mark):
        message += "; use spaces, not tabs, to indent"
    location = _mark(name, mark) if mark else Location(name, 1, 1)
    return DataError([YAML_SYNTAX(location, message)])


class _Builder:
    """Builds plain data plus a path -> position map straight from parser events."""

    def __init__(self, name: str, parser: Any) -> None:
        self.name = name
        self.parser = parser
        self.resolver = _Resolver()
        self.constructor = yaml.constructor.SafeConstructor()
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.count = 0

    def _text(self, value: str, mark: Any) -> str:
        if bad := UNPRINTABLE.search(value):
            # Escapes in double quotes ("\x00", "\ud800") get past the YAML reader's own check;
            # such characters cannot be printed or even saved as UTF-8.
            raise DataError(
                [
                    FILE_CONTROL_CHARACTER(
                        _mark(self.name, mark),
                        f"the text contains a control or invalid character (U+{ord(bad.group()):04X}); delete it",
                    )
                ]
            )
        return value

    def _scalar(self, node: ScalarNode) -> Any:
        """A scalar's value.  An explicit tag can make PyYAML raise a bare ValueError or
        KeyError (``!!int abc``, ``!!bool maybe``, a 5000-digit number): report it instead."""
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, KeyError, TypeError, OverflowError):
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            where = _mark(self.name, node.start_mark)
            raise DataError(
                [YAML_TAGGED_VALUE(where, f"cannot read {shown!r} as {node.tag.rsplit(':', 1)[-1]}")]
            ) from None
        return self._text(value, node.start_mark) if isinstance(value, str) else value

    def fail(self, event: Any, code: Code, message: str) -> DataError:
        return DataError([code(_mark(self.name, event.start_mark), message)])

    def document(self) -> Any:
        events = self.parser
        events.get_event()  # StreamStart
        if events.check_event(StreamEndEvent):
            raise DataError([YAML_NO_DATA(Location(self.name, 1, 1), "the file has no data (only comments)")])
        events.get_event()  # DocumentStart
        data = self.value(events.get_event(), (), 1)
        events.get_event()  # DocumentEnd
        if not events.check_event(StreamEndEvent):
            raise self.fail(
                events.peek_event(),
                YAML_SEVERAL_DOCUMENTS,
                "the file holds more than one YAML document (a second '---')",
            )
        return data

    def value(self, event: Any, path: PathKey, depth: int) -> Any:
        # Run for every node of every file loaded (a policy has thousands): the common cases
        # (plain text, a mapping, a list) are tested by exact type, and attributes read once.
        kind = type(event)
        if kind is AliasEvent:
            raise self.fail(event, YAML_ALIAS, "aliases (*name) are not allowed in policy data; write the value out")
        if depth > MAX_DEPTH:
            raise self.fail(event, YAML_TOO_DEEP, f"nesting deeper than {MAX_DEPTH} levels")
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(event, YAML_TOO_MANY_VALUES, "the file has too many values")
        mark = event.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _PLAIN_TAGS:
            raise self.fail(event, YAML_TAG, f"the tag {tag!r} is not allowed; write plain values")
        if kind is ScalarEvent:
            value = event.value
            if tag is None and (event.style or (value and value[0] not in _IMPLICIT_FIRST)):
                # Quoted or block text, or plain text no implicit type can start with (most of
                # a policy): a string, without trying every YAML 1.1 type pattern on it.
                return self._text(value, mark)
            if tag is None or tag == "!":
                tag = self.resolver.resolve(ScalarNode, value, event.implicit)  # type: ignore[no-untyped-call]
            end: Any = event.end_mark  # libyaml's Mark or PyYAML's: both have line and column
            return self._scalar(ScalarNode(tag, value, mark, end, event.style))
        if kind is SequenceStartEvent:
            items: list[Any] = []
            parser = self.parser
            while not parser.check_event(SequenceEndEvent):
                items.append(self.value(parser.get_event(), path + (len(items),), depth + 1))
            parser.get_event()
            return items
        return self.mapping(event, path, depth)

    def mapping(self, event: Any, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        parser = self.parser
        positions = self.positions
        while not parser.check_event(MappingEndEvent):
            key_event = parser.get_event()
            if type(key_event) is not ScalarEvent or key_event.tag not in (None, "!", "tag:yaml.org,2002:str"):
                raise self.fail(key_event, YAML_KEY_NOT_TEXT, "a key must be plain text")
            key = key_event.value
            if key == "<<" and key_event.implicit[0]:
                raise self.fail(key_event, YAML_MERGE_KEY, "merge keys (<<) are not allowed")
            key_path = path + (key,)
            if key in result:
                first_line = positions[key_path][0]
                raise self.fail(
                    key_event, YAML_DUPLICATE_KEY, f"duplicate key {key!r} (first given at line {first_line})"
                )
            value_event = parser.get_event()
            result[key] = self.value(value_event, key_path, depth + 1)
            # Point "key" findings at the key itself, where the eye looks for it.
            key_mark: Any = key_event.start_mark
            value_mark: Any = value_event.start_mark
            positions[key_path] = (key_mark.line + 1, key_mark.column + 1)
            positions[key_path + ("__value__",)] = (value_mark.line + 1, value_mark.column + 1)
        parser.get_event()
        return result


def load_yaml(path: Path, name: str | None = None, *, shared: bool = False) -> LoadedFile:
    """Load one YAML file; raise DataError with a located finding if it cannot be read.

    shared=True: the data and positions may be those of an earlier load of the same bytes
    under the same name in this process (see `_shared_parse`); the caller must not change them."""
    name = name or str(path)
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else None
    except OSError as exc:
        raise DataError([FILE_UNREADABLE(Location(name, 1, 1), f"cannot read the file: {exc.strerror}")]) from None
    if raw is None:
        raise DataError(
            [
                FILE_TOO_LARGE(
                    Location(name, 1, 1),
                    f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB; is it the right file?",
                )
            ]
        )
    if shared and len(raw) <= SHARED_MAX_BYTES:
        data, positions = _shared_parse(raw, name)
        return LoadedFile(path=path, name=name, data=data, positions=positions)
    return load_bytes(raw, path, name)


# What load_yaml(shared=True) keeps: files up to 4x the largest real one, a few projects' worth.
SHARED_MAX_BYTES = 100_000
SHARED_FILES = 128


@lru_cache(maxsize=SHARED_FILES)
def _shared_parse(raw: bytes, name: str) -> tuple[Any, dict[PathKey, tuple[int, int]]]:
    """The data and positions of a file's bytes, kept for the next load of the same bytes (a
    file that failed is not kept: its DataError is raised again each time).  The desk and
    `serve` load the whole data folder again after every save, and the tests call the command
    in one process hundreds of times, each time reading mostly the same files: reading one
    again costs a dictionary lookup, not libyaml's events and our walk over them.  Bounded in
    count and size (a project has a few dozen files of up to 25 kB).  Only sources.load_model
    asks for it; it hands the data to pydantic (which builds the model from it without
    changing it) and keeps the LoadedFile as each node's source, which the code only reads
    (tests/test_loaded_once.py).  Other readers of data files (the desk's forms, the editors)
    load a copy of their own, free to change."""
    loaded = load_bytes(raw, Path(name), name)
    return loaded.data, loaded.positions


def load_text(text: str, path: Path, name: str) -> LoadedFile:
    """Load YAML text about to be written to `path` (shown as `name`) exactly as load_yaml will
    read it from the file: an edit is checked before it replaces the file."""
    raw = text.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_FILE_BYTES:
        raise DataError(
            [FILE_TOO_LARGE(Location(name, 1, 1), f"the file would be larger than {MAX_FILE_BYTES // 1_000_000} MB")]
        )
    return load_bytes(raw, path, name)


def load_bytes(raw: bytes, path: Path, name: str) -> LoadedFile:
    text = _decode(raw, name)
    try:
        parser = _parser(text)
        builder = _Builder(name, parser)
    except yaml.reader.ReaderError as exc:  # the pure-Python reader checks characters up front
        raise _reader_error(name, text, exc) from None
    try:
        data = builder.document()
    except yaml.reader.ReaderError as exc:
        raise _reader_error(name, text, exc) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(name, exc, text) from None
    except RecursionError:
        raise DataError([YAML_TOO_DEEP(Location(name, 1, 1), "the data is nested too deeply")]) from None
    finally:
        parser.dispose()
    return LoadedFile(path=path, name=name, data=data, positions=builder.positions)
