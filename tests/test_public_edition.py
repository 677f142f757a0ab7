"""The public edition (build/public/): what parents and the public may read, for the setting's
own website.

- It is provably separated from everything private: every free-text field of every kind of data
  file (staff records included) carries a marker, and no marker from a field that
  generator/features/public/fields.py does not declare public is found anywhere in
  build/public/: pages, search index, scripts, the PDFs' text.
- Homerton's edition, once approved, has the parent and public statements, the notice and the
  publication scheme; every page passes axe-core with no request but file://; its search finds
  a parent's everyday words.
- Every link is relative and leads to a file inside build/public/.
"""

from __future__ import annotations

import html
import html.parser
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import (
    AS_OF,
    REPO,
    check_shared_build,
    copy_built,
    edit_data,
    files_only_context,
    pdf_text,
    run_handbook,
)

from generator.core.datafiles import data_files
from generator.features.policies.kinds import package_table
from generator.features.public.content import PublicEdition
from generator.features.public.fields import PUBLIC_FIELDS, is_public
from generator.features.public.render import pages
from generator.pipeline.features import FEATURES

PUBLIC = "build/public"
MARKER = re.compile(r"QX(\d+)")


def _built(result) -> None:
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]


def approve_homerton(root: Path) -> None:
    """The centre approves its policy and its notice (the notice gets its version and date)."""
    edit_data(root, "policy_data/notices/fair-processing-notice.yaml", "version: null", "version: 1")
    edit_data(root, "policy_data/notices/fair-processing-notice.yaml", "issued: null", "issued: 2026-11-20")
    for document in ("policy/confidentiality", "notice/fair-processing-notice"):
        _built(run_handbook("approve", document, "--by", "head-teacher", cwd=root))


@pytest.fixture(scope="module")
def homerton(tmp_path_factory, built: Path) -> Path:
    """Homerton's data, its policy and notice approved, built once (from the session's build)."""
    root = copy_built(built, tmp_path_factory.mktemp("public") / "project")
    approve_homerton(root)
    result = run_handbook("build", cwd=root)
    _built(result)
    assert "public edition: 1 policy, 1 notice, the publication scheme" in result.stderr
    return root


# What the public edition shows ----------------------------------------------------------------


def test_a_draft_is_not_published(built: Path):
    """The bundled data approves nothing: its public edition publishes no policy and no notice,
    and says so on its pages (the build's own line says why)."""
    public = built / PUBLIC
    assert (public / "index.html").is_file()
    assert not (public / "policies/confidentiality.html").exists() and not (public / "notices").exists()
    assert "No policy is published here yet." in (public / "index.html").read_text(encoding="utf-8")
    assert "No privacy notice is published here yet" in (public / "privacy-notice.html").read_text(encoding="utf-8")


@pytest.mark.prebuilt
def test_publish_drafts_publishes_them_marked_as_drafts(project: Path):
    edit_data(project, "policy_data/setting.yaml", "publish_drafts: false", "publish_drafts: true")
    _built(run_handbook("build", "-q", cwd=project))
    page = (project / PUBLIC / "policies/confidentiality.html").read_text(encoding="utf-8")
    assert "Draft: not yet approved." in page and "Draft</p>" in page
    notices = (project / PUBLIC / "privacy-notice.html").read_text(encoding="utf-8")
    assert "Draft: not yet approved." in notices
    assert "Draft: not yet approved" in pdf_text(project / PUBLIC / "notices/fair-processing-notice.pdf")


def not_quoted_by_the_notice(root: Path) -> str:
    """A statement of the policy the notice does not quote (a notice may quote only statements
    for parents, so this one may be made staff-only)."""
    notice = (root / "policy_data/notices/fair-processing-notice.yaml").read_text(encoding="utf-8")
    return next(s["id"] for s in statements_of(root) if s["id"] not in notice)


def statements_of(root: Path) -> list[dict]:
    policy = yaml.safe_load((root / "policy_data/policies/confidentiality.yaml").read_text(encoding="utf-8"))
    return [s for section in policy["sections"] for s in section["statements"]]


