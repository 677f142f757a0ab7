"""`handbook import`: turn a Word, text or Markdown policy into a policy file that needs only
review.  The words are kept as written; what the document cannot tell (who each statement is
for, which roles must read it, owner and review dates) is left unset for a person to decide,
and `handbook check` reports it until they do."""

from __future__ import annotations

import datetime as dt
import textwrap
import sys
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.clock import today
from generator.core.datafiles import data_files, write_atomically
from generator.core.findings import DataError
from generator.core.load import _UNPRINTABLE, load_yaml
from generator.features.policies.model import Policy, RegisterFile, Setting
from generator.core.schema import schema_line
from generator.core.sources import validate
from .blocks import UnreadableDocument, oversized
from .read import read_document
from .emit import render, scalar
from .front_matter import describe, recognise, suggested_values
from .mentions import register_links, suggestions
from .shape import Draft, prefix_for, shape


@dataclass
class Existing:
    """What the data folder already holds, as far as it can be read."""

    setting_name: str | None = None
    register: dict = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)  # statement id prefix -> policy id
    notes: list[str] = field(default_factory=list)


def _read_existing(data_dir: Path, replacing: Path, policy_id: str) -> Existing:
    existing = Existing()

    def load(path: Path, model):
        try:
            node, findings = validate(load_yaml(path), model)
        except DataError as exc:
            findings, node = exc.findings, None
        if node is None:
            existing.notes.append(f"{path.name} could not be read ({findings[0].message if findings else 'invalid'}), "
                                  "so it was not used")
        return node

    if (data_dir / "setting.yaml").is_file():
        setting = load(data_dir / "setting.yaml", Setting)
        existing.setting_name = setting.name if setting else None
    if (data_dir / "register.yaml").is_file():
        register = load(data_dir / "register.yaml", RegisterFile)
        existing.register = {e.id: e for e in register.documents} if register else {}
    for path in data_files(data_dir / "policies", "*.yaml"):
        if path.resolve() == replacing.resolve():
            continue
        policy = load(path, Policy)
        if policy is None or policy.id == policy_id:  # the same policy, imported again
            continue
        for statement in policy.statements():
            existing.prefixes.setdefault(statement.id.split("-")[0], policy.id)
    return existing


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


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run(source: Path, policy_id: str, data_dir: Path, out_dir: Path, force: bool,
        prefix: str | None = None, title: str | None = None, keep_lines: bool = False, *,
        on: dt.date | None = None, schemas: Path | None = None) -> int:
    """Import `source` as policies/<policy_id>.yaml; `on` is the import's date (default: the
    build date, see core/clock.py), `schemas` the folder of JSON Schemas the file names on its
    first line (for editors)."""
    on = on or today()
    target = out_dir / f"{policy_id}.yaml"
    shown = _relative(target)
    if not source.is_file():
        return _fail(f"{source}: no such file")
    if title and (bad := _UNPRINTABLE.search(title)):
        return _fail(f"--title contains the control character U+{ord(bad.group()):04X}, which a policy file cannot hold")
    if target.exists() and not force:
        return _fail(f"{shown} already exists; not replacing it. Import with --force to replace it, "
                     "or choose another --id")
    existing = _read_existing(data_dir, target, policy_id)
    prefix = prefix or prefix_for(policy_id)
    if prefix in existing.prefixes:
        return _fail(f"statement ids starting {prefix}- are already used by the policy "
                     f"'{existing.prefixes[prefix]}'; choose another with --prefix")
    try:
        blocks, file_notes = read_document(source, keep_lines)
        blocks, fields, field_notes = recognise(blocks)
        file_notes += field_notes
        fallback = source.stem.replace("-", " ").replace("_", " ").strip().capitalize() or policy_id
        draft = shape(blocks, policy_id, prefix, existing.setting_name, title, fallback)
    except UnreadableDocument as exc:
        return _fail(f"{source}: {exc}")
    except OSError as exc:
        return _fail(f"{source}: cannot read the file: {exc.strerror}")
    too_long = [s for s in draft.statements() if len(s.text) > 5000]
    if too_long:
        return _fail(f"{source}: {too_long[0].where} is a paragraph of {len(too_long[0].text)} characters; a "
                     "statement holds at most 5000. Split it into paragraphs in the document and import again")
    notes = file_notes + draft.notes + existing.notes

    text_of_all = "\n".join([draft.title] + [s.title for s in draft.sections] + [s.text for s in draft.statements()])
    links = register_links(text_of_all, existing.register, policy_id)
    offered = suggestions([s.text for s in draft.statements()], existing.register, [w for _, w in links], draft.title)
    in_register = existing.register.get(policy_id)
    if in_register is None:
        register_note = (f"'{policy_id}' is not in the register yet: add the entry printed by\n  the "
                         "import (owner and review dates stay null until known).")
    else:
        register_note = f"'{policy_id}' is in the register (status {in_register.status}); check its owner and dates."
    if offered:
        mentioned = "The text also mentions documents the register does not list: " + ", ".join(
            repr(s.mentioned_as) for s in offered
        ) + "; add the ones the centre holds to register.yaml, then to links: below."
        register_note += "\n" + textwrap.fill(mentioned, 96, initial_indent="  ", subsequent_indent="  ")
    header = HEADER.format(title=draft.title, source=source.name, date=on.isoformat(), register=register_note)
    if fields:
        header += "\n\nDates and roles the document gives, for its register.yaml entry (not statements):\n" + "\n".join(
            textwrap.fill(line, 96, initial_indent="- ", subsequent_indent="  ") for line in describe(fields)
        )
    if notes:
        header += "\n\nNotes from the import:\n" + "\n".join(
            textwrap.fill(n, 96, initial_indent="- ", subsequent_indent="  ") for n in notes
        )
    document = render(draft, header, links)
    if schemas is not None:
        document = schema_line(target, schemas, "policy") + document

    too_big = oversized(document, len(draft.statements()))
    if too_big:
        return _fail(f"{source}: {too_big}")
    out_dir.mkdir(parents=True, exist_ok=True)
    error = _write_checked(document, target)
    if error:
        return _fail(error)
    _report(source, shown, draft, links, offered, notes, in_register, fields)
    return 0


