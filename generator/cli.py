"""The `handbook` command."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path

from . import __version__
from .core.project import DATA_DIR, MODEL_DIR, SETTINGS_DIR, Project, find_root, is_project
from .core.schema import SCHEMA_DIR

DESCRIPTION = """\
Keep an early years setting's policies as YAML in policy_data/ and publish them: a searchable
staff handbook (build/site/), printed documents (build/print/), and a public edition for the
setting's own website (build/public/).

Findings are printed as  path:line:column: level: message  (level: error, warning or note)
Exit codes: 0 success, 1 the data has errors (or warnings with --strict), 2 bad usage."""


# `new --kind` and `new-setting --kind`: the kinds of the package's table (tests/test_kinds.py
# checks that this lists them all).
KIND_HELP = ("the kind of setting, from the kinds table: maintained-nursery-school, school-nursery-class, "
             "independent-school-nursery, pvi-nursery, childminder or la-childrens-centre; it decides whether there is "
             "a publication scheme, the notice's DPO part, the guidance the training is measured against, the "
             "handbook's voice (a childminder's 'I') and what the checks expect, and gives a starter training pack "
             "and staff records file")

def _date(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; write YYYY-MM-DD") from None
    return value


APPROVE_HELP = """\
Record that the setting approved a document, in its current words: the version and content
fingerprint, who (a role) and when go into policy_data/approvals.yaml (commit it). Until then,
and again whenever the document changes, its printed pages and handbook page say
"Draft: not yet approved". Refused, with nothing written, when the data has errors.

Documents (DOC):
  policy/POLICY-ID             a policy, e.g. policy/safeguarding (its released version)
  notice/NOTICE-ID             a parent notice, e.g. notice/fair-processing-notice
  notice/NOTICE-ID.LANG        a translation, e.g. notice/fair-processing-notice.tr
  checklist/ROLE-ID            a role's checklist, e.g. checklist/all-staff
  training/YEAR-september      a training pack, e.g. training/2027-september
