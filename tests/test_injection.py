"""No script from the data: markup and Markdown hidden in ANY text field of ANY data file reach
every output as text.

The fields are not a hand list: the JSON Schema of each kind of data file (generated from its
pydantic model, see generator/core/schema.py) says which strings are free text.  A payload goes
into every one of them, the project is built once, and every page of the site, the print HTML,
the search index and the offline zip is scanned for live markup, then loaded in Chromium, which
must open no dialog."""

from __future__ import annotations

import datetime as dt
import html.parser
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import markdown_it
import pytest
import yaml
from conftest import AS_OF, REPO, check_shared_build, run_handbook
from test_search_browser import search, watch_search

from generator.core.findings import DataError, Report
from generator.core.load import load_yaml
from generator.core.project import Project
from generator.pipeline.features import FEATURES
from generator.pipeline.handbook import load_and_check

SCHEMAS = REPO / "schemas"
PROJECT_FOLDERS = {"data": "policy_data", "checklists": "checklists"}

# A string field takes the payload unless its schema constrains it: a `pattern` (ids, codes),
# a `format` (dates), an `enum` or `const` (fixed words).  Such a value cannot hold markup
# and stay valid; the loader refuses it, which test_broken_corpus.py covers.
CONSTRAINTS = ("pattern", "format", "enum", "const")


def payload(n: int, room: int) -> str:
    """Markup, Markdown links, attribute lists, block syntax: each would run `alert(n)` (or
    `confirm`) if the text were read as anything but text.  Shorter for short fields."""
    short = f"QX{n}<img src=x onerror=alert({n})>**b**{{: onmouseover=alert({n}) }}"
    full = (
        f"QX{n} <img src=x onerror=alert({n})> <script>alert({n})</script> **b**{{: onmouseover=alert({n}) }}"
        f" [a](javascript:alert({n})) ![i](data:x){{: onerror=confirm({n}) }} <a href='javascript:alert({n})'>c</a>"
        f" {{{{ 7*7 }}}}\n\n[r{n}]: javascript:alert({n})\n\n# H{n}\n\n[r{n}] {{: onclick=alert({n}) }}"
    )
    return full if len(full) <= room else short


def _resolve(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _branches(schema: dict, root: dict) -> list[dict]:
    schema = _resolve(schema, root)
    if "anyOf" in schema or "oneOf" in schema:
        return [b for sub in schema.get("anyOf", schema.get("oneOf")) for b in _branches(sub, root)]
    return [schema]


class Seeder:
    """Walks a data file beside its schema and seeds every free-text string."""

    def __init__(self, keep: dict[tuple[str, tuple], str]):
        self.count = 0
        self.fields: dict[int, tuple[str, tuple]] = {}  # payload number -> (file, path in it)
        self.keep = keep  # (file, path) -> why that field keeps its words
        self.memo: dict[tuple[str, int], str] = {}

    def seed(self, value, schema: dict, root: dict, rel: str, key: tuple = ()):
        branches = _branches(schema, root)
        if isinstance(value, str):
            strings = [b for b in branches if b.get("type") == "string"]
            free = [b for b in strings if not any(c in b for c in CONSTRAINTS)]
            if not free or (rel, key) in self.keep:
                return value
            room = min(b.get("maxLength", 5000) for b in free)
            # The same words get the same payload, so a name and a reference to it still match.
            if (value, room) not in self.memo:
                self.count += 1
                self.fields[self.count] = (rel, key)
                text = payload(self.count, room)
                self.memo[value, room] = f"{value} {text}" if len(value) + 1 + len(text) <= room else text
            return self.memo[value, room]
        if isinstance(value, list):
            items = [b.get("items", {}) for b in branches if b.get("type") == "array"]
            return [self.seed(v, items[0], root, rel, key + (i,)) for i, v in enumerate(value)] if items else value
        if isinstance(value, dict):
            objects = [b for b in branches if b.get("type") == "object"]
            if not objects:
                return value
            out = {}
            for name, v in value.items():
                sub = objects[0].get("properties", {}).get(name, objects[0].get("additionalProperties"))
                out[name] = self.seed(v, sub, root, rel, key + (name,)) if isinstance(sub, dict) else v
            return out
        return value

    def where(self, n: int) -> str:
        rel, key = self.fields.get(n, ("?", ()))
        return rel + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in key)


def data_files(folders: dict[str, Path]):
    """(file, its JSON Schema) for every data file in the folders ("data", "checklists")."""
    for feature in FEATURES:
        for kind in (*feature.sources, *feature.records):
            # Releases are written by `handbook release` from the policies ("do not edit"):
            # seed_project makes them afresh from the seeded policies instead.
            if kind.folder not in folders or kind.key == "releases":
                continue
            schema = json.loads((SCHEMAS / f"{kind.schema}.schema.json").read_text(encoding="utf-8"))
            for path in sorted(folders[kind.folder].glob(kind.pattern)):
                yield path, schema


