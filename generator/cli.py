"""The `handbook` command."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from . import __version__
from .findings import DataError, Report

DESCRIPTION = """\
Keep a centre's policies as YAML in policy_data/ and publish them: a searchable staff
handbook (build/site/), and printed documents (build/print/).

Findings are printed as  path:line:column: level: message  (level: error, warning or note)
Exit codes: 0 success, 1 the data has errors (or warnings with --strict), 2 bad usage."""


def _date(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; write YYYY-MM-DD") from None
    return value


APPROVE_HELP = """\
Record that the centre approved a document, in its current words: the version and content
fingerprint, who (a role) and when go into policy_data/approvals.yaml (commit it). Until then,
and again whenever the document changes, its printed pages and handbook page say
"Draft: not yet approved". Refused, with nothing written, when the data has errors.

Documents (DOC):
  policy/POLICY-ID             a policy, e.g. policy/confidentiality (its released version)
  notice/NOTICE-ID             a parent notice, e.g. notice/fair-processing-notice
  notice/NOTICE-ID.LANG        a translation, e.g. notice/fair-processing-notice.tr
  checklist/ROLE-ID            a role's checklist, e.g. checklist/head-teacher
  training/YEAR-september      a training pack, e.g. training/2027-september
`handbook check` lists every document that is still a draft."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="handbook", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"handbook {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path("."), help="project folder with mkdocs.yml (default: .)")
    common.add_argument("--data", type=Path, default=None, help="policy data folder (default: ROOT/policy_data)")
    common.add_argument(
        "--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
        help="the date to judge review dates by (default: $HANDBOOK_DATE, $SOURCE_DATE_EPOCH, or today)",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("check", parents=[common], help="validate the data and print every problem")
    b = sub.add_parser("build", parents=[common], help="check, then build every output into build/")
    b.add_argument("--strict", action="store_true", help="fail on warnings too (for a release)")
    b.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/build)")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress lines, only findings and errors")
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
    e.add_argument("policy", type=_slug, metavar="POLICY_ID", help="the policy to export, like 'confidentiality'")
    e.add_argument("--out", type=Path, required=True, metavar="FILE.docx", help="the Word document to write")
    r = sub.add_parser("release", parents=[common], help="record every policy's current words as a released version")
    r.add_argument("--date", type=_date, default=None, metavar="YYYY-MM-DD", help="release date (default: today)")
    r.add_argument("--note", default=None, help="what the release is for (default: a list of what changed)")
    r.add_argument("--force", action="store_true", help="replace an existing release file for that date")
    a = sub.add_parser(
        "approve", parents=[common], help="record that the centre approved a document (policy_data/approvals.yaml)",
        description=APPROVE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument("document", metavar="DOC", help="the document, like policy/confidentiality (the forms are listed above)")
    a.add_argument("--by", required=True, metavar="ROLE", help="the role that approved it, from roles.yaml, like head-teacher")
    a.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="the day it was approved (default: today)")
    st = sub.add_parser("status", parents=[common], help="who has signed what: writes build/private/ from the staff records")
    st.add_argument("--records", type=Path, default=None, help="staff records folder (default: ROOT/records)")
    st.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/build); writes OUT/private/ only")
    sg = sub.add_parser("sign", parents=[common], help="record signatures in the staff records (one, or a CSV sign-in sheet)")
    sg.add_argument("person", nargs="?", help="the person's id in staff.yaml, like ada-example")
    sg.add_argument("policy", nargs="?", help="the policy id, like confidentiality")
    sg.add_argument("--release", default=None, metavar="YYYY-MM-DD", help="the release they signed (default: the one in force on the day)")
    sg.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="the day they signed (default: today)")
    sg.add_argument("--csv", type=Path, default=None, metavar="FILE", help="record every row of a CSV file (columns: person, policy, date, release)")
    sg.add_argument("--records", type=Path, default=None, help="staff records folder (default: ROOT/records)")
    du = sub.add_parser("due", parents=[common], help="what falls due in the next N days: reviews, training, signatures, induction")
    du.add_argument("--days", default="28", metavar="N", help="how many days ahead to look (default: 28)")
    du.add_argument("--records", type=Path, default=None, help="staff records folder (default: ROOT/records if it exists); the list then names people and goes to build/private/")
    du.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/build)")
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


