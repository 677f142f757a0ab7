"""Write a draft policy as YAML a person can read and review: the layout of the hand-made
policies, with comments that say what is still to be decided."""

from __future__ import annotations

from generator.core.yaml_lines import scalar

from .shape import Draft


def comment(text: str, indent: int) -> list[str]:
    return [(" " * indent + "# " + line).rstrip() for line in text.splitlines()]


def render(draft: Draft, header: str, links: list[tuple[str, str]]) -> str:
    lines = comment(header, 0)
    lines += scalar("id", draft.id, 0)
    lines += scalar("title", draft.title, 0)
    if links:
        lines.append("links:  # register.yaml entries the text mentions (check them)")
        for rid, words in links:
            lines.append(f"  - {rid}  # {words}")
    lines.append("sections:")
    for section in draft.sections:
        lines += [f"  - id: {section.id}"] + scalar("title", section.title, 4)
        lines.append("    statements:")
        notes = sorted(section.comments, key=lambda c: c[0])
        for index, statement in enumerate(section.statements + [None]):
            for _, text in (n for n in notes if n[0] == index):
                lines += comment(text, 6)
            if statement is None:
                break
            lines.append(f"      - id: {statement.id}")
            lines.append(f"        kind: {statement.kind}")
            lines += scalar("text", statement.text, 8)
            for note in statement.notes:
                lines += comment(f"import note: {note}", 8)
            lines.append("        audience:  # TO REVIEW")
            lines.append("        roles:  # TO REVIEW")
    return "\n".join(lines) + "\n"