ERROR = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):\d+: error: (?P<message>.*)$", re.M)


def checked_errors(root: Path, folders: dict[str, str], setting: tuple[str, ...] = ()) -> str:
    """The errors `handbook check` prints for the project (or, with staff records, `handbook
    build --records`, the command that checks them), one a line: the same loading and checks,
    run here, without rendering a build that is only thrown away when the seeding goes on."""
    records = root / folders["records"] if "records" in folders else None
    as_of = dt.date.fromisoformat(AS_OF)
    if setting:
        assert setting[0] == "--setting", setting
        project = Project.for_setting(root, setting[1], records=records, as_of=as_of)
    else:
        project = Project.at(root.resolve(), records=records, as_of=as_of)
    try:
        _, report = load_and_check(project)
    except DataError as exc:
        report = Report(exc.findings)
    printed = io.StringIO()
    Report(report.errors).print(printed)
    return printed.getvalue()


# libyaml's emitter where PyYAML has it: the same text as the pure-Python one (compared on every
# seeded file), ten times faster.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def seed_project(root: Path, folders: dict[str, str], setting: tuple[str, ...] = ()) -> Seeder:
    """Seed every free-text field.  A few fields' words must equal other data (a training
    point quotes a policy statement; a glossary term's `related` names another term): the
    check refuses any change there, so they are found by running `handbook check` (not
    listed by hand) and keep their words, while the text they must match carries a payload."""
    files = list(data_files({kind: root / folder for kind, folder in folders.items()}))
    originals = {path: load_yaml(path).data for path, _ in files}
    releases = sorted((root / folders["data"] / "releases").glob("*.yaml"))
    keep: dict[tuple[str, tuple], str] = {}
    for _attempt in range(4):
        seeder = Seeder(keep)
        positions = {}
        for path, schema in files:
            rel = path.relative_to(root).as_posix()
            seeded = seeder.seed(originals[path], schema, schema, rel)
            path.write_text(
                yaml.dump(seeded, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=10_000), encoding="utf-8"
            )
            positions[rel] = load_yaml(path, rel).positions
        for old in releases:  # their words would not match the seeded policies
            old.unlink(missing_ok=True)
        errors = list(ERROR.finditer(checked_errors(root, folders, setting)))
        if not errors:
            break
        keep = dict(keep)
        for error in errors:
            at = [
                (error["file"], key)
                for key, (line, _) in positions.get(error["file"], {}).items()
                if line == int(error["line"]) and key[-1:] != ("__value__",)
            ]  # (the loader's mark for a value)
            assert at, f"an error the seeding cannot explain: {error.group()[:300]}"
            keep.update((field, error["message"]) for field in at)
    else:
        raise AssertionError("seeding leaves errors:\n" + "\n".join(e.group()[:300] for e in errors))
    if releases:
        seeder.count += 1
        seeder.fields[seeder.count] = ("handbook release --note", ())
        made = run_handbook(
            "release", *setting, "--date", releases[-1].stem, "--note", payload(seeder.count, 5000), cwd=root
        )
        assert made.returncode == 0, made.stdout + made.stderr[-3000:]
    assert seeder.count >= 20, f"fixture drift: only {seeder.count} text fields"
    # Few fields must match other data (9 of 587 in this project): a payload refused in a
    # plain text field would be a defect.
    assert len(keep) <= max(6, seeder.count // 20), "\n".join(f"{f}: {why[:100]}" for f, why in keep.items())
    return seeder


def _built(result) -> None:
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]


@pytest.fixture(scope="module")
def seeded(seeded_project: Path):
    """This project, every free-text field of every data file (the staff records' too: their
    names and notes reach the private copies, build/private/) seeded, built once for the run
    (tests/seeded.py, shared with test_public_edition); read only."""
    from seeded import seeder_of

    yield seeded_project, seeder_of(seeded_project)
    check_shared_build(seeded_project)


