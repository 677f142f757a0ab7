"""A setting's changes to the model, as edits of its overrides.yaml (model.py says what each
entry means): word a model statement its own way, leave one out (with a reason), take the
model's words again, add a statement of its own.

Each function edits a LineEdits of overrides.yaml (only the lines of the entries it changes;
comments stay), or raises OverrideRefused with one line and edits nothing.  The caller checks
the result with the strict loader and writes it atomically (the desk's saving path); the
decision on a conflict is `handbook resolve`'s (commands/settings.record_decision).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.core.datafiles import data_files
from generator.core.load import UNPRINTABLE, load_yaml
from generator.core.yaml_lines import LineEdits


class OverrideRefused(Exception):
    """The change cannot be made as asked; nothing was edited."""


def checked_words(text: str, name: str, what: str) -> str:
    """Words typed for a statement (or a reason), stripped; refused when empty or holding a
    character the strict loader refuses (the file would not load).  Anything else the file's
    model refuses (a text over MAX_TEXT_CHARS) is refused by the strict check of the edit."""
    if not text.strip():
        raise OverrideRefused(f"{name} is empty: give {what}")
    if bad := UNPRINTABLE.search(text):
        raise OverrideRefused(
            f"{name} contains a control character (U+{ord(bad.group()):04X}) at character {bad.start() + 1}; "
            "retype the words without it"
        )
    return text.strip()


def model_words_of(model_dir: Path, statement_id: str) -> str | None:
    """The model's words for a statement exactly as its file has them (loading would read
    `{setting}` as a name), or None when the model no longer has it."""
    for path in data_files(model_dir / "policies", "*.yaml"):
        data = load_yaml(path).data
        for section in data.get("sections", []) if isinstance(data, dict) else []:
            for statement in section.get("statements", []):
                if statement.get("id") == statement_id:
                    return str(statement.get("text", "")).strip()
    return None


def _index(edits: LineEdits, listed: str, statement_id: str) -> int | None:
    entries: Any = edits.loaded.data.get(listed) if isinstance(edits.loaded.data, dict) else None
    for i, entry in enumerate(entries or []):
        if isinstance(entry, dict) and entry.get("id") == statement_id:
            return i
    return None


def word_our_way(edits: LineEdits, statement_id: str, text: str, model_text: str) -> None:
    """The setting's own words for the model statement, made against the model's words as they
    are now (`model_text`, raw); a statement it had left out comes back in these words."""
    if (left_out := _index(edits, "remove", statement_id)) is not None:
        edits.delete_item("remove", left_out)
    if (worded := _index(edits, "replace", statement_id)) is not None:
        edits.set_value(("replace", worded, "text"), text)
        edits.set_value(("replace", worded, "model_text"), model_text)
    else:
        edits.append_item("replace", [("id", statement_id), ("text", text), ("model_text", model_text)])


def leave_out(edits: LineEdits, statement_id: str, reason: str, model_text: str) -> None:
    """The setting leaves the model statement out, for `reason` (its Local changes page shows it)."""
    if (worded := _index(edits, "replace", statement_id)) is not None:
        edits.delete_item("replace", worded)
    if (left_out := _index(edits, "remove", statement_id)) is not None:
        edits.set_value(("remove", left_out, "reason"), reason)
        edits.set_value(("remove", left_out, "model_text"), model_text)
    else:
        edits.append_item("remove", [("id", statement_id), ("reason", reason), ("model_text", model_text)])


def take_model_again(edits: LineEdits, statement_id: str) -> None:
    """The setting's own words (or its leaving out) go: the model's words from now on."""
    found = False
    for listed in ("replace", "remove"):
        if (index := _index(edits, listed, statement_id)) is not None:
            edits.delete_item(listed, index)
            found = True
    if not found:
        raise OverrideRefused(f"{statement_id} already has the model's words")


def ids_in_use(hb: Any) -> set[str]:
    """Every statement id the setting's handbook uses: the model's statements and the setting's
    own, and those it changed or left out (hb.adopted)."""
    ids = {c.id for c in hb.adopted.changes} if hb.adopted is not None else set()
    return ids | {s.id for p in hb.policies.values() for s in p.statements()}


def next_own_id(prefix: str, taken: set[str]) -> str:
    """The next free id of the setting's own statements: PREFIX-01, PREFIX-02, ..."""
    number = 1
    while f"{prefix}-{number:02d}" in taken:
        number += 1
    return f"{prefix}-{number:02d}"


def add_our_own(
    edits: LineEdits, prefix: str | None, taken: set[str], policy: str, section: str, after: str | None, text: str
) -> str:
    """A statement of the setting's own in the model's `policy` and `section`, after the statement
    `after` (None: at the end of the section); returns its new id.  Its readers and signers are
    left to decide (`handbook check` lists them, as for any new statement).  `prefix`: the
    setting's own ids' prefix, written when the file has none yet."""
    written = edits.loaded.data.get("prefix") if isinstance(edits.loaded.data, dict) else None
    if written is None:
        if prefix is None:
            raise OverrideRefused("the setting has no prefix for its own statements' ids yet: give one")
        edits.set_plain(("prefix",), prefix)
    own = next_own_id(str(written or prefix), taken)
    fields: list[tuple[str, object]] = [("id", own), ("policy", policy), ("section", section)]
    if after is not None:
        fields.append(("after", after))
    fields += [("text", text), ("audience", None), ("roles", None)]
    edits.append_item("add", fields)
    return own
