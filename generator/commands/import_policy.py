"""`handbook import FILE --id NEW_POLICY_ID`: a document read into a new policy file, listed in
register.yaml as the desk lists it (register_entry.add_to_register); and
`handbook import FILE.docx --update POLICY_ID [--dry-run]`: a revised Word document merged into
its policy.  The reading and the merge are features/importer's (a library that returns a draft
or a plan); this module loads the data, prints what the library returns and sets the exit code.
The data is loaded as validated, without the checks: a merge is often what clears a check's
finding, so findings do not stop it."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.findings import DataError
from generator.core.project import Project

from .arguments import add_project_options, prefix, slug
from .common import load_validated, usage

if TYPE_CHECKING:  # the importer and the pipeline are imported when the command runs, not when the parser is built
    from generator.features.importer import Known, PolicyDraft, Refused, UpdatePlan

NAME = "import"
HELP = "turn a .docx, .pdf, .html, .txt or .md policy into a policy file to review, listed in the register"
OUTPUTS = {"out": {"allowed": frozenset({"data"})}}  # its purpose: a new policy file in the data


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument("file", type=Path, help="the document to import (.docx, .pdf, .html, .txt or .md)")
    parser.add_argument("--id", type=slug, help="the new policy's id, like 'child-protection'")
    parser.add_argument(
        "--update",
        type=slug,
        metavar="POLICY_ID",
        help="merge a revised Word document (from `handbook export`) into this existing policy",
    )
    parser.add_argument("--dry-run", action="store_true", help="with --update: print what would change, write nothing")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder to write ID.yaml into (default: DATA/policies; elsewhere, its register entry is printed, not added)",
    )
    parser.add_argument("--force", action="store_true", help="replace the policy file if it already exists")
    parser.add_argument(
        "--prefix", type=prefix, default=None, help="statement id prefix (default: from the id, e.g. CONF)"
    )
    parser.add_argument(
        "--title", default=None, help="the policy's title, if the document's first lines do not give it"
    )
    parser.add_argument(
        "--keep-lines",
        action="store_true",
        help="text and PDF: keep every line a paragraph of its own (default: join wrapped lines)",
    )


def run(args: argparse.Namespace, project: Project) -> int:
    if args.update:
        if args.id or args.force or args.prefix or args.title or args.out or args.keep_lines:
            return usage(
                "import: --update merges into an existing policy; --id, --out, --force, --prefix, --title "
                "and --keep-lines are for a first import"
            )
        return update_command(project, args.file, args.update, args.dry_run)
    if not args.id:
        return usage("import: give --id NEW_POLICY_ID for a first import, or --update POLICY_ID for a revised document")
    if args.dry_run:
        return usage("import: --dry-run goes with --update")
    return import_command(
        project,
        args.file,
        args.id,
        out_dir=args.out,
        replace=args.force,
        prefix=args.prefix,
        title=args.title,
        keep_lines=args.keep_lines,
    )


def known_data(project: Project) -> Known:
    """What the project holds that a first import uses, loaded by the normal loader; when the
    data has errors the import goes on without it (and its notes say so)."""
    from generator.features.importer import Known
    from generator.pipeline.handbook import load_handbook

    try:
        handbook, _ = load_handbook(project)
    except DataError as exc:
        return Known.unloaded(project, exc.findings)
    return Known.of(handbook)


def import_command(
    project: Project,
    source: Path,
    policy_id: str,
    *,
    out_dir: Path | None = None,
    replace: bool = False,
    prefix: str | None = None,
    title: str | None = None,
    keep_lines: bool = False,
) -> int:
    from generator.features.importer import Refused, read_policy, write_draft
    from generator.features.importer.register_entry import add_to_register

    try:
        if not source.is_file():  # before loading the data: a mistyped file name costs nothing
            raise Refused(f"{source}: no such file")
        draft = read_policy(
            project,
            source,
            policy_id,
            known_data(project),
            out_dir=out_dir,
            prefix=prefix,
            title=title,
            keep_lines=keep_lines,
            replace=replace,
        )
        write_draft(draft, replace=replace)
    except Refused as exc:
        return _fail(exc)
    # The policy is in the handbook once the register lists it: its own entry is added, as the
    # desk adds it; a register that cannot take it is left as it was, and the entry printed.
    try:
        listed: bool | str = add_to_register(project, draft)
    except Refused as exc:
        listed = str(exc)
    print_draft(draft, listed, project.shown(project.data_dir / "register.yaml"))
    return 0


def update_command(project: Project, source: Path, policy_id: str, dry_run: bool) -> int:
    from generator.features.importer import Refused, apply_update, plan_update

    try:
        if not source.is_file():
            raise Refused(f"{source}: no such file")
        if source.suffix.lower() != ".docx":
            raise Refused(f"{source}: --update reads a Word document (.docx); save it from Word as .docx")
    except Refused as exc:
        return _fail(exc)
    handbook = load_validated(project, "handbook import", "nothing was merged")
    if handbook is None:
        return 1
    try:
        plan = plan_update(handbook, policy_id, source)
        print_plan(plan, dry_run)
        if dry_run:
            print(f"\nDry run: {plan.shown} was not changed.")
        elif apply_update(plan):
            print(f"\nWrote {plan.shown}. Next: `handbook check` (lists what is TO REVIEW), then `handbook release`.")
        else:
            print(f"\nNo changes: {plan.shown} was left as it is.")
    except Refused as exc:
        return _fail(exc)
    return 0


def _fail(refused: Refused) -> int:
    print(f"handbook import: {refused}", file=sys.stderr)
    return 1


def _fill(text: str, first: str, then: str, width: int = 96) -> str:
    return textwrap.fill(text, width, initial_indent=first, subsequent_indent=then)


def print_draft(draft: PolicyDraft, listed: bool | str, register: str) -> None:
    """What a first import wrote, and what is left to review.  `listed`: True when the policy's
    own entry was added to the register (`register`, as shown), False when the register listed
    it already, else why it could not be added."""
    from generator.features.importer.register_entry import mentioned_register_lines, own_register_lines

    shape = draft.draft
    statements = shape.statements()
    print(f"Imported {draft.source.name} -> {draft.shown}")
    print(f"  title: {shape.title}")
    print(
        f"  {len(shape.sections)} section{'s' * (len(shape.sections) != 1)}, {len(statements)} statements "
        f"({statements[0].id} ... {statements[-1].id})"
    )
    for section in shape.sections:
        print(f"    {section.code}  {section.title}  ({len(section.statements)})")
    if draft.links:
        print(
            textwrap.fill(
                f"links: {len(draft.links)} register entries the text mentions: {', '.join(r for r, _ in draft.links)}",
                96,
                initial_indent="  ",
                subsequent_indent="    ",
                break_on_hyphens=False,
            )
        )
    if draft.fields:
        print("  register fields the document gives (not statements; check them):")
        for line in draft.described_fields():
            print(_fill(line, "    ", "      "))
    print()
    print("To review (also at the top of the file; `handbook check` reports what is unset):")
    print(f"  - audience and roles of all {len(statements)} statements are unset (marked TO REVIEW)")
    for note in draft.notes:
        print(f"  - {note.message}")
    if listed is True:
        print()
        print(f"Added {draft.policy_id} to {register} (check its owner and review dates there).")
    elif listed:
        print()
        print(
            textwrap.fill(
                f"Not added to the register: {listed}. The policy is not in the handbook until {register} lists it: "
                "add this entry under documents: (check each value):",
                96,
                subsequent_indent="  ",
                break_on_hyphens=False,
                break_long_words=False,
            )
        )
        for line in own_register_lines(draft):
            print(line)
    mentioned = mentioned_register_lines(draft)
    if mentioned:
        print()
        print(
            f"The text mentions documents {register} does not list: add those the setting holds under documents: "
            "(check each one):"
        )
        for line in mentioned:
            print(line)


def _short(text: str, limit: int = 70) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _wrapped(text: str, indent: int) -> str:
    return textwrap.fill(
        text,
        100,
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + 2),
        break_on_hyphens=False,
        break_long_words=False,
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def print_plan(plan: UpdatePlan, dry_run: bool) -> None:
    """The summary of an update: what changes, statement by statement, before it is written."""
    from generator.features.importer.yaml_splice import REWORDED

    revision = plan.revision
    print(f"Update of {plan.policy_id} ({plan.shown}) from {plan.source.name}" + (" (dry run)" if dry_run else ""))
    carried = plan.carried_ids
    print(
        f"  {plan.statement_count} statements in the document; {carried} carried their id"
        + ("" if carried == plan.statement_count else ", the others were matched by their words or are new")
    )
    if revision.insertions or revision.deletions or revision.joined:
        authors = ", ".join(f"{name} ({count})" for name, count in revision.authors.most_common())
        joined = f", {_plural(revision.joined, 'paragraph')} joined" if revision.joined else ""
        print(
            f"  tracked changes, read as if accepted: {_plural(revision.insertions, 'insertion')}, "
            f"{_plural(revision.deletions, 'deletion')}{joined}; by {authors}"
        )
    if plan.comments:
        print(f"  comments in the document ({len(plan.comments)}; not imported, read them before you merge):")
        for comment in plan.comments:
            on = plan.comments_on.get(comment.id)
            print(_wrapped(f"- {comment.author}" + (f" on {on}" if on else "") + f": {comment.text!r}", 4))
    for note in plan.notes:
        print(_wrapped(note.message, 2))
    if not plan.recorded:  # one line, however long
        print(
            "  this copy was exported before exports recorded their words: a change made to the policy file since "
            "cannot be told from one made in Word, and the Word copy's words are taken"
        )
    if plan.kept:
        print(
            _wrapped(f"changed in the policy file since the export, not in this copy (kept): {', '.join(plan.kept)}", 2)
        )

    print(f"  unchanged: {len(plan.unchanged)}")
    if plan.title_change:
        print(f"  title: {plan.title_change[0]!r} -> {plan.title_change[1]!r}")
    for section in plan.renamed_sections:
        print(f"  renamed heading: {section.id}: {section.old_title!r} -> {section.title!r}")
    for section in plan.new_sections:
        print(f"  new section: {section.id} {section.title!r} ({', '.join(section.statements)})")
    for section in plan.removed_sections:
        print(f"  removed section: {section.id} {section.title!r}")
    for statement_id, into in plan.splits:
        print(f"  split: {statement_id} became {statement_id} and {', '.join(into)}")
    for statement_id, merged in plan.merged:
        print(f"  merged: {' + '.join([statement_id] + merged)} became {statement_id} ({', '.join(merged)} removed)")
    if plan.reworded:
        print(f"  reworded ({REWORDED}): {', '.join(r.id for r in plan.reworded)}")
        for change in plan.reworded:
            how = "" if change.how == "id" else f" (no id carried; matched by {change.how})"
            print(_wrapped(f"{change.id}{how}: {change.diff}", 4))
            if change.review_notes:
                print(
                    _wrapped(
                        f"{change.id} has {_plural(change.review_notes, 'review note')}: remove those the new "
                        "words settle",
                        6,
                    )
                )
    if plan.moved:
        print(
            "  moved (id kept): " + ", ".join(f"{m.id} (to {m.to!r})" if m.to is not None else m.id for m in plan.moved)
        )
    if plan.kind_changed:
        print(
            "  now a "
            + "; now a ".join(
                f"{'bullet' if kind == 'item' else 'paragraph'}: {statement_id}"
                for statement_id, kind in plan.kind_changed
            )
        )
    if plan.added:
        print(f"  new (audience and roles unset: TO REVIEW): {', '.join(a.id for a in plan.added)}")
        for a in plan.added:
            print(_wrapped(f"{a.id}: {_short(a.text)}", 4))
    if plan.removed:
        print(f"  removed: {', '.join(gone.id for gone in plan.removed)}")
        for gone in plan.removed:
            print(_wrapped(f"{gone.id}: {_short(gone.text)}", 4))
    if plan.gone:
        if plan.references:
            print("  references to removed statements (each is an error in `handbook check` until changed):")
            for ref in plan.references:
                print(f"    {ref.where}: {ref.statement_id} ({ref.what})")
        else:
            print("  nothing else in the handbook refers to the removed statements")
