"""`handbook import FILE.docx --update POLICY_ID [--dry-run]`: merge a revised Word document
into the policy without losing what was decided about each statement.

Matching is in merge.py, reading the document in word_revision.py, writing the file in
yaml_splice.py; word_base.py keeps to what the Word copy changed since its export (a three-way
comparison: the words exported, the file's now, the copy's).  This module checks the input, makes the plan (`plan_update`: what is
reworded, new, removed or moved, the file as it would be written, and what else names a
removed statement) and writes it (`apply_update`).  Nothing here prints: the command
(generator/commands/import_policy.py) and the desk show the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.datafiles import data_files
from generator.core.editing import ConcurrentEdit, editing
from generator.core.edits import check_text, replace_checked
from generator.core.findings import DataError, Finding
from generator.core.load import LoadedFile, load_yaml
from generator.core.project import Project
from generator.core.yaml_lines import EditRefused
from generator.features.policies.model import Policy
from generator.features.training.changes import word_diff as word_pieces

from .blocks import UnreadableDocument, oversized
from .merge import Plan, match_revision
from .results import Refused, notes_about, refuse_overlong
from .word_base import Conflicted, Reconciled, read_record, reconcile, restructured_since
from .word_ids import policy_bookmark, policy_id_of
from .word_revision import Comment, Revision, open_revision
from .yaml_splice import splice

if TYPE_CHECKING:
    from generator.features.training.data import TrainingData as Handbook

# With no ids carried, at least this share of the document's paragraphs must match the
# policy's statements for it to be taken as a revision of that policy.
LEAST_MATCHING = 1 / 3


@dataclass
class Reference:
    statement_id: str
    where: str  # file:line:column
    what: str  # the key path, e.g. key_points[0].statements[2]


@dataclass(frozen=True)
class Reworded:
    id: str
    old: str
    new: str
    how: str  # how the paragraph was matched: id, words, similar words, joined, split
    diff: str  # the words taken out in [-...-] and put in in {+...+}
    review_notes: int  # review notes the statement has, which the new words may settle


@dataclass(frozen=True)
class Added:
    id: str
    kind: str  # paragraph or item
    text: str
    section: str  # the section's id


@dataclass(frozen=True)
class Removed:
    id: str
    text: str


@dataclass(frozen=True)
class Moved:
    id: str
    to: str | None  # the title of the section it moved to; None: moved within its section


@dataclass(frozen=True)
class SectionChange:
    id: str
    title: str
    old_title: str | None = None  # a renamed heading: what it was
    statements: tuple[str, ...] = ()  # a new section: its statements


@dataclass
class UpdatePlan:
    """A revised document merged into a policy, not yet written: what changes, and the file as
    apply_update would write it."""

    source: Path
    policy_id: str
    target: Path  # the policy's file
    shown: str  # the file as messages show it
    original: str  # the file as it was read (apply_update refuses if it changed since)
    updated: str  # the file as it will be
    merge: Plan  # the matching, statement by statement (merge.py)
    revision: Revision  # what the document held: tracked changes, comments, what was not read
    statement_count: int
    carried_ids: int  # statements in the document that carried their id
    title_change: tuple[str, str] | None  # (old, new)
    unchanged: list[str]
    reworded: list[Reworded]
    added: list[Added]
    removed: list[Removed]
    moved: list[Moved]
    kind_changed: list[tuple[str, str]]  # (id, its new kind: paragraph or item)
    splits: list[tuple[str, list[str]]]  # (id, the new statements split from it)
    merged: list[tuple[str, list[str]]]  # (id, the statements joined into it, now removed)
    renamed_sections: list[SectionChange]
    new_sections: list[SectionChange]
    removed_sections: list[SectionChange]
    references: list[Reference]  # what else names a removed statement
    comments_on: dict[int, str] = field(default_factory=dict)  # comment id -> the statement it is on
    notes: list[Finding] = field(default_factory=list)  # what was not read, and the merge's notes
    # False: a copy exported before exports recorded their words (word_base): a difference
    # from the file is taken as Word's change, even where the file was changed since the export
    recorded: bool = True
    kept: list[str] = field(default_factory=list)  # changed in the file since the export, not in Word

    @property
    def changed(self) -> bool:
        return self.updated != self.original

    @property
    def comments(self) -> list[Comment]:
        return self.revision.comments

    @property
    def gone(self) -> list[str]:
        """Every statement id the update takes away: removed, or merged into another."""
        return [r.id for r in self.removed] + [m for _, joined in self.merged for m in joined]


def plan_update(handbook: Handbook, policy_id: str, source: Path) -> UpdatePlan:
    """Read `source` (a .docx, as `handbook export` wrote it and its owner revised it) as the new
    text of the policy `policy_id`.  `handbook`: the data as the normal loader loaded it.
    Raises Refused, one line, when the document is not a revision of that policy or the merge
    would not be valid."""
    if not source.is_file():
        raise Refused(f"{source}: no such file")
    if source.suffix.lower() != ".docx":
        raise Refused(f"{source}: --update reads a Word document (.docx); save it from Word as .docx")
    project = handbook.project
    policy = handbook.policies.get(policy_id)
    if policy is None:
        known = ", ".join(sorted(handbook.policies)) or "none"
        raise Refused(f"no policy '{policy_id}' in {project.data_dir.name}/policies (policies: {known})")
    try:
        revision = open_revision(source)
    except UnreadableDocument as exc:
        raise Refused(f"{source}: {exc}") from None
    except OSError as exc:
        raise Refused(f"{source}: cannot read the file: {exc.strerror}") from None
    _refuse_another_policy(source, policy, handbook, revision)
    if not any(b.block.kind in ("paragraph", "item") for b in revision.blocks):
        raise Refused(f"{source}: the document has no paragraphs or list items")

    ever_used = {s.id for p in handbook.policies.values() for s in p.statements()}
    ever_used |= {
        s.id
        for history in handbook.release_history.values()
        for _, p in history
        for sec in p.sections
        for s in sec.statements
    }
    plan = match_revision(policy, revision.blocks, ever_used)
    _refuse_unrelated_wording(source, policy, plan)
    record = read_record(source)
    if record is not None and record.policy_id != policy.id:
        record = None  # another policy's words: it was matched, or refused, as before
    if record is not None and (changed := restructured_since(policy, record)):
        raise Refused(
            f"{source}: not merged, nothing written: the policy file's sections changed since this copy was "
            f"exported ({record.version}): {'; '.join(changed)}. Export the policy afresh (handbook export "
            f"{policy.id} --out FILE.docx --force), redo this copy's edits on the new export, and import that."
        )
    reconciled = reconcile(policy, plan, record, revision) if record is not None else Reconciled()
    if reconciled.conflicts and record is not None:
        raise Conflicted(source, policy.id, record, reconciled.conflicts)
    refuse_overlong(source, ((None, p.text) for p in plan.statements()))

    loaded = policy._source
    if loaded is None:  # a policy the loader did not read from a file (none is, today)
        raise Refused(f"the policy '{policy_id}' has no file to merge into")
    target = loaded.path
    shown = project.shown(target)
    original = target.read_bytes().decode("utf-8")  # as it is, line endings included
    try:
        updated = splice(original, loaded, policy, plan)
        too_big = oversized(updated, len(plan.statements()))
        if too_big:
            raise Refused(f"{source}: {too_big}")
        check_text(updated, target, shown, Policy)
    except EditRefused as exc:
        raise Refused(f"{source}: the merge was not written, as it would not be valid: {exc}") from None
    merged_away = [m for p in plan.statements() for m in p.merged]
    references = find_references(project, target, [o.id for o in plan.removed] + merged_away)
    described = _described(source, policy, plan, revision, target, shown, original, updated, references)
    described.recorded = record is not None
    described.kept = reconciled.kept
    return described


def _described(
    source: Path,
    policy,
    plan: Plan,
    revision: Revision,
    target: Path,
    shown: str,
    original: str,
    updated: str,
    references: list[Reference],
) -> UpdatePlan:
    """The plan in the terms a person reviews it in: reworded, new, removed, moved..."""
    statements = plan.statements()
    by_id = {s.id: s for s in policy.statements()}
    titles = {sec.id: sec.title for sec in plan.sections}
    section_of = {p.id: sec.id for sec in plan.sections for p in sec.statements}
    splits: dict[str, list[str]] = {}
    for p in statements:
        if p.split_from:
            splits.setdefault(p.split_from, []).append(p.id)
    return UpdatePlan(
        source=source,
        policy_id=policy.id,
        target=target,
        shown=shown,
        original=original,
        updated=updated,
        merge=plan,
        revision=revision,
        statement_count=len(statements),
        carried_ids=plan.carried_ids,
        title_change=(policy.title, plan.title) if plan.title_changed else None,
        unchanged=[p.id for p in statements if p.old and not (p.reworded or p.moved or p.kind_changed or p.merged)],
        reworded=[
            Reworded(
                p.id,
                p.old.text,
                p.text,
                p.how,
                word_diff(p.old.text, p.text),
                len(getattr(by_id[p.id], "review_notes", [])),
            )
            for p in statements
            if p.old and (p.reworded or p.merged)
        ],
        added=[Added(p.id, p.kind, p.text, section_of[p.id]) for p in statements if p.old is None],
        removed=[Removed(o.id, o.text) for o in plan.removed],
        moved=[
            Moved(p.id, titles[section_of[p.id]] if policy.sections[p.old.section].id != section_of[p.id] else None)
            for p in statements
            if p.old and p.moved
        ],
        kind_changed=[(p.id, p.kind) for p in statements if p.old and p.kind_changed],
        splits=[(p.id, splits[p.id]) for p in statements if p.old and p.id in splits],
        merged=[(p.id, list(p.merged)) for p in statements if p.merged],
        renamed_sections=[
            SectionChange(s.id, s.title, policy.sections[s.old].title) for s in plan.sections if s.renamed
        ],
        new_sections=[
            SectionChange(s.id, s.title, statements=tuple(p.id for p in s.statements))
            for s in plan.sections
            if s.old is None
        ],
        removed_sections=[
            SectionChange(policy.sections[n].id, policy.sections[n].title) for n in plan.removed_sections
        ],
        references=references,
        comments_on={cid: p.id for p in statements for cid in p.comments},
        notes=notes_about(source, [f"not read: {n}" for n in revision.notes] + [f"note: {n}" for n in plan.notes]),
    )


def apply_update(plan: UpdatePlan) -> bool:
    """Write the planned file (by one rename, validated first).  False when there was nothing to
    change.  Refused if the policy file changed since the plan was made (plan again)."""
    again = f"{plan.shown}: not written: the file changed after the document was read; import it again"
    try:
        # Held from this comparison to the rename (core/editing.py): the plan is written only
        # over the very words it was made from.
        with editing(plan.target, plan.shown) as edit:
            try:
                now = (edit.before or b"").decode("utf-8")
            except UnicodeDecodeError as exc:
                raise Refused(f"{plan.shown}: not written: cannot read it again: {exc}") from None
            if edit.before is None or now != plan.original:
                raise Refused(again)
            if not plan.changed:
                return False
            replace_checked(edit, plan.updated, Policy)
    except ConcurrentEdit:
        raise Refused(again) from None
    except (EditRefused, OSError) as exc:
        raise Refused(f"{plan.shown}: not written: {exc}") from None
    return True


def _refuse_another_policy(source: Path, policy, handbook, revision: Revision) -> None:
    own_mark = policy_id_of(policy_bookmark(policy.id))
    for mark in revision.policy_marks:
        if mark != own_mark:
            named = next((p for p in handbook.policies if policy_id_of(policy_bookmark(p)) == mark), None)
            hint = f"; to merge it, use --update {named}" if named else ""
            raise Refused(
                f"{source}: this document was exported from another policy ('{named or mark}'), not '{policy.id}'{hint}"
            )
    own = {s.id for s in policy.statements()}
    carried = [i for b in revision.blocks for i in b.ids]
    foreign = [i for i in carried if i not in own and handbook.policy_of(i) is not None]
    if foreign and not any(i in own for i in carried):
        other = handbook.policy_of(foreign[0]).id
        raise Refused(
            f"{source}: this document's statements belong to the policy '{other}', not "
            f"'{policy.id}'; to merge it, use --update {other}"
        )


def _refuse_unrelated_wording(source: Path, policy, plan: Plan) -> None:
    if plan.carried_ids:
        return
    statements = plan.statements()
    matched = sum(1 for p in statements if p.old is not None)
    if matched < LEAST_MATCHING * len(statements) and plan.title_changed:
        raise Refused(
            f"{source}: this does not look like a revision of '{policy.id}' (its title is "
            f"{plan.title!r}, and only {matched} of its {len(statements)} paragraphs match the "
            "policy's statements); check the file and the policy id"
        )


def find_references(project: Project, policy_file: Path, ids: list[str]) -> list[Reference]:
    """Every place outside the policy file (notices and their translations, training packs,
    checklists...) that names one of `ids`; releases are history and are left out."""
    if not ids:
        return []
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    data_dir = project.data_dir
    paths = [
        p
        for p in data_files(data_dir, "**/*.yaml")
        if p.resolve() != policy_file.resolve() and "releases" not in p.relative_to(data_dir).parts
    ]
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
                        found.append(
                            Reference(match.group(1), str(loaded.where(path + (key,))), _describe(path + (key,)))
                        )
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