def _write_checked(document: str, target: Path) -> str | None:
    """Write only a file that loads with our safe loader and validates as a policy."""

    def problems(temp: Path) -> list[str]:
        try:
            _, findings = validate(load_yaml(temp, target.name), Policy)
        except DataError as exc:
            findings = exc.findings
        return [str(f) for f in findings]

    findings = write_atomically(target, document, check=problems)
    if findings:
        return "the import produced a file that does not validate (a bug; please report it):\n" + "\n".join(findings)
    return None


def _fail(message: str) -> int:
    print(f"handbook import: {message}", file=sys.stderr)
    return 1


def _report(source: Path, shown: str, draft: Draft, links, offered, notes, in_register, fields) -> None:
    statements = draft.statements()
    print(f"Imported {source.name} -> {shown}")
    print(f"  title: {draft.title}")
    print(f"  {len(draft.sections)} section{'s' * (len(draft.sections) != 1)}, {len(statements)} statements "
          f"({statements[0].id} ... {statements[-1].id})")
    for section in draft.sections:
        print(f"    {section.code}  {section.title}  ({len(section.statements)})")
    if links:
        print(textwrap.fill(f"links: {len(links)} register entries the text mentions: {', '.join(r for r, _ in links)}",
                            96, initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False))
    if fields:
        print("  register fields the document gives (not statements; check them):")
        for line in describe(fields):
            print(textwrap.fill(line, 96, initial_indent="    ", subsequent_indent="      "))
    print()
    print("To review (also at the top of the file; `handbook check` reports what is unset):")
    print(f"  - audience and roles of all {len(statements)} statements are unset (marked TO REVIEW)")
    for note in notes:
        print(f"  - {note}")
    entries = []
    suggested = suggested_values(fields)
    if in_register is None:
        entries.append(
            {"id": draft.id, "title": draft.title, "kind": "policy", "status": "in-handbook", "owner": None,
             "review_cycle_months": None, "approved": None, "last_reviewed": None, "next_review": None}
            | {name: s.value for name, s in suggested.items()}
        )
    entries += [
        {"id": s.id, "title": s.title, "kind": "policy", "status": "held-by-centre", "owner": None,
         "mentioned_as": s.mentioned_as}
        for s in offered
    ]
    if entries:
        print()
        print("Suggested register.yaml entries (under documents:; check each one, keep those the centre has):")
        for entry in entries:
            first = True
            for key, value in entry.items():
                line = "\n".join(scalar(key, value, 4)) if value is not None else f"    {key}: null"
                if entry["status"] == "in-handbook" and key in suggested:
                    line += f"  # {suggested[key].comment}"
                print(("  - " + line.lstrip()) if first else line)
                first = False
