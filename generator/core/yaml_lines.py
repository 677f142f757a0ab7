"""Edit a data file's YAML in place, so that every line the edit does not touch (comments
included) stays byte for byte as it was.

A value's extent is taken from the YAML nodes' start and end marks (PyYAML's composer), never
guessed from indentation: a comment or a blank line inside or after a value, a continuation
line that begins with `#` (inside quotes), block scalars (| and >), quoted, flow and plain
multi-line values are all where the parser says they are.  The edits are kept as character
ranges of the original text and applied bottom up, so each one's positions still hold.

Every edit also records what the data must be afterwards; `text()` reads the new text back
with the strict loader and refuses (EditRefused) unless it holds exactly that, so an edit can
never leave old words behind or change anything it was not asked to.  (Validating the new
file against its kind's model is the caller's part: pipeline/edits.py.)

Used by `handbook new --from` (a copied file's facts set back to null), `handbook resolve`
(one entry of a setting's overrides.yaml) and `handbook import --update` (a policy's reworded
statements, through features/importer/yaml_splice.py).  (A round-trip YAML library keeps
comments but re-wraps every long text and leaves trailing spaces.)
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .findings import DataError
from .load import LoadedFile, load_text, load_yaml

WIDTH = 100  # the hand-made files' line length


class EditRefused(Exception):
    """One line saying why the edit was not made (the file is left as it was)."""


def scalar(key: str, value: str, indent: int) -> list[str]:
    """`key: value` with YAML choosing safe quoting, wrapped like the hand-made files."""
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=WIDTH - indent, sort_keys=False)
    return [" " * indent + line for line in dumped.rstrip("\n").splitlines()]


# libyaml's composer when PyYAML has it: the same nodes and marks (character offsets, lines,
# columns; tests/test_line_edits.py compares them on every bundled file) about ten times
# faster, which a desk save of a 500-person staff list needs (bench/desk_saves.py).
COMPOSER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _plain(value: str) -> Any:
    """What the strict loader reads `value` (written plain: a date, a number, null) as."""
    return load_text(f"value: {value}\n", Path("value.yaml"), "value").data["value"]


class LineEdits:
    def __init__(self, text: str, loaded: LoadedFile) -> None:
        self.source = text
        self.loaded = loaded
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.edits: list[tuple[int, int, str]] = []  # (start, end) in `source`, replaced by the text
        # The strict loader's reading of the last text() (so a caller that checks it against its
        # model need not read it again: core/edits.check_text's `loaded`)
        self.read_back: LoadedFile | None = None
        self.expected = copy.deepcopy(loaded.data)  # the data the edited text must hold
        # path -> (key node or None, value node), with the same paths as the loader's positions
        self.nodes: dict[tuple[Any, ...], tuple[ScalarNode | None, Any]] = {}
        try:
            root = yaml.compose(text, Loader=COMPOSER)
        except yaml.YAMLError as exc:  # the strict loader read it, so this is not expected
            raise EditRefused(f"{loaded.name}: cannot be edited: {exc}") from None
        if root is None:  # the strict loader refuses an empty file, so this is not expected either
            raise EditRefused(f"{loaded.name}: cannot be edited: it holds no data")
        self._index(None, root, ())

    @classmethod
    def read(cls, path: Path, name: str) -> LineEdits:
        """The file's edits, on its text as it is (line endings included)."""
        loaded = load_yaml(path, name)
        return cls(path.read_bytes().decode("utf-8"), loaded)

    def _index(self, key: ScalarNode | None, node: Node, path: tuple[Any, ...]) -> None:
        self.nodes[path] = (key, node)
        if isinstance(node, MappingNode):
            for key_node, value in node.value:
                self._index(key_node, value, path + (key_node.value,))
        elif isinstance(node, SequenceNode):
            for n, item in enumerate(node.value):
                self._index(None, item, path + (n,))

    # ---- positions in the source text ----------------------------------------------------

    def _line_start(self, index: int) -> int:
        return self.source.rfind("\n", 0, index) + 1

    def _line_end(self, index: int) -> int:
        """The end of index's line, before its line break."""
        end = self.source.find("\n", index)
        end = len(self.source) if end < 0 else end
        return end - 1 if end > 0 and self.source[end - 1] == "\r" else end

    def _column(self, index: int) -> int:
        return index - self._line_start(index)

    def _end(self, node: Node) -> int:
        """Where the node's content ends: after its last character, before any comment or blank
        line that follows (which are not part of it)."""
        if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
            last = node.value[-1]
            return self._end(last[1] if isinstance(node, MappingNode) else last)
        end: int = node.end_mark.index
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            # The parser ends a block scalar where the next token begins, after the blank lines
            # that follow it; its content ends with its last line that is not blank (unless it
            # keeps them, `|+`, when they are its content too).
            start = node.start_mark.index
            if self._keeps_blank_lines(node):
                end = max(self._line_start(end) - 1, start)
                return end - 1 if self.source[end - 1 : end] == "\r" else end
            return self._line_end(start + len(self.source[start:end].rstrip()))
        return end

    def _last_scalar(self, node: Node) -> Node:
        while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
            node = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
        return node

    def _keeps_blank_lines(self, node: Node) -> bool:
        """Whether the node is a block scalar whose trailing blank lines are its content (`|+`)."""
        start = node.start_mark.index
        return "+" in self.source[start : self._line_end(start)].split("#")[0]

    def _block_indent(self, node: Node) -> int | None:
        """The indentation of the text of the block scalar (| or >) the node ends with, if it
        ends with one: lines indented as far that come to follow it are its text."""
        node = self._last_scalar(node)
        if not (isinstance(node, ScalarNode) and node.style in ("|", ">")):
            return None
        content = self.source[node.start_mark.index : node.end_mark.index].split("\n")[1:]
        lines = [line for line in content if line.strip()]
        return len(lines[0]) - len(lines[0].lstrip(" ")) if lines else None

    def _with_comments(self, end: int, column: int) -> int:
        """`end` moved over the rest of its line and the comment lines indented further than
        `column` that follow: notes about the entry that ends there."""
        end = self._line_end(end)
        while end < len(self.source):
            next_start = self.source.find("\n", end) + 1
            if next_start == 0 or next_start >= len(self.source):
                break
            line = self.source[next_start : self._line_end(next_start)]
            if not line.lstrip().startswith("#") or len(line) - len(line.lstrip(" ")) <= column:
                break
            end = self._line_end(next_start)
        return end

    def item_end(self, path: tuple[Any, ...]) -> int:
        """Where the sequence item at `path` ends, as delete_item takes it: after its last value
        and the comment lines indented under it that follow (before their line break)."""
        item = self.nodes[tuple(path)][1]
        dash = self.source.rindex("-", 0, item.start_mark.index)
        return self._with_comments(self._end(item), self._column(dash))

    def _entry(self, path: tuple[Any, ...]) -> tuple[ScalarNode, Any]:
        found = self.nodes.get(tuple(path))
        if found is None or found[0] is None:
            raise EditRefused(f"{self.loaded.name}: there is no {_shown(path)} to edit")
        return found[0], found[1]

    def _block(self, path: tuple[Any, ...], what: str) -> Any:
        node = self.nodes.get(tuple(path), (None, None))[1]
        if getattr(node, "flow_style", False) and node.value:
            raise EditRefused(
                f"{self.loaded.name}: {_shown(path)} is written in flow style ({what}); "
                "write it as a block (one entry a line) to edit it with handbook"
            )
        return node

    def _lines(self, lines: list[str]) -> str:
        return self.newline.join(lines)

    def _replace(self, start: int, end: int, text: str) -> None:
        for other_start, other_end, _ in self.edits:
            if start < other_end and other_start < end or start == end == other_start:
                raise EditRefused(f"{self.loaded.name}: two edits of the same lines")
        self.edits.append((start, end, text))

    def _expect(self, path: tuple[Any, ...]) -> tuple[Any, Any]:
        """The expected data's container of `path` and the last key."""
        container = self.expected
        for part in path[:-1]:
            container = container[part]
        return container, path[-1]

    # ---- the edits ---------------------------------------------------------------------------

    def set_value(
        self, key: tuple[Any, ...], value: str, note: str | None = None, replaces_notes: tuple[str, ...] = ()
    ) -> None:
        """The key's value (a text, however it was written) becomes `value`.  With `note`, a
        comment line follows it; a comment line right after it that begins with one of
        `replaces_notes` (an earlier note) is replaced, not repeated."""
        key = tuple(key)
        if key not in self.nodes:
            self._insert_key(key, scalar(key[-1], value, 0), value)
            return
        key_node, node = self._entry(key)
        column = key_node.start_mark.column
        lines = scalar(key[-1], value, column)
        end = self._end(node)
        if note is not None:
            after = self._line_end(end)
            following = self.source.find("\n", after) + 1
            old_note = self.source[following : self._line_end(following)].strip() if following else ""
            if following and old_note.startswith(tuple("# " + n for n in replaces_notes)):
                self._replace(key_node.start_mark.index, end, self._lines(lines)[column:])
                self._replace(following, self._line_end(following), " " * column + "# " + note)
            else:
                lines.append(" " * column + "# " + note)
                self._replace(key_node.start_mark.index, end, self._lines(lines[:-1])[column:])
                self._replace(after, after, self.newline + lines[-1])
        else:
            self._replace(key_node.start_mark.index, end, self._lines(lines)[column:])
        container, last = self._expect(key)
        container[last] = value

    def set_plain(self, key: tuple[Any, ...], value: str) -> None:
        """The key's value becomes `value` as written: a date, a number, null."""
        key = tuple(key)
        if key not in self.nodes:
            self._insert_key(key, [f"{key[-1]}: {value}"], _plain(value))
            return
        key_node, node = self._entry(key)
        self._replace(key_node.start_mark.index, self._end(node), f"{key[-1]}: {value}")
        container, last = self._expect(key)
        container[last] = _plain(value)

    def _insert_key(self, key: tuple[Any, ...], lines: list[str], value: Any) -> None:
        """A key the mapping does not have yet, after the mapping's first entry (an id)."""
        parent = self._block(key[:-1], "a mapping")
        if not isinstance(parent, MappingNode) or not parent.value:
            raise EditRefused(f"{self.loaded.name}: there is no {_shown(key[:-1])} to add {key[-1]!r} to")
        first_key, first_value = parent.value[0]
        column = first_key.start_mark.column
        at = self._line_end(self._end(first_value))
        text = self.newline + self._lines([" " * column + line for line in lines])
        # Several new keys of one mapping (a form's new fields) go in together, in order.
        joined = next((i for i, (start, end, _) in enumerate(self.edits) if start == end == at), None)
        if joined is not None:
            self.edits[joined] = (at, at, self.edits[joined][2] + text)
        else:
            self._replace(at, at, text)
        container, last = self._expect(key)
        container[last] = value

    def delete_item(self, key: str | tuple[Any, ...], index: int) -> None:
        """Item `index` of the list `key` (a top-level key, or the path of a nested list) goes
        (with the comments inside it and the comment lines indented under it that follow); the
        last one leaves `key: []`."""
        path = (key,) if isinstance(key, str) else tuple(key)
        sequence = self._block(path, "a list")
        if not isinstance(sequence, SequenceNode) or index >= len(sequence.value):
            raise EditRefused(f"{self.loaded.name}: there is no {_shown((*path, index))} to remove")
        item = sequence.value[index]
        dash = self.source.rindex("-", 0, item.start_mark.index)
        column = self._column(dash)
        if len(sequence.value) == 1:
            key_node, _ = self._entry(path)
            self._replace(
                key_node.start_mark.index, self._with_comments(self._end(sequence), column), f"{path[-1]}: []"
            )
        else:
            start = self._line_start(dash)
            if self.source[start:dash].strip():
                raise EditRefused(f"{self.loaded.name}: {_shown((*path, index))} does not begin its own line")
            end = self._with_comments(self._end(item), column)
            if end < len(self.source):
                end = self.source.index("\n", end) + 1
            indent = self._block_indent(sequence.value[index - 1]) if index > 0 else None
            while indent is not None and end < len(self.source):
                # The previous item ends with a block scalar (| or >): a blank line, or a comment
                # line indented as far as its text, that came after this item would become
                # part of that text.  They go with the item.
                line = self.source[end : self._line_end(end)]
                if line.strip() and not (line.lstrip().startswith("#") and len(line) - len(line.lstrip(" ")) >= indent):
                    break
                newline = self.source.find("\n", end)
                end = len(self.source) if newline < 0 else newline + 1
            self._replace(start, end, "")
        container, last = self._expect(path)
        del container[last][index]

    def append_item(self, key: str | tuple[Any, ...], fields: list[tuple[str, object]]) -> None:
        """A new last item of the list `key` (a top-level key, or the path of a nested list in
        a mapping that exists), which may be written `key: []`, be empty or be missing."""
        path = (key,) if isinstance(key, str) else tuple(key)
        list_name = path[-1]
        items = self.nodes.get(path, (None, None))[1]
        if items is not None:
            self._block(path, "a list")
        if isinstance(items, SequenceNode) and items.value:
            last = items.value[-1]
            dash = self._column(self.source.rindex("-", 0, last.start_mark.index))
        elif (key_node := self.nodes.get(path, (None, None))[0]) is not None:  # `key: []` or `key:`
            dash = key_node.start_mark.column + 2  # its items indented under it
        elif len(path) > 1:  # a key its mapping does not have yet: indented as the mapping's keys
            parent = self._block(path[:-1], "a mapping")
            if not isinstance(parent, MappingNode) or not parent.value:
                raise EditRefused(f"{self.loaded.name}: there is no {_shown(path[:-1])} to add {list_name!r} to")
            dash = parent.value[0][0].start_mark.column + 2
        else:
            dash = 2
        body: list[str] = []
        for name, value in fields:
            if isinstance(value, str):
                body += scalar(name, value, dash + 2)
            elif isinstance(value, (dt.date, list)):  # plain, as the hand-made files write them
                body.append(f"{' ' * (dash + 2)}{name}: {_flow(value)}")
            else:
                body.append(f"{' ' * (dash + 2)}{name}: {'null' if value is None else value}")
        body[0] = " " * dash + "- " + body[0][dash + 2 :]
        if isinstance(items, SequenceNode) and items.value:
            at = self._with_comments(self._end(items.value[-1]), dash)
            self._replace(at, at, self.newline + self._lines(body))
        elif items is not None:  # `key: []` or `key:`
            key_node, _ = self._entry(path)
            self._replace(key_node.start_mark.index, self._end(items), f"{list_name}:")
            at = self._line_end(self._end(items))
            self._replace(at, at, self.newline + self._lines(body))
        elif len(path) > 1:
            self._insert_key(path, [f"{list_name}:", *(line[dash - 2 :] for line in body)], [])
        else:
            tail = "" if not self.source or self.source.endswith("\n") else self.newline
            at = len(self.source)
            self._replace(at, at, tail + self._lines([f"{key}:"] + body) + self.newline)
        container, last = self._expect(path)
        if not isinstance(container.get(last), list):
            container[last] = []
        container[last].append({field: _as_loaded(value) for field, value in fields})

    def add_mapping(self, key: str, fields: list[tuple[str, object]]) -> None:
        """A top-level key the file does not have yet, holding a mapping of `fields` (texts,
        dates, lists of texts, booleans), written at the end of the file."""
        if (key,) in self.nodes:
            raise EditRefused(f"{self.loaded.name}: {key} is there already")
        body: list[str] = []
        for name, value in fields:
            if isinstance(value, str):
                body += scalar(name, value, 2)
            elif isinstance(value, (dt.date, list)):
                body.append(f"  {name}: {_flow(value)}")
            else:
                body.append(f"  {name}: {'null' if value is None else str(value).lower()}")
        tail = "" if not self.source or self.source.endswith("\n") else self.newline
        at = len(self.source)
        self._replace(at, at, tail + self._lines([f"{key}:", *body]) + self.newline)
        self.expected[key] = {name: _as_loaded(value) for name, value in fields}

    # ---- the result --------------------------------------------------------------------------

    def text(self) -> str:
        """The edited text, read back with the strict loader: it holds exactly the data the
        edits meant (else EditRefused, and nothing should be written)."""
        text = self.source
        for start, end, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            text = text[:start] + new + text[end:]
        if not self.edits:
            self.read_back = self.loaded
            return text
        try:
            read_back = load_text(text, self.loaded.path, self.loaded.name)
        except DataError as exc:
            raise EditRefused(f"the edit would leave {exc.findings[0]}") from None
        data = read_back.data
        if data != self.expected:
            raise EditRefused(
                f"{self.loaded.name}: the edit did not read back as intended "
                f"({_difference(data, self.expected)}); nothing was written"
            )
        self.read_back = read_back
        return text


def _flow(value: dt.date | list[str]) -> str:
    """A date (2026-09-01) or a list of texts ([all-staff, office-staff]) written on one line."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6).strip()


def _as_loaded(value: Any) -> Any:
    """What the strict loader reads a value written by append_item as (dates stay texts there:
    the models parse them)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _shown(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "document"


def _difference(got: Any, want: Any, path: tuple[Any, ...] = ()) -> str:
    """The first place two data trees differ, for the refusal message."""
    if isinstance(got, dict) and isinstance(want, dict):
        for key in list(want) + [k for k in got if k not in want]:
            if got.get(key, _MISSING) != want.get(key, _MISSING):
                return _difference(got.get(key, _MISSING), want.get(key, _MISSING), path + (key,))
    if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        for n, (a, b) in enumerate(zip(got, want)):
            if a != b:
                return _difference(a, b, path + (n,))

    def shown(v: Any) -> str:
        return "nothing" if v is _MISSING else repr(v if not isinstance(v, str) or len(v) < 50 else v[:47] + "...")

    return f"{_shown(path)} is {shown(got)}, not {shown(want)}"


_MISSING = object()
