"""A first import: a document read into a draft policy file (`read_policy`), then written once
a person or the command has seen it (`write_draft`).

What the project already holds (the setting's name, the register, the statement ids other
policies use) comes in as `Known`, made from the handbook the normal loader loaded
(`Known.of`); when the data cannot be loaded, the import goes on without it and says so
(`Known.unloaded`)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core.datafiles import write_atomically
from generator.core.findings import Finding
from generator.core.load import UNPRINTABLE
from generator.core.project import Project
from generator.core.schema import SCHEMA_DIR, schema_line
from generator.core.sources import refusals
from generator.features.policies.model import Policy

from .blocks import UnreadableDocument, oversized
from .emit import render, scalar
from .front_matter import RegisterField, describe, recognise, suggested_values
from .mentions import Suggestion, register_links, suggestions
from .read import read_document
from .results import Refused, notes_about, refuse_overlong
from .shape import Draft, prefix_for, shape

if TYPE_CHECKING:
    from generator.features.training.data import TrainingData as Handbook


@dataclass(frozen=True)
class Known:
    """What the project already holds, as far as the importer needs it."""

    setting_name: str | None = None
    register: dict[str, Any] = field(default_factory=dict)  # register id -> entry
    # (statement id prefix, policy id, its file) for every statement of every policy
    prefixes: tuple[tuple[str, str, Path | None], ...] = ()
    notes: tuple[str, ...] = ()

    @classmethod
    def of(cls, handbook: Handbook) -> Known:
        """From the handbook as the normal loader (pipeline.handbook.load_handbook) loaded it."""
        prefixes = tuple(
            (statement.id.split("-")[0], policy.id, policy._source.path if policy._source else None)
            for policy in handbook.policies.values()
            for statement in policy.statements()
        )
        return cls(handbook.setting.name, dict(handbook.register), prefixes)

    @classmethod
    def unloaded(cls, project: Project, findings: list[Finding]) -> Known:
        """When the data could not be loaded: nothing is known, and the draft says why (unless
        there is no data folder at all, as when a first policy is imported into a new folder)."""
        if not project.data_dir.is_dir():
            return cls()
        first = findings[0] if findings else "the data is not valid"
        return cls(
            notes=(
                f"the data has errors, so the setting's name, its register and the statement ids other "
                f"policies use were not taken into account (run `handbook check`): {first}",
            )
        )


@dataclass
class PolicyDraft:
    """A document read as a new policy file, not yet written."""

    source: Path
    policy_id: str
    target: Path  # where write_draft writes it
    shown: str  # the target as messages show it
    text: str  # the policy file, YAML, with the review list at its top
    draft: Draft  # its title, sections and statements
    notes: list[Finding]  # what the import could not keep or decide, level note, about the source
    links: list[tuple[str, str]]  # (register id, words found) for each register entry the text mentions
    offered: list[Suggestion]  # documents the text mentions that the register does not list
    in_register: Any | None  # the register's entry for this policy, if it has one
    fields: list[RegisterField]  # dates and roles the document gives (for the register, not statements)

    def described_fields(self) -> list[str]:
        return describe(self.fields)

    def register_entries(self) -> list[dict[str, Any]]:
        """register.yaml entries to suggest: this policy's, if the register lacks it, and one for
        each document the text mentions that the register does not list."""
        suggested = suggested_values(self.fields)
        entries: list[dict[str, Any]] = []
        if self.in_register is None:
            entries.append(
                {
                    "id": self.draft.id,
                    "title": self.draft.title,
                    "kind": "policy",
                    "status": "in-handbook",
                    "owner": None,
                    "review_cycle_months": None,
                    "approved": None,
                    "last_reviewed": None,
                    "next_review": None,
                }
                | {name: s.value for name, s in suggested.items()}
            )
        entries += [
            {
                "id": s.id,
                "title": s.title,
                "kind": "policy",
                "status": "held-by-centre",
                "owner": None,
                "mentioned_as": s.mentioned_as,
            }
            for s in self.offered
        ]
        return entries

    def register_yaml(self) -> list[str]:
        """The suggested entries as YAML lines for under `documents:` in register.yaml, each
        value the document suggested commented with where it says so."""
        suggested = suggested_values(self.fields)
        lines: list[str] = []
        for entry in self.register_entries():
            first = True
            for key, value in entry.items():
                line = "\n".join(scalar(key, value, 4)) if value is not None else f"    {key}: null"
                if entry["status"] == "in-handbook" and key in suggested:
                    line += f"  # {suggested[key].comment}"
                lines.append(("  - " + line.lstrip()) if first else line)
                first = False
        return lines


HEADER = """\
{title}

Imported by `handbook import` on {date} from {source}.
The words are the document's own, one statement per paragraph or list item; only layout was
changed (bullet marks, list numbers, runs of spaces and line breaks). A paragraph that
introduces a list (like "we aim to:") stays just before it and has the number 00 when it
opens its section.

TO REVIEW before this policy is published (`handbook check` lists each one until it is done):
- audience: who each statement is for, any of [staff, parents, public]. Only statements that
  include parents may be used in what parents are given.
- roles: the roles that must read and acknowledge it (role ids from roles.yaml, e.g.
  [all-staff]), or [] for none.
