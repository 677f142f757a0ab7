"""`handbook new DIR --name NAME [--from PROJECT]`: start a setting's own handbook project.

Like `mkdocs new` or `pelican-quickstart`: the folder gets the layout every project has
(policy_data/, checklists/, docs/, schemas/, mkdocs.yml) from the starter in
templates/new/, with the setting's name and id and every fact unset.

`--from` starts from another project's policies instead (a local authority's model set, or a
neighbouring setting's): its policies, roles, checklists, notice wording, retention schedule,
register and glossary, but none of its facts.  Its setting.yaml, releases, approvals, training
sessions and staff records are never read; in what is copied, the register's owners and
dates, the retention periods and actions, the publication scheme's facts and the notice's
version and issue date are set back to null, and the other setting's name becomes `{setting}`
(features/policies/setting_name.py), which the new project prints as its own name: only where
the whole name stands ("Home" in "Home's", never in "Homerton"), each place listed.

Every file to be copied is read by the strict loader before anything is made, and the project
is made in a hidden folder beside DIR and renamed into place at the end, so a refusal or a
failure leaves nothing that would block a second try.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core.datafiles import current_umask, data_files
from generator.core.findings import DataError
from generator.core.output_place import output_refusal
from generator.core.project import CHECKLISTS_DIR, DATA_DIR, Project

from .arguments import KIND_HELP

# The parser imports this module for its arguments: what making a project needs (Jinja, YAML,
# the models, the kinds table) is imported by the functions that use it.
if TYPE_CHECKING:
    from generator.core.load import LoadedFile
    from generator.features.policies.kinds import Kind

NAME = "new"
HELP = "start a setting's own handbook project in a new folder"
DESCRIPTION = (
    "Make a new handbook project in DIR (which must be new or empty): policy_data/ with "
    "the setting's facts unset, the roles most settings have, an empty register, a starter parent "
    "notice, retention and publication scheme starters; checklists/, docs/, schemas/, mkdocs.yml, "
    ".gitignore and a README saying what to fill in first."
)
NEEDS_PROJECT = False  # it makes one
OUTPUTS: dict[str, dict[str, Any]] = {"dir": {}}  # checked against the project around DIR, if any (in run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, metavar="DIR", help="the new project's folder")
    parser.add_argument("--name", required=True, help='the setting\'s name, e.g. "Oak Tree Nursery"')
    parser.add_argument(
        "--kind", default=None, metavar="KIND", help=KIND_HELP + "; it also decides the starter roles and checklists"
    )
    parser.add_argument(
        "--from",
        dest="from_project",
        type=Path,
        default=None,
        metavar="PROJECT",
        help="start from another project's policies (e.g. a local authority's model set): its policies, "
        "roles, checklists, notice wording, retention schedule and register, without its facts, "
        "releases, approvals, training sessions or staff records",
    )


def run(args: argparse.Namespace, project: Project | None) -> int:  # there is no project yet: None
    # A new project inside another one's docs/, build/site/ or data would be published or read as data.
    around = next(
        (
            folder
            for folder in args.dir.resolve().parents
            if (folder / "mkdocs.yml").is_file() or (folder / "policy_data").is_dir()
        ),
        None,
    )
    if around is not None and (refused := output_refusal(Project.at(around), args.dir, "DIR")):
        print(f"handbook new: {refused}", file=sys.stderr)
        return 1
    return new_project(args.dir, args.name, args.from_project, args.kind)


# templates/new/ (core/templating.TEMPLATES / "new"), named without loading Jinja.
STARTER = Path(__file__).resolve().parent.parent / "templates" / "new"

GITIGNORE = """\
# The built handbook (rebuilt by `handbook build`) and staff records (personal data: who signed
# what). Neither belongs in the repository.
/build/
/.build.*
/records/
"""

# The setting's own facts in the files `--from` copies: set back to null.  A path's `*` is
# any list item.
FACTS: dict[str, list[tuple[str, ...]]] = {
    "register.yaml": [
        ("documents", "*", key) for key in ("owner", "review_cycle_months", "approved", "last_reviewed", "next_review")
    ],
    "retention.yaml": [("records", "*", key) for key in ("period", "action", "statutory_basis", "departure_reason")],
    "publication-scheme.yaml": [("adopted",)]
    + [("classes", "*", "items", "*", key) for key in ("published_source", "how_to_get", "format", "charge")],
    # other_formats promises a way to ask for another format: the new setting's to give
    "notices/*.yaml": [("version",), ("issued",), ("other_formats",)],
}
# What `--from` copies from the other project's data folder (besides its checklists).
COPIED = (
    "roles.yaml",
    "register.yaml",
    "policies/*.yaml",
    "notices/*.yaml",
    "retention.yaml",
    "publication-scheme.yaml",
    "glossary.yaml",
    "regulator.yaml",
)


class NewProjectError(Exception):
    """Why the project cannot be made; printed as it is, exit 1."""


def setting_id(folder: Path) -> str:
    """The setting's id, from its folder's name: 'Oak Tree Nursery' -> 'oak-tree-nursery'."""
    slug = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")[:60].strip("-")
    return slug or "setting"


def new_project(dest: Path, name: str, source: Path | None = None, kind_id: str | None = None) -> int:
    """Make the project in a hidden folder beside `dest` and rename it into place at the end:
    a refusal or a failure half-way leaves nothing behind that would block a second try."""
    from generator.features.policies.kinds import package_table
    from generator.features.policies.setting_name import PLACEHOLDER

    from .new_kind import write_kind

    try:
        name = " ".join(name.split())
        if not name:
            raise NewProjectError('--name is empty: give the setting\'s name, e.g. --name "Oak Tree Nursery"')
        kind = _kind(kind_id) if kind_id is not None else None
        if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
            raise NewProjectError(f"{dest} is not empty: `handbook new` makes a project in a new or empty folder")
        source_data = _source_data(source) if source is not None else None
        copies = _copies(source_data) if source_data is not None else []
        their_name = _their_name(source_data) if source_data is not None else None
        replacements: list[str] = []
        placeholders: list[str] = []
        with _folder_made_in_place(dest) as scratch:
            _write_starter(scratch, name, source_data is not None, setting_id(dest), kind)
            if kind is not None and source_data is None:  # --from brings its own roles and checklists
                write_kind(scratch, kind, package_table())
            if source_data is not None:
                replacements, placeholders = _adopt(source_data, scratch, their_name, copies)
                if kind is not None:
                    _for_kind(scratch, kind)
    except NewProjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"made {dest}/ for {name}", file=sys.stderr)
    if source_data is not None:
        print(
            f"  from {source_data}: {len(copies)} files (policies, roles, checklists, notices, retention, register, "
            "glossary), with the other setting's facts left out",
            file=sys.stderr,
        )
        if replacements:
            print(
                f"  its name {their_name!r} became {PLACEHOLDER} (whole names only) in {len(replacements)} "
                f"place{'s' * (len(replacements) != 1)}:",
                file=sys.stderr,
            )
            for line in replacements:
                print(f"    {line}", file=sys.stderr)
        if placeholders:
            print(
                "  its role titles became {role:ID} and its noun {noun} (the titles in this project's roles.yaml, "
                "and what setting.yaml calls this setting, print there):",
                file=sys.stderr,
            )
            for line in placeholders:
                print(f"    {line}", file=sys.stderr)
    print(
        f"next: cd {dest} && handbook check   (lists what is to be completed; the README says what first)",
        file=sys.stderr,
    )
    return 0


def _kind(kind_id: str) -> Kind:
    from generator.features.policies.kinds import package_table

    kinds = package_table().by_id()
    if kind_id not in kinds:
        raise NewProjectError(f"--kind {kind_id}: not a kind of setting this tool knows; one of: {', '.join(kinds)}")
    return kinds[kind_id]


@contextmanager
def _folder_made_in_place(dest: Path) -> Iterator[Path]:
    """A hidden scratch folder beside `dest` to make the project in, renamed to `dest` when the
    block succeeds and removed whatever happens.  A folder that cannot be made (a file in the
    way, no permission) is a NewProjectError saying so."""
    dest = dest.absolute()
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    except OSError as exc:
        raise NewProjectError(f"cannot make {dest}: {exc.strerror or exc}") from None
    try:
        scratch.chmod(0o777 & ~current_umask())  # mkdtemp makes it private; a project is an ordinary folder
        try:
            yield scratch
            if dest.is_dir():
                dest.rmdir()  # the new or empty folder the user gave (checked above)
            scratch.rename(dest)
        except OSError as exc:
            raise NewProjectError(f"cannot make {dest}: {exc.strerror or exc}; nothing was left behind") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _write_starter(dest: Path, name: str, adopted: bool, sid: str, kind: Kind | None = None) -> None:
    """The starter project; its README says what came from another project (never whose)."""
    import jinja2

    from generator.core.schema import SCHEMA_DIR
    from generator.core.voice import Voice

    from .new_kind import starter_noun, starter_voice
    from .schema import schemas

    render = jinja2.Environment(autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    # The README is Markdown that a forge or an editor shows rendered: the name is text there.
    render.filters["md"] = readme_text
    values = {
        "name": name,
        "id": sid,
        "name_yaml": _yaml_string(name),
        "adopted": adopted,
        "kind": kind,
        "a11y": kind.accessibility_regulations.applies if kind else None,
        "noun": starter_noun(kind, name) if kind else None,  # (noun, where it came from), or None
        "v": starter_voice(kind, name) if kind else Voice("the setting"),
    }  # "we", or a childminder's "I"
    for path in sorted(STARTER.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(STARTER)
        if path.suffix == ".j2":
            target = dest / rel.with_suffix("")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render.from_string(path.read_text(encoding="utf-8")).render(values), encoding="utf-8")
        else:
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    (dest / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    (dest / SCHEMA_DIR).mkdir()
    for file_name, text in schemas().items():
        (dest / SCHEMA_DIR / file_name).write_text(text, encoding="utf-8")


# What could make markup, a link, emphasis or an entity of a name in a CommonMark document;
# each is written with a backslash, which CommonMark allows before any punctuation ("Oak & Ash:
# Pre-school" stays as it is, readable in an editor too).
_README_SPECIAL = re.compile(r"([\\`*_{}\[\]<>!|]|&(?=#?\w+;))")


def readme_text(value: str) -> str:
    """The setting's name as text in the project's README (one line, no markup)."""
    return _README_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def _yaml_string(value: str) -> str:
    """The name as a YAML scalar that reads back as itself, whatever it holds (a colon, a #)."""
    import yaml

    dumped = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1000)
    return dumped.strip().removesuffix("...").strip()


