"""Hostile text in the data, and data that must stay private, through every output the build
makes.  The checks walk build/ and read every .html/.md/.txt/.csv/.json file, every PDF (as
text, via pdftotext), .gz and .zip contents, so outputs added later are covered too."""

from __future__ import annotations

import csv
import functools
import gzip
import html.parser
import http.server
import io
import json
import re
import threading
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import copy_project, pdf_text, run_handbook
from test_search_browser import search, watch_search

from generator.core.load import load_yaml

# Each payload starts with a unique marker; wherever the marker shows, the whole payload must
# show with it, as text.
PAYLOADS = {
    "PAYA": "PAYA<script>window.__pwned='script'</script>",
    "PAYB": "PAYB<img src=x onerror=\"window.__pwned='img'\">",
    "PAYC": "PAYC [click me](javascript:window.__pwned='md-link') <a href=\"javascript:window.__pwned='a'\">link</a>",
    "PAYD": "PAYD {{ 7*7 }} {% if true %}TEMPLATE-RAN{% endif %} {# comment #}",
    "PAYE": "PAYE</li></ul></p>\n\n# Injected heading\n\n| a | b |\n| --- | --- |\n| c | d |\n\n- injected item\n",
    "PAYF": "PAYF <iframe src=\"javascript:window.__pwned='iframe'\"></iframe><svg onload=\"window.__pwned='svg'\"></svg>",
    "PAYG": "PAYG **bold** _em_ `code` ![img](x.png) <b>raw</b> &amp; &lt;tag&gt;",
}
STAFF_MARK = "STAFFONLYMARK"  # + statement id, in every statement whose audience is [staff]
RECORD_MARKS = ["RECMARKNAME", "RECMARKSURNAME"]


def _dump(root: Path, rel: str, data) -> None:
    (root / rel).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000), encoding="utf-8")


