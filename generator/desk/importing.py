"""The Policies page's documents: a document uploaded as a new policy (its draft shown, then
saved or discarded), and a policy's Word copy downloaded, revised in Word and uploaded back
(the plan shown as a dry run, then accepted or cancelled).

The reading and the merge are the importer's (features/importer: read_policy, write_draft,
plan_update, apply_update, export_policy); this module takes an upload in, keeps what waits for
the person's answer, and says what went wrong in the desk's words.

- An upload is checked by name (its kind) and size before anything reads it, then written to
  a private temporary folder (mode 0700, the file 0600) under its own name, as the importer
  picks its reader by the file's suffix and names the file in its notes; the folder is removed
  as soon as the document is read.
- A draft or a plan waits on the `Shelf`, in the desk's memory under a random key, with the
  upload itself (so it can be read again), at most a few at once.  Nothing is written until
  the person says so.
- A draft is saved only if the policies folder is as it was when the document was read (the
  same "nothing lost" rule as the forms); a plan is written only if the policy file is as it
  was (apply_update's own check).  Either way, the person's upload is kept and read again
  against the files as they are now.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import secrets
import tempfile
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from generator.commands.arguments import prefix as prefix_argument
from generator.commands.arguments import slug
from generator.commands.import_policy import known_data
from generator.core.datafiles import data_files
from generator.core.findings import DataError
from generator.core.load import UNPRINTABLE
from generator.core.project import Project
from generator.features.importer import (
    PolicyDraft,
    Refused,
    UpdatePlan,
    export_policy,
    plan_update,
    read_policy,
    write_draft,
)
from generator.features.importer.register_entry import add_to_register, mentioned_register_lines, own_register_lines
from generator.features.importer.shape import prefix_for
from generator.features.training.changes import word_diff
from generator.pipeline.handbook import load_handbook

# What the importer reads, by suffix (features/importer/read.py picks the reader the same way).
READABLE = (".docx", ".pdf", ".html", ".htm", ".txt", ".md")
OLD_FORMATS = (".doc", ".rtf", ".odt", ".pages")
WORD = ".docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_TITLE = 200
KEPT = 5  # drafts and plans waiting at once (each with its upload, 10 MB at most); the oldest goes first


class Wrong(Exception):
    """An upload refused before or while it was read: the field it belongs to, and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Upload:
    name: str  # the file's own name, made safe
    data: bytes


def safe_name(filename: str) -> str:
    """The uploaded file's name as the notes will show it: its last part only, with nothing
    but letters, digits, spaces and . _ - ( ) in it (never a path, never a hidden file)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = re.sub(r"[^A-Za-z0-9 _()-]+", "-", stem).strip(" .-")[:80] or "document"
    suffix = re.sub(r"[^A-Za-z0-9]", "", suffix)[:10].lower()
    return f"{stem}.{suffix}" if suffix else stem


def check_upload(filename: str, data: bytes, accepted: tuple[str, ...] = READABLE) -> Upload:
    """The upload, if it is a kind of file the importer reads and is not empty; Wrong("file")
    otherwise (the size is capped before this, by the guard)."""
    if not filename:
        raise Wrong("file", "Choose the document to upload.")
    name = safe_name(filename)
    suffix = Path(name).suffix.lower()
    if suffix not in accepted:
        kinds = "a Word document (.docx)" if accepted == (WORD,) else "a .docx, .pdf, .html, .txt or .md file"
        resave = (
            " Open it in Word or LibreOffice and save it as .docx (Word document)." if suffix in OLD_FORMATS else ""
        )
        raise Wrong("file", f"{name} is not a kind of file the desk reads: choose {kinds}.{resave}")
    if not data:
        raise Wrong("file", f"{name} is empty: choose the document itself.")
    return Upload(name, data)


@contextmanager
def kept_file(upload: Upload) -> Iterator[Path]:
    """The upload as a file of its own name in a private temporary folder (mode 0700, the file
    0600), removed once it has been read."""
    with tempfile.TemporaryDirectory(prefix="handbook-desk-") as folder:
        path = Path(folder) / upload.name
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as f:
            f.write(upload.data)
        yield path


def _plain(refused: Refused, path: Path, name: str) -> str:
    """The importer's one line with the temporary file named as the person knows it."""
    return str(refused).replace(str(path), name)


# ---- a first import ----------------------------------------------------------------------------


@dataclass
class ImportAsked:
    policy_id: str
    title: str
    prefix: str


def read_import_fields(policy_id: str, title: str, prefix: str) -> tuple[ImportAsked, dict[str, str]]:
    """The id, title and statement id prefix as typed, and what is wrong with them, by field."""
    asked = ImportAsked(policy_id.strip(), " ".join(title.split()), prefix.strip())
    errors: dict[str, str] = {}
    if not asked.policy_id:
        errors["id"] = "Give the new policy an id, like sun-protection."
    else:
        try:
            slug(asked.policy_id)
        except argparse.ArgumentTypeError as exc:
            errors["id"] = f"{exc}."
    if bad := UNPRINTABLE.search(asked.title):
        errors["title"] = f"The title contains the control character U+{ord(bad.group()):04X}: type it again."
    elif len(asked.title) > MAX_TITLE:
        errors["title"] = f"The title is too long: at most {MAX_TITLE} characters."
    if asked.prefix:
        try:
            prefix_argument(asked.prefix)
        except argparse.ArgumentTypeError as exc:
            errors["prefix"] = f"{exc}."
    return asked, errors


def policies_folder(project: Project) -> Path:
    return project.data_dir / "policies"


def folder_version(folder: Path) -> str:
    """The version of the policies folder: which policy files it holds, and their bytes."""
    digest = hashlib.sha256()
    for path in data_files(folder, "*.yaml") if folder.is_dir() else []:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass
class PendingImport:
    upload: Upload
    asked: ImportAsked
    draft: PolicyDraft
    folder: str  # folder_version when the document was read


def read_import(project: Project, upload: Upload, asked: ImportAsked) -> PendingImport:
    """Read the upload as the new policy `asked.policy_id`; nothing is written.  Wrong, by
    field, when it cannot be."""
    folder = policies_folder(project)
    version = folder_version(folder)  # before reading: a change while it is read is caught at the save
    target = folder / f"{asked.policy_id}.yaml"
    if target.exists():
        raise Wrong(
            "id",
            f"There is a policy with the id {asked.policy_id} already ({project.shown(target)}): "
            "choose another id, or revise that policy from its own page.",
        )
    known = known_data(project)
    prefix = asked.prefix or prefix_for(asked.policy_id)
    owners = {p: owner for p, owner, _ in known.prefixes if owner != asked.policy_id}
    if prefix in owners:
        field = "prefix" if asked.prefix else "id"
        raise Wrong(
            field,
            f"The statements would be numbered {prefix}-…, as those of the policy {owners[prefix]} are: "
            "give another prefix for the statement ids.",
        )
    with kept_file(upload) as path:
        try:
            draft = read_policy(
                project, path, asked.policy_id, known, prefix=asked.prefix or None, title=asked.title or None
            )
        except Refused as exc:
            raise Wrong("file", _plain(exc, path, upload.name)) from None
    return PendingImport(upload, asked, draft, version)


class FolderChanged(Exception):
    """The policies folder changed after the document was read."""


def save_import(project: Project, pending: PendingImport) -> str | None:
    """Write the draft, if the policies folder is as it was when the document was read
    (FolderChanged otherwise) and no file of its name appeared (Refused), then list the policy in
    register.yaml (register_entry.add_to_register, as `handbook import` does).  Returns why the
    register could not take its entry (None: it lists the policy); the register is then left as
    it was."""
    if folder_version(policies_folder(project)) != pending.folder:
        raise FolderChanged(
            f"{project.shown(policies_folder(project))} was changed after the document was read "
            "(in another tab, by a command or by someone else), so nothing was saved."
        )
    write_draft(pending.draft)
    try:
        add_to_register(project, pending.draft)
    except Refused as exc:
        return str(exc)
    return None


def register_lines(draft: PolicyDraft, unlisted: str | None) -> list[str]:
    """The register.yaml lines the policy page offers after an import: the documents the text
    mentions, after the policy's own entry when the register could not take it (`unlisted`)."""
    return (own_register_lines(draft) if unlisted else []) + mentioned_register_lines(draft)


# ---- revising in Word --------------------------------------------------------------------------


def loaded(project: Project):
    """The data as the normal loader loads it, or Wrong("file") with its first error."""
    try:
        handbook, _ = load_handbook(project)
    except DataError as exc:
        first = exc.findings[0] if exc.findings else "the data is not valid"
        raise Wrong(
            "file",
            f"The data has an error, so the desk cannot work with the policy in Word: {first}. "
            "Correct it first (the To do page lists it).",
        ) from None
    return handbook


def word_copy(project: Project, policy_id: str) -> bytes:
    """The policy as a Word document (export_policy), made in a private temporary folder."""
    handbook = loaded(project)
    with tempfile.TemporaryDirectory(prefix="handbook-desk-") as folder:
        out = Path(folder) / f"{policy_id}.docx"
        try:
            export_policy(handbook, policy_id, out)
        except Refused as exc:
            raise Wrong("file", _plain(exc, out, out.name)) from None
        return out.read_bytes()


@dataclass
class PendingRevision:
    upload: Upload
    policy_id: str
    plan: UpdatePlan


def plan_revision(project: Project, policy_id: str, upload: Upload) -> PendingRevision:
    """The dry run of merging the revised document into the policy; nothing is written."""
    handbook = loaded(project)
    with kept_file(upload) as path:
        try:
            plan = plan_update(handbook, policy_id, path)
        except Refused as exc:
            raise Wrong("file", _plain(exc, path, upload.name)) from None
    return PendingRevision(upload, policy_id, plan)


def pieces(old: str, new: str) -> list[tuple[str, str]]:
    """(equal | delete | insert, words): a rewording word by word, for the page to mark up."""
    return [(piece.op, piece.text) for piece in word_diff(old, new)]


# ---- what waits for an answer ------------------------------------------------------------------

T = TypeVar("T")


class Shelf(Generic[T]):
    """Drafts and plans waiting for the person's answer, under random keys (a key is the only
    way to one: it is not guessable, and any other text finds nothing).  At most `limit` are
    kept; the oldest goes first."""

    def __init__(self, limit: int = KEPT) -> None:
        self.limit = limit
        self._items: OrderedDict[str, T] = OrderedDict()
        self._answered: OrderedDict[str, str] = OrderedDict()  # key -> the page its answer led to

    def put(self, item: T) -> str:
        key = secrets.token_urlsafe(18)
        self._items[key] = item
        while len(self._items) > self.limit:
            self._items.popitem(last=False)
        return key

    def get(self, key: str) -> T | None:
        return self._items.get(key)

    def drop(self, key: str) -> None:
        self._items.pop(key, None)

    def answered(self, key: str, where: str) -> None:
        """The item was saved (or discarded): a second press of the same button (a double click,
        a reload) leads to the same page instead of doing it again."""
        self.drop(key)
        self._answered[key] = where
        while len(self._answered) > self.limit * 4:
            self._answered.popitem(last=False)

    def answered_at(self, key: str) -> str | None:
        return self._answered.get(key)
