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

from generator.core.findings import DataError
from generator.core.load import load_yaml
from generator.core.project import SETTINGS_DIR, Project
from generator.core.schema import SCHEMA_DIR, schema_line
from generator.features.settings.model import OVERRIDES_FILE
from generator.pipeline.handbook import load_handbook

from generator.features.importer.emit import scalar

from .new import STARTER, setting_id as _slug, _yaml_string

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


def new_setting(project: Project, sid: str, name: str) -> int:
    """settings/<sid>/ for a setting that adopts the model in model/."""
    model = project.root / "model" / "policy_data"
    folder = project.root / SETTINGS_DIR / sid
    name = " ".join(name.split())
    if not (model / "setting.yaml").is_file():
        print(f"error: {project.shown(model)}/ has no model (setting.yaml and policies); new-setting adds a setting "
              "to a repository of model policies", file=sys.stderr)
        return 1
    if folder.exists():
        print(f"error: {project.shown(folder)} already exists; choose another id or remove it", file=sys.stderr)
        return 1
    if _slug(Path(sid)) != sid:
        print(f"error: '{sid}' is not a valid id: use lower-case letters, digits and single hyphens", file=sys.stderr)
        return 1
    releases = sorted(p.stem for p in (model / "releases").glob("*.yaml"))
    adopted = releases[-1] if releases else "null"
    folder.mkdir(parents=True)
    schemas = project.root / SCHEMA_DIR
    render = jinja2.Environment(autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    setting = render.from_string((STARTER / "policy_data" / "setting.yaml.j2").read_text(encoding="utf-8"))
    text = setting.render(id=sid, name=name, name_yaml=_yaml_string(name))
    files = {
        "setting.yaml": ("setting", text.split("\n", 1)[1]),  # its own schema line below
        OVERRIDES_FILE: ("overrides", OVERRIDES_STARTER.format(adopted=adopted)),
        "approvals.yaml": ("approvals", APPROVALS_STARTER.format(id=sid)),
    }
    for file_name, (schema, body) in files.items():
        path = folder / file_name
        path.write_text(schema_line(path, schemas, schema) + body, encoding="utf-8")
    print(f"made {project.shown(folder)}/ for {name}, adopting the model's release of {adopted}", file=sys.stderr)
    print(f"next: handbook check --setting {sid}   (lists the setting's facts still to be completed)", file=sys.stderr)
    return 0


class _Edits:
    """Line edits of one YAML file, found from the positions the strict loader records; applied
    bottom up, so each edit's line numbers hold.  (A round-trip YAML library would re-wrap
    every long text and leave trailing spaces.)"""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        self.loaded = load_yaml(path)
        self.edits: list[tuple[int, int, list[str]]] = []

    def _at(self, *key) -> tuple[int, int]:
        line, column = self.loaded.positions[tuple(key)]
        return line - 1, column - 1

    def _end(self, start: int, column: int) -> int:
        """The end (exclusive) of what starts at (start, column): the lines indented further."""
        end = start + 1
        while end < len(self.lines) and self.lines[end].strip() and \
                len(self.lines[end]) - len(self.lines[end].lstrip(" ")) > column:
            end += 1
        return end

    def set_value(self, key: tuple, value: str) -> None:
        start, column = self._at(*key)
        self.edits.append((start, self._end(start, column), [line + "\n" for line in scalar(key[-1], value, column)]))

    def set_plain(self, key: tuple, value: str) -> None:
        start, column = self._at(*key)
        self.edits.append((start, self._end(start, column), [f"{' ' * column}{key[-1]}: {value}\n"]))

    def delete_item(self, key: str, index: int) -> None:
        start, column = self._at(key, index)
        dash = column - 2  # "- " before the item's first key
        end = self._end(start, dash)
        if len(self.loaded.data[key]) == 1:  # the last one: the list stays a list
            key_line, key_column = self._at(key)
            self.edits.append((key_line, end, [f"{' ' * key_column}{key}: []\n"]))
        else:
            self.edits.append((start, end, []))

    def append_item(self, key: str, fields: list[tuple[str, object]]) -> None:
        items = self.loaded.data.get(key) or []
        key_line, key_column = self._at(key)
        if items:
            last_line, column = self._at(key, len(items) - 1)
            at, dash = self._end(last_line, column - 2), column - 2
            replace_to = at
        else:  # `key: []` becomes a block list
            at, dash, replace_to = key_line, key_column + 2, key_line + 1
        body: list[str] = []
        for name, value in fields:
            if isinstance(value, str):
                body += scalar(name, value, dash + 2)
            else:
                body.append(f"{' ' * (dash + 2)}{name}: {'null' if value is None else value}")
        body[0] = " " * dash + "- " + body[0][dash + 2:]
        head = [] if items else [f"{' ' * key_column}{key}:\n"]
        self.edits.append((at, replace_to, head + [line + "\n" for line in body]))

    def write(self) -> None:
        for start, end, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            self.lines[start:end] = new
        tmp = self.path.with_suffix(".yaml.tmp")
        tmp.write_text("".join(self.lines), encoding="utf-8")
        tmp.replace(self.path)


def resolve(project: Project, statement_id: str | None, keep_ours: bool, take_model: bool, text: str | None,
            after: str | None, adopt_latest: bool) -> int:
    """Record the setting's decision on one conflict (or the adoption of the model's latest release)."""
    try:
        hb, _ = load_handbook(project)
    except DataError as exc:
        for finding in exc.findings:
            print(finding, file=sys.stderr)
        print("resolve: the data has errors; fix them first", file=sys.stderr)
        return 1
    adopted = hb.adopted
    path = project.data_dir / OVERRIDES_FILE
    edits = _Edits(path)
    if adopt_latest:
        if adopted.conflicts:
            ids = ", ".join(c.id for c in adopted.conflicts)
            print(f"resolve: {len(adopted.conflicts)} conflict(s) first ({ids}); nothing written", file=sys.stderr)
            return 1
        latest = adopted.latest_model_release()
        if latest is None:
            print("resolve: the model has no release to adopt (model/policy_data/releases/)", file=sys.stderr)
            return 1
        edits.set_plain(("adopted",), latest.isoformat())
        edits.write()
        print(f"{project.shown(path)}: adopted the model's release of {latest}", file=sys.stderr)
        return 0
    change = next((c for c in adopted.changes if c.id == statement_id and c.kind != "added"), None)
    if change is None:
        print(f"resolve: {statement_id} is not a statement this setting replaced or removed", file=sys.stderr)
        return 1
    if not change.conflict:
        print(f"resolve: {statement_id} is not in conflict: the model's words are still the ones it was changed against",
              file=sys.stderr)
        return 1
    raw_model_text = _raw_model_text(project, statement_id)
    listed = "replace" if change.kind == "replaced" else "remove"
    index = next(i for i, e in enumerate(edits.loaded.data[listed]) if e.get("id") == statement_id)
    if take_model:
        edits.delete_item(listed, index)
        what = "takes the model's words" if raw_model_text is not None else "leaves it out, as the model does"
    elif raw_model_text is None:  # the model removed a statement the setting had replaced
        if not keep_ours or not after:
            print(f"resolve: the model no longer has {statement_id}: --take-model leaves it out; --keep-ours --after ID keeps "
                  "the setting's words as its own statement after statement ID", file=sys.stderr)
            return 1
        placed = next(((p, s) for p in hb.policies.values() for s in p.sections if any(st.id == after for st in s.statements)), None)
        if placed is None:
            print(f"resolve: there is no statement {after} to put it after", file=sys.stderr)
            return 1
        words = edits.loaded.data[listed][index]["text"]
        edits.delete_item(listed, index)
        edits.append_item("add", [("id", statement_id), ("policy", placed[0].id), ("section", placed[1].id), ("after", after),
                                  ("text", words), ("audience", None), ("roles", None)])
        what = (f"keeps the setting's words as its own statement after {after} (its audience and roles are to "
                "decide: `handbook check` lists them)")
    elif keep_ours:
        edits.set_value((listed, index, "model_text"), raw_model_text)
        what = "keeps the setting's version, against the model's new words"
    else:  # new words of the setting's own
        if listed == "remove":  # it was left out: it becomes a replacement
            edits.delete_item(listed, index)
            edits.append_item("replace", [("id", statement_id), ("text", text), ("model_text", raw_model_text)])
        else:
            edits.set_value((listed, index, "text"), text)
            edits.set_value((listed, index, "model_text"), raw_model_text)
        what = "gives it the setting's new words"
    edits.write()
    print(f"{project.shown(path)}: {statement_id} {what}", file=sys.stderr)
    return 0


def _raw_model_text(project: Project, statement_id: str) -> str | None:
    """The model's words for a statement exactly as its file has them (loading would read
    `{setting}` as a name), or None when the model no longer has it."""
    for path in sorted((project.model_dir / "policies").glob("*.yaml")):
        data = load_yaml(path).data
        for section in data.get("sections", []) if isinstance(data, dict) else []:
            for statement in section.get("statements", []):
                if statement.get("id") == statement_id:
                    return str(statement.get("text", "")).strip()
    return None