def cmd_import(args) -> int:
    if args.update:
        from .importer.update import run_update

        if args.id or args.force or args.prefix or args.title or args.out or args.keep_lines:
            return _usage("import: --update merges into an existing policy; --id, --out, --force, --prefix, --title "
                          "and --keep-lines are for a first import")
        return run_update(args.file, args.update, args.root, args.data, args.dry_run)
    if not args.id:
        return _usage("import: give --id NEW_POLICY_ID for a first import, or --update POLICY_ID for a revised document")
    if args.dry_run:
        return _usage("import: --dry-run goes with --update")
    from .importer import run

    return run(args.file, args.id, args.data, args.out or args.data / "policies", args.force, args.prefix, args.title, args.keep_lines)


def cmd_export(args) -> int:
    from .importer.word_export import export

    return export(args.root, args.data, args.policy, args.out)


def _usage(message: str) -> int:
    print(f"handbook {message}", file=sys.stderr)
    return 2


def cmd_check(args) -> int:
    from .project import load_and_check

    try:
        _, report = load_and_check(args.data, args.root)
    except DataError as exc:
        report = Report(exc.findings)
    for finding in report.sorted():
        print(finding)
    print(report.summary(), file=sys.stderr)
    return 1 if report.errors else 0


def cmd_build(args) -> int:
    from .build import build

    records = args.records.resolve() if args.records else None
    return build(
        args.root, args.data, args.out or args.root / "build", strict=args.strict, quiet=args.quiet, records_dir=records
    )


def cmd_serve(args) -> int:
    import functools

    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.livereload import LiveReloadServer

    # MkDocs looks for changed files every half second, which is a quarter of the two seconds
    # an edit may take to show; a tenth of a second costs a few milliseconds of stat() calls.
    mkdocs_serve.LiveReloadServer = functools.partial(LiveReloadServer, polling_interval=0.1)
    # Dirty rebuilds: only pages whose content changed are rendered again (see mkdocs_hook).
    mkdocs_serve.serve(config_file=str(args.root / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True, build_type="dirty")
    return 0


def cmd_release(args) -> int:
    from .clock import today
    from .releases import make_release

    date = dt.date.fromisoformat(args.date) if args.date else today()
    return make_release(args.root, args.data, date, args.note, args.force)


def cmd_approve(args) -> int:
    from .approve import approve

    return approve(args.root, args.data, args.document, args.by, args.date)


def cmd_status(args) -> int:
    from .status import status

    records = (args.records or args.root / "records").resolve()
    return status(args.root, args.data, records, (args.out or args.root / "build").resolve())


def cmd_sign(args) -> int:
    from .cycle.commands import sign_command

    records = (args.records or args.root / "records").resolve()
    return sign_command(args.root, args.data, records, args.person, args.policy, args.release, args.date, args.csv)


def cmd_due(args) -> int:
    from .cycle.commands import due_command

    records = args.records or (args.root / "records" if (args.root / "records").is_dir() else None)
    return due_command(args.root, args.data, records.resolve() if records else None, (args.out or args.root / "build").resolve(), args.days)


COMMANDS = {
    "check": cmd_check,
    "build": cmd_build,
    "serve": cmd_serve,
    "import": cmd_import,
    "export": cmd_export,
    "release": cmd_release,
    "status": cmd_status,
    "sign": cmd_sign,
    "due": cmd_due,
    "approve": cmd_approve,
}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    args.data = (args.data or args.root / "policy_data").resolve()
    if args.as_of:
        os.environ["HANDBOOK_DATE"] = args.as_of
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
