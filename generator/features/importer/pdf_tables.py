"""Find ruled tables on a PDF page: a grid of thin lines with text inside.

A table cannot be a statement: its text is kept as rows of cells ("Accident book | 21 years")
in a note and a comment, as the Word reader does, instead of running into the paragraphs as
loose lines.  Only ruled tables are found; a table drawn without lines reads as text.
"""

from __future__ import annotations

from dataclasses import dataclass

Box = tuple[float, float, float, float]  # x0, y0, x1, y1

_THIN = 2.0  # a rule is at most this thick (points)
_TOUCH = 2.0  # rules this close belong to one grid


@dataclass
class Table:
    box: Box
    rows: list[str]
    columns: int


def thin_rules(boxes: list[Box]) -> list[Box]:
    """Lines and thin rectangles; a filled box (a shaded paragraph) is not a rule."""
    return [b for b in boxes if (b[2] - b[0] <= _THIN) != (b[3] - b[1] <= _THIN)]


def _grids(rules: list[Box]) -> list[list[Box]]:
    groups: list[list[Box]] = []
    for rule in rules:
        touching = [g for g in groups if any(_touch(rule, other) for other in g)]
        merged = [rule] + [r for g in touching for r in g]
        groups = [g for g in groups if g not in touching] + [merged]
    return groups


def _touch(a: Box, b: Box) -> bool:
    return a[0] - _TOUCH <= b[2] and b[0] - _TOUCH <= a[2] and a[1] - _TOUCH <= b[3] and b[1] - _TOUCH <= a[3]


def _positions(values: list[float]) -> list[float]:
    distinct: list[float] = []
    for value in sorted(values):
        if not distinct or value - distinct[-1] > _TOUCH:
            distinct.append(value)
    return distinct


def find_tables(rules: list[Box], lines: list) -> tuple[list[Table], list]:
    """Tables among the rules, and the lines that are not inside one.  A grid is a table when
    it has at least two rows or two columns of cells with text in them."""
    tables: list[Table] = []
    outside = list(lines)
    for grid in _grids(thin_rules(rules)):
        verticals = _positions([(r[0] + r[2]) / 2 for r in grid if r[2] - r[0] <= _THIN])
        horizontals = _positions([(r[1] + r[3]) / 2 for r in grid if r[3] - r[1] <= _THIN])
        if len(verticals) < 2 or len(horizontals) < 2 or len(verticals) + len(horizontals) < 5:
            continue
        box = (min(r[0] for r in grid), min(r[1] for r in grid), max(r[2] for r in grid), max(r[3] for r in grid))
        inside = [
            line
            for line in outside
            if box[0] - _TOUCH <= (line.x0 + line.x1) / 2 <= box[2] + _TOUCH
            and box[1] - _TOUCH <= (line.y0 + line.y1) / 2 <= box[3] + _TOUCH
        ]
        if not inside:
            continue
        rows = []
        for top, bottom in zip(horizontals[::-1], horizontals[::-1][1:]):  # top to bottom
            in_row = [line for line in inside if bottom <= (line.y0 + line.y1) / 2 <= top]
            cells = []
            for left, right in zip(verticals, verticals[1:]):
                words = [_part(line, left, right) for line in sorted(in_row, key=lambda line: -line.y1)]
                cells.append(" ".join(w for w in words if w))
            if any(cells):
                rows.append(" | ".join(cells))
        tables.append(Table(box, rows, len(verticals) - 1))
        outside = [line for line in outside if line not in inside]
    return tables, outside


def _part(line, left: float, right: float) -> str:
    """The characters of a line that stand between two x positions."""
    return " ".join("".join(ch for ch, x in zip(line.text, line.xs) if left <= x < right).split())
