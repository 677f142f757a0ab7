"""Edit a data file's YAML by its lines, so that every line the edit does not touch (comments
included) stays byte for byte as it was.

The edits are found from the positions the strict loader records for every key (load.py) and
applied bottom up, so each edit's line numbers still hold.  (A round-trip YAML library keeps
comments but re-wraps every long text and leaves trailing spaces.)  Used by `handbook new
--from` (a copied file's facts set back to null) and `handbook resolve` (one entry of a
setting's overrides.yaml).
"""

from __future__ import annotations

import yaml

from .load import LoadedFile

WIDTH = 100  # the hand-made files' line length


def scalar(key: str, value: str, indent: int) -> list[str]:
    """`key: value` with YAML choosing safe quoting, wrapped like the hand-made files."""
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=WIDTH - indent, sort_keys=False)
    return [" " * indent + line for line in dumped.rstrip("\n").splitlines()]


class LineEdits:
    def __init__(self, text: str, loaded: LoadedFile) -> None:
        self.lines = text.splitlines(keepends=True)
        if self.lines and not self.lines[-1].endswith("\n"):
            self.lines[-1] += "\n"
        self.loaded = loaded
        self.edits: list[tuple[int, int, list[str]]] = []

    def _at(self, *key) -> tuple[int, int]:
        line, column = self.loaded.positions[tuple(key)]
        return line - 1, column - 1

    def _end(self, start: int, column: int) -> int:
        """The end (exclusive) of what starts at (start, column): the lines indented further."""
        end = start + 1
        while end < len(self.lines) and self.lines[end].strip() and not self.lines[end].lstrip().startswith("#") \
                and len(self.lines[end]) - len(self.lines[end].lstrip(" ")) > column:
            end += 1
        return end

    def set_value(self, key: tuple, value: str) -> None:
        """The key's value (a text, however many lines it took) becomes `value`."""
        start, column = self._at(*key)
        self.edits.append((start, self._end(start, column), [line + "\n" for line in scalar(key[-1], value, column)]))

    def set_plain(self, key: tuple, value: str) -> None:
        """The key's value becomes `value` as written: a date, a number, null."""
        start, column = self._at(*key)
        self.edits.append((start, self._end(start, column), [f"{self.lines[start][:column]}{key[-1]}: {value}\n"]))

    def delete_item(self, key: str, index: int) -> None:
        """Item `index` of the top-level list `key` goes; the last one leaves `key: []`."""
        start, column = self._at(key, index)
        end = self._end(start, column - 2)  # "- " stands before the item's first key
        if len(self.loaded.data[key]) == 1:
            key_line, key_column = self._at(key)
            self.edits.append((key_line, end, [f"{' ' * key_column}{key}: []\n"]))
        else:
            self.edits.append((start, end, []))

    def append_item(self, key: str, fields: list[tuple[str, object]]) -> None:
        """A new last item of the top-level list `key` (which may be written `key: []`)."""
        items = self.loaded.data.get(key) or []
        key_line, key_column = self._at(key)
        if items:
            last_line, column = self._at(key, len(items) - 1)
            dash = column - 2
            at = replace_to = self._end(last_line, dash)
        else:
            at, dash, replace_to = key_line, key_column + 2, key_line + 1
        body: list[str] = []
        for name, value in fields:
            if isinstance(value, str):
                body += scalar(name, value, dash + 2)
            else:
                body.append(f"{' ' * (dash + 2)}{name}: {'null' if value is None else value}")
        body[0] = " " * dash + "- " + body[0][dash + 2:]
        head = [] if items else [f"{' ' * key_column}{key}:\n"]
        self.edits.append((at, replace_to, head + [line + "\n" for line in body]))

    def text(self) -> str:
        lines = list(self.lines)
        for start, end, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            lines[start:end] = new
        return "".join(lines)