`handbook check` lists every document that is still a draft."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="handbook", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"handbook {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root", type=Path, default=None,
        help=f"project folder with mkdocs.yml (default: the nearest folder, from here upwards, that holds {DATA_DIR}/)",
    )
    common.add_argument("--data", type=Path, default=None, help="policy data folder (default: ROOT/policy_data); its checklists are read from checklists/ beside it")
    common.add_argument(
        "--setting", default=None, metavar="ID",
        help="in a repository of model policies: the setting ROOT/settings/ID/, which adopts ROOT/model/ "
        "(outputs in ROOT/build/settings/ID/)",
    )
    common.add_argument(
        "--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
        help="the date to judge review dates by (default: $HANDBOOK_DATE, $SOURCE_DATE_EPOCH, or today)",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    nw = sub.add_parser(
        "new", help="start a setting's own handbook project in a new folder",
        description="Make a new handbook project in DIR (which must be new or empty): policy_data/ with "
        "the setting's facts unset, the roles most settings have, an empty register, a starter parent "
        "notice, retention and publication scheme starters; checklists/, docs/, schemas/, mkdocs.yml, "
        ".gitignore and a README saying what to fill in first.",
    )
    nw.add_argument("dir", type=Path, metavar="DIR", help="the new project's folder")
    nw.add_argument("--name", required=True, help='the setting\'s name, e.g. "Oak Tree Nursery"')
    nw.add_argument("--kind", default=None, metavar="KIND", help=KIND_HELP + "; it also decides the starter roles and checklists")
    nw.add_argument(
        "--from", dest="from_project", type=Path, default=None, metavar="PROJECT",
        help="start from another project's policies (e.g. a local authority's model set): its policies, "
        "roles, checklists, notice wording, retention schedule and register, without its facts, "
        "releases, approvals, training sessions or staff records",
    )

    sub.add_parser("check", parents=[common], help="validate the data and print every problem")
    b = sub.add_parser("build", parents=[common], help="check, then build every output into build/")
    b.add_argument("--strict", action="store_true", help="fail on warnings too (for a release)")
    b.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/build)")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress lines, only findings and errors")
    b.add_argument("--jobs", type=int, default=None, metavar="N", help="use at most N cores (default: all)")
    b.add_argument(
        "--all-settings", action="store_true",
        help="in a repository of model policies: build every setting in ROOT/settings/, several at once "
        "(one per core), each into ROOT/build/settings/ID/",
    )
    b.add_argument(
        "--records", type=Path, default=None, metavar="DIR",
        help="staff records folder: adds private copies with staff names to build/private/ (default: none)",
    )
    s = sub.add_parser("serve", parents=[common], help="live preview of the handbook; reloads when a YAML file changes")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    i = sub.add_parser("import", parents=[common], help="turn a .docx, .pdf, .html, .txt or .md policy into a policy file to review")
    i.add_argument("file", type=Path, help="the document to import (.docx, .pdf, .html, .txt or .md)")
    i.add_argument("--id", type=_slug, help="the new policy's id, like 'child-protection'")
    i.add_argument("--update", type=_slug, metavar="POLICY_ID",
                   help="merge a revised Word document (from `handbook export`) into this existing policy")
    i.add_argument("--dry-run", action="store_true", help="with --update: print what would change, write nothing")
    i.add_argument("--out", type=Path, default=None, help="folder to write ID.yaml into (default: DATA/policies)")
    i.add_argument("--force", action="store_true", help="replace the policy file if it already exists")
    i.add_argument("--prefix", type=_prefix, default=None, help="statement id prefix (default: from the id, e.g. CONF)")
    i.add_argument("--title", default=None, help="the policy's title, if the document's first lines do not give it")
    i.add_argument("--keep-lines", action="store_true",
                   help="text and PDF: keep every line a paragraph of its own (default: join wrapped lines)")
    e = sub.add_parser("export", parents=[common], help="a policy as a Word document to revise (then import --update)")
    e.add_argument("policy", type=_slug, metavar="POLICY_ID", help="the policy to export, like 'safeguarding'")
    # dest docx: the project's --out is an output folder, this is one file
    e.add_argument("--out", dest="docx", type=Path, required=True, metavar="FILE.docx", help="the Word document to write (a new file)")
    e.add_argument("--force", action="store_true", help="replace FILE.docx if it already exists (by default an existing file is never overwritten)")
    r = sub.add_parser(
        "release", parents=[common], help="record every policy's current words as a released version",
        description="Write policy_data/releases/DATE.yaml: every policy's words, each with its version and "
        "fingerprint. A release is never replaced: signatures, approvals and settings that adopted it point "
        "at it. A correction is a new release; a second one the same day is DATE.2 (DATE.2.yaml), then DATE.3. "
        "Refused, with nothing written, when the data has errors, when a later release exists, when the date "
        "is after today, or when nothing changed since that day's last release.",
    )
    r.add_argument("--date", type=_date, default=None, metavar="YYYY-MM-DD", help="release date, not after today or the --as-of date (default: today)")
    r.add_argument("--note", default=None, help="what the release is for (default: a list of what changed)")
    # --force used to replace a release; it is gone (see cmd_release), but says why when typed.
    r.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    a = sub.add_parser(
        "approve", parents=[common], help="record that the setting approved a document (policy_data/approvals.yaml)",
        description=APPROVE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument("document", metavar="DOC", help="the document, like policy/safeguarding (the forms are listed above)")
    a.add_argument("--by", required=True, metavar="ROLE", help="the role that approved it: its id in roles.yaml")
    a.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="the day it was approved (default: today)")
    tr = sub.add_parser(
        "translate", help="a parent notice's words out to a translator (gettext PO) and the translation back in",
        description="Translations are made by people: export writes every text of the English notice as a PO file "
        "(any PO editor opens it), import writes policy_data/notices/NOTICE_ID.LANG.yaml from the translated file.",
    )
    trs = tr.add_subparsers(dest="translate_command", required=True, metavar="ACTION")
    tre = trs.add_parser("export", parents=[common], help="write a notice's texts as a PO file for a translator")
    tre.add_argument("notice", type=_slug, metavar="NOTICE_ID", help="the English notice, like 'fair-processing-notice'")
    tre.add_argument("--language", required=True, metavar="LANG", help="the language to translate into, like bn, ur, pl")
    # dest po_out: the project's --out is an output folder, this is one file
    tre.add_argument("--out", dest="po_out", type=Path, required=True, metavar="FILE.po", help="the PO file to write (a new file)")
    tre.add_argument("--force", action="store_true", help="replace FILE.po if it already exists (by default an existing file is never overwritten)")
    tri = trs.add_parser("import", parents=[common], help="write the notice's translation from a translated PO file")
    tri.add_argument("po_file", type=Path, metavar="FILE.po", help="the translated PO file")
    tri.add_argument("--notice", required=True, type=_slug, metavar="NOTICE_ID", help="the English notice it translates")
    tri.add_argument("--partial", action="store_true",
                     help="import although some texts are untranslated or fuzzy: they stay in English, and the "
                     "printed translation says first, in a box, that parts are still in English")
    st = sub.add_parser("status", parents=[common], help="who has signed what: writes build/private/ from the staff records")
    st.add_argument("--records", type=Path, default=None, help="staff records folder (default: ROOT/records)")
    st.add_argument("--out", type=Path, default=None, help="output folder, not inside docs/, a published output or the data "
                    "(default: ROOT/build); writes its own files into OUT/private/ and deletes no other")
    sg = sub.add_parser("sign", parents=[common], help="record signatures in the staff records (one, or a CSV sign-in sheet)")
    sg.add_argument("person", nargs="?", help="the person's id in staff.yaml, like ada-example")
    sg.add_argument("policy", nargs="?", help="the policy id, like safeguarding")
    sg.add_argument("--release", default=None, metavar="YYYY-MM-DD", help="the release they signed, as its file is named: YYYY-MM-DD, or YYYY-MM-DD.N for a later one that day (default: the one in force on the day)")
    sg.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="the day they signed (default: today)")
    sg.add_argument("--csv", type=Path, default=None, metavar="FILE", help="record every row of a CSV file (columns: person, policy, date, release)")
    sg.add_argument("--records", type=Path, default=None, help="staff records folder (default: ROOT/records)")
    du = sub.add_parser("due", parents=[common], help="what falls due in the next N days: reviews, training, signatures, induction")
    du.add_argument("--days", default="28", metavar="N", help="how many days ahead to look (default: 28)")
    du.add_argument("--records", type=Path, default=None, help="staff records folder (default: ROOT/records if it exists); the list then names people and goes to build/private/")
    du.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/build)")
    sub.add_parser("schema", parents=[common], help="write the JSON Schema of every kind of data file into ROOT/schemas/")
    ns = sub.add_parser(
        "new-setting", parents=[common], help="add a setting that adopts the model (ROOT/settings/ID/)",
        description="In a repository of model policies (ROOT/model/), make ROOT/settings/ID/ for a setting that "
        "adopts them: its setting.yaml with every fact unset, an overrides.yaml recording the model release "
        "adopted, and an empty approvals.yaml.",
    )
    ns.add_argument("id", type=_slug, metavar="ID", help="the setting's id, e.g. oak-tree")
    ns.add_argument("--name", required=True, help='the setting\'s name, e.g. "Oak Tree Nursery"')
    ns.add_argument("--kind", default=None, metavar="KIND", help=KIND_HELP)
    rs = sub.add_parser(
        "resolve", parents=[common], help="record a setting's decision where the model changed what it had changed",
        description="Where the model changed a statement that the setting (--setting ID) had replaced or removed, "
        "`handbook check` reports a conflict. Record the decision in the setting's overrides.yaml: --keep-ours, "
        "--take-model or --text. --adopt records the model's latest release as adopted, once no conflict is left.",
    )
    rs.add_argument("statement", nargs="?", metavar="STATEMENT-ID", help="the statement in conflict, e.g. CONF-STR-12")
    choice = rs.add_mutually_exclusive_group(required=True)
    choice.add_argument("--keep-ours", action="store_true", help="keep the setting's version (its words, or leaving it out)")
    choice.add_argument("--take-model", action="store_true", help="drop the setting's change: the model's words from now on")
    choice.add_argument("--text", help="new words of the setting's own for the statement")
    choice.add_argument("--adopt", action="store_true", help="record the model's latest release as the one adopted")
    rs.add_argument("--after", metavar="ID", help="with --keep-ours for a statement the model removed: the statement it follows")
    return p


