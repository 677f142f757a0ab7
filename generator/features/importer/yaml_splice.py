"""Write a merge plan into the policy file, changing only the lines of what changed.

In two steps.  First the words: the title, renamed headings, reworded statements' `text:`
(with a comment asking for a check) and changed kinds are edited in place by the one line
editor (core/yaml_lines.py), which finds each value's extent from the YAML parser's marks and
reads the result back.  Then the order: every statement of the edited file is a run of lines
(the comment and blank lines above it, its `- id:` line, and on to the end of its last value as
the parser's marks give it, with the comment lines indented under it that follow), and the new
file is those runs in the revised order: an unchanged statement's lines are copied byte for
byte, with its comments; a new one is written in the importer's layout, with the file's own
line endings, and audience and roles unset.  The header, the top-level keys and each kept
section's heading lines (with the comment lines above them) are copied the same way, so a
comment between two statements or sections, or above a section's first statement, stays with
what follows it, whatever is moved or removed.

(A round-trip YAML library was tried first: ruamel.yaml keeps comments, but re-wraps every long
`text:` value and leaves trailing spaces, so an unedited policy would not come back identical.)
"""

from __future__ import annotations

import bisect

from generator.core.load import LoadedFile, load_text
from generator.core.yaml_lines import LineEdits

from .emit import comment, scalar
from .merge import Plan, Planned

REWORDED = "reworded: check audience and roles still fit"
_FLAGS = ("reworded", "merged with")  # an earlier update's flag: replaced, not repeated


def splice(text: str, loaded: LoadedFile, policy, plan: Plan) -> str:
    """The policy file's text with the plan applied (EditRefused if an edit would not read back
    as planned)."""
    text = _edit_words(text, loaded, policy, plan)
    return _reorder(text, load_text(text, loaded.path, loaded.name), policy, plan)


def _edit_words(text: str, loaded: LoadedFile, policy, plan: Plan) -> str:
    edits = LineEdits(text, loaded)
    if plan.title_changed:
        edits.set_value(("title",), plan.title)
    for planned_section in plan.sections:
        if planned_section.old is not None and planned_section.renamed:
            edits.set_value(("sections", planned_section.old, "title"), planned_section.title)
        for planned in planned_section.statements:
            if planned.old is None:
                continue
            path = _path_of(policy, planned.old.id)
            if planned.reworded or planned.merged:
                flag = (
                    REWORDED
                    if not planned.merged
                    else (f"merged with {', '.join(planned.merged)} (removed): check audience and roles still fit")
                )
                edits.set_value(path + ("text",), planned.text, note=flag, replaces_notes=_FLAGS)
            if planned.kind_changed:
                edits.set_plain(path + ("kind",), planned.kind)
    return edits.text()


class _File:
    def __init__(self, text: str, loaded: LoadedFile):
        self.marks = LineEdits(text, loaded)  # the YAML parser's nodes, for where a value ends
        self.newline = self.marks.newline  # new lines are written with the file's own
        self.lines = text.splitlines(keepends=True)
        if self.lines and not self.lines[-1].endswith("\n"):
            self.lines[-1] += self.newline
        self.starts = [0]  # the character offset each line starts at
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))
        self.positions = loaded.positions
        self.data = loaded.data

    def line(self, *key) -> int:
        """0-based line of a key (or of a sequence item's first key)."""
        return self.positions[tuple(key)][0] - 1

    def column(self, *key) -> int:
        return self.positions[tuple(key)][1] - 1

    def end(self, *key) -> int:
        """The 0-based line after a sequence item: after its last value (from the parser's marks)
        and the comment lines indented under it that follow; not the blank lines or the comments
        above what comes next, which belong to that."""
        end = self.marks.item_end(tuple(key))
        return bisect.bisect_right(self.starts, end) if end < self.starts[-1] else len(self.lines)

    def new(self, lines: list[str]) -> list[str]:
        return [line.replace("\n", self.newline) for line in lines]


def _reorder(text: str, loaded: LoadedFile, policy, plan: Plan) -> str:
    f = _File(text, loaded)
    sections = policy.sections
    top_keys = sorted(f.line(k) for k in f.data if (k,) in f.positions)
    sections_line = f.line("sections")
    sections_end = min((line for line in top_keys if line > sections_line), default=len(f.lines))
    # Each statement is its lines from the end of the one before (so the comment lines and blank
    # lines above it) to its own end; a section's heading lines run from the end of the section
    # before (its last statement) to its `statements:` line, so a comment above the first
    # statement moves with it, as one above any other does.  What follows a section's last
    # statement belongs to what follows: the next section, or the rest of the file.
    heading: list[tuple[int, int]] = []
    runs: dict[str, list[str]] = {}
    previous_end = f.line("sections", 0)
    for i, section in enumerate(sections):
        first = min(f.line("sections", i, "statements") + 1, f.line("sections", i, "statements", 0))
        heading.append((previous_end if i else f.line("sections", 0), first))
        start = first
        for j, statement in enumerate(section.statements):
            end = f.end("sections", i, "statements", j)
            runs[statement.id] = f.lines[start:end]
            start = end
        previous_end = start
    tail = f.lines[previous_end:sections_end]

    out = f.lines[: f.line("sections", 0)]
    key_indent = f.column("sections", 0, "statements", 0)
    section_indent = f.column("sections", 0)
    for planned_section in plan.sections:
        if planned_section.old is not None:
            out += f.lines[slice(*heading[planned_section.old])]
        else:
            out += f.new(
                [" " * (section_indent - 2) + f"- id: {planned_section.id}\n"]
                + _lines(scalar("title", planned_section.title, section_indent))
                + [" " * section_indent + "statements:\n"]
            )
        for planned in planned_section.statements:
            out += f.new(_new_statement(planned, key_indent)) if planned.old is None else runs[planned.old.id]
    out += tail + f.lines[sections_end:]
    return "".join(out)


def _lines(lines: list[str]) -> list[str]:
    return [line + "\n" for line in lines]


def _path_of(policy, statement_id: str) -> tuple:
    for i, section in enumerate(policy.sections):
        for j, statement in enumerate(section.statements):
            if statement.id == statement_id:
                return ("sections", i, "statements", j)
    raise KeyError(statement_id)


def _new_statement(planned: Planned, key_indent: int) -> list[str]:
    pad = " " * key_indent
    lines = [" " * (key_indent - 2) + f"- id: {planned.id}\n", pad + f"kind: {planned.kind}\n"]
    lines += _lines(scalar("text", planned.text, key_indent))
    if planned.split_from:
        lines += _lines(
            comment(
                f"split from {planned.split_from} in the revised document: decide its audience and roles", key_indent
            )
        )
    lines += [pad + "audience:  # TO REVIEW\n", pad + "roles:  # TO REVIEW\n"]
    return lines