def test_homerton_publishes_its_parent_and_public_statements_only(homerton: Path):
    page = (homerton / PUBLIC / "policies/confidentiality.html").read_text(encoding="utf-8")
    shown = set(re.findall(r'<(?:p|li) id="([A-Z][A-Z0-9-]+)"', page))
    public = {s["id"] for s in statements_of(homerton) if {"parents", "public"} & set(s["audience"])}
    assert shown == public and len(shown) >= 30
    assert "Version 1" in page and "Draft" not in page
    assert "for staff only" not in page  # every statement of Homerton's policy is for parents too


@pytest.mark.prebuilt
def test_a_policy_with_staff_only_statements_is_published_as_its_part_or_not_at_all(project: Path):
    """`public:` part (the default), whole or no; staff-only words are never published."""
    policy = "policy_data/policies/confidentiality.yaml"
    edit_data(project, "policy_data/setting.yaml", "publish_drafts: false", "publish_drafts: true")
    sid = not_quoted_by_the_notice(project)
    text = (project / policy).read_text(encoding="utf-8")
    at = text.index("audience: [staff, parents]", text.index(f"id: {sid}\n"))
    (project / policy).write_text(
        text[:at] + "audience: [staff]" + text[at + len("audience: [staff, parents]") :], encoding="utf-8"
    )
    staff_only = next(s for s in statements_of(project) if s["id"] == sid)
    assert staff_only["audience"] == ["staff"]
    words = " ".join(staff_only["text"].split())

    _built(run_handbook("build", "-q", cwd=project))
    page = (project / PUBLIC / "policies/confidentiality.html").read_text(encoding="utf-8")
    assert "The part of this policy for parents and the public." in page
    assert "The policy also has 1 statement for staff only, not shown here." in page
    assert staff_only["id"] not in page and html.escape(words, quote=False) not in " ".join(page.split())

    edit_data(
        project,
        policy,
        "title: Confidentiality Procedure & Guidelines",
        "title: Confidentiality Procedure & Guidelines\npublic: whole",
    )
    result = run_handbook("build", cwd=project)
    _built(result)
    assert not (project / PUBLIC / "policies/confidentiality.html").exists()
    assert "policy/confidentiality (`public: whole`, but 1 of its statements are for staff only)" in result.stderr
    assert re.search(
        r"confidentiality\.yaml:\d+:\d+: warning: confidentiality is not published on the public edition: "
        r"its `public:` is `whole` but 1 of its statements are for staff only \(" + staff_only["id"],
        result.stderr,
    )

    edit_data(project, policy, "public: whole", "public: no")
    _built(run_handbook("build", "-q", cwd=project))
    assert not (project / PUBLIC / "policies/confidentiality.html").exists()
    assert "Confidentiality" not in (project / PUBLIC / "index.html").read_text(encoding="utf-8")