def _slug(value: str) -> str:
    import re

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value) or len(value) > 60:
        raise argparse.ArgumentTypeError(f"'{value}' is not a valid id: use lower-case letters, digits and single hyphens, like 'child-protection'")
    return value


def _prefix(value: str) -> str:
    import re

    if not re.fullmatch(r"[A-Z][A-Z0-9]{0,9}", value):
        raise argparse.ArgumentTypeError(f"'{value}' is not a valid prefix: use capitals and digits, like 'CONF'")
    return value


def project_of(args: argparse.Namespace) -> Project:
    """The one project object every command is given, from the command line."""
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    if args.setting:
        return Project.for_setting(
            args.root, args.setting, out=getattr(args, "out", None), records=getattr(args, "records", None),
            as_of=as_of, strict=getattr(args, "strict", False),
        )
    return Project.at(
        args.root,
        args.data,
        out=getattr(args, "out", None),
        records=getattr(args, "records", None),
        as_of=as_of,
        strict=getattr(args, "strict", False),
    )


def cmd_import(args, project: Project) -> int:
    if args.update:
        from .commands.word import update_command

        if args.id or args.force or args.prefix or args.title or args.out or args.keep_lines:
            return _usage("import: --update merges into an existing policy; --id, --out, --force, --prefix, --title "
                          "and --keep-lines are for a first import")
        return update_command(project, args.file, args.update, args.dry_run)
    if not args.id:
        return _usage("import: give --id NEW_POLICY_ID for a first import, or --update POLICY_ID for a revised document")
    if args.dry_run:
        return _usage("import: --dry-run goes with --update")
    from .features.importer import run

    out = args.out or project.data_dir / "policies"
    return run(
        args.file, args.id, project.data_dir, out, args.force, args.prefix, args.title, args.keep_lines,
        on=project.as_of, schemas=project.root / SCHEMA_DIR,
    )