def _source_data(source: Path) -> Path:
    """The other project's data folder: PROJECT/policy_data, or the folder itself."""
    for folder in (source / DATA_DIR, source):
        if (folder / "setting.yaml").is_file():
            return folder.resolve()
    raise NewProjectError(f"--from {source}: no {DATA_DIR}/setting.yaml there; give a handbook project's folder")


def _shown(path: Path, data: Path) -> str:
    """A source file as messages name it: relative to the other project's folder."""
    return path.relative_to(data.parent).as_posix() if path.is_relative_to(data.parent) else str(path)


def _load_source(path: Path, data: Path) -> LoadedFile:
    """One of the other project's files, read by the strict loader: a file it cannot read stops
    `new` before anything is made, with the file, line and column."""
    from generator.core.load import load_yaml

    try:
        return load_yaml(path, _shown(path, data))
    except DataError as exc:
        raise NewProjectError(
            "--from: the other project's data cannot be read; fix it there first, then run `handbook new` again:\n  "
            + "\n  ".join(str(f) for f in exc.findings)
        ) from None


def _copies(data: Path) -> list[tuple[Path, str]]:
    """(source file, where it goes in the new project) for every file `--from` copies, each
    checked first: all of them load, or nothing is made."""
    copies = [
        (path, f"{DATA_DIR}/{path.relative_to(data).as_posix()}")
        for pattern in COPIED
        for path in data_files(data, pattern)
    ]
    their_checklists = data.parent / CHECKLISTS_DIR
    if their_checklists.is_dir():
        copies += [(path, f"{CHECKLISTS_DIR}/{path.name}") for path in data_files(their_checklists, "*.yaml")]
    for path, _ in copies:
        _load_source(path, data)
    return copies


