"""Write a merge plan into the policy file, changing only the lines of what changed.

In two steps.  First the words: the title, renamed headings, reworded statements' `text:`
(with a comment asking for a check) and changed kinds are edited in place by the one line
editor (core/yaml_lines.py), which finds each value's extent from the YAML parser's marks and
reads the result back.  Then the order: every statement of the edited file is a run of lines
(its `- id:` line up to the next statement), found from the positions our strict loader
records for every key, and the new file is those runs in the revised order: an unchanged
statement's lines are copied byte for byte, with its comments; a new one is written in the
importer's layout with audience and roles unset.  The header, the top-level keys and each kept
section's heading lines are copied the same way.

(A round-trip YAML library was tried first: ruamel.yaml keeps comments, but re-wraps every long
`text:` value and leaves trailing spaces, so an unedited policy would not come back identical.)
"""

from __future__ import annotations

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
        self.lines = text.splitlines(keepends=True)
        if self.lines and not self.lines[-1].endswith("\n"):
            self.lines[-1] += "\n"
        self.positions = loaded.positions
        self.data = loaded.data

    def line(self, *key) -> int:
        """0-based line of a key (or of a sequence item's first key)."""
        return self.positions[tuple(key)][0] - 1

    def column(self, *key) -> int:
        return self.positions[tuple(key)][1] - 1


def _reorder(text: str, loaded: LoadedFile, policy, plan: Plan) -> str:
    f = _File(text, loaded)
    sections = policy.sections
    top_keys = sorted(f.line(k) for k in f.data if (k,) in f.positions)
    sections_line = f.line("sections")
    sections_end = min((line for line in top_keys if line > sections_line), default=len(f.lines))
    section_start = [f.line("sections", i) for i in range(len(sections))]
    section_end = section_start[1:] + [sections_end]
    runs: dict[str, list[str]] = {}
    for i, section in enumerate(sections):
        firsts = [f.line("sections", i, "statements", j) for j in range(len(section.statements))]
        ends = firsts[1:] + [section_end[i]]
        for j, statement in enumerate(section.statements):
            runs[statement.id] = f.lines[firsts[j] : ends[j]]

    out = f.lines[: section_start[0]]
    key_indent = f.column("sections", 0, "statements", 0)
    section_indent = f.column("sections", 0)
    for planned_section in plan.sections:
        if planned_section.old is not None:
            n = planned_section.old
            out += f.lines[section_start[n] : f.line("sections", n, "statements", 0)]
        else:
            out.append(" " * (section_indent - 2) + f"- id: {planned_section.id}\n")
            out += _lines(scalar("title", planned_section.title, section_indent))
            out.append(" " * section_indent + "statements:\n")
        for planned in planned_section.statements:
            out += _new_statement(planned, key_indent) if planned.old is None else runs[planned.old.id]
    out += f.lines[sections_end:]
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