def cmd_export(args, project: Project) -> int:
    from .commands.word import export_command

    return export_command(project, args.policy, args.docx, args.force)


def cmd_translate(args, project: Project) -> int:
    from .commands.translate import export_command, import_command

    if args.translate_command == "export":
        return export_command(project, args.notice, args.language, args.po_out, args.force)
    return import_command(project, args.po_file, args.notice, args.partial)


def _usage(message: str) -> int:
    print(f"handbook {message}", file=sys.stderr)
    return 2


def cmd_check(args, project: Project) -> int:
    from .commands.check import check

    return check(project)


def cmd_approve(args, project: Project) -> int:
    from .commands.approve import approve

    return approve(project, args.document, args.by, args.date)


def cmd_build(args, project: Project) -> int:
    from .commands.build import build, build_all_settings

    if args.jobs is not None:
        if args.jobs < 1:
            return _usage("build: --jobs needs a number of cores, 1 or more")
        project = dataclasses.replace(project, jobs=args.jobs)
    if args.all_settings:
        if args.setting or args.data or args.out or args.records:
            return _usage("build: --all-settings builds every setting into ROOT/build/settings/; give no --setting, --data, --out or --records")
        return build_all_settings(project, quiet=args.quiet)
    return build(project, quiet=args.quiet)


def cmd_serve(args, project: Project) -> int:
    from .commands.serve import serve

    return serve(project, args.dev_addr)


def cmd_release(args, project: Project) -> int:
    from .commands.release import make_release

    if args.force:
        return _usage("release: --force is gone: a release is never replaced (signatures, approvals and settings that "
                      "adopted it point at it). Run `handbook release` again without it: a correction is a new release "
                      "(a second one the same day is DATE.2)")
    date = dt.date.fromisoformat(args.date) if args.date else project.as_of
    return make_release(project, date, args.note)


def cmd_status(args, project: Project) -> int:
    from .commands.status import status

    if args.records is None:  # status always reads staff records: the project's own by default
        project = dataclasses.replace(project, records_dir=project.default_records)
    return status(project)


def cmd_schema(args, project: Project) -> int:
    from .commands.schema import write_schemas

    return write_schemas(project)


def cmd_sign(args, project: Project) -> int:
    from .commands.cycle import sign_command

    if args.records is None:  # signatures go into the staff records: the project's own by default
        project = dataclasses.replace(project, records_dir=project.default_records)
    return sign_command(project, args.person, args.policy, args.release, args.date, args.csv)


def cmd_due(args, project: Project) -> int:
    from .commands.cycle import due_command

    if args.records is None and (project.default_records).is_dir():  # names people only with records
        project = dataclasses.replace(project, records_dir=project.default_records)
    return due_command(project, args.days)


def cmd_new(args) -> int:
    from .commands.new import new_project
    from .core.output_place import output_refusal as refusal

    # A new project inside another one's docs/, build/site/ or data would be published or read as data.
    around = next((folder for folder in args.dir.resolve().parents
                   if (folder / "mkdocs.yml").is_file() or (folder / "policy_data").is_dir()), None)
    if around is not None and (refused := refusal(Project.at(around), args.dir, "DIR")):
        print(f"handbook new: {refused}", file=sys.stderr)
        return 1

    return new_project(args.dir, args.name, args.from_project, args.kind)


