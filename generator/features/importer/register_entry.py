"""A new policy's own entry in register.yaml, added by the import (the desk's and `handbook
import`'s): the policy is not in the handbook until the register lists it.  Documents the text
only mentions are left to the person (they are offered as lines to add): that the setting holds
them is theirs to say.

The entry is added through the line editor (every other line stays byte for byte) and written
only when the whole file still passes `handbook check`'s reading of a register (core/edits):
a register with a typing mistake, or one changed while it was edited, is left exactly as it was
and the entry is offered instead."""

from __future__ import annotations

from typing import Any

from generator.core.editing import ConcurrentEdit, Edit, editing
from generator.core.edits import replace_checked
from generator.core.findings import DataError
from generator.core.load import load_text
from generator.core.project import Project
from generator.core.sources import validate
from generator.core.yaml_lines import EditRefused, LineEdits
from generator.features.policies.model import RegisterFile

from .policy_draft import PolicyDraft
from .results import Refused

REGISTER_FILE = "register.yaml"


def own_register_entry(draft: PolicyDraft) -> dict[str, Any] | None:
    """The register entry the import suggests for the policy itself (None: the register the
    draft was read against lists it already)."""
    return next((e for e in draft.register_entries() if e["id"] == draft.draft.id), None)


def _entries_as_lines(draft: PolicyDraft) -> list[list[str]]:
    """register_yaml()'s lines, entry by entry (an entry starts "  - ")."""
    entries: list[list[str]] = []
    for line in draft.register_yaml():
        if line.startswith("  - ") or not entries:
            entries.append([])
        entries[-1].append(line)
    return entries


def own_register_lines(draft: PolicyDraft) -> list[str]:
    """The policy's own entry as register.yaml lines (under `documents:`), each value the
    document suggested commented with where it says so; [] when the register lists it."""
    return _entries_as_lines(draft)[0] if own_register_entry(draft) is not None else []


def mentioned_register_lines(draft: PolicyDraft) -> list[str]:
    """The suggested register.yaml lines for the documents the text mentions, without the
    policy's own entry (add_to_register writes that one)."""
    entries = _entries_as_lines(draft)
    own = own_register_entry(draft) is not None  # when suggested, it is the first entry
    return [line for entry in entries[1 if own else 0 :] for line in entry]


def add_to_register(project: Project, draft: PolicyDraft) -> bool:
    """Put the new policy's own entry at the end of the project's register.yaml: True when it was
    added, False when there is none to add (the register lists the policy already, or came to
    meanwhile).  Refused, with register.yaml left as it was, when the policy was written outside
    the project's policies folder, or the register is missing, cannot be read, has errors, or
    changed while the entry was added."""
    entry = own_register_entry(draft)
    if entry is None:
        return False
    policies = project.data_dir / "policies"
    if draft.target.parent.resolve() != policies.resolve():
        raise Refused(
            f"{draft.shown} is outside {project.shown(policies)}, and the register lists only the policies there"
        )
    path = project.data_dir / REGISTER_FILE
    shown = project.shown(path)
    try:
        # Held from the reading to the rename (core/editing.py): an edit of the register made
        # meanwhile (the desk, another import, an editor) is never written over.
        with editing(path, shown) as edit:
            return _add_entry(edit, entry)
    except ConcurrentEdit:
        raise Refused(f"{shown} was changed while the entry was being added") from None
    except EditRefused as exc:
        raise Refused(str(exc)) from None
    except OSError as exc:
        raise Refused(f"{shown} cannot be read or written: {exc.strerror}") from None


def _add_entry(edit: Edit, entry: dict[str, Any]) -> bool:
    path, shown, raw = edit.path, edit.shown, edit.before
    if raw is None:
        raise Refused(f"{shown} does not exist")
    try:
        text = raw.decode("utf-8")
        edits = LineEdits(text, load_text(text, path, shown))
    except UnicodeDecodeError:
        raise Refused(f"{shown} is not saved as UTF-8") from None
    except DataError as exc:
        raise Refused(f"{shown} has an error to correct first: {exc.findings[0]}") from None
    _, findings = validate(edits.loaded, RegisterFile)
    errors = [f for f in findings if f.level == "error"]
    if errors:  # the person's to correct: the import never writes into a register it cannot read as one
        raise Refused(f"{shown} has an error to correct first: {errors[0]}")
    documents = edits.loaded.data.get("documents") if isinstance(edits.loaded.data, dict) else None
    if any(isinstance(d, dict) and d.get("id") == entry["id"] for d in documents or []):
        return False
    edits.append_item("documents", list(entry.items()))
    replace_checked(edit, edits.text(), RegisterFile, loaded=edits.read_back)
    return True


__all__ = ["add_to_register", "mentioned_register_lines", "own_register_entry", "own_register_lines"]