def _their_name(data: Path) -> str | None:
    loaded = _load_source(data / "setting.yaml", data)
    name = loaded.data.get("name") if isinstance(loaded.data, dict) else None
    return name if isinstance(name, str) and name.strip() else None


def _adopt(
    data: Path, dest: Path, their_name: str | None, copies: list[tuple[Path, str]]
) -> tuple[list[str], list[str]]:
    """Copy the other project's policies and wording into dest, without its facts.  Returns
    each place its name was replaced by the placeholder, as `file:line:column: words`, and each
    role title and noun of its made a placeholder (new_from_words.py), as `file: what (count)`."""
    from generator.core.load import load_yaml
    from generator.features.policies.kinds import package_table
    from generator.features.policies.setting_name import PLACEHOLDER

    from .new_from_words import READ_WITH_PLACEHOLDERS, generalised, their_noun, their_roles

    if any(target.startswith(f"{CHECKLISTS_DIR}/") for _, target in copies):
        for starter in data_files(dest / CHECKLISTS_DIR, "*.yaml"):
            starter.unlink()  # theirs name their roles; the starter's name the starter roles
    replaced: list[str] = []
    placeholders: list[str] = []  # its role titles and noun, as placeholders
    roles = their_roles(data)
    noun = their_noun(data, {k.id: k.noun for k in package_table().kinds})
    for path, target in copies:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(data).as_posix() if path.is_relative_to(data) else ""
        for pattern, keys in FACTS.items():
            if Path(rel).match(pattern):
                text = _unset(text, load_yaml(path), keys, rel)
        if rel == "register.yaml":  # the other setting holds these; whether this one does is to be confirmed
            text = re.sub(r"(?m)^([ \t]*-?[ \t]*status:[ \t]*)held-by-centre[ \t]*$", r"\1named-in-policy", text)
        header_lines = 0
        if rel.startswith("policies/"):
            with_header = _adoption_header(text)
            header_lines, text = with_header.count("\n") - text.count("\n"), with_header
        if their_name:
            text, places = name_replaced(text, their_name, skip_lines=header_lines)
            replaced += [f"{target}:{place}" for place in places]
        if target.removeprefix(f"{DATA_DIR}/").startswith(READ_WITH_PLACEHOLDERS):
            # its role titles and noun: the new setting's own, read from its roles.yaml and setting.yaml
            text, said = generalised(text, roles, noun)
            placeholders += [f"{target}: {what}" for what in said]
        (dest / target).parent.mkdir(parents=True, exist_ok=True)
        (dest / target).write_text(text, encoding="utf-8")
        try:  # "{setting}" first in an unquoted value would read as YAML braces
            load_yaml(dest / target, target)
        except DataError as exc:
            raise NewProjectError(
                f"--from: with the other setting's name replaced by {PLACEHOLDER}, {target} would not read "
                f"({exc.findings[0]}); put that value in quotes in {_shown(path, data)}, then run `handbook new` again"
            ) from None
    return replaced, placeholders