def test_a_mistyped_public_choice_is_a_clear_error(project: Path):
    line = edit_data(
        project,
        "policy_data/policies/confidentiality.yaml",
        "title: Confidentiality Procedure & Guidelines",
        "title: Confidentiality Procedure & Guidelines\npublic: parts",
    )
    result = run_handbook("check", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(
        rf"confidentiality\.yaml:{line + 1}:\d+: error: .*'part', 'whole' or 'no'", result.stdout + result.stderr
    )


def test_homerton_publishes_the_notice_files_the_notice_stage_made(homerton: Path):
    made = sorted(p.name for p in (homerton / "build/print/parents").iterdir())
    copied = sorted(p.name for p in (homerton / PUBLIC / "notices").iterdir())
    assert copied == made and {"fair-processing-notice.html", "fair-processing-notice.pdf"} <= set(made)
    for name in made:
        assert (homerton / PUBLIC / "notices" / name).read_bytes() == (
            homerton / "build/print/parents" / name
        ).read_bytes()
    page = (homerton / PUBLIC / "privacy-notice.html").read_text(encoding="utf-8")
    for name in made:
        assert f'href="notices/{name}"' in page
    assert "Homerton Early Years Centre" in pdf_text(
        homerton / PUBLIC / "notices/fair-processing-notice.pdf", flat=True
    )


def test_homerton_publishes_its_publication_scheme(homerton: Path):
    from generator.features.information.publication import CLASSES

    page = (homerton / PUBLIC / "publication-scheme.html").read_text(encoding="utf-8")
    for title in CLASSES.values():
        assert f">{html.escape(title, quote=False)}</h2>" in page
    # a document the scheme lists that is published here links to its page
    assert 'href="policies/confidentiality.html"' in page
    assert 'href="publication-scheme.html"' in (homerton / PUBLIC / "index.html").read_text(encoding="utf-8")


@pytest.mark.prebuilt
def test_the_scheme_is_published_only_where_the_setting_has_one(project: Path):
    (project / "policy_data/publication-scheme.yaml").unlink()
    _built(run_handbook("build", "-q", cwd=project))
    assert not (project / PUBLIC / "publication-scheme.html").exists()
    assert "publication-scheme.html" not in (project / PUBLIC / "index.html").read_text(encoding="utf-8")


def test_the_accessibility_statement_claims_no_test_results(homerton: Path):
    page = " ".join((homerton / PUBLIC / "accessibility.html").read_text(encoding="utf-8").split())
    assert "WCAG) version 2.2 at level AA" in page and "by choice" in page
    assert (
        "exempt from the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018"
        in page
    )
    assert "essential online administrative functions" in page
    assert "not had these pages tested independently" in page
    assert not re.search(r"\b(passes|passed|fully compliant|conforms)\b", page)


# Links ----------------------------------------------------------------------------------------


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def _parsed(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_link_is_relative_and_leads_inside_the_public_edition(homerton: Path):
    public = (homerton / PUBLIC).resolve()
    pages = sorted(public.rglob("*.html"))
    assert len(pages) >= 7
    problems = []
    checked = 0
    index = json.loads((public / "search-index.js").read_text(encoding="ascii").split("=", 1)[1].strip().rstrip(";"))
    links = [(page, link) for page in pages for link in _parsed(page).links]
    links += [
        (public / "index.html", entry["url"]) for entry in index["entries"]
    ]  # search results link from any page's root
    for page, link in links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith("/"):
            problems.append(f"{page.relative_to(public)}: {link} is not relative")
            continue
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        if not target.is_relative_to(public) or not target.is_file():
            problems.append(f"{page.relative_to(public)}: {link} leads to no file inside build/public")
        elif parts.fragment and target.suffix == ".html" and parts.fragment not in _parsed(target).ids:
            problems.append(f"{page.relative_to(public)}: {link}: no #{parts.fragment} there")
        checked += 1
    assert problems == [] and checked >= 50, problems


# In a browser -----------------------------------------------------------------------------------


@pytest.mark.browser
def test_every_page_passes_axe_with_no_request_but_files(browser, homerton: Path):
    from test_accessibility import axe_violations, with_axe

    context, blocked = files_only_context(browser)
    with_axe(context)  # compiled as each page starts, cheaper than added to each page loaded
    page = context.new_page()
    found = []
    pages = sorted((homerton / PUBLIC).rglob("*.html"))
    index = homerton / PUBLIC / "index.html"
    # index.html last: its search is then tried in the page just scanned, not in a second load
    for path in [p for p in pages if p != index] + [index]:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        found += [f"{path.relative_to(homerton / PUBLIC)}: {line}" for line in axe_violations(page)]
    assert page.url == index.as_uri()
    results = public_search(page, "photos")
    assert results.count() > 0
    found += [f"index.html with search results: {line}" for line in axe_violations(page)]
    context.close()
    assert len(pages) >= 7
    assert found == [], "axe-core found WCAG A/AA violations:\n" + "\n".join(found)
    assert blocked == [], f"requests other than file://: {blocked}"


def public_search(page, words: str):
    box = page.get_by_label("Search these pages")
    box.wait_for(state="visible")
    box.press_sequentially(words, delay=20)
    page.get_by_text(re.compile(r"results? for “" + re.escape(words) + "”")).wait_for()
    return page.locator(".search-results li")


@pytest.mark.browser
@pytest.mark.parametrize("where", ["index.html", "policies/confidentiality.html"])
def test_search_finds_a_parents_everyday_words(browser, homerton: Path, where: str):
    context, blocked = files_only_context(browser)
    page = context.new_page()
    page.goto((homerton / PUBLIC / where).as_uri())

    results = public_search(page, "photos")
    texts = [results.nth(i).inner_text() for i in range(results.count())]
    assert "Photographs of children are not used without parent/carer permission" in texts[0], texts
    results.first.locator("a").click()
    page.wait_for_load_state()
    assert (
        page.url.endswith("/policies/confidentiality.html#CONF-STR-11")
        or "Photographs of children" in page.locator(":target").inner_text()
    )

    page.goto((homerton / PUBLIC / where).as_uri())
    results = public_search(page, "who can see my child's records")
    texts = [results.nth(i).inner_text() for i in range(min(3, results.count()))]
    assert any("ask to see these records" in t or "right of access to any records" in t for t in texts), texts
    context.close()
    assert blocked == []


# A model repository ---------------------------------------------------------------------------


@pytest.mark.slow
def test_each_setting_of_a_model_repository_has_its_own_public_edition(built_example: Path, tmp_path: Path):
    root = copy_built(built_example, tmp_path / "la")  # its rebuild remakes what publish_drafts changes
    edit_data(root, "settings/oak-tree/setting.yaml", "\nname: ", "\npublish_drafts: true\nname: ")
    _built(run_handbook("build", "--all-settings", "-q", "--as-of", AS_OF, cwd=root, timeout=900))
    names = {}
    for sid in ("oak-tree", "willow-court"):
        names[sid] = yaml.safe_load((root / f"settings/{sid}/setting.yaml").read_text(encoding="utf-8"))["name"]
    oak = root / "build/settings/oak-tree/public"
    willow = root / "build/settings/willow-court/public"

    def read(page: Path) -> str:
        return html.unescape(page.read_text(encoding="utf-8"))

    assert names["oak-tree"] in read(oak / "index.html")
    assert names["willow-court"] in read(willow / "index.html")
    assert not any(names["willow-court"] in read(p) for p in oak.rglob("*.html"))
    # Oak Tree publishes its drafts (marked), with its own words; Willow Court does not
    policy = " ".join(read(oak / "policies/confidentiality.html").split())
    assert "Draft: not yet approved." in policy and f"Staff at {names['oak-tree']}" in policy
    assert not (willow / "policies/confidentiality.html").exists()
    check_shared_build(built_example)


# Separation -----------------------------------------------------------------------------------


def _carriers(value, rel: str, key: tuple = ()):
    """(marker number, file, path) for every marker in a seeded data file's values."""
    if isinstance(value, str):
        for n in MARKER.findall(value):
            yield int(n), rel, key
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _carriers(v, rel, key + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _carriers(v, rel, key + (i,))


def _kinds(root: Path) -> dict[str, str]:
    """Each data file (relative to root) -> its kind (pipeline SOURCES key, or records-*)."""
    folders = {"data": root / "policy_data", "checklists": root / "checklists", "records": root / "records"}
    found = {}
    for feature in FEATURES:
        for kind in feature.sources:
            for path in data_files(folders[kind.folder], kind.pattern):
                found[path.relative_to(root).as_posix()] = kind.key
        for kind in feature.records:
            for path in data_files(folders["records"], kind.pattern):
                found[path.relative_to(root).as_posix()] = f"records-{kind.key}"
    return found


def _public_text(public: Path) -> dict[str, str]:
    """Every file of the public edition as a reader or a search engine gets it: pages as
    written and with entities read, scripts and the index, the PDFs' text."""
    texts = {}
    for path in sorted(public.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(public).as_posix()
        if path.suffix == ".pdf":
            texts[rel] = pdf_text(path)
        else:
            raw = path.read_text(encoding="utf-8")
            texts[rel] = raw + "\n" + html.unescape(raw)
    return texts


@pytest.fixture(scope="module")
def separated(seeded_project: Path):
    """Every private thing the project has, each with a marker of its own, built with the
    staff records and with drafts published (so that everything public is published):

    - every free-text field of every kind of data file and of the staff records, seeded by
      test_injection's seeder (which walks the JSON Schemas of the models), with the setting's
      unset facts (its internal contacts among them) filled first;
    - staff-only statements (a section of them, and one among the parents' ones), an editor's
      note on a public statement, the review notes the data has, a release's note.

    Made once for the run (tests/seeded.py, shared with test_injection); read only."""
    root = seeded_project
    assert (root / "build/private").is_dir(), "the records were not read"
    assert yaml.safe_load((root / "policy_data/setting.yaml").read_text(encoding="utf-8"))["publish_drafts"] is True
    kinds = _kinds(root)
    carriers: dict[int, list[tuple[str, str, tuple]]] = {}
    # Each data file read once, by libyaml where PyYAML has it (the same data, ten times faster):
    # the test asks each document which of its fields are public.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    documents = {rel: yaml.load((root / rel).read_text(encoding="utf-8"), Loader=loader) for rel in kinds}
    for rel, kind in kinds.items():
        for n, file, key in _carriers(documents[rel], rel):
            carriers.setdefault(n, []).append((kind, file, key))
    yield root, carriers, documents
    check_shared_build(root)


@pytest.mark.slow
def test_no_private_data_reaches_the_public_edition(separated):
    root, carriers, documents = separated

    def public(kind: str, file: str, key: tuple) -> bool:
        return is_public(kind, key, documents[file])

    private = {n for n, fields in carriers.items() if not any(public(*f) for f in fields)}
    # Every kind of private data the project has carries markers: the staff records, the
    # review notes, the staff-only statements, an editor's note, the setting's internal
    # contact, the release's note, and every field of every kind of file not declared public.
    private_fields = {(kind, key[-1]) for n in private for kind, _, key in carriers[n]}
    for kind, field in [
        ("records-staff", "name"),
        ("policies", "problem"),
        ("policies", "why"),
        ("policies", "text"),
        ("policies", "note"),
        ("setting", "handbook_contact"),
        ("releases", "note"),
        ("policies", "title"),
    ]:
        assert (kind, field) in private_fields, f"fixture drift: no private {kind} {field} was seeded"
    seeded_kinds = {kind for fields in carriers.values() for kind, _, _ in fields}
    partly_private = {kind for kind in seeded_kinds if PUBLIC_FIELDS.get(kind) != ("**",)}
    assert partly_private <= {kind for kind, _ in private_fields}
    assert {"records-staff", "training", "roles", "register", "checklists", "releases"} <= partly_private

    found: dict[int, list[str]] = {}
    for rel, text in _public_text(root / PUBLIC).items():
        for n in MARKER.findall(text):
            found.setdefault(int(n), []).append(rel)
    leaks = sorted(set(found) & private)

    def named(n: int) -> str:
        fields = ", ".join(f"{file}:{'.'.join(map(str, key))}" for _, file, key in carriers[n])
        return f"QX{n} from {fields} in {', '.join(sorted(set(found[n])))}"

    assert leaks == [], "private data in build/public/:\n" + "\n".join(map(named, leaks))
    # The scan sees what is published: the public statements, the notice's words (HTML, PDF
    # and search index), the setting's public contact.
    shown = {(kind, key[-1]) for n in found for kind, _, key in carriers.get(n, [])}
    assert {
        ("policies", "text"),
        ("policies", "title"),
        ("notices", "heading"),
        ("setting", "name"),
        ("setting", "email"),
    } <= shown
    in_pdf = {n for n, where in found.items() if any(w.endswith(".pdf") for w in where)}
    in_index = {n for n, where in found.items() if "search-index.js" in where}
    assert in_pdf and in_index


def test_every_kind_the_public_fields_name_exists():
    """fields.py names kinds of data by their keys: a renamed kind would silently make
    nothing of it public (safe) but must be noticed."""
    keys = {kind.key for feature in FEATURES for kind in feature.sources}
    assert set(PUBLIC_FIELDS) <= keys, set(PUBLIC_FIELDS) - keys


# The notice's files, found ---------------------------------------------------------------------


def test_the_notice_files_are_found_by_name_whatever_the_notice_stage_makes():
    """Files the notice stage may make (a large print copy, a summary, a translation's) are
    published under their notice with a label from their name; a file of no notice is not."""
    from generator.core.project import Project
    from generator.features.public.content import public_notices
    from generator.pipeline.handbook import load_handbook

    hb, _ = load_handbook(Project.at(REPO, REPO / "policy_data"))
    hb.setting = hb.setting.model_copy(update={"publish_drafts": True})  # drafts published: every file listed
    made = [
        Path("print/parents") / name
        for name in (
            "fair-processing-notice.pdf",
            "fair-processing-notice.html",
            "fair-processing-notice.large-print.pdf",
            "fair-processing-notice.at-a-glance.html",
            "fair-processing-notice-old.pdf",
            "another-notice.pdf",
            "notes.txt",
        )
    ]
    (notice,), withheld = public_notices(hb, made)
    assert withheld == [] and notice.id == "notice/fair-processing-notice" and notice.draft
    assert [(f.name, f.label) for f in notice.files] == [
        ("fair-processing-notice.html", "Web page"),
        ("fair-processing-notice.at-a-glance.html", "At a glance (web page)"),
        ("fair-processing-notice.pdf", "PDF"),
        ("fair-processing-notice.large-print.pdf", "Large print (PDF)"),
    ]


@pytest.mark.browser
def test_each_translation_is_published_in_its_own_language(browser, built_translated: Path, tmp_path: Path):
    from test_accessibility import axe_violations, with_axe

    # the session's build with the test translations (Yiddish, Urdu, Bengali) added and built
    project = copy_built(built_translated, tmp_path / "project")
    edit_data(project, "policy_data/setting.yaml", "publish_drafts: false", "publish_drafts: true")
    _built(run_handbook("build", "-q", cwd=project))
    public = project / PUBLIC
    assert sorted(p.name for p in (public / "notices").iterdir()) == sorted(
        p.name for p in (project / "build/print/parents").iterdir()
    )
    assert (public / "notices/fair-processing-notice.ur.pdf").is_file()
    page = (public / "privacy-notice.html").read_text(encoding="utf-8")
    assert '<h2 id="notice-fair-processing-notice-ur" lang="ur" dir="rtl">رازداری ٹیسٹ (اردو)</h2>' in page
    assert (
        'href="notices/fair-processing-notice.ur.pdf" hreflang="ur" type="application/pdf">رازداری ٹیسٹ (اردو): PDF'
        in page
    )
    context, blocked = files_only_context(browser)
    with_axe(context)
    tab = context.new_page()
    tab.goto((public / "privacy-notice.html").as_uri())
    assert axe_violations(tab) == []
    context.close()
    assert blocked == []
    check_shared_build(built_translated)


@pytest.mark.slow
def test_markup_in_the_data_stays_text_in_the_public_edition(separated):
    """The seeded markers are markup and Markdown (test_injection's payloads): on the public
    pages they are text, never an element or an event handler."""
    from test_injection import live_markup

    root, _, _ = separated
    pages = sorted((root / PUBLIC).rglob("*.html"))
    assert any("QX" in p.read_text(encoding="utf-8") for p in pages)
    assert [f"{p.name}: {found}" for p in pages for found in live_markup(p.read_text(encoding="utf-8"))] == []
    script = (root / PUBLIC / "search.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "textContent" in script  # the index's words are shown as text


@pytest.mark.parametrize("kind", package_table().kinds, ids=lambda k: k.id)
def test_the_accessibility_statement_gives_the_reason_the_kinds_table_gives(kind):
    """Each kind's statement says why it follows WCAG as the kinds table decides: a nursery
    school is exempt except for essential administrative functions, a private nursery or a
    childminder is not a public sector body at all, and a council's site is covered."""
    edition = PublicEdition("A setting", [], accessibility_regulations=kind.accessibility_regulations.applies)
    page = " ".join(pages(edition, "6 December 2026")["accessibility.html"].split())
    applies = kind.accessibility_regulations.applies
    assert ("by choice" in page) is (applies is not True)
    assert ("essential online administrative functions" in page) is (applies == "partly")
    assert ("apply to public sector bodies only, and we are not one" in page) is (applies is False)
    assert ("require this of our website" in page) is (applies is True)


def test_an_unset_kind_gives_no_reason_for_following_wcag():
    page = " ".join(pages(PublicEdition("A setting", []), "6 December 2026")["accessibility.html"].split())
    assert "WCAG) version 2.2 at level AA" in page
    assert "by choice" not in page and "Regulations 2018" not in page


@pytest.mark.prebuilt
def test_a_private_nursery_is_not_called_exempt_from_the_public_sector_regulations(project: Path):
    edit_data(project, "policy_data/setting.yaml", "kind: maintained-nursery-school", "kind: pvi-nursery")
    _built(run_handbook("build", "-q", cwd=project))
    page = " ".join((project / PUBLIC / "accessibility.html").read_text(encoding="utf-8").split())
    assert "apply to public sector bodies only, and we are not one" in page
    assert "exempt" not in page