- the title, the section headings, and where each list begins and ends.
- register.yaml: {register}"""


def read_policy(
    project: Project,
    source: Path,
    policy_id: str,
    known: Known | None = None,
    *,
    out_dir: Path | None = None,
    prefix: str | None = None,
    title: str | None = None,
    keep_lines: bool = False,
    replace: bool = False,
) -> PolicyDraft:
    """Read `source` (.docx, .pdf, .html, .txt or .md) as the new policy `policy_id`, to be
    written as out_dir/<policy_id>.yaml (default: the project's policies folder).  Raises
    Refused, with one line, when it cannot: nothing is written either way."""
    known = known or Known()
    target = (out_dir or project.data_dir / "policies") / f"{policy_id}.yaml"
    shown = project.shown(target)
    if not source.is_file():
        raise Refused(f"{source}: no such file")
    if title and (bad := UNPRINTABLE.search(title)):
        raise Refused(
            f"--title contains the control character U+{ord(bad.group()):04X}, which a policy file cannot hold"
        )
    if target.exists() and not replace:
        raise Refused(
            f"{shown} already exists; not replacing it. Import with --force to replace it, or choose another --id"
        )
    prefix = prefix or prefix_for(policy_id)
    owners = {
        p: owner
        for p, owner, path in known.prefixes
        if owner != policy_id and (path is None or path.resolve() != target.resolve())
    }  # not the one imported again
    if prefix in owners:
        raise Refused(
            f"statement ids starting {prefix}- are already used by the policy '{owners[prefix]}'; "
            "choose another with --prefix"
        )
    try:
        blocks, file_notes = read_document(source, keep_lines)
        blocks, fields, field_notes = recognise(blocks)
        fallback = source.stem.replace("-", " ").replace("_", " ").strip().capitalize() or policy_id
        draft = shape(blocks, policy_id, prefix, known.setting_name, title, fallback)
    except UnreadableDocument as exc:
        raise Refused(f"{source}: {exc}") from None
    except OSError as exc:
        raise Refused(f"{source}: cannot read the file: {exc.strerror}") from None
    refuse_overlong(source, ((s.where, s.text) for s in draft.statements()))
    notes = file_notes + field_notes + draft.notes + list(known.notes)

    text_of_all = "\n".join([draft.title] + [s.title for s in draft.sections] + [s.text for s in draft.statements()])
    links = register_links(text_of_all, known.register, policy_id)
    offered = suggestions([s.text for s in draft.statements()], known.register, [w for _, w in links], draft.title)
    in_register = known.register.get(policy_id)
    header = _header(source, draft, project, in_register, offered, fields, notes)
    document = render(draft, header, links)
    document = schema_line(target, project.root / SCHEMA_DIR, "policy") + document
    too_big = oversized(document, len(draft.statements()))
    if too_big:
        raise Refused(f"{source}: {too_big}")
    return PolicyDraft(
        source,
        policy_id,
        target,
        shown,
        document,
        draft,
        notes_about(source, notes),
        links,
        offered,
        in_register,
        fields,
    )


def _header(
    source: Path,
    draft: Draft,
    project: Project,
    in_register,
    offered: list[Suggestion],
    fields: list[RegisterField],
    notes: list[str],
) -> str:
    """The comment at the top of the file: what to review, and what the import noticed."""
    policy_id = draft.id
    if in_register is None:
        register_note = (
            f"'{policy_id}' was not in the register: the import adds its\n  entry (or gives it, "
            "when register.yaml cannot take it; owner and review dates stay null\n  until known)."
        )
    else:
        register_note = f"'{policy_id}' is in the register (status {in_register.status}); check its owner and dates."
    if offered:
        mentioned = (
            "The text also mentions documents the register does not list: "
            + ", ".join(repr(s.mentioned_as) for s in offered)
            + "; add the ones the setting holds to register.yaml, then to links: below."
        )
        register_note += "\n" + textwrap.fill(mentioned, 96, initial_indent="  ", subsequent_indent="  ")
    header = HEADER.format(
        title=draft.title, source=source.name, date=project.as_of.isoformat(), register=register_note
    )
    if fields:
        header += "\n\nDates and roles the document gives, for its register.yaml entry (not statements):\n" + "\n".join(
            textwrap.fill(line, 96, initial_indent="- ", subsequent_indent="  ") for line in describe(fields)
        )
    if notes:
        header += "\n\nNotes from the import:\n" + "\n".join(
            textwrap.fill(n, 96, initial_indent="- ", subsequent_indent="  ") for n in notes
        )
    return header


def write_draft(draft: PolicyDraft, replace: bool = False) -> None:
    """Write the draft as its policy file, only if it loads with the safe loader and validates
    as a policy (and, without `replace`, only if no file of that name appeared meanwhile)."""
    target = draft.target

    def problems(temp: Path) -> list[str]:
        return refusals(temp, Policy, target.name)

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        findings = write_atomically(target, draft.text, check=problems, replace=replace)
    except FileExistsError:
        raise Refused(
            f"{draft.shown} already exists; not replacing it. Import with --force to replace it, or choose another --id"
        ) from None
    if findings:
        raise Refused(
            "the import produced a file that does not validate (a bug; please report it):\n" + "\n".join(findings)
        )
