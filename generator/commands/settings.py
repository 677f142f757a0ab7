"""`handbook new-setting` and `handbook resolve`: a setting of a model repository.

new-setting makes settings/<id>/ with the setting's facts unset (as `handbook new` does for a
project) and an overrides.yaml that records the model release adopted.  resolve records a
setting's decision where the model changed a statement the setting had changed too, by editing
overrides.yaml in place: only the lines of the entries it changes are rewritten, every other
line (comments included) stays as it was.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import yaml

from generator.core.datafiles import data_files
from generator.core.editing import ConcurrentEdit, Edit, editing
from generator.core.edits import replace_checked
from generator.core.findings import Report
from generator.core.project import SETTINGS_DIR, Project
from generator.core.schema import SCHEMA_DIR, schema_line
from generator.core.sources import load_model
from generator.core.yaml_lines import EditRefused, LineEdits
from generator.features.policies.kinds import Kind, KindsTable, package_table
from generator.features.releases.model import ReleaseId
from generator.features.settings.model import OVERRIDES_FILE
from generator.features.settings.overriding import (
    OverrideRefused,
    add_our_own,
    checked_words,
    ids_in_use,
    model_words_of,
)
from generator.pipeline.handbook import SOURCES, Handbook

from .common import load_validated
from .new import STARTER, _yaml_string
from .new import setting_id as _slug
from .new_kind import starter_noun, starter_voice, write_starters

OVERRIDES_STARTER = """\
# How this setting departs from the model it adopts (model/): by statement id.
#
# replace: the setting's own words for a model statement.   - id, text, model_text
# remove:  a model statement the setting leaves out.        - id, reason, model_text
#   model_text is the model's words when the change was made: `handbook check` reports a
#   conflict when the model's words move on, until `handbook resolve` records a decision.
#   Write it as the model's text is now (copy it from the model's policy file).
# add:     statements of the setting's own, with ids that begin with `prefix`-.
#          - id, policy, section, after (optional), text, audience, roles
# documents (the register), retention, notices: the setting's own facts for the model's entries, by id
#   (owner and review dates; retention period and action; a notice's version and issue date).
adopted: {adopted}
prefix: null          # e.g. OAK: the setting's own statement ids are OAK-...
replace: []
remove: []
add: []
documents: []
retention: []
notices: []
"""

APPROVALS_STARTER = """\
# Who approved which of this setting's documents, in which words. Written by
# `handbook approve DOC --by ROLE --setting {id}`; do not edit by hand.
approvals: []
"""


# A setting's staff records (personal data) stay out of the repository, as `handbook new`'s do.
RECORDS_IGNORED = "settings/*/records/"


def new_setting(project: Project, sid: str, name: str, kind_id: str | None = None) -> int:
    """settings/<sid>/ for a setting that adopts the model in model/; with a kind (the model's
    kinds.yaml, else the package's), what `handbook new --kind` gives a project of that kind."""
    model = project.root / "model" / "policy_data"
    folder = project.root / SETTINGS_DIR / sid
    name = " ".join(name.split())
    if not (model / "setting.yaml").is_file():
        print(
            f"error: {project.shown(model)}/ has no model (setting.yaml and policies); new-setting adds a setting "
            "to a repository of model policies",
            file=sys.stderr,
        )
        return 1
    kind, table = None, None
    if kind_id is not None:
        table = _kinds_table(project, model)
        if table is None:
            return 1
        kinds = table.by_id()
        if kind_id not in kinds:
            print(
                f"error: --kind {kind_id}: not a kind of setting this tool knows; one of: {', '.join(kinds)}",
                file=sys.stderr,
            )
            return 1
        kind = kinds[kind_id]
    if folder.exists():
        print(f"error: {project.shown(folder)} already exists; choose another id or remove it", file=sys.stderr)
        return 1
    if _slug(Path(sid)) != sid:
        print(f"error: '{sid}' is not a valid id: use lower-case letters, digits and single hyphens", file=sys.stderr)
        return 1
    releases = sorted(filter(None, (ReleaseId.parse(p.stem) for p in data_files(model / "releases", "*.yaml"))))
    adopted = str(releases[-1]) if releases else "null"
    folder.mkdir(parents=True)
    schemas = project.root / SCHEMA_DIR
    render = jinja2.Environment(autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    setting = render.from_string((STARTER / "policy_data" / "setting.yaml.j2").read_text(encoding="utf-8"))
    noun = starter_noun(kind, name) if kind is not None else None  # a pre-school is no "nursery"
    text = setting.render(id=sid, name=name, name_yaml=_yaml_string(name), kind=kind, noun=noun)
    files = {
        "setting.yaml": ("setting", text.split("\n", 1)[1]),  # its own schema line below
        OVERRIDES_FILE: ("overrides", OVERRIDES_STARTER.format(adopted=adopted)),
        "approvals.yaml": ("approvals", APPROVALS_STARTER.format(id=sid)),
    }
    for file_name, (schema, body) in files.items():
        path = folder / file_name
        path.write_text(schema_line(path, schemas, schema) + body, encoding="utf-8")
    if kind is not None and table is not None:
        _write_kind_starters(project, folder, model, kind, table, name)
    print(f"made {project.shown(folder)}/ for {name}, adopting the model's release of {adopted}", file=sys.stderr)
    print(f"next: handbook check --setting {sid}   (lists the setting's facts still to be completed)", file=sys.stderr)
    return 0


def _kinds_table(project: Project, model: Path) -> KindsTable | None:
    """The model's own kinds table (model/policy_data/kinds.yaml), else the package's."""
    own = model / "kinds.yaml"
    if not own.is_file():
        return package_table()
    report = Report()
    _, table = load_model(own, KindsTable, project.shown(own), report)
    for finding in report.sorted():
        print(finding, file=sys.stderr)
    return table


def _model_role_ids(model: Path) -> list[str]:
    """The ids of the model's roles (the starter pack's leader is one of them); a model whose
    roles cannot be read gives none here: `handbook check` reports the file itself."""
    try:
        data = (
            yaml.safe_load((model / "roles.yaml").read_text(encoding="utf-8"))
            if (model / "roles.yaml").is_file()
            else None
        )
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    roles = data.get("roles") if isinstance(data, dict) else None
    return (
        [r["id"] for r in roles if isinstance(r, dict) and isinstance(r.get("id"), str)]
        if isinstance(roles, list)
        else []
    )


def _write_kind_starters(project: Project, folder: Path, model: Path, kind: Kind, table: KindsTable, name: str) -> None:
    """The starter training pack and commented staff records file `handbook new --kind` writes,
    in the setting's folder, with its records kept out of git.  The roles stay the model's (its
    statements and checklists name them by id): the kind's usual titles are printed, for the
    setting to give its own in a roles.yaml of its own."""
    write_starters(
        folder,
        kind,
        _model_role_ids(model),
        project.root / SCHEMA_DIR,
        data=project.shown(folder),
        policies="you have chosen the model's policies it covers (their ids are in model/policy_data/policies/)",
        courses=table.courses.get(kind.roles, []),
    )
    # its own accessibility statement, for its kind: what the accessibility regulations ask of a
    # council's centre is not what they ask of a school (site/pages.py: setting_docs)
    render = jinja2.Environment(autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    statement = render.from_string((STARTER / "docs" / "accessibility.md.j2").read_text(encoding="utf-8"))
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "accessibility.md").write_text(
        statement.render(a11y=kind.accessibility_regulations.applies, v=starter_voice(kind, name)), encoding="utf-8"
    )
    ignore = project.root / ".gitignore"
    lines = ignore.read_text(encoding="utf-8").splitlines() if ignore.is_file() else []
    if RECORDS_IGNORED not in lines and f"/{RECORDS_IGNORED}" not in lines:
        with ignore.open("a", encoding="utf-8") as out:
            out.write(
                ("\n" if lines and lines[-1] else "")
                + "# staff records (personal data), never in the repository\n"
                + RECORDS_IGNORED
                + "\n"
            )
    titles = ", ".join(r.name for r in table.roles.get(kind.roles, []))
    print(
        f"kind: {kind.id} ({kind.name}); it decides the publication scheme, the DPO part of the notice, the "
        f"safeguarding guidance the training is measured against, and the handbook's voice",
        file=sys.stderr,
    )
    if titles:
        print(
            f"roles: the model's; a {kind.name} usually has: {titles}. To use your own titles, copy "
            f"{project.shown(model / 'roles.yaml')} to {project.shown(folder / 'roles.yaml')} and rename them (keep the ids)",
            file=sys.stderr,
        )
    print(
        f"starters: {project.shown(folder / 'starter' / 'training-september.yaml')} and "
        f"{project.shown(folder / 'records' / 'staff.yaml')} (records/ is kept out of git)",
        file=sys.stderr,
    )


def resolve(
    project: Project,
    statement_id: str | None,
    keep_ours: bool,
    take_model: bool,
    text: str | None,
    after: str | None,
    adopt_latest: bool,
) -> int:
    """Record the setting's decision on one conflict (or the adoption of the model's latest release)."""
    try:
        if text is not None:
            text = checked_words(text, "--text", "the setting's words for the statement")
        path = project.data_dir / OVERRIDES_FILE
        # Held from before the data is read until the new file is in place (core/editing.py):
        # two decisions recorded at once both end in the file.
        with editing(path, project.shown(path)) as edit:
            return _resolve(project, edit, statement_id, keep_ours, take_model, text, after, adopt_latest)
    except ConcurrentEdit as exc:
        print(f"resolve: {exc}", file=sys.stderr)
        return 1
    except OverrideRefused as exc:
        print(f"resolve: {exc}", file=sys.stderr)
        return 1
    except EditRefused as exc:
        print(f"resolve: {exc}; nothing was written", file=sys.stderr)
        return 1


def _resolve(
    project: Project,
    edit: Edit,
    statement_id: str | None,
    keep_ours: bool,
    take_model: bool,
    text: str | None,
    after: str | None,
    adopt_latest: bool,
) -> int:
    hb = load_validated(project, "resolve", "fix them first; nothing was written")
    if hb is None:
        return 1
    adopted = hb.adopted
    if adopted is None:  # run() asks for --setting; a setting's data always adopts its model
        print("resolve: this project does not adopt a model's policies", file=sys.stderr)
        return 1
    path = edit.path
    edits = LineEdits.read(path, edit.shown)
    if adopt_latest:
        if adopted.conflicts:
            ids = ", ".join(c.id for c in adopted.conflicts)
            print(f"resolve: {len(adopted.conflicts)} conflict(s) first ({ids}); nothing written", file=sys.stderr)
            return 1
        latest = adopted.latest_model_release()
        if latest is None:
            print("resolve: the model has no release to adopt (model/policy_data/releases/)", file=sys.stderr)
            return 1
        edits.set_plain(("adopted",), str(latest))
        _write(edit, edits)
        print(f"{project.shown(path)}: adopted the model's release of {latest}", file=sys.stderr)
        return 0
    assert statement_id is not None  # run() asks for one unless --adopt
    what = record_decision(project, hb, edits, statement_id, keep_ours, take_model, text, after)
    _write(edit, edits)
    print(f"{project.shown(path)}: {statement_id} {what}", file=sys.stderr)
    return 0


def record_decision(
    project: Project,
    hb: Handbook,
    edits: LineEdits,
    statement_id: str,
    keep_ours: bool,
    take_model: bool,
    text: str | None,
    after: str | None,
) -> str:
    """The edits of the setting's overrides.yaml (`edits`) that record its decision on the
    conflict over `statement_id`: keep its own version, take the model's, or new words of its
    own (`text`, already checked: checked_words).  Returns what was decided, in words; raises
    OverrideRefused (nothing edited) when the decision cannot be recorded.  `handbook resolve`
    and the desk's model policies page both record a decision with it."""
    adopted = hb.adopted
    if adopted is None:
        raise OverrideRefused("this project does not adopt a model's policies")
    change = next((c for c in adopted.changes if c.id == statement_id and c.kind != "added"), None)
    if change is None:
        raise OverrideRefused(f"{statement_id} is not a statement this setting replaced or removed")
    if not change.conflict:
        raise OverrideRefused(
            f"{statement_id} is not in conflict: the model's words are still the ones it was changed against"
        )
    assert project.model_dir is not None  # a setting's project always has its model
    raw_model_text = model_words_of(project.model_dir, statement_id)
    listed = "replace" if change.kind == "replaced" else "remove"
    index = next(i for i, e in enumerate(edits.loaded.data[listed]) if e.get("id") == statement_id)
    if take_model:
        edits.delete_item(listed, index)
        return "takes the model's words" if raw_model_text is not None else "leaves it out, as the model does"
    if raw_model_text is None:  # the model removed a statement the setting had replaced
        if not keep_ours or not after:
            raise OverrideRefused(
                f"the model no longer has {statement_id}: --take-model leaves it out; --keep-ours --after ID keeps "
                "the setting's words as its own statement after statement ID"
            )
        placed = next(
            ((p, s) for p in hb.policies.values() for s in p.sections if any(st.id == after for st in s.statements)),
            None,
        )
        if placed is None:
            raise OverrideRefused(f"there is no statement {after} to put it after")
        if not (isinstance(edits.loaded.data, dict) and edits.loaded.data.get("prefix")):
            raise OverrideRefused(
                f"the setting's own statement needs an id of its own, and {project.shown(project.data_dir / OVERRIDES_FILE)} gives no "
                "prefix for them yet: set prefix: there (capital letters, like OAK), then run this again"
            )
        words = edits.loaded.data[listed][index]["text"]
        edits.delete_item(listed, index)
        # A statement of the setting's own has an id of its own: the model's, kept, would clash
        # the day the model brings that statement back.
        own = add_our_own(edits, None, ids_in_use(hb), placed[0].id, placed[1].id, after, words)
        return (
            f"keeps the setting's words as its own statement {own} after {after} (its audience and roles are to "
            "decide: `handbook check` lists them)"
        )
    if keep_ours:
        edits.set_value((listed, index, "model_text"), raw_model_text)
        return "keeps the setting's version, against the model's new words"
    # new words of the setting's own
    assert text is not None  # the options are one of --keep-ours, --take-model, --text (the parser's group)
    if listed == "remove":  # it was left out: it becomes a replacement
        edits.delete_item(listed, index)
        edits.append_item("replace", [("id", statement_id), ("text", text), ("model_text", raw_model_text)])
    else:
        edits.set_value((listed, index, "text"), text)
        edits.set_value((listed, index, "model_text"), raw_model_text)
    return "gives it the setting's new words"


def _write(edit: Edit, edits: LineEdits) -> None:
    """Replace the file whole or not at all, once the new text validates as an overrides file."""
    kind = SOURCES["overrides"]
    replace_checked(edit, edits.text(), kind.model, kind.file_check)
