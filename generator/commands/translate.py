"""`handbook translate export NOTICE_ID --language LANG --out FILE.po` and `handbook translate
import FILE.po --notice NOTICE_ID [--partial]`: a parent notice's words out to a translator as
gettext PO and the translation back in as policy_data/notices/NOTICE_ID.LANG.yaml
(features/notice/translation_files.py).  Both read the data as loaded and validated, without the
checks (a stale translation is what the check reports, and what a new import clears)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core.datafiles import write_atomically
from generator.core.project import Project

from .arguments import add_project_options, language, slug
from .common import load_validated

if TYPE_CHECKING:  # the notices' code is imported when the command runs, not when the parser is built
    from generator.pipeline.handbook import Handbook

NAME = "translate"
HELP = "a parent notice's words out to a translator (gettext PO) and the translation back in"
DESCRIPTION = (
    "Translations are made by people: export writes every text of the English notice as a PO file "
    "(any PO editor opens it), import writes policy_data/notices/NOTICE_ID.LANG.yaml from the translated file."
)
OUTPUTS: dict[str, dict[str, Any]] = {"po_out": {}}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="translate_command", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write a notice's texts as a PO file for a translator")
    add_project_options(export)
    export.add_argument(
        "notice", type=slug, metavar="NOTICE_ID", help="the English notice, like 'fair-processing-notice'"
    )
    export.add_argument(
        "--language",
        type=language,
        required=True,
        metavar="LANG",
        help="the language to translate into, like bn, ur, pl",
    )
    # dest po_out: the project's --out is an output folder, this is one file
    export.add_argument(
        "--out", dest="po_out", type=Path, required=True, metavar="FILE.po", help="the PO file to write (a new file)"
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="replace FILE.po if it already exists (by default an existing file is never overwritten)",
    )
    back = actions.add_parser("import", help="write the notice's translation from a translated PO file")
    add_project_options(back)
    back.add_argument("po_file", type=Path, metavar="FILE.po", help="the translated PO file")
    back.add_argument(
        "--notice", required=True, type=slug, metavar="NOTICE_ID", help="the English notice it translates"
    )
    back.add_argument(
        "--partial",
        action="store_true",
        help="import although some texts are untranslated or fuzzy: they stay in English, and the "
        "printed translation says first, in a box, that parts are still in English",
    )


def run(args: argparse.Namespace, project: Project) -> int:
    if args.translate_command == "export":
        return export_command(project, args.notice, args.language, args.po_out, args.force)
    return import_command(project, args.po_file, args.notice, args.partial)


def _fail(message: str) -> int:
    print(f"handbook translate: {message}", file=sys.stderr)
    return 1


def _known(hb: Handbook) -> str:
    return ", ".join(sorted(hb.notices)) or "none"


def export_command(project: Project, notice_id: str, language: str, out: Path, replace: bool = False) -> int:
    """`language` is a code checked by the command line (commands/arguments.language)."""
    from generator.features.notice.translation_files import export_catalog, po_text

    if out.suffix.lower() != ".po":
        return _fail(f"{out}: the output must be a gettext PO file ending in .po")
    if (out.exists() or out.is_symlink()) and not replace:
        return _fail(
            f"{out} already exists and was not changed (it may hold a translator's work); give another file name, or add --force to replace it"
        )
    if out.is_dir() or not out.parent.is_dir():
        return _fail(f"{out}: give a file name in an existing folder, ending in .po")
    hb = load_validated(project, "handbook translate", "nothing was exported")
    if hb is None:
        return 1
    english = hb.notices.get(notice_id)
    if english is None:
        return _fail(f"no notice '{notice_id}' in {project.data_dir.name}/notices (notices: {_known(hb)})")
    catalog, filled, fuzzy = export_catalog(hb, english, language)
    try:
        write_atomically(out, po_text(catalog), replace=replace)
    except FileExistsError:
        return _fail(f"{out} already exists and was not changed; add --force to replace it")
    count = sum(1 for m in catalog if m.id)
    print(f"Exported {count} texts of notice {notice_id} for translation into {language} -> {out}")
    if filled:
        print(
            f"  {filled} filled in from the existing translation"
            + (f", {fuzzy} marked fuzzy: the English has changed since it was made" if fuzzy else "")
        )
    print(
        f"  Give it to a translator (any PO editor, e.g. Poedit), then: handbook translate import {out.name} --notice {notice_id}"
    )
    return 0


def import_command(project: Project, source: Path, notice_id: str, partial: bool = False) -> int:
    from generator.core.editing import ConcurrentEdit, editing
    from generator.core.edits import replace_checked
    from generator.core.yaml_lines import EditRefused
    from generator.features.notice.translation_files import (
        BadPo,
        import_catalog,
        line_edited,
        read_catalog,
        translation_yaml,
    )
    from generator.pipeline.edits import kind_of

    hb = load_validated(project, "handbook translate", "nothing was imported")
    if hb is None:
        return 1
    english = hb.notices.get(notice_id)
    if english is None:
        return _fail(f"no notice '{notice_id}' in {project.data_dir.name}/notices (notices: {_known(hb)})")
    shown_po = str(source)
    try:
        catalog = read_catalog(source, shown_po)
    except BadPo as exc:  # the file itself: one line, where it is wrong
        print(f"{exc}; nothing was written", file=sys.stderr)
        return 1
    try:
        imported = import_catalog(hb, english, catalog, shown_po, partial)
    except BadPo as exc:  # entries: one line each, then what to do
        lines = str(exc).splitlines()
        for line in lines:
            print(line, file=sys.stderr)
        more = (
            " (or --partial to keep English words, marked as such, where there is no translation yet)"
            if "not translated" in str(exc) or "fuzzy" in str(exc) or "not in the file" in str(exc)
            else ""
        )
        return _fail(
            f"{source} was not imported: {len(lines)} problem{'s' if len(lines) > 1 else ''} above; nothing was written{more}"
        )
    folder = english._source.path.parent if english._source is not None else project.data_dir / "notices"
    target = folder / f"{english.id}.{imported.language}.yaml"
    shown = project.shown(target)
    kind = kind_of(target.relative_to(project.data_dir))
    try:
        # Held from reading the file's layout to the rename (core/editing.py): the words come
        # from the PO file, the comments and layout from the file as it is then.
        with editing(target, shown) as edit:
            # An existing file keeps its comments and layout when only words change.
            existing = line_edited(target, shown, imported.data) if edit.before is not None else None
            replace_checked(edit, existing or translation_yaml(imported), kind.model, kind.file_check)
    except ConcurrentEdit as exc:
        return _fail(str(exc))
    except EditRefused as exc:
        return _fail(f"{exc}; nothing was written")
    print(f"Imported {imported.translated} translated texts -> {shown}")
    if imported.kept_english:
        print(f"  {len(imported.kept_english)} still in English (--partial): the printed translation says so first")
    return 0
