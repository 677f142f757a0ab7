"""`handbook import FILE.docx --update POLICY_ID [--dry-run]`: merge a revised Word document
into the policy without losing what was decided about each statement.

Matching and the plan are in merge.py, reading the document in word_revision.py, writing the
file in yaml_splice.py.  This module checks the input, finds what else points at a removed
statement, prints the summary and writes the file atomically (or, with --dry-run, nothing).
"""

from __future__ import annotations

import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from generator.core.datafiles import data_files
from generator.core.edits import check_text, replace_checked
from generator.core.findings import DataError
from generator.core.load import LoadedFile, load_yaml
from generator.core.project import Project
from generator.core.yaml_lines import EditRefused
from generator.features.policies.model import Policy
from generator.features.training.changes import word_diff as word_pieces
from .blocks import UnreadableDocument, oversized
from .merge import Plan, plan_update
from .word_ids import policy_bookmark, policy_id_of
from .word_revision import Revision, open_revision
from .yaml_splice import REWORDED, splice

if TYPE_CHECKING:
    from generator.pipeline.handbook import Handbook

# With no ids carried, at least this share of the document's paragraphs must match the
# policy's statements for it to be taken as a revision of that policy.
LEAST_MATCHING = 1 / 3


class UpdateRefused(Exception):
    """One line saying why nothing was written."""


@dataclass
class Reference:
    statement_id: str
    where: str  # file:line:column
    what: str  # the key path, e.g. key_points[0].statements[2]


def update(source: Path, policy_id: str, dry_run: bool, load: Callable[[], Handbook]) -> int:
    """Merge `source` into the policy; `load` gives the handbook (the command loads it, once the
    document is known to be a .docx).  A refusal is one line on stderr, exit code 1, nothing
    written."""
    try:
        return _update(source, policy_id, dry_run, load)
    except UpdateRefused as exc:
        print(f"handbook import: {exc}", file=sys.stderr)
        return 1


def _update(source: Path, policy_id: str, dry_run: bool, load: Callable[[], Handbook]) -> int:
    if not source.is_file():
        raise UpdateRefused(f"{source}: no such file")
    if source.suffix.lower() != ".docx":
        raise UpdateRefused(f"{source}: --update reads a Word document (.docx); save it from Word as .docx")
    try:
        handbook = load()
    except DataError as exc:
        raise UpdateRefused(f"the data has errors, so nothing was merged (run `handbook check`): {exc.findings[0]}") from None
    project = handbook.project
    data_dir = project.data_dir
    policy = handbook.policies.get(policy_id)
    if policy is None:
        known = ", ".join(sorted(handbook.policies)) or "none"
        raise UpdateRefused(f"no policy '{policy_id}' in {data_dir.name}/policies (policies: {known})")
    try:
        revision = open_revision(source)
    except UnreadableDocument as exc:
        raise UpdateRefused(f"{source}: {exc}") from None
    except OSError as exc:
        raise UpdateRefused(f"{source}: cannot read the file: {exc.strerror}") from None
    _refuse_another_policy(source, policy, handbook, revision)
    if not any(b.block.kind in ("paragraph", "item") for b in revision.blocks):
        raise UpdateRefused(f"{source}: the document has no paragraphs or list items")

    ever_used = {s.id for p in handbook.policies.values() for s in p.statements()}
    ever_used |= {s.id for history in handbook.release_history.values() for _, p in history
                  for sec in p.sections for s in sec.statements}
    plan = plan_update(policy, revision.blocks, ever_used)
    _refuse_unrelated_wording(source, policy, plan)
    too_long = [p for p in plan.statements() if len(p.text) > 5000]
    if too_long:
        raise UpdateRefused(f"{source}: a paragraph of {len(too_long[0].text)} characters ({too_long[0].text[:40]!r}...); "
                            "a statement holds at most 5000. Split it into paragraphs in the document and import again")

    target = policy._source.path
    shown = project.shown(target)
    original = target.read_bytes().decode("utf-8")  # as it is, line endings included
    try:
        updated = splice(original, policy._source, policy, plan)
        too_big = oversized(updated, len(plan.statements()))
        if too_big:
            raise UpdateRefused(f"{source}: {too_big}")
        check_text(updated, target, shown, Policy)
    except EditRefused as exc:
        raise UpdateRefused(f"{source}: the merge was not written, as it would not be valid: {exc}") from None
    references = find_references(project, target, [o.id for o in plan.removed] + _merged_away(plan))
    _print_summary(source, shown, policy, plan, revision, references, dry_run)
    if dry_run:
        print(f"\nDry run: {shown} was not changed.")
        return 0
    if updated == original:
        print(f"\nNo changes: {shown} was left as it is.")
        return 0
    try:
        replace_checked(target, updated, shown, Policy)
    except (EditRefused, OSError) as exc:
        raise UpdateRefused(f"{shown}: not written: {exc}") from None
    print(f"\nWrote {shown}. Next: `handbook check` (lists what is TO REVIEW), then `handbook release`.")
    return 0


