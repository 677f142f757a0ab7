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
(features/policies/setting_name.py), which the new project prints as its own name.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import jinja2
import yaml

from generator.core.load import LoadedFile, load_yaml
from generator.core.project import CHECKLISTS_DIR, DATA_DIR
from generator.core.schema import SCHEMA_DIR
from generator.core.templating import TEMPLATES
from generator.core.yaml_lines import LineEdits
from generator.features.policies.kinds import Kind, package_table
from generator.features.policies.setting_name import PLACEHOLDER

from .new_kind import write_kind
from .schema import schemas

STARTER = TEMPLATES / "new"

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
    "register.yaml": [("documents", "*", key) for key in ("owner", "review_cycle_months", "approved", "last_reviewed", "next_review")],
    "retention.yaml": [("records", "*", key) for key in ("period", "action", "statutory_basis", "departure_reason")],
    "publication-scheme.yaml": [("adopted",)] + [
        ("classes", "*", "items", "*", key) for key in ("published_source", "how_to_get", "format", "charge")
    ],
    # other_formats promises a way to ask for another format: the new setting's to give
    "notices/*.yaml": [("version",), ("issued",), ("other_formats",)],
}
# What `--from` copies from the other project's data folder (besides its checklists).
COPIED = ("roles.yaml", "register.yaml", "policies/*.yaml", "notices/*.yaml", "retention.yaml",
          "publication-scheme.yaml", "glossary.yaml", "regulator.yaml")


class NewProjectError(Exception):
    """Why the project cannot be made; printed as it is, exit 1."""


def setting_id(folder: Path) -> str:
    """The setting's id, from its folder's name: 'Oak Tree Nursery' -> 'oak-tree-nursery'."""
    slug = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")[:60].strip("-")
    return slug or "setting"


def new_project(dest: Path, name: str, source: Path | None = None, kind_id: str | None = None) -> int:
    try:
        name = " ".join(name.split())
        if not name:
            raise NewProjectError("--name is empty: give the setting's name, e.g. --name \"Oak Tree Nursery\"")
        kind = _kind(kind_id) if kind_id is not None else None
        if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
            raise NewProjectError(f"{dest} is not empty: `handbook new` makes a project in a new or empty folder")
        source_data = _source_data(source) if source is not None else None
        dest.mkdir(parents=True, exist_ok=True)
        their_name = _their_name(source_data) if source_data is not None else None
        _write_starter(dest, name, source_data is not None, kind)
        if kind is not None and source_data is None:  # --from brings its own roles and checklists
            write_kind(dest, kind, package_table())
        if source_data is not None:
            copied = _adopt(source_data, dest, their_name)
    except NewProjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"made {dest}/ for {name}", file=sys.stderr)
    if source_data is not None:
        print(f"  from {source_data}: {copied} files (policies, roles, checklists, notices, retention, register, "
              "glossary), with the other setting's facts left out", file=sys.stderr)
    print(f"next: cd {dest} && handbook check   (lists what is to be completed; the README says what first)", file=sys.stderr)
    return 0


def _kind(kind_id: str) -> Kind:
    kinds = package_table().by_id()
    if kind_id not in kinds:
        raise NewProjectError(f"--kind {kind_id}: not a kind of setting this tool knows; one of: {', '.join(kinds)}")
    return kinds[kind_id]


def _write_starter(dest: Path, name: str, adopted: bool, kind: Kind | None = None) -> None:
    """The starter project; its README says what came from another project (never whose)."""
    render = jinja2.Environment(autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    values = {"name": name, "id": setting_id(dest), "name_yaml": _yaml_string(name), "adopted": adopted,
              "kind": kind, "a11y": kind.accessibility_regulations.applies if kind else None}
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


def _yaml_string(value: str) -> str:
    """The name as a YAML scalar that reads back as itself, whatever it holds (a colon, a #)."""
    dumped = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1000)
    return dumped.strip().removesuffix("...").strip()


def _source_data(source: Path) -> Path:
    """The other project's data folder: PROJECT/policy_data, or the folder itself."""
    for folder in (source / DATA_DIR, source):
        if (folder / "setting.yaml").is_file():
            return folder.resolve()
    raise NewProjectError(f"--from {source}: no {DATA_DIR}/setting.yaml there; give a handbook project's folder")


def _their_name(data: Path) -> str | None:
    loaded = load_yaml(data / "setting.yaml")
    name = loaded.data.get("name") if isinstance(loaded.data, dict) else None
    return name if isinstance(name, str) and name.strip() else None


def _adopt(data: Path, dest: Path, their_name: str | None) -> int:
    """Copy the other project's policies and wording into dest, without its facts."""
    copies: list[tuple[Path, Path]] = [
        (path, dest / DATA_DIR / path.relative_to(data)) for pattern in COPIED for path in sorted(data.glob(pattern))
    ]
    their_checklists = data.parent / CHECKLISTS_DIR
    if their_checklists.is_dir():
        for starter in (dest / CHECKLISTS_DIR).glob("*.yaml"):
            starter.unlink()  # theirs name their roles; the starter's name the starter roles
        copies += [(path, dest / CHECKLISTS_DIR / path.name) for path in sorted(their_checklists.glob("*.yaml"))]
    for path, target in copies:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(data).as_posix() if path.is_relative_to(data) else ""
        for pattern, keys in FACTS.items():
            if Path(rel).match(pattern):
                text = _unset(text, load_yaml(path), keys)
        if rel == "register.yaml":  # the other setting holds these; whether this one does is to be confirmed
            text = re.sub(r"(?m)^([ \t]*-?[ \t]*status:[ \t]*)held-by-centre[ \t]*$", r"\1named-in-policy", text)
        if their_name:
            text = text.replace(their_name, PLACEHOLDER)
        if rel.startswith("policies/"):
            text = _adoption_header(text)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return len(copies)


def _adoption_header(text: str) -> str:
    """Say, at the top of an adopted policy, where it came from: the comments that follow are
    the other project's."""
    lines = text.splitlines(keepends=True)
    keep = 1 if lines and lines[0].startswith("# yaml-language-server:") else 0
    note = (
        "# Adopted from another project with `handbook new --from`. The comments below are that\n"
        f"# project's; where its words named it, they now say {PLACEHOLDER}, which prints as this\n"
        "# setting's name. Read every statement: it describes the other setting's practice until you\n"
        "# make it yours.\n"
    )
    return "".join(lines[:keep]) + note + "".join(lines[keep:])


def _unset(text: str, loaded: LoadedFile, keys: list[tuple[str, ...]]) -> str:
    """The YAML text with each of these keys' values set to null, every other line as it was
    (comments included)."""
    edits = LineEdits(text, loaded)
    for path in loaded.positions:
        if path and path[-1] != "__value__" and any(_matches(path, pattern) for pattern in keys):
            edits.set_plain(path, "null")
    return edits.text()


def _matches(path: tuple, pattern: tuple[str, ...]) -> bool:
    return len(path) == len(pattern) and all(p == "*" and isinstance(k, int) or p == k for k, p in zip(path, pattern))