def seed(root: Path) -> None:
    """Payloads into every kind of text that reaches an output; markers into staff-only text."""
    rel = "policy_data/policies/confidentiality.yaml"
    policy = load_yaml(root / rel).data
    policy["title"] += " " + PAYLOADS["PAYB"]
    statements = [s for section in policy["sections"] for s in section["statements"]]
    # Every statement of the bundled (published) policy is for parents: unpublish it and make
    # two statements the notice does not quote staff-only, to prove they stay out of parents' paper.
    for statement in statements:
        if statement["id"] in ("CONF-STR-07", "CONF-STR-08"):
            statement["audience"] = ["staff"]
    scheme = load_yaml(root / "policy_data/publication-scheme.yaml").data
    for cls in scheme["classes"]:
        for item in cls["items"]:
            item.pop("published_source", None)
    _dump(root, "policy_data/publication-scheme.yaml", scheme)
    public = [s for s in statements if "parents" in s["audience"]]
    staff_only = [s for s in statements if s["audience"] == ["staff"]]
    assert public and staff_only, "fixture drift: need parent and staff-only statements"
    for statement, key in zip(public, ["PAYA", "PAYC", "PAYD", "PAYE", "PAYF", "PAYG"]):
        statement["text"] += " " + PAYLOADS[key]
    for statement in staff_only:
        statement["text"] += f" {STAFF_MARK}{statement['id']} " + PAYLOADS["PAYA"]
    policy["sections"][0]["title"] += " " + PAYLOADS["PAYC"]
    _dump(root, rel, policy)

    roles = load_yaml(root / "policy_data/roles.yaml").data
    roles["roles"][0]["name"] += " " + PAYLOADS["PAYA"]
    roles["roles"][0]["description"] = PAYLOADS["PAYE"]
    _dump(root, "policy_data/roles.yaml", roles)

    register = load_yaml(root / "policy_data/register.yaml").data
    for entry in register["documents"][:3]:
        entry["title"] += " " + PAYLOADS["PAYF"]
        entry["note"] = PAYLOADS["PAYD"]
    _dump(root, "policy_data/register.yaml", register)

    setting = load_yaml(root / "policy_data/setting.yaml").data
    setting["name"] += " " + PAYLOADS["PAYB"]
    setting["address"] = PAYLOADS["PAYG"]
    _dump(root, "policy_data/setting.yaml", setting)

    records = (
        "staff:\n"
        f"  - id: alice\n    name: {RECORD_MARKS[0]} Alice {RECORD_MARKS[1]}\n    roles: [all-staff]\n    start_date: 2024-09-01\n"
    )
    # Where a records folder belongs, and where a careless build could pick it up.
    for folder in ("records", "policy_data/records", "docs/records"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "staff.yaml").write_text(records, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    seed(root)
    args = ["build"]
    if "--records" in run_handbook("build", "--help", cwd=root).stdout:
        args += ["--records", "records"]
    result = run_handbook(*args, cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def _norm(text: str) -> str:
    return " ".join(text.split())


class _Page(html.parser.HTMLParser):
    """Visible text, and every element with its attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.script_text: list[str] = []
        self.style_text: list[str] = []
        self._skip = 0
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._skip += 1
            self._in = tag

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._skip:
            (self.style_text if self._in == "style" else self.script_text).append(data)
        else:
            self.text.append(data)


# A CSS string literal as core/templating.css_string writes one (a printed page's running footer
# names the document, which can be data): every character that could end the string, the rule
# or the <style> written as an escape.
CSS_STRING = re.compile(r'"(?:[A-Za-z0-9 .,:;()\-_/\']|\\[0-9a-f]+ )*"')


def output_files(build: Path, exclude: tuple[str, ...] = ()) -> list[Path]:
    return [
        p
        for p in sorted(build.rglob("*"))
        if p.is_file() and not any(p.relative_to(build).as_posix().startswith(e) for e in exclude)
    ]


def readable_text(path: Path) -> str:
    """What a reader (or a program) can get out of a file: text, PDF text, gz/zip contents."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return pdf_text(path, "-layout") + data.decode("latin-1")
    if path.suffix == ".gz":
        return gzip.decompress(data).decode("utf-8", "replace")
    if path.suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(z.read(name).decode("utf-8", "replace") + name for name in z.namelist())
    return data.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def readable(hostile: Path) -> dict[Path, str]:
    """readable_text of every file of the build, read once for the module's tests (each used to
    read every output again, the records' test once for each mark: pdftotext each time)."""
    return {path: readable_text(path) for path in output_files(hostile / "build")}


DANGEROUS_TAG = re.compile(r"<\s*(script|img|iframe|svg|object|embed)\b[^>]*>", re.I)


def _check_html(path: Path, text: str) -> list[str]:
    page = _Page()
    page.feed(text)
    problems = []
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            if name.startswith("on") and "__pwned" in value:
                problems.append(f"{path}: <{tag} {name}=...> from the data")
            if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith("javascript:"):
                problems.append(f"{path}: <{tag} {name}={value!r}> from the data")
        if tag in ("iframe", "svg", "img") and any("__pwned" in v for v in attrs.values()):
            problems.append(f"{path}: <{tag}> from the data")
    if any("__pwned" in s or "PAY" in s for s in page.script_text):
        problems.append(f"{path}: data inside a <script>")
    # in a <style>, data only inside an escaped CSS string (a footer's content:), never as CSS
    if any("__pwned" in CSS_STRING.sub("", s) or "PAY" in CSS_STRING.sub("", s) for s in page.style_text):
        problems.append(f"{path}: data inside a <style>, outside an escaped CSS string")
    visible = _norm(" ".join(page.text))
    if "TEMPLATE-RAN" in visible.replace("{% if true %}TEMPLATE-RAN{% endif %}", ""):
        problems.append(f"{path}: template syntax in the data was executed")
    for marker, payload in PAYLOADS.items():
        for found in re.finditer(marker, visible):
            if not visible.startswith(_norm(payload), found.start()):
                problems.append(
                    f"{path}: {marker} shows as {visible[found.start() : found.start() + 90]!r}, "
                    f"not as the text {_norm(payload)[:90]!r}"
                )
    return problems


def _check_json(path: Path, text: str) -> list[str]:
    problems = []

    def walk(value):
        if isinstance(value, str):
            if "PAY" in value and (DANGEROUS_TAG.search(value) or re.search(r"<a\b[^>]*javascript:", value, re.I)):
                problems.append(f"{path}: unescaped markup from the data: {value[:120]!r}")
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(json.loads(text))
    return problems


def test_text_from_the_data_is_never_markup(hostile: Path, readable: dict[Path, str]):
    build = hostile / "build"
    problems, seen = [], set()
    for path in output_files(build):
        text = (
            readable[path]
            if path.suffix in (".html", ".htm", ".json", ".md", ".txt", ".csv", ".pdf", ".js", ".xml", ".gz", ".zip")
            else None
        )
        if text is None or "PAY" not in text:
            continue
        seen.add(path.suffix)
        if path.suffix in (".html", ".htm"):
            problems += _check_html(path, text)
        elif path.suffix == ".json":
            problems += _check_json(path, text)
        elif path.suffix == ".md":
            if DANGEROUS_TAG.search(text):
                problems.append(f"{path}: raw markup from the data in Markdown")
        elif path.suffix == ".csv":
            for row in csv.reader(io.StringIO(text)):
                problems += [f"{path}: formula cell {c[:40]!r}" for c in row if "PAY" in c and c[:1] in "=+-@"]
        elif path.suffix == ".pdf":
            visible = _norm(pdf_text(path))
            for marker in PAYLOADS:
                for found in re.finditer(marker, visible):
                    head = _norm(PAYLOADS[marker])[:12]
                    if not visible.startswith(head, found.start()):
                        problems.append(f"{path}: {marker} printed as {visible[found.start() : found.start() + 40]!r}")
    assert ".html" in seen and ".json" in seen, "the payloads must reach the site (else this test proves nothing)"
    assert not problems, "\n".join(problems)


def test_the_site_names_no_data_text_as_title_markup(hostile: Path):
    index = (hostile / "build/site/index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", index, re.S).group(1)
    assert "&lt;img" in title and "<img" not in title


def test_records_never_leave_build_private(hostile: Path, readable: dict[Path, str]):
    build = hostile / "build"
    leaks = [
        f"{p.relative_to(build)}: {mark}"
        for p in output_files(build, exclude=("private/",))
        for mark in RECORD_MARKS
        if mark in readable[p]
    ]
    assert not leaks, "personal data outside build/private/:\n" + "\n".join(leaks)


def test_staff_only_statements_never_reach_parent_outputs(hostile: Path, readable: dict[Path, str]):
    build = hostile / "build"
    site_text = "".join(readable[p] for p in output_files(build / "site") if p.suffix == ".html")
    assert STAFF_MARK in site_text, "staff-only statements belong in the staff handbook"
    parents = build / "print" / "parents"
    if not parents.is_dir():
        pytest.skip("build/print/parents/ is not built on this branch (parent notice not merged yet)")
    files = output_files(parents)
    assert files, "build/print/parents/ is empty"
    leaks = [
        f"{p.relative_to(build)}: {m.group()}"
        for p in files
        for m in re.finditer(STAFF_MARK + r"[A-Z0-9-]*", readable[p])
    ]
    assert not leaks, "staff-only text in a parent output:\n" + "\n".join(leaks)


@pytest.fixture(scope="module")
def hostile_url(hostile: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(hostile / "build/site"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_no_script_from_the_data_runs_in_the_browser(browser, hostile_url, hostile: Path):
    page = browser.new_page()
    watch_search(page)  # search() then waits for the worker's answer, not a fixed settle
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    # The policy last: its text and the search are read on the load the loop made of it.
    pages = ["index.html", "register.html", "roles/index.html", "roles/all-staff.html", "policies/confidentiality.html"]
    try:
        for path in pages:
            page.goto(f"{hostile_url}/{path}")
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__pwned") is None, f"{path}: a script from the data ran"
        assert page.url == f"{hostile_url}/policies/confidentiality.html", page.url
        body = _norm(page.inner_text("article"))
        for marker in ("PAYA", "PAYC", "PAYD", "PAYF"):
            assert _norm(PAYLOADS[marker]) in body, f"{marker} is not shown as text"
        # Search results are built in the browser from the index: the same text, as results.
        results = search(page, "click me")
        assert "PAY" in results.first.inner_text()
        assert page.evaluate("window.__pwned") is None, "a script from the data ran in the search results"
        assert not dialogs, f"a dialog opened: {dialogs}"
    finally:
        page.close()