def _refuse_another_policy(source: Path, policy, handbook, revision: Revision) -> None:
    own_mark = policy_id_of(policy_bookmark(policy.id))
    for mark in revision.policy_marks:
        if mark != own_mark:
            named = next((p for p in handbook.policies if policy_id_of(policy_bookmark(p)) == mark), None)
            hint = f"; to merge it, use --update {named}" if named else ""
            raise UpdateRefused(f"{source}: this document was exported from another policy "
                                f"('{named or mark}'), not '{policy.id}'{hint}")
    own = {s.id for s in policy.statements()}
    carried = [i for b in revision.blocks for i in b.ids]
    foreign = [i for i in carried if i not in own and handbook.policy_of(i) is not None]
    if foreign and not any(i in own for i in carried):
        other = handbook.policy_of(foreign[0]).id
        raise UpdateRefused(f"{source}: this document's statements belong to the policy '{other}', not "
                            f"'{policy.id}'; to merge it, use --update {other}")


def _refuse_unrelated_wording(source: Path, policy, plan: Plan) -> None:
    if plan.carried_ids:
        return
    statements = plan.statements()
    matched = sum(1 for p in statements if p.old is not None)
    if matched < LEAST_MATCHING * len(statements) and plan.title_changed:
        raise UpdateRefused(f"{source}: this does not look like a revision of '{policy.id}' (its title is "
                            f"{plan.title!r}, and only {matched} of its {len(statements)} paragraphs match the "
                            "policy's statements); check the file and the policy id")


def _merged_away(plan: Plan) -> list[str]:
    return [m for p in plan.statements() for m in p.merged]


def find_references(project: Project, policy_file: Path, ids: list[str]) -> list[Reference]:
    """Every place outside the policy file (notices and their translations, training packs,
    checklists...) that names one of `ids`; releases are history and are left out."""
    if not ids:
        return []
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    data_dir = project.data_dir
    paths = [p for p in data_files(data_dir, "**/*.yaml")
             if p.resolve() != policy_file.resolve() and "releases" not in p.relative_to(data_dir).parts]
    paths += data_files(project.checklists_dir, "*.yaml")
    found: list[Reference] = []
    for path in paths:
        try:
            loaded = load_yaml(path, project.shown(path))
        except DataError:
            continue  # `handbook check` reports the file; it cannot be searched here
        found += _references_in(loaded, pattern)
    return found