def cmd_new_setting(args, project: Project) -> int:
    from .commands.settings import new_setting

    if args.setting or args.data:
        return _usage("new-setting: give the new setting's id, not --setting or --data")
    return new_setting(project, args.id, args.name, args.kind)


def cmd_resolve(args, project: Project) -> int:
    from .commands.settings import resolve

    if not project.setting:
        return _usage("resolve: say which setting with --setting ID")
    if args.adopt == bool(args.statement):
        return _usage("resolve: give a STATEMENT-ID with --keep-ours, --take-model or --text; or --adopt alone")
    return resolve(project, args.statement, args.keep_ours, args.take_model, args.text, args.after, args.adopt)


# Every option that names a place a command writes (or, for --records, staff records that must
# stay unpublished), and what is allowed there (core/output_place.py).  Checked before a
# command runs; tests/test_output_places.py walks the parser and fails on an option naming a
# path that is missing here.
OUTPUT_OPTIONS: dict[tuple[str, str], dict] = {
    ("build", "out"): {"replaces_folder": True},
    ("status", "out"): {},
    ("due", "out"): {},
    ("export", "docx"): {},
    ("translate", "po_out"): {},
    ("import", "out"): {"allowed": frozenset({"data"})},  # its purpose: a new policy file in the data
    ("new", "dir"): {},  # checked against the project around DIR, if any (cmd_new)
    ("build", "records"): {"allowed": frozenset({"data", "records"})},
    ("status", "records"): {"allowed": frozenset({"data", "records"})},
    ("sign", "records"): {"allowed": frozenset({"data", "records"})},
    ("due", "records"): {"allowed": frozenset({"data", "records"})},
}


def output_refusal(args: argparse.Namespace, project: Project) -> str | None:
    from .core.output_place import output_refusal as refusal

    for (command, dest), rules in OUTPUT_OPTIONS.items():
        value = getattr(args, dest, None) if command == args.command else None
        if value is not None:
            option = "--out" if dest in ("docx", "po_out") else f"--{dest}"
            if reason := refusal(project, value, option, **rules):
                return reason
    return None


COMMANDS = {
    "check": cmd_check,
    "build": cmd_build,
    "serve": cmd_serve,
    "import": cmd_import,
    "export": cmd_export,
    "translate": cmd_translate,
    "release": cmd_release,
    "status": cmd_status,
    "sign": cmd_sign,
    "due": cmd_due,
    "approve": cmd_approve,
    "schema": cmd_schema,
    "new-setting": cmd_new_setting,
    "resolve": cmd_resolve,
}


START_ONE = 'start one with `handbook new FOLDER --name "Setting name"`'


def locate_root(args: argparse.Namespace) -> tuple[Path | None, str | None]:
    """The project folder a command works on, or why there is none.  Like git, the nearest
    folder from here upwards that holds a project; --root names one explicitly, and --data a
    data folder to use wherever it is.  Without this, a command run in the wrong folder (a
    home folder) would quietly make a stray policy_data/ there."""
    if args.root is not None:
        root = args.root.resolve()
        if args.data is None and not is_project(root):
            where = "does not exist" if not root.exists() else f"has no {DATA_DIR}/ folder (nor {MODEL_DIR}/{DATA_DIR}/)"
            return None, f"--root {args.root}: that is not a handbook project (it {where}); give the project's folder, or {START_ONE}"
        return root, None
    here = Path.cwd()
    found = find_root(here)
    if found is None and args.data is None:
        return None, (f"not in a handbook project: there is no {DATA_DIR}/ folder in {here} or any folder above it; "
                      f"cd into the project's folder (or give --root FOLDER), or {START_ONE}")
    return found or here, None


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "new":  # makes a project: there is none to load yet
            return cmd_new(args)
        args.root, problem = locate_root(args)
        if problem:
            print(f"handbook {args.command}: {problem}", file=sys.stderr)
            return 1
        if args.setting and args.data:
            return _usage(f"{args.command}: --setting ID reads ROOT/settings/ID/ over ROOT/model/; give it or --data, not both")
        if args.setting and args.setting not in (known := (repository := Project.at(args.root)).settings()):
            missing = repository.shown(args.root / SETTINGS_DIR / args.setting / "setting.yaml")
            return _usage(f"{args.command}: there is no setting '{args.setting}' (no {missing})"
                          + (f"; settings: {', '.join(known)}" if known else ""))
        project = project_of(args)
        if refused := output_refusal(args, project):
            print(f"handbook {args.command}: {refused}", file=sys.stderr)
            return 1
        return COMMANDS[args.command](args, project)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
