"""Write a merge plan into the policy file, changing only the lines of what changed.

Every statement of the file is a run of lines (its `- id:` line up to the next statement),
found from the positions our strict loader records for every key.  The new file is those runs
in the revised order: an unchanged statement's lines are copied byte for byte, with its
comments; a reworded one has only its `text:` lines replaced (and a comment asking for a
check); a new one is written in the importer's layout with audience and roles unset.  The
header, the top-level keys and each kept section's heading lines are copied the same way.

(A round-trip YAML library was tried first: ruamel.yaml keeps comments, but re-wraps every long
`text:` value and leaves trailing spaces, so an unedited policy would not come back identical.)
"""

from __future__ import annotations

from generator.core.load import LoadedFile
from .emit import comment, scalar
from .merge import Plan, Planned

REWORDED = "reworded: check audience and roles still fit"


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

    def extent(self, start: int, column: int, limit: int) -> int:
        """The end (exclusive) of the value whose key is at (start, column): its continuation
        lines are the ones indented further that are not comments."""
        end = start + 1
        while end < limit:
            line = self.lines[end]
            if not line.strip() or line.lstrip().startswith("#") or len(line) - len(line.lstrip(" ")) <= column:
                break
            end += 1
        return end


def splice(text: str, loaded: LoadedFile, policy, plan: Plan) -> str:
    f = _File(text, loaded)
    sections = policy.sections
    top_keys = sorted(f.line(k) for k in f.data if (k,) in f.positions)
    sections_line = f.line("sections")
    sections_end = min((line for line in top_keys if line > sections_line), default=len(f.lines))
    section_start = [f.line("sections", i) for i in range(len(sections))]
    section_end = section_start[1:] + [sections_end]
    runs: dict[str, list[str]] = {}
    starts: dict[str, int] = {}
    for i, section in enumerate(sections):
        firsts = [f.line("sections", i, "statements", j) for j in range(len(section.statements))]
        ends = firsts[1:] + [section_end[i]]
        for j, statement in enumerate(section.statements):
            runs[statement.id] = f.lines[firsts[j]:ends[j]]
            starts[statement.id] = firsts[j]

    out = f.lines[: section_start[0]]
    if plan.title_changed:
        out = _replace_value(f, out, 0, ("title",), plan.title)
    key_indent = f.column("sections", 0, "statements", 0)
    section_indent = f.column("sections", 0)
    for planned_section in plan.sections:
        if planned_section.old is not None:
            n = planned_section.old
            header = f.lines[section_start[n]: f.line("sections", n, "statements", 0)]
            if planned_section.renamed:
                header = _replace_value(f, header, section_start[n], ("sections", n, "title"), planned_section.title)
            out += header
        else:
            out.append(" " * (section_indent - 2) + f"- id: {planned_section.id}\n")
            out += _lines(scalar("title", planned_section.title, section_indent))
            out.append(" " * section_indent + "statements:\n")
        for planned in planned_section.statements:
            if planned.old is None:
                out += _new_statement(planned, key_indent)
            else:
                out += _kept_statement(f, planned, runs[planned.old.id], starts[planned.old.id], policy, key_indent)
    out += f.lines[sections_end:]
    return "".join(out)


def _lines(lines: list[str]) -> list[str]:
    return [line + "\n" for line in lines]


def _replace_value(f: _File, lines: list[str], base: int, key: tuple, value: str) -> list[str]:
    """`lines` (which start at file line `base`) with the value at `key` replaced."""
    start = f.line(*key)
    column = f.column(*key)
    end = f.extent(start, column, base + len(lines))
    return lines[: start - base] + _lines(scalar(key[-1], value, column)) + lines[end - base:]


def _kept_statement(f: _File, planned: Planned, run: list[str], base: int, policy, key_indent: int) -> list[str]:
    if not (planned.reworded or planned.kind_changed or planned.merged):
        return run
    path = _path_of(policy, planned.old.id)
    lines = list(run)
    if planned.reworded or planned.merged:
        start = f.line(*path, "text")
        column = f.column(*path, "text")
        end = f.extent(start, column, base + len(lines))
        flag = REWORDED if not planned.merged else (
            f"merged with {', '.join(planned.merged)} (removed): check audience and roles still fit")
        after = lines[end - base:]
        if after and after[0].strip().startswith(("# reworded", "# merged with")):
            after = after[1:]  # the flag of an earlier update: replaced, not repeated
        lines = lines[: start - base] + _lines(scalar("text", planned.text, column)) + _lines(comment(flag, column)) + after
    if planned.kind_changed:
        kind_line = [k for k, line in enumerate(lines) if line.strip().startswith("kind:") and
                     len(line) - len(line.lstrip(" ")) == key_indent]
        if kind_line:
            lines[kind_line[0]] = " " * key_indent + f"kind: {planned.kind}\n"
        else:
            lines.insert(1, " " * key_indent + f"kind: {planned.kind}\n")
    return lines


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
        lines += _lines(comment(f"split from {planned.split_from} in the revised document: decide its audience and roles", key_indent))
    lines += [pad + "audience:  # TO REVIEW\n", pad + "roles:  # TO REVIEW\n"]
    return lines