def _references_in(loaded: LoadedFile, pattern: re.Pattern) -> list[Reference]:
    found: list[Reference] = []

    def walk(value, path: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and pattern.search(key):
                    for match in pattern.finditer(key):
                        found.append(Reference(match.group(1), str(loaded.where(path + (key,))), _describe(path + (key,))))
                walk(item, path + (key,))
        elif isinstance(value, list):
            for n, item in enumerate(value):
                walk(item, path + (n,))
        elif isinstance(value, str):
            for match in pattern.finditer(value):
                found.append(Reference(match.group(1), str(loaded.where(path)), _describe(path)))

    walk(loaded.data, ())
    return found


def _describe(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def word_diff(old: str, new: str) -> str:
    """The words taken out in [-...-] and put in in {+...+}, like `git diff --word-diff` (the
    same comparison as the training pack's "what changed")."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return " ".join(marks[piece.op].format(piece.text) for piece in word_pieces(old, new))


def _short(text: str, limit: int = 70) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _wrapped(text: str, indent: int) -> str:
    return textwrap.fill(text, 100, initial_indent=" " * indent, subsequent_indent=" " * (indent + 2),
                         break_on_hyphens=False, break_long_words=False)


def _print_summary(source: Path, shown: str, policy, plan: Plan, revision: Revision, references, dry_run: bool) -> None:
    statements = plan.statements()
    print(f"Update of {policy.id} ({shown}) from {source.name}" + (" (dry run)" if dry_run else ""))
    carried = plan.carried_ids
    print(f"  {len(statements)} statements in the document; {carried} carried their id"
          + ("" if carried == len(statements) else ", the others were matched by their words or are new"))
    if revision.insertions or revision.deletions or revision.joined:
        authors = ", ".join(f"{name} ({count})" for name, count in revision.authors.most_common())
        joined = f", {revision.joined} paragraph{'s' * (revision.joined != 1)} joined" if revision.joined else ""
        print(f"  tracked changes, read as if accepted: {revision.insertions} insertion"
              f"{'s' * (revision.insertions != 1)}, {revision.deletions} deletion{'s' * (revision.deletions != 1)}"
              f"{joined}; by {authors}")
    if revision.comments:
        print(f"  comments in the document ({len(revision.comments)}; not imported, read them before you merge):")
        on_statement = {cid: p.id for p in statements for cid in p.comments}
        for note in revision.comments:
            on = on_statement.get(note.id)
            print(_wrapped(f"- {note.author}" + (f" on {on}" if on else "") + f": {note.text!r}", 4))
    for note in revision.notes:
        print(_wrapped(f"not read: {note}", 2))
    for note in plan.notes:
        print(_wrapped(f"note: {note}", 2))

    unchanged = [p for p in statements if p.old and not (p.reworded or p.moved or p.kind_changed or p.merged)]
    print(f"  unchanged: {len(unchanged)}")
    if plan.title_changed:
        print(f"  title: {policy.title!r} -> {plan.title!r}")
    for section in plan.sections:
        if section.renamed:
            print(f"  renamed heading: {section.id}: {policy.sections[section.old].title!r} -> {section.title!r}")
        elif section.old is None:
            print(f"  new section: {section.id} {section.title!r} "
                  f"({', '.join(p.id for p in section.statements)})")
    for n in plan.removed_sections:
        print(f"  removed section: {policy.sections[n].id} {policy.sections[n].title!r}")
    splits = {}
    for p in statements:
        if p.split_from:
            splits.setdefault(p.split_from, []).append(p.id)
    for p in statements:
        if p.old and p.id in splits:
            print(f"  split: {p.id} became {p.id} and {', '.join(splits[p.id])}")
        if p.merged:
            print(f"  merged: {' + '.join([p.id] + p.merged)} became {p.id} ({', '.join(p.merged)} removed)")
    reworded = [p for p in statements if p.old and (p.reworded or p.merged)]
    by_id = {s.id: s for s in policy.statements()}
    if reworded:
        print(f"  reworded ({REWORDED}): {', '.join(p.id for p in reworded)}")
        for p in reworded:
            how = "" if p.how == "id" else f" (no id carried; matched by {p.how})"
            print(_wrapped(f"{p.id}{how}: {word_diff(p.old.text, p.text)}", 4))
            notes = len(getattr(by_id[p.id], "review_notes", []))
            if notes:
                print(_wrapped(f"{p.id} has {notes} review note{'s' * (notes != 1)}: remove those the new words settle", 6))
    moved = [p for p in statements if p.old and p.moved]
    if moved:
        titles = {sec.id: sec.title for sec in plan.sections}
        where = {p.id: sec.id for sec in plan.sections for p in sec.statements}
        print("  moved (id kept): " + ", ".join(
            f"{p.id} (to {titles[where[p.id]]!r})" if policy.sections[p.old.section].id != where[p.id] else p.id for p in moved))
    kind = [p for p in statements if p.old and p.kind_changed]
    if kind:
        print("  now a " + "; now a ".join(f"{'bullet' if p.kind == 'item' else 'paragraph'}: {p.id}" for p in kind))
    new = [p for p in statements if p.old is None]
    if new:
        print(f"  new (audience and roles unset: TO REVIEW): {', '.join(p.id for p in new)}")
        for p in new:
            print(_wrapped(f"{p.id}: {_short(p.text)}", 4))
    gone = [o.id for o in plan.removed] + _merged_away(plan)
    if plan.removed:
        print(f"  removed: {', '.join(o.id for o in plan.removed)}")
        for o in plan.removed:
            print(_wrapped(f"{o.id}: {_short(o.text)}", 4))
    if gone:
        if references:
            print("  references to removed statements (each is an error in `handbook check` until changed):")
            for ref in references:
                print(f"    {ref.where}: {ref.statement_id} ({ref.what})")
        else:
            print("  nothing else in the handbook refers to the removed statements")

