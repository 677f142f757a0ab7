"""`handbook export POLICY_ID --out FILE.docx`: a policy as a Word document its owner can revise.

The document reads like the setting's own policy: the title, a line with the setting's name and
the version, then each section as a heading with its paragraphs and bullet lists.  No YAML and no
ids in the text; each statement's id is an invisible bookmark around its paragraph (see
word_ids), so `handbook import FILE --update POLICY_ID` can tell which statement each paragraph
was, even after the owner has moved or reworded it.  The words exported are recorded in the
.docx too (word_base), so the import applies only what was changed in Word.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.datafiles import write_atomically
from generator.features.releases.versions import policy_version

from .results import Refused
from .word_base import add_record
from .word_ids import policy_bookmark, statement_bookmark

if TYPE_CHECKING:
    from generator.features.training.data import TrainingData as Handbook


@dataclass(frozen=True)
class Exported:
    """A policy written as a Word document."""

    policy_id: str
    version: str  # the version's label, e.g. "version 3 (released 2026-09-01)"
    out: Path
    sections: int
    statements: int


def refuse_output(out: Path, replace: bool = False) -> None:
    """Refuse an output path that is not a new .docx file in an existing folder (checked before
    the data is loaded, so a mistyped --out costs nothing)."""
    if out.suffix.lower() != ".docx":
        raise Refused(f"{out}: the output must be a Word document ending in .docx")
    if (out.exists() or out.is_symlink()) and not replace:
        raise Refused(_exists(out))
    if out.is_dir():
        raise Refused(f"{out} is a folder; give the Word document's file name, ending in .docx")


def export_policy(handbook: Handbook, policy_id: str, out: Path, replace: bool = False) -> Exported:
    """Write the policy as `out` (.docx), each statement's id a bookmark around its paragraph.
    An existing `out` is refused unless `replace`: it may be the owner's only revised copy.
    `handbook`: the data as the normal loader loaded it.  Raises Refused, one line."""
    refuse_output(out, replace)
    policy = handbook.policies.get(policy_id)
    if policy is None:
        known = ", ".join(sorted(handbook.policies)) or "none"
        raise Refused(f"no policy '{policy_id}' in {handbook.project.data_dir.name}/policies (policies: {known})")
    version = policy_version(handbook, policy)
    about = f"{handbook.setting.name} · Version {version.bare}"
    document = build_document(policy, about, handbook.setting.name)
    add_record(document, policy, version.record, version.fingerprint)  # what import --update compares with
    if not out.parent.is_dir():
        raise Refused(f"{out.parent}: no such folder")
    content = io.BytesIO()
    document.save(content)
    try:  # by one rename, keeping a replaced file's mode; never over a file that appeared meanwhile
        write_atomically(out, content.getvalue(), replace=replace)
    except FileExistsError:
        raise Refused(_exists(out)) from None
    return Exported(policy.id, version.label, out, len(policy.sections), len(policy.statements()))


def _exists(out: Path) -> str:
    return (
        f"{out} already exists and was not changed (it may hold someone's revisions); give another "
        "file name, or add --force to replace it"
    )


def build_document(policy, about: str, author: str):
    import docx

    document = docx.Document()
    properties = document.core_properties
    properties.title = policy.title
    properties.author = author
    properties.subject = about
    bookmarks = _Bookmarks()
    title = document.add_heading(policy.title, level=0)
    bookmarks.wrap(title, policy_bookmark(policy.id))
    document.add_paragraph(about, style="Subtitle")
    for section in policy.sections:
        document.add_heading(section.title, level=1)
        for statement in section.statements:
            style = "List Bullet" if statement.kind == "item" else None
            paragraph = document.add_paragraph(statement.text, style=style)
            name = statement_bookmark(statement.id)
            if name:
                bookmarks.wrap(paragraph, name)
    return document


class _Bookmarks:
    """Bookmarks around whole paragraphs, numbered as Word numbers them (unique w:id)."""

    def __init__(self):
        self.next_id = 0

    def wrap(self, paragraph, name: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(self.next_id))
        start.set(qn("w:name"), name)
        end.set(qn("w:id"), str(self.next_id))
        self.next_id += 1
        p = paragraph._p
        properties = p.find(qn("w:pPr"))
        if properties is not None:
            properties.addnext(start)
        else:
            p.insert(0, start)
        p.append(end)