def _for_kind(dest: Path, kind: Kind) -> None:
    """What `--kind` changes in words copied from a setting of another kind: the glossary and
    retention entries in the words the kind's starter has (KCSIE only where it applies; a
    childminder's own), no FOI terms or guide to information where FOI does not apply, and the
    notice in a childminder's first person (audit 2, W2 and M5)."""
    from generator.core.voice import Voice

    from .new_kind import FOI_TERMS, _in_voice, _without_terms, _write_for_kind

    data = dest / DATA_DIR
    if not kind.foi_publication_scheme.applies:
        (data / "publication-scheme.yaml").unlink(missing_ok=True)
        glossary = data / "glossary.yaml"
        if glossary.is_file():
            glossary.write_text(_without_terms(glossary.read_text(encoding="utf-8"), FOI_TERMS), encoding="utf-8")
    if (data / "glossary.yaml").is_file() and (data / "retention.yaml").is_file():
        _write_for_kind(data, kind)
        glossary = data / "glossary.yaml"
        glossary.write_text(_related_that_exist(glossary.read_text(encoding="utf-8")), encoding="utf-8")
    _in_voice(dest, Voice(kind.noun))


QUOTES = "'\""


def _related_that_exist(text: str) -> str:
    """The glossary with each `related: [...]` naming only terms it still has (the kind's
    entries leave some out: a childminder has no deputy designated safeguarding lead)."""
    import yaml

    terms = (yaml.safe_load(text) or {}).get("terms") or []
    known = {str(t.get(key)) for t in terms for key in ("term", "abbreviation") if t.get(key)}

    def kept(match: re.Match[str]) -> str:
        names = [n.strip() for n in match.group(2).split(",") if n.strip()]
        still = ", ".join(n for n in names if n.strip(QUOTES) in known)
        return f"{match.group(1)}[{still}]"

    return re.sub(r"(?m)^(\s+related:\s*)\[([^\]\n]*)\]", kept, text)