@pytest.fixture(scope="module")
def seeded_settings(tmp_path_factory) -> tuple[Path, Seeder]:
    """A repository of model policies: a setting's own files (its overrides, its facts, its
    checklists) seeded, and a setting added by `new-setting --name` with a payload for a name."""
    root = tmp_path_factory.mktemp("inject-settings") / "project"
    shutil.copytree(REPO / "examples/local-authority", root, symlinks=True)
    (root / "generator").symlink_to(REPO / "generator")
    folders = {"data": "settings/oak-tree", "checklists": "settings/oak-tree/checklists"}
    seeder = seed_project(root, folders, ("--setting", "oak-tree"))
    seeder.count += 1
    seeder.fields[seeder.count] = ("handbook new-setting --name", ())
    _built(run_handbook("new-setting", "hostile", "--name", payload(seeder.count, 5000), cwd=root))
    for setting in ("oak-tree", "hostile"):
        _built(run_handbook("build", "-q", "--setting", setting, cwd=root))
    return root, seeder


@pytest.fixture(scope="module")
def new_project(tmp_path_factory) -> tuple[Path, Seeder]:
    """`handbook new --name` with a payload for a name, built as it comes."""
    seeder = Seeder({})
    seeder.count = 1
    seeder.fields[1] = ("handbook new --name", ())
    root = tmp_path_factory.mktemp("inject-new") / "ours"
    (root.parent / "generator").symlink_to(REPO / "generator")  # this code, not an installed copy
    _built(run_handbook("new", str(root), "--name", payload(1, 5000), cwd=root.parent))
    (root / "generator").symlink_to(REPO / "generator")
    _built(run_handbook("build", "-q", cwd=root))
    # Its README names the setting too: rendered as a forge renders it (CommonMark, raw HTML
    # allowed), the name is text.
    readme = markdown_it.MarkdownIt("commonmark").render((root / "README.md").read_text(encoding="utf-8"))
    assert "QX1" in readme and "**b**{: onmouseover" in readme and not live_markup(readme), readme[:600]
    return root, seeder


@pytest.fixture(params=["every-field", "settings", "new"])
def hostile(request) -> tuple[Path, Seeder]:
    return request.getfixturevalue(
        {"every-field": "seeded", "settings": "seeded_settings", "new": "new_project"}[request.param]
    )


LIVE_ATTR = re.compile(r"(alert|confirm)\(\d+\)")


