"""`handbook import FILE --id NEW_POLICY_ID` (a first import: features/importer) or `handbook
import FILE.docx --update POLICY_ID [--dry-run]` (a revised Word document merged back: word.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.core.project import Project

from .arguments import add_project_options, prefix, slug
from .common import usage

NAME = "import"
HELP = "turn a .docx, .pdf, .html, .txt or .md policy into a policy file to review"
OUTPUTS = {"out": {"allowed": frozenset({"data"})}}  # its purpose: a new policy file in the data


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_options(parser)
    parser.add_argument("file", type=Path, help="the document to import (.docx, .pdf, .html, .txt or .md)")
    parser.add_argument("--id", type=slug, help="the new policy's id, like 'child-protection'")
    parser.add_argument("--update", type=slug, metavar="POLICY_ID",
                        help="merge a revised Word document (from `handbook export`) into this existing policy")
    parser.add_argument("--dry-run", action="store_true", help="with --update: print what would change, write nothing")
    parser.add_argument("--out", type=Path, default=None, help="folder to write ID.yaml into (default: DATA/policies)")
    parser.add_argument("--force", action="store_true", help="replace the policy file if it already exists")
    parser.add_argument("--prefix", type=prefix, default=None, help="statement id prefix (default: from the id, e.g. CONF)")
    parser.add_argument("--title", default=None, help="the policy's title, if the document's first lines do not give it")
    parser.add_argument("--keep-lines", action="store_true",
                        help="text and PDF: keep every line a paragraph of its own (default: join wrapped lines)")


def run(args: argparse.Namespace, project: Project) -> int:
    if args.update:
        from .word import update_command

        if args.id or args.force or args.prefix or args.title or args.out or args.keep_lines:
            return usage("import: --update merges into an existing policy; --id, --out, --force, --prefix, --title "
                         "and --keep-lines are for a first import")
        return update_command(project, args.file, args.update, args.dry_run)
    if not args.id:
        return usage("import: give --id NEW_POLICY_ID for a first import, or --update POLICY_ID for a revised document")
    if args.dry_run:
        return usage("import: --dry-run goes with --update")
    from generator.core.schema import SCHEMA_DIR
    from generator.features.importer import run as first_import

    out = args.out or project.data_dir / "policies"
    return first_import(
        args.file, args.id, project.data_dir, out, args.force, args.prefix, args.title, args.keep_lines,
        on=project.as_of, schemas=project.root / SCHEMA_DIR,
    )