def name_replaced(text: str, name: str, skip_lines: int = 0) -> tuple[str, list[str]]:
    """`text` with every whole occurrence of `name` replaced by the placeholder ("Home" in
    "Home's garden", never in "Homerton" or "home-made"), the name allowed to wrap onto the
    next line; the first `skip_lines` (our own note) are left alone.  Also returns each place
    as `line:column: the words around it`."""
    from generator.features.policies.setting_name import PLACEHOLDER

    words = [re.escape(word) for word in name.split()]
    pattern = re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])")
    lines = text.splitlines(keepends=True)
    head, body = "".join(lines[:skip_lines]), "".join(lines[skip_lines:])
    places, done, last = [], "", 0
    for match in pattern.finditer(body):
        done += body[last : match.start()]  # the new text up to this place: lines and columns are the new file's
        line = skip_lines + done.count("\n") + 1
        column = len(done) - (done.rfind("\n") + 1) + 1
        context = " ".join(body[max(0, match.start() - 30) : match.end() + 30].split())
        places.append(f"{line}:{column}: ...{context}...")
        done, last = done + PLACEHOLDER, match.end()
    return head + done + body[last:], places


def _adoption_header(text: str) -> str:
    """Say, at the top of an adopted policy, where it came from: the comments that follow are
    the other project's."""
    from generator.features.policies.setting_name import PLACEHOLDER

    lines = text.splitlines(keepends=True)
    keep = 1 if lines and lines[0].startswith("# yaml-language-server:") else 0
    note = (
        "# Adopted from another project with `handbook new --from`. The comments below are that\n"
        f"# project's; where its words named it, they now say {PLACEHOLDER}, which prints as this\n"
        "# setting's name. Read every statement: it describes the other setting's practice until you\n"
        "# make it yours.\n"
    )
    return "".join(lines[:keep]) + note + "".join(lines[keep:])


def _unset(text: str, loaded: LoadedFile, keys: list[tuple[str, ...]], rel: str) -> str:
    """The YAML text with each of these keys' values set to null, every other line as it was
    (comments included), checked as `handbook check` reads that kind of file."""
    from generator.core.edits import check_text
    from generator.core.yaml_lines import EditRefused, LineEdits
    from generator.pipeline.edits import kind_of

    try:
        edits = LineEdits(text, loaded)
        for path in loaded.positions:
            if path and path[-1] != "__value__" and any(_matches(path, pattern) for pattern in keys):
                edits.set_plain(path, "null")
        unset = edits.text()
        kind = kind_of(rel)
        check_text(unset, loaded.path, f"{DATA_DIR}/{rel}", kind.model, kind.file_check)
    except EditRefused as exc:
        raise NewProjectError(f"--from: {loaded.name}: its facts could not be left out: {exc}") from None
    return unset


def _matches(path: tuple, pattern: tuple[str, ...]) -> bool:
    return len(path) == len(pattern) and all(p == "*" and isinstance(k, int) or p == k for k, p in zip(path, pattern))