class _Elements(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and LIVE_ATTR.search(value):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "data") and re.match(
                r"\s*(javascript|data|vbscript):", value, re.I
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        self._script = tag == "script"

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script and LIVE_ATTR.search(data):
            self.found.append(f"<script>{data[:60]!r}")


def live_markup(text: str) -> list[str]:
    """Elements of an HTML text that would run a payload: event handlers, script: URLs, scripts."""
    parser = _Elements()
    parser.feed(text)
    parser.close()
    return parser.found


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


class _Visible(html.parser.HTMLParser):
    """The text a reader sees (not scripts, styles or attributes)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style") and self._hidden > 0

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


class _Page(_Elements):
    """One pass over a page for both tests that read it: what would run (as live_markup) and
    the text a reader sees (as visible_text)."""

    def __init__(self):
        super().__init__()
        self.visible = _Visible()

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        self.visible.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        super().handle_endtag(tag)
        self.visible.handle_endtag(tag)

    def handle_data(self, data):
        super().handle_data(data)
        self.visible.handle_data(data)


Seen = dict[tuple[str, bytes], tuple[list[str], str]]  # (kind, bytes) -> (live markup, visible text)


def parsed_page(data: bytes, seen: Seen) -> tuple[list[str], str]:
    """A page's live markup and visible text, parsed once for the module's tests."""
    if (".html", data) not in seen:
        parser = _Page()
        parser.feed(data.decode("utf-8"))
        parser.close()
        seen[".html", data] = parser.found, " ".join(" ".join(parser.visible.parts).split())
    return seen[".html", data]


@pytest.fixture(scope="module")
def seen() -> Seen:
    """The outputs parsed so far, by content: each is parsed once for the module's tests."""
    return {}


def scan(name: str, data: bytes, seen: Seen | None = None) -> list[str]:
    """What in the output `name` would run a payload.  With `seen`, bytes already scanned as
    the same kind of output are not parsed again: their findings are the same (the offline zip
    holds the site's pages, the index and search_index.js's copy of it, byte for byte)."""
    kind = next((k for k in (".html", ".htm", ".json", "search_index.js", ".zip") if name.endswith(k)), "")
    kind = ".html" if kind == ".htm" else kind
    if seen is not None and (kind, data) in seen:
        return [f"{name}: {found}" for found in seen[kind, data][0]]
    if kind == ".html":  # (kept in `seen` by parsed_page, with its visible text)
        found = parsed_page(data, seen)[0] if seen is not None else live_markup(data.decode("utf-8"))
        return [f"{name}: {f}" for f in found]
    if kind == ".json":
        # Material's search shows the index's text as HTML: each string must be safe HTML.  One
        # with no "<" has no element and no <script> in it, so the parser has nothing to find.
        found = [f for s in _json_strings(json.loads(data)) if "<" in s for f in live_markup(s)]
    elif kind == "search_index.js":  # the same index, for pages opened from files
        return scan(name + ".json", data.split(b"=", 1)[1].strip().rstrip(b";"), seen)
    elif kind == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [problem for member in z.namelist() for problem in scan(f"{name}!{member}", z.read(member), seen)]
    else:
        return []
    if seen is not None:
        seen[kind, data] = found, ""
    return [f"{name}: {f}" for f in found]


@pytest.mark.slow
def test_no_live_markup_from_any_field_in_any_output(hostile, seen: Seen):
    root, seeder = hostile
    build = root / "build"
    scanned = {"site": 0, "print": 0, "search": 0, "zip": 0}
    problems: list[str] = []
    for path in sorted(build.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".htm", ".json", ".js", ".zip"):
            continue
        rel = path.relative_to(build).as_posix()
        problems += scan(rel, path.read_bytes(), seen)
        for key in scanned:
            scanned[key] += key in rel or (key == "search" and rel.endswith(("search_index.json", "search_index.js")))
    assert all(scanned.values()), f"an output was not scanned: {scanned}"
    # The payloads must reach the outputs, else this test proves nothing.
    text = "\n".join(p.read_text(encoding="utf-8") for p in build.rglob("site/**/*.html"))
    reached = set(re.findall(r"QX(\d+)", text))
    assert len(reached) >= seeder.count // 2, f"only {len(reached)} of {seeder.count} seeded fields reach the site"
    problems = [re.sub(r"\((\d+)\)", lambda m: f"({m.group(1)}: {seeder.where(int(m.group(1)))})", p) for p in problems]
    assert not problems, "live markup from the data:\n" + "\n".join(sorted(set(problems))[:60])


@pytest.mark.slow
def test_seeded_text_is_shown_as_written(hostile, seen: Seen):
    """Markup and Markdown in the data are shown, not applied: wherever a payload shows on a
    page, all of it shows, character for character (`**b**{: onmouseover=...}`, `[a](javascript:...)`,
    `<script>`, `{{ 7*7 }}`), not a bold word, a link, a heading or nothing."""
    root, seeder = hostile
    wrong, shown = [], set()
    pages = sorted((root / "build").rglob("*.html"))
    for path in pages:
        text = parsed_page(path.read_bytes(), seen)[1]
        for found in re.finditer(r"QX(\d+) ", text):
            n = int(found.group(1))
            shown.add(n)
            whole = " ".join(payload(n, 5000).split())
            if not text.startswith(whole, found.start()):
                wrong.append(
                    f"{path.relative_to(root)}: {seeder.where(n)} shows as {text[found.start() : found.start() + 120]!r}"
                )
    assert shown, "no payload shows on any page: this test would prove nothing"
    assert not wrong, "text from the data not shown as written:\n" + "\n".join(wrong[:40])


def test_no_dialog_opens_on_any_page(browser, hostile):
    root, _ = hostile
    context = browser.new_context()
    dialogs: list[str] = []
    page = context.new_page()
    watch_search(page)  # search() then waits for the worker's answer, not a fixed settle
    current = {"path": ""}
    page.on("dialog", lambda d: (dialogs.append(f"{current['path']}: {d.type}({d.message})"), d.dismiss()))
    pages = sorted((root / "build").rglob("*.html"))  # the site, the print HTML, the private copies
    # Search results are made in the browser from the index's text: the payloads are searched
    # for on each site's front page, while it is open for the loop (not opened a second time).
    fronts = set((root / "build").rglob("site/index.html"))
    searched = []
    try:
        for path in pages:
            current["path"] = path.relative_to(root).as_posix()
            page.goto(path.as_uri())
            # Hover and click every element a handler could hang on.
            page.evaluate(
                """() => { for (const el of document.querySelectorAll('body *')) {
                    for (const type of ['mouseover', 'click', 'error', 'load']) {
                        const handler = el.getAttribute('on' + type);
                        if (handler) el.dispatchEvent(new Event(type));
                    } } }"""
            )
            if path in fronts:
                current["path"] += ", searching"
                results = search(page, "onerror alert")
                assert results.count() > 0, f"{current['path']}: the payloads are not found"
                page.wait_for_timeout(300)
                searched.append(path)
    finally:
        context.close()
    assert len(pages) > 10, "the build made fewer pages than a starter project has"
    assert fronts and sorted(searched) == sorted(fronts), f"a site's search was not tried: {sorted(fronts)}"
    assert not dialogs, "a script from the data ran:\n" + "\n".join(dialogs)
