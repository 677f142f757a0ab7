"""Every setting's handbook speaks of that setting: its kind, its roles, its words.

The kinds table (generator/data/kinds.yaml) is walked cell by cell for its sources; settings of
different kinds are made with `handbook new --kind`, given a policy of their own (imported from
a .txt file) and built; then every output (site pages, the search index, the printed PDFs as
pdftotext reads them, the offline zip) is searched for words that belong to Homerton's data or
to another kind of setting, and for the setting's own name on every document.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import html
import io
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pytest
import yaml
from babel.messages.pofile import read_po
from conftest import AS_OF, REPO, copy_built, pdf_text, plain_mkdocs_site, run_handbook, tree_digest
from test_settings import copy_example

from generator.cli import parser
from generator.commands.arguments import KIND_HELP
from generator.core.project import Project
from generator.core.voice import PHRASES, Voice
from generator.features.notice.content import LABELS, SETTING_LABELS
from generator.features.policies.kinds import DUTIES, Duty, Kind, package_table
from generator.features.public.content import public_edition
from generator.features.public.render import pages
from generator.pipeline.handbook import load_and_check

ENV = {"PYTHONPATH": str(REPO)}

# Words that only Homerton's data, the example local authority's settings or another kind of
# setting makes true: none may reach a private nursery's or a childminder's outputs.
BORROWED = [
    "Homerton",
    "Cambridge",
    "Confidentiality Procedure",
    "Head Teacher",
    "head-teacher",
    "Head's",
    "CP Service",
    "centre",
    "Centre",
    "maintained",
    "Maintained",
    "Freedom of Information",
    "FOI",
    "publication scheme",
    "Publication scheme",
    "nursery school",
    "Oak Tree",
    "Willow Court",
    "designated child protection staff",
    "the Head",
    # a school's census: a nursery or a childminder with funded children returns the early years census
    "census for a school",
    "school census",
    # the training courses Homerton's policy names (the tool once fixed them)
    "cp-service",
    "cp-annual-head",
    "the Head's annual child protection training",
]
# What each setting must not call itself: a pre-school is no "nursery", nor a school.
NOT_ITS_NOUN = {
    "bramble": ["the nursery", "our nursery", "the school", "our school"],
    "kit": ["the nursery", "the school", "the childminder's"],
}
# Titles every kind's staff meet as words of the field (the glossary defines them), whatever
# the setting calls its own roles.
SHARED_TITLES = {"All staff", "Office staff", "Designated safeguarding lead"}
# Role titles of the other kinds' starter roles, by kind: a setting shows only its own.
ROLE_TITLES = {family: {r.name for r in roles} for family, roles in package_table().roles.items()}

POLICY_TXT = """\
{title}

Introduction

Everyone at {name} keeps children safe and well.

Procedures

We tell parents when we share information about their child with another agency.
Staff report any concern about a child to the designated safeguarding lead on the same day.
"""


# ---- the table ---------------------------------------------------------------------------


def test_every_cell_of_the_kinds_table_has_a_source_in_the_law_or_statutory_guidance():
    table = package_table()
    cells = [name for name, field in Kind.model_fields.items() if field.annotation is Duty]
    assert set(cells) == set(DUTIES)  # the check's list of duties is every duty the table has
    required = {
        "maintained-nursery-school",
        "school-nursery-class",
        "independent-school-nursery",
        "pvi-nursery",
        "childminder",
        "la-childrens-centre",
    }
    assert required <= set(table.by_id())
    for kind in table.kinds:
        assert kind.nation == "england"
        assert kind.roles in table.roles, kind.id
        for cell in [*cells, "eyfs", "census"]:
            source = table.source(getattr(kind, cell))
            assert re.search(r"https://www\.(legislation\.gov\.uk|gov\.uk)/\S+", source), (kind.id, cell, source)
    by_id = table.by_id()
    # FOIA Schedule 1 and UK GDPR Art. 37(1)(a): public authorities only
    assert [k.id for k in table.kinds if k.foi_publication_scheme.applies] == [
        "maintained-nursery-school",
        "school-nursery-class",
        "la-childrens-centre",
    ]
    assert all(k.dpo.applies == k.foi_publication_scheme.applies for k in table.kinds)
    assert by_id["maintained-nursery-school"].kcsie.applies and not by_id["pvi-nursery"].kcsie.applies
    assert by_id["childminder"].eyfs.framework == "childminder"
    assert by_id["pvi-nursery"].eyfs.framework == "group"
    # DfE: the school census covers maintained nursery schools and schools' pupils; private,
    # voluntary and independent providers and childminders return the early years census
    assert {k.id for k in table.kinds if k.census.returns == "school"} == {
        "maintained-nursery-school",
        "school-nursery-class",
    }
    # The role that is the setting herself is one of her kind's own roles, and only a setting
    # that speaks for itself ("I") has one.
    for kind in table.kinds:
        if kind.own_role is not None:
            assert Voice(kind.noun).singular and kind.own_role in {r.id for r in table.roles[kind.roles]}, kind.id
    assert by_id["childminder"].own_role == "childminder"


# ---- new projects of each kind -----------------------------------------------------------


def _new(tmp: Path, folder: str, name: str, kind: str | None) -> Path:
    tmp.mkdir(exist_ok=True)
    args = ["new", str(tmp / folder), "--name", name] + (["--kind", kind] if kind else [])
    made = run_handbook(*args, cwd=tmp, env=ENV)
    assert made.returncode == 0, made.stderr
    return tmp / folder


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    """`starter(kind)`: `handbook new p --name "Hazel Bank" --kind KIND` and what `check` then
    says of it, made once per kind for the module (four tests read the same starter of each
    kind, two of them checked it); read only: a test that edits it works on a copy.  It fails
    the module's last test if a test changed one."""
    tmp = tmp_path_factory.mktemp("starters")
    made: dict[str, tuple[Path, subprocess.CompletedProcess]] = {}

    def of(kind: str) -> tuple[Path, subprocess.CompletedProcess]:
        if kind not in made:
            root = _new(tmp / kind, "p", "Hazel Bank", kind)
            made[kind] = (root, run_handbook("check", cwd=root, env=ENV))
            digests[kind] = tree_digest(root)
        return made[kind]

    digests: dict[str, dict[str, str]] = {}
    yield of
    changed = [kind for kind, (root, _) in made.items() if tree_digest(root) != digests[kind]]
    assert not changed, f"a test changed the shared starter of {changed}"


@pytest.mark.parametrize("kind", [k.id for k in package_table().kinds])
def test_new_kind_writes_that_kinds_roles_and_check_says_which_kind_it_assumes(starter, kind: str):
    table = package_table()
    k = table.by_id()[kind]
    root, checked = starter(kind)
    roles = (root / "policy_data/roles.yaml").read_text(encoding="utf-8")
    for role in table.roles[k.roles]:
        assert f"name: {role.name}" in roles
        assert (root / "checklists" / f"{role.id}.yaml").is_file()
    assert (root / "policy_data/publication-scheme.yaml").is_file() == bool(k.foi_publication_scheme.applies)
    assert "staff: []" in (root / "records/staff.yaml").read_text(encoding="utf-8")
    assert (root / "starter/training-september.yaml").is_file()
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"note: assuming the kind '{kind}' ({k.name}, England)" in checked.stdout


@pytest.mark.parametrize(
    ("name", "noun", "said"),
    [
        ("Little Acorns Pre-school", "the pre-school", "from the name, which says pre-school"),
        ("Sunny Days Preschool", "the pre-school", "from the name, which says pre-school"),
        ("Bramble Day Nursery", "the nursery", "the name does not say pre-school"),
    ],
)
def test_a_pvi_starter_writes_its_noun_from_its_name_and_says_so(tmp_path: Path, name: str, noun: str, said: str):
    """The kind is "nursery or pre-school": its usual noun is no more than a guess, so the
    starter writes one, from the name, with a comment saying where it came from."""
    root = _new(tmp_path, "p", name, "pvi-nursery")
    text = (root / "policy_data/setting.yaml").read_text(encoding="utf-8")
    [line] = [line for line in text.splitlines() if line.startswith("noun:")]
    assert line.split("#")[0].strip() == f"noun: {noun}"
    assert said in line and "change it if the setting calls itself otherwise" in line
    assert yaml.safe_load(text)["noun"] == noun
    checked = run_handbook("check", cwd=root, env=ENV)
    assert "setting.noun-unset" not in checked.stdout and "what the handbook calls the setting" not in checked.stdout


def test_a_pvi_setting_without_a_noun_is_asked_for_it(tmp_path: Path):
    root = _new(tmp_path, "p", "Little Acorns", "pvi-nursery")
    setting = root / "policy_data/setting.yaml"
    text = setting.read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("noun:"))
    setting.write_text(re.sub(r"(?m)^noun: .*$", "noun: null", text), encoding="utf-8")
    checked = run_handbook("check", cwd=root, env=ENV)
    [finding] = [f for f in checked.stdout.splitlines() if "what the handbook calls the setting" in f]
    assert finding.startswith(f"policy_data/setting.yaml:{line}:")
    assert ": warning: to be completed:" in finding
    assert "may be “the nursery” or “the pre-school”; until it is set, it says “the nursery”" in finding
    # a kind with one noun needs none written: nothing is asked
    school = _new(tmp_path, "s", "Larch Road Nursery School", "maintained-nursery-school")
    assert "what the handbook calls the setting" not in run_handbook("check", cwd=school, env=ENV).stdout


@pytest.mark.parametrize("kind", [k.id for k in package_table().kinds])
def test_the_starter_pack_declares_the_kinds_courses_in_its_own_words(starter, kind: str):
    """Training courses are data: the starter pack declares the kinds table's courses for the
    kind (titles for the setting to rename, no provider guessed), none of Homerton's."""
    table = package_table()
    root, _ = starter(kind)
    text = (root / "starter/training-september.yaml").read_text(encoding="utf-8")
    pack = yaml.safe_load(text)
    expected = [c.model_dump() for c in table.courses[table.by_id()[kind].roles]]
    assert pack["courses"] == expected
    assert {c["purpose"] for c in pack["courses"]} == {"induction", "september-session", "whole-staff", "dsl"}
    assert all(c["provider"] is None for c in pack["courses"])
    for word in ("cp-service", "cp-annual-head", "CP Service", "Head"):
        assert word not in text, word


def _glossary_entry(root: Path, term: str, terms: list | None = None) -> dict | None:
    """The glossary's entry for `term` (from `terms`, the glossary's terms already read, if given)."""
    if terms is None:
        terms = yaml.safe_load((root / "policy_data/glossary.yaml").read_text(encoding="utf-8"))["terms"]
    return next((t for t in terms if t["term"] == term), None)


@pytest.mark.parametrize("kind", [k.id for k in package_table().kinds])
def test_the_starter_cites_kcsie_only_where_the_kinds_table_says_it_applies(starter, kind: str):
    """The starter glossary and retention schedule send staff to the guidance their kind of
    setting follows: where KCSIE does not apply, `check` has nothing to warn of and the data
    cite the kind's EYFS framework instead; where it applies, its entries stay."""
    k = package_table().by_id()[kind]
    root, checked = starter(kind)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "does not apply to this kind of setting" not in checked.stdout
    data = {
        name: (root / "policy_data" / name).read_text(encoding="utf-8") for name in ("glossary.yaml", "retention.yaml")
    }
    loaded = {name: yaml.safe_load(text) for name, text in data.items()}  # each file read once
    cited = {
        name: [
            c["document"]
            for entry in (loaded[name].get("terms") or loaded[name].get("records"))
            for c in (entry.get("cites") or (entry.get("guideline") or {}).get("cites") or [])
        ]
        for name in data
    }
    terms = loaded["glossary.yaml"]["terms"]
    eyfs = "eyfs-childminders" if k.eyfs.framework == "childminder" else "eyfs-group"
    dsl = _glossary_entry(root, "Designated safeguarding lead", terms)
    if k.kcsie.applies:
        # (The retention schedule's allegations period comes from the NSCB record-keeping page,
        # not KCSIE: audit, 2026-12-06.)
        assert "kcsie" in cited["glossary.yaml"]
        assert _glossary_entry(root, "Keeping Children Safe in Education", terms) is not None
    else:
        for name, text in data.items():
            body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
            assert "kcsie" not in cited[name] and "Keeping children safe" not in body and "KCSIE" not in body, name
        assert eyfs in cited["glossary.yaml"]
        # The EYFS sets no retention period: the retention schedule cites it only for what it
        # does require (the 14-day notice to Ofsted), in a note, never as a period's source.
        assert "{cite:" + eyfs in data["retention.yaml"]
        assert _glossary_entry(root, "Keeping Children Safe in Education", terms) is None
        assert any(c["document"] == eyfs for c in dsl["cites"])
    if k.eyfs.framework == "childminder":
        # A childminder is her own designated safeguarding lead: no staff team, no deputy.
        assert _glossary_entry(root, "Deputy designated safeguarding lead", terms) is None
        assert "member of staff" not in dsl["definition"] and "deputy" not in dsl["definition"]
        assert "childminder is the designated safeguarding lead" in " ".join(dsl["definition"].split())
        assert "eyfs-group" not in cited["glossary.yaml"] + cited["retention.yaml"]


@pytest.mark.parametrize("kind", [k.id for k in package_table().kinds])
def test_no_kinds_retention_period_is_said_to_come_from_a_document_that_does_not_set_it(
    request: pytest.FixtureRequest, starter, tmp_path: Path, kind: str
):
    """Where KCSIE does not apply, the starter puts other words in place of its entries: a
    retention period must never then be said to "come from" the EYFS, which sets none (audit 2,
    W1: "This comes from Early years foundation stage ..." under the allegations records' ten
    years).  The page names the period's real source and `check` finds no misattribution.
    A kind one of this file's built settings has (SETTINGS) is read from a copy of that
    setting's build (a starter of the kind, with a policy of its own), the others from a copy
    of the module's starter of the kind (what check said of it is the starter's), built here."""
    folder = next((f for f, (_, k, *_) in SETTINGS.items() if k == kind), None)
    if folder is not None:
        root = copy_built(request.getfixturevalue("settings")[folder], tmp_path / "p")
        checked = run_handbook("check", cwd=root, env=ENV)
    else:
        made, checked = starter(kind)
        root = Path(shutil.copytree(made, tmp_path / "p", symlinks=True))
    assert "retention.period-misattributed" not in checked.stdout + checked.stderr
    # and the words that say so name no guidance as free text (each citation has its edition)
    assert not [line for line in checked.stdout.splitlines() if "retention.yaml" in line and "names" in line]
    if folder is None:
        built = run_handbook("build", cwd=root, env=ENV, timeout=600)
        assert built.returncode == 0, built.stdout + built.stderr
    page = " ".join(
        html.unescape(_visible((root / "build/site/information/retention.html").read_text("utf-8"))).split()
    )
    assert "This comes from Early years foundation stage" not in page
    # The notice's first page opens with the whole offer, not "You" alone (audit 2, m1)
    first = pdf_text(root / "build/print/parents/fair-processing-notice.pdf", "-f", "1", "-l", "1").splitlines()
    after = [line.strip() for line in first[first.index("At a glance") + 1 :] if line.strip()]
    assert after[0].startswith("You can ask ") and after[0].endswith("in large print."), after[:2]
    assert after[1].startswith("To ask for a copy:"), after[:2]
    # Subject access to child protection records: both tests of DPA 2018 Sch 3 (audit 2, M3),
    # and who decides, in the setting's voice (a childminder decides herself: m7)
    assert "where giving it would not be in the child's best interests (Schedule 3, Part 5, child abuse data)" in page
    # the serious harm test of education data (Sch 3 Part 4) only for the schools para 14(3) lists
    # (audit 3, M1): the kinds Keeping children safe in education covers
    school = package_table().by_id()[kind].kcsie.applies is True
    assert ("(Schedule 3, Part 4, education data)" in page) is school, kind
    assert "Parts 2 to 4" not in page
    if package_table().by_id()[kind].eyfs.framework == "childminder":
        assert "I decide what is shown" in page and "The designated safeguarding lead" not in page
    else:
        assert "decides what is shown, advised by the designated safeguarding lead on child protection records" in page
    assert "only where a health professional's opinion is that showing it would be likely to cause serious harm" in page
    records = yaml.safe_load((root / "policy_data/retention.yaml").read_text(encoding="utf-8"))["records"]
    allegations = next(r for r in records if r["id"] == "allegations-against-staff")
    # The allegations period is one local partnership's, for every kind (the starter of a kind
    # KCSIE covers too), and the setting is sent to its own partnership's procedures
    assert "This comes from one local safeguarding partnership's procedures, used here as an example" in page
    assert "The period above is that partnership's, not necessarily your area's. Follow your own local" in page
    assert "Follow your own local safeguarding partnership's procedures for how long these records are kept" in page
    if school:  # the starter's note sends a school to the guidance that sets the period
        assert "in a school, Keeping children safe in education 2025" in page and "Part four sets it." in page
    if package_table().by_id()[kind].kcsie.applies is False:
        assert "records are kept. It is not set by Early years foundation stage statutory framework" in page
        # the framework's own words: living there too, and as soon as reasonably practicable
        assert "by anyone living, working or looking after children at the premises" in page
        assert "as soon as reasonably practicable and at the latest within 14 days" in page
        assert not allegations["guideline"].get("cites")
    # and `check` catches the swap in any project's data (a model's, a --from copy)
    text = (root / "policy_data/retention.yaml").read_text(encoding="utf-8")
    at = text.index("  - id: allegations-against-staff")
    guideline = text.index("    guideline:\n", at) + len("    guideline:\n")
    text = text[:guideline] + "      cites: [{document: eyfs-group, part: Section 3}]\n" + text[guideline:]
    text = re.sub(
        r"(?m)^(      cites: \[\{document: eyfs-group, part: Section 3\}\]\n)((?:.*\n)*?)      cites: .*\n",
        r"\1\2",
        text,
    )
    (root / "policy_data/retention.yaml").write_text(text, encoding="utf-8")
    checked = run_handbook("check", cwd=root, env=ENV)
    found = [
        line
        for line in checked.stdout.splitlines()
        if "retention.period-misattributed" in line or "sets no retention period" in line
    ]
    assert found and found[0].startswith("policy_data/retention.yaml:"), checked.stdout


def test_an_unset_kind_is_a_finding_and_nothing_is_assumed(tmp_path: Path):
    root = _new(tmp_path, "p", "Hazel Bank", None)
    checked = run_handbook("check", cwd=root, env=ENV)
    assert (
        "setting.yaml" in checked.stdout and "to be completed: the kind of setting (kind:) is not set" in checked.stdout
    )
    assert "assuming the kind" not in checked.stdout
    statement = (root / "docs/accessibility.md").read_text(encoding="utf-8")
    assert "**To be completed**: whether the Public Sector Bodies" in statement
    built = plain_mkdocs_site(root, root / "site")  # one page is read; no PDF
    assert built.returncode == 0, built.stderr
    page = " ".join(_visible((root / "site/information/publication-scheme.html").read_text(encoding="utf-8")).split())
    assert (
        "To be completed: whether the Freedom of Information Act 2000 applies. It covers public authorities only"
        in page
    )
    # Neither the staff handbook nor the setting's website says the Act applies while it may not
    assert "Hazel Bank's guide to the information it publishes, arranged in the seven classes" in page
    assert "under the Freedom of Information Act" not in page
    hb, _ = load_and_check(Project.at(root, as_of=dt.date.fromisoformat(AS_OF)))
    website = pages(public_edition(hb, []), "6 December 2026")
    scheme = " ".join(_visible(website["publication-scheme.html"]).split())
    assert "Hazel Bank's guide to the information it publishes, in the seven classes" in scheme
    assert (
        "To be completed: whether the Freedom of Information Act 2000 applies to Hazel Bank. It applies to public "
        "authorities, such as state schools and nursery schools, and not to private, voluntary or independent "
        "nurseries or to childminders." in scheme
    )
    assert "setting.yaml" not in scheme  # a parent reads it: `check` tells the setting where to set the kind
    front = " ".join(_visible(website["index.html"]).split())
    assert "the information we publish, and how to get it" in front
    for shown in (scheme, front):
        assert "publish under the Freedom of Information Act" not in shown
        assert "publishes under the Freedom of Information Act" not in shown


def test_a_setting_outside_england_is_told_the_tool_does_not_know_its_law(tmp_path: Path):
    root = _new(tmp_path, "p", "Tŷ Bach Nursery", "pvi-nursery")
    setting = root / "policy_data/setting.yaml"
    setting.write_text(
        setting.read_text(encoding="utf-8").replace("nation: england", "nation: wales"), encoding="utf-8"
    )
    checked = run_handbook("check", cwd=root, env=ENV)
    assert re.search(
        r"setting\.yaml:\d+:\d+: warning: this tool knows the law of England only, not yet Wales's", checked.stdout
    )


def test_outside_england_the_guide_to_information_names_no_act(tmp_path: Path):
    """The kinds table gives England's law: a school elsewhere (in Scotland the Freedom of
    Information (Scotland) Act 2002 applies, not the 2000 Act) is told which law is to be
    completed, on the staff handbook and the website, and neither says the 2000 Act applies."""
    root = _new(tmp_path, "p", "Ysgol Fach", "school-nursery-class")
    setting = root / "policy_data/setting.yaml"
    setting.write_text(setting.read_text(encoding="utf-8").replace("nation: england", "nation: scotland"), "utf-8")
    built = plain_mkdocs_site(root, root / "site")
    assert built.returncode == 0, built.stderr
    staff = " ".join(_visible((root / "site/information/publication-scheme.html").read_text(encoding="utf-8")).split())
    assert "To be completed: which freedom of information law applies (this handbook knows the law of England" in staff
    hb, _ = load_and_check(Project.at(root, as_of=dt.date.fromisoformat(AS_OF)))
    website = pages(public_edition(hb, []), "6 December 2026")
    scheme = " ".join(_visible(website["publication-scheme.html"]).split())
    assert "To be completed: which freedom of information law applies to Ysgol Fach." in scheme
    for shown in (staff, scheme, " ".join(_visible(website["index.html"]).split())):
        assert "under the Freedom of Information Act" not in shown and "Act 2000 applies" not in shown


def test_an_unknown_kind_is_named_with_the_kinds_there_are(tmp_path: Path):
    made = run_handbook("new", str(tmp_path / "p"), "--name", "X", "--kind", "day-nursery", cwd=tmp_path, env=ENV)
    assert (
        made.returncode == 1
        and "--kind day-nursery: not a kind of setting" in made.stderr
        and "pvi-nursery" in made.stderr
    )
    assert not (tmp_path / "p").exists()


def test_the_regulator_named_in_the_notice_is_a_warning_offering_the_placeholder(tmp_path: Path):
    root = _new(tmp_path, "p", "Hazel Bank", "pvi-nursery")
    notice = root / "policy_data/notices/fair-processing-notice.yaml"
    starter = "  regulator_text: If you are still unhappy, you can then complain to the {regulator}."
    assert starter in notice.read_text(encoding="utf-8")  # the starter's lead-in names it by placeholder
    text = notice.read_text(encoding="utf-8").replace(
        starter, "  regulator_text: You can then complain to the Information Commissioner."
    )
    notice.write_text(text, encoding="utf-8")
    checked = run_handbook("check", cwd=root, env=ENV)
    assert checked.returncode == 0, checked.stdout
    assert re.search(
        r"fair-processing-notice\.yaml:\d+:\d+: warning: the notice names the regulator in its own words "
        r"\('Information Commissioner'\): write \{regulator\} there instead",
        checked.stdout,
    )
    notice.write_text(text.replace("the Information Commissioner.", "the {regulator}."), encoding="utf-8")
    checked = run_handbook("check", cwd=root, env=ENV)
    assert "names the regulator" not in checked.stdout


def test_a_new_notice_leads_in_to_the_regulators_details_in_a_sentence(settings):
    """The starter notice (any kind): before the regulator's name and contact details, a whole
    sentence saying parents can complain to it (audit: the details stood alone).  Read from the
    childminder's build (`settings`: her starter notice, given recipients of her own)."""
    text = pdf_text(settings["kit"] / "build/print/parents/fair-processing-notice.pdf", flat=True)
    assert (
        "If you are still unhappy, you can then complain to the Information Commissioner's Office. It makes sure "
        "that organisations follow data protection law. Name: Information Commissioner's Office"
    ) in text


# ---- two (three) fictional settings, built --------------------------------------------------

SETTINGS = {
    # folder: (name, kind, policy title, policy id, a role to rename and its new title)
    "bramble": (
        "Bramble Lane Pre-school",
        "pvi-nursery",
        "Keeping Children Well Policy",
        "keeping-well",
        ("manager", "Pre-school Leader"),
    ),
    "kit": ("Kit Moreno Childminding", "childminder", "Safe Care Statement", "safe-care", ("assistants", "Helpers")),
    "larch": (
        "Larch Road Nursery School",
        "maintained-nursery-school",
        "Child Safety Procedures",
        "child-safety",
        ("head", "Executive Headteacher"),
    ),
}


def _make_setting(tmp: Path, folder: str) -> Path:
    name, kind, title, pid, (role_id, role_title) = SETTINGS[folder]
    root = _new(tmp, folder, name, kind)
    roles = root / "policy_data/roles.yaml"
    text = roles.read_text(encoding="utf-8")
    old = next(r.name for r in package_table().roles[package_table().by_id()[kind].roles] if r.id == role_id)
    roles.write_text(text.replace(f"name: {old}\n", f"name: {role_title}\n"), encoding="utf-8")
    source = tmp / f"{folder}.txt"
    source.write_text(POLICY_TXT.format(title=title, name=name), encoding="utf-8")
    imported = run_handbook("import", str(source), "--id", pid, cwd=root, env=ENV)
    assert imported.returncode == 0, imported.stderr
    policy = root / "policy_data/policies" / f"{pid}.yaml"
    text = policy.read_text(encoding="utf-8")
    ids = re.findall(r"- id: ([A-Z]+-[A-Z]+-\d+)", text)
    text = text.replace("audience:  # TO REVIEW", "audience: [staff, parents]").replace(
        "roles:  # TO REVIEW", f"roles: [all-staff, {role_id}]"
    )
    policy.write_text(text, encoding="utf-8")
    register = root / "policy_data/register.yaml"
    # `handbook import` listed the policy in the register, as the desk does
    listed = f"documents:\n  - id: {pid}\n    title: {title}\n    kind: policy\n    status: in-handbook\n"
    assert listed in register.read_text(encoding="utf-8")
    if folder == "kit":  # the childminder's register also names a document not in the handbook (one "other")
        other = "  - id: emergency-plan\n    title: Emergency plan\n    kind: procedure\n    status: named-in-policy\n"
        text = register.read_text(encoding="utf-8")
        assert text.rstrip().endswith("next_review: null"), "fixture drift: the register's list is not last"
        register.write_text(text.rstrip() + "\n" + other, encoding="utf-8")
    notice = root / "policy_data/notices/fair-processing-notice.yaml"
    share = Voice(package_table().by_id()[kind].noun).speak(
        "  heading: Who do we share information with?\n  text: null\n  items:"
    )
    text = notice.read_text(encoding="utf-8")
    assert f"{share} []\n" in text, "fixture drift: the starter notice's recipients part"
    notice.write_text(
        text.replace(f"{share} []\n", f"{share}\n    - name: Other agencies\n      statements: [{ids[1]}]\n"),
        encoding="utf-8",
    )
    # the starter training pack, planned for the policy just imported
    pack = (root / "starter/training-september.yaml").read_text(encoding="utf-8")
    year = re.search(r"(?m)^year: (\d+)", pack).group(1)
    pack = pack.replace("  - POLICY-ID ", f"  - {pid} ") + (
        "intervals:\n  - course: dsl\n    applies_to: all-staff\n    months: null\n"
        f"    source: {ids[2]}\n    quote: on the same day\n    guidance: dsl\n"
    )
    (root / "policy_data/training").mkdir()
    (root / f"policy_data/training/{year}-september.yaml").write_text(pack, encoding="utf-8")
    built = run_handbook("build", cwd=root, env=ENV, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    return root


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("kinds")
    return {folder: _make_setting(tmp, folder) for folder in SETTINGS}


def _outputs(root: Path) -> dict[str, str]:
    """Every output a reader can see, as text: pages and search index, PDFs, the zip's files."""
    build = root / "build"
    out: dict[str, str] = {}
    for path in sorted(build.rglob("*")):
        rel = str(path.relative_to(build))
        if not path.is_file() or rel.startswith(".cache") or "/assets/" in f"/{rel}":
            continue
        if path.suffix == ".pdf":
            out[rel] = pdf_text(path, flat=True)
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                for info in z.infolist():
                    if info.filename.endswith((".html", ".json", ".txt", ".md")) and "/assets/" not in info.filename:
                        out[f"{rel}!{info.filename}"] = z.read(info).decode("utf-8", "replace")
        elif path.suffix in (".html", ".json", ".txt", ".md", ".xml", ".csv"):
            out[rel] = path.read_text(encoding="utf-8", errors="replace")
    return out


@functools.lru_cache(maxsize=len(SETTINGS))
def _built_outputs(root: Path) -> Mapping[str, str]:
    """`_outputs` of one of the module's `settings`, which are read only: read once, as six
    tests search the same three builds (pdftotext on every PDF is the costly part)."""
    return MappingProxyType(_outputs(root))


def _visible(text: str) -> str:
    """HTML without tags, scripts or styles (what a reader or a search engine reads)."""
    text = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", text)
    return re.sub(r"<[^>]+>", " ", text)


@pytest.mark.parametrize("folder", ["bramble", "kit"])
@pytest.mark.slow
def test_no_borrowed_word_in_any_output(settings, folder: str):
    root = settings[folder]
    name, kind, title, pid, (role_id, role_title) = SETTINGS[folder]
    family = package_table().by_id()[kind].roles
    others = [
        t
        for f, titles in ROLE_TITLES.items()
        if f != family
        for t in titles
        if t not in ROLE_TITLES[family] and t not in SHARED_TITLES
    ]
    other_policies = [t for f, (_, _, t, _, _) in SETTINGS.items() if f != folder]
    outputs = _built_outputs(root)
    assert (
        any(k.endswith(".pdf") for k in outputs)
        and any("search" in k for k in outputs)
        and any("!" in k for k in outputs)
    )
    found = []
    for rel, text in outputs.items():
        words = _visible(text) if rel.endswith((".html", ".xml")) else text
        for word in BORROWED + others + other_policies + NOT_ITS_NOUN.get(folder, []):
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", words):
                found.append((rel, word, words[max(0, words.find(word) - 60) : words.find(word) + 60]))
    assert not found, "\n".join(map(str, found[:40]))


@pytest.mark.parametrize("folder", list(SETTINGS))
@pytest.mark.slow
def test_its_own_name_policy_title_and_role_titles_are_on_every_document(settings, folder: str):
    root = settings[folder]
    name, kind, title, pid, (role_id, role_title) = SETTINGS[folder]
    outputs = _built_outputs(root)
    documents = {
        rel: text
        for rel, text in outputs.items()
        if rel.endswith(".pdf") or (rel.startswith("site/") and rel.endswith(".html") and "404" not in rel)
    }
    assert documents
    for rel, text in documents.items():
        assert name in " ".join(text.split()), rel
    # The parents' paper quotes no policy (issue 27); the staff page says why the notice says
    # each thing, naming the quoted policy by its own title.
    notice = _visible((root / "build/site/parents/fair-processing-notice.html").read_text(encoding="utf-8"))
    our = Voice(package_table().by_id()[kind].noun).our  # a childminder's "my"
    assert f"What {our} {title} says" in " ".join(notice.split())
    role_page = _visible((root / f"build/site/roles/{role_id}.html").read_text(encoding="utf-8"))
    assert role_title in role_page


@pytest.mark.slow
def test_the_kinds_differences_are_the_tables(settings):
    """Publication scheme, DPO and the safeguarding guidance the training is measured against
    follow the kinds table: a maintained nursery school has all three, the others none."""
    for folder, root in settings.items():
        kind = package_table().by_id()[SETTINGS[folder][1]]
        site = root / "build/site"
        assert (site / "information/publication-scheme.html").is_file() == bool(kind.foi_publication_scheme.applies), (
            folder
        )
        notice = _visible((root / "build/print/parents/fair-processing-notice.html").read_text(encoding="utf-8"))
        assert ("Data Protection Officer" in notice) == bool(kind.dpo.applies), folder
        pack = " ".join(
            html.unescape(
                _visible(next((root / "build/print/training").glob("*.html")).read_text(encoding="utf-8"))
            ).split()
        )
        # Each limit is cited with its edition (guidance.yaml): KCSIE for a school, else the kind's EYFS framework.
        if kind.kcsie.applies:
            assert re.search(
                r"Keeping children safe in education \d{4} \([^)]*\): the designated safeguarding lead and deputies",
                pack,
            ), folder
        else:
            framework = (
                "for childminders" if kind.eyfs.framework == "childminder" else "for group and school-based providers"
            )
            assert re.search(
                rf"Early years foundation stage statutory framework {framework}, [^:]*\(in force from [^)]*\): "
                r"the designated safeguarding lead's training is renewed at least every two years",
                pack,
            ), folder
            assert not re.search(r"Keeping children safe in education \d{4} \(", pack), folder


@pytest.mark.slow
def test_the_built_glossary_and_retention_pages_cite_kcsie_only_for_a_kind_it_applies_to(settings):
    for folder, root in settings.items():
        kind = package_table().by_id()[SETTINGS[folder][1]]
        pages = {
            page: " ".join(html.unescape(_visible((root / "build/site" / page).read_text(encoding="utf-8"))).split())
            for page in ("glossary.html", "information/retention.html")
        }
        framework = (
            "for childminders" if kind.eyfs.framework == "childminder" else "for group and school-based providers"
        )
        # The glossary cites KCSIE exactly where it applies; the retention page never where it does
        # not (where it applies, its allegations period now comes from the NSCB page, not KCSIE).
        assert ("Keeping children safe in education" in pages["glossary.html"]) == bool(kind.kcsie.applies), folder
        for page, words in pages.items():
            if not kind.kcsie.applies:
                assert "Keeping children safe in education" not in words, (folder, page)
            if not kind.kcsie.applies:
                assert f"Early years foundation stage statutory framework {framework}" in words, (folder, page)
        glossary = pages["glossary.html"]
        if kind.eyfs.framework == "childminder":
            assert "Deputy designated safeguarding lead" not in glossary
            assert "A childminder is the designated safeguarding lead for the children in their care" in glossary
            assert "senior member of staff" not in glossary


@pytest.mark.slow
def test_the_retention_page_sends_a_request_to_see_records_to_someone_who_exists(settings):
    """A childminder is a person: a request goes to her, not to 'the person who leads the
    childminder'; a nursery or school has someone who leads it."""
    for folder, root in settings.items():
        kind = package_table().by_id()[SETTINGS[folder][1]]
        page = " ".join(_visible((root / "build/site/information/retention.html").read_text(encoding="utf-8")).split())
        if kind.eyfs.framework == "childminder":  # she speaks for herself
            assert "How long I keep each kind of record about children and families" in page, folder
            assert "is passed at once to me:" in page, folder
            assert "leads the childminder" not in page and "leads me" not in page, folder
        else:
            assert "keeps each kind of record about children and families" in page, folder
            assert "is passed at once to the person who leads" in page, folder


@pytest.mark.slow
def test_the_home_page_counts_the_register_in_plain_words(settings):
    """A new setting's register holds only its own policy: "1 of the 1 documents ... are" is
    not English; the home page says the one document (or all of them) is here in full."""
    for folder, root in settings.items():
        home = " ".join(_visible((root / "build/site/index.html").read_text(encoding="utf-8")).split())
        counted = re.search(r"\b(\d+) of the (\d+) documents\b", home)
        assert not (counted and counted.group(1) == counted.group(2)), (folder, counted.group(0))
        assert re.search(
            r"(The one document in the policy register is|All \d+ documents in the policy register are|"
            r"One of the \d+ documents in the policy register is|"
            r"\d+ of the \d+ documents in the policy register are) here in full:",
            home,
        ), folder
        assert not re.search(r"\b1 of the \d+ documents|\b1 are\b", home), folder
    # the childminder's register names one document more than the handbook holds
    home = " ".join(_visible((settings["kit"] / "build/site/index.html").read_text(encoding="utf-8")).split())
    assert "One of the 2 documents in the policy register is here in full:" in home
    assert "The other one is listed in the register but is not in this handbook." in home


# ---- a childminder speaks for herself --------------------------------------------------------


def test_the_voice_turns_every_fixed_word_of_the_notice_into_the_first_person_singular():
    """Walk the notice's fixed words (LABELS, and those true of some settings only): a setting
    that speaks as "we" keeps them as they are; a childminder's have no "we", "us" or "our"
    left, and "are we"/"we are" agree."""
    team, alone = Voice("the nursery"), Voice("I")
    plural = re.compile(r"\b(we|We|us|Us|our|Our|ours|we're|We're)\b")
    for key, text in {**LABELS, **SETTING_LABELS}.items():
        assert team.speak(text) == text, key
        assert not plural.search(alone.speak(text)), (key, alone.speak(text))
    assert (
        alone.speak("Who are we? We are here. Tell us about our work.") == "Who am I? I am here. Tell me about my work."
    )
    assert (team.does("keeps"), alone.does("keeps"), alone.does("publishes"), alone.does("has")) == (
        "the nursery keeps",
        "I keep",
        "I publish",
        "I have",
    )
    for phrase, (ours, hers) in PHRASES.items():
        assert team.say(phrase) == ours and alone.say(phrase) == hers and ours != hers, phrase
        assert not re.search(r"\bstaff\b|\boffice\b", hers), phrase


# Words a childminder's outputs must never say: a staff team or an office she may not have, or
# the first person plural where she speaks ("Tell us first"), or "I" with a third-person verb.
NOT_HERS = [
    "member of staff",
    "members of staff",
    "our staff",
    "staff handbook",
    "the office",
    "whole-staff",
    "Who are we",
    "Contact us",
    "Tell us first",
    "ask us",
    "Our policies",
    "our policies",
    "staff and parents meet",
    "childminder runs",
]
I_AGREES = re.compile(r"\bI (is|are|has|keeps|does|refers|publishes|departs|gives)\b| 1 are ")


def test_a_childminder_speaks_for_herself_on_every_page_a_reader_sees(settings):
    """Kit Moreno is a childminder: her notice, public pages, handbook pages, checklists and
    training pack say "I", "me" and "my" where the setting speaks, and never speak of staff,
    an office or "us"; the words of her own policy ("We tell parents ...") stay as written. A
    nursery's say "we" and "us"."""
    kit = settings["kit"]
    outputs = {
        rel: " ".join(html.unescape(_visible(text) if rel.endswith((".html", ".xml")) else text).split())
        for rel, text in _built_outputs(kit).items()
    }
    found = [(rel, word) for rel, text in outputs.items() for word in NOT_HERS if word in text]
    found += [(rel, m.group(0)) for rel, text in outputs.items() for m in I_AGREES.finditer(text)]
    assert not found, found[:20]
    said = {
        "site/parents/fair-processing-notice.html": [
            "Who am I?",
            "Tell me first",
            "You can ask me for this notice",
            "Who I share it with",
            "What my Safe Care Statement says",
        ],
        "print/parents/fair-processing-notice.pdf": ["Who am I?", "Tell me first", "Who I share it with"],
        "public/index.html": ["Contact me", "My policies and the information I give parents"],
        "public/accessibility.html": ["I follow the guidelines by choice", "and I am not one", "please contact me"],
        "site/index.html": [
            "Kit Moreno Childminding handbook",
            "This handbook holds my policies for anyone who works with me",
        ],
        "site/information/retention.html": [
            "How long I keep each kind of record",
            "is passed at once to me: anyone else who is asked",
        ],
        "site/checklists/assistants.html": [
            "What anyone in this role reads and acknowledges. I give you the printed copy"
        ],
        "print/checklists/assistants.pdf": ["Read each statement in this handbook"],
        "site/accessibility.html": [
            "and I am not one",
            "What I'm doing to improve accessibility",
            "I am always looking to improve",
            "I am committed to making this handbook accessible",
        ],
        "site/policies/safe-care.html": ["We tell parents when we share information"],  # her policy's own words
    }
    pack = next(rel for rel in outputs if rel.startswith("print/training/") and rel.endswith(".pdf"))
    said[pack] = ["How often the policy says training is renewed", "Safeguarding and my policies"]
    # She leads the September session herself: her own role (the kinds table's own_role) is "I".
    page = next(rel for rel in outputs if re.fullmatch(r"site/training/september-\d{4}\.html", rel))
    said[page] = ["Led by: Childminder", "I run this session every September"]
    said["site/glossary.html"] = [
        "data protection that parents and anyone who works with me come across, in plain words"
    ]
    for rel, words in said.items():
        for w in words:
            assert w in outputs[rel], (rel, w)
    nursery = {
        rel: " ".join(_visible(settings["bramble"].joinpath("build", rel).read_text(encoding="utf-8")).split())
        for rel in ("public/index.html", "site/parents/fair-processing-notice.html")
    }
    assert (
        "Contact us" in nursery["public/index.html"]
        and "Tell us first" in nursery["site/parents/fair-processing-notice.html"]
    )


def test_the_childminder_starter_is_true_of_a_childminder(tmp_path: Path):
    """Her starter glossary and retention schedule speak of assistants and anyone working at
    the premises, never of a member of staff (the EYFS for childminders, section 3; the SEND
    Code, chapter 5, for the SENCo); her notice's headings ask "Who am I?"."""
    root = _new(tmp_path, "p", "Hazel Bank Childminding", "childminder")
    terms = yaml.safe_load((root / "policy_data/glossary.yaml").read_text(encoding="utf-8"))["terms"]
    for term in terms:
        words = " ".join([term["term"], term["definition"], *term.get("synonyms", [])])
        assert not re.search(r"members? of staff|\bstaff team\b|\bcolleague", words), term["term"]
    allegation = _glossary_entry(root, "Allegation against someone who works with children")
    assert (
        allegation
        and "within 14 days" in allegation["definition"]
        and allegation["cites"][0]["document"] == "eyfs-childminders"
    )
    assert "childminder is encouraged to name a person to act as SENCo" in " ".join(
        _glossary_entry(root, "Special educational needs coordinator")["definition"].split()
    )
    names = [t["term"] for t in terms]  # in its alphabetical place, where the staff entry was
    assert names.index("Allegation against someone who works with children") + 1 == names.index("Child in need")
    records = yaml.safe_load((root / "policy_data/retention.yaml").read_text(encoding="utf-8"))["records"]
    assert not any("staff" in r["record"] + r["description"] for r in records)
    notice = (root / "policy_data/notices/fair-processing-notice.yaml").read_text(encoding="utf-8")
    assert "heading: Who am I?" in notice and not re.search(r"heading: .*\b(we|us|our)\b", notice)
    assert "office" not in (root / "docs/how-to-use.md").read_text(encoding="utf-8")


# ---- new-setting --kind ------------------------------------------------------------------------


def test_new_and_new_setting_take_the_same_kinds():
    """Both commands that make a setting take --kind, and their help names every kind of the table."""
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    for command in ("new", "new-setting"):
        kind = next(a for a in sub.choices[command]._actions if "--kind" in a.option_strings)
        assert KIND_HELP in kind.help, command
    for k in package_table().kinds:
        assert k.id in KIND_HELP


def test_new_setting_with_a_kind_is_that_kind_in_a_model_repository(tmp_path: Path):
    root = copy_example(tmp_path / "la")
    made = run_handbook("new-setting", "hazel", "--name", "Hazel Childminding", "--kind", "childminder", cwd=root)
    assert made.returncode == 0, made.stderr
    folder = root / "settings/hazel"
    assert yaml.safe_load((folder / "setting.yaml").read_text(encoding="utf-8"))["kind"] == "childminder"
    pack = (folder / "starter/training-september.yaml").read_text(encoding="utf-8")
    assert "Safeguarding and my policies" in pack and "settings/hazel/training/" in pack
    assert "staff: []" in (folder / "records/staff.yaml").read_text(encoding="utf-8")
    assert "settings/*/records/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "a childminder usually has: Everyone who works here, Childminder, Assistants" in made.stderr
    checked = run_handbook("check", "--setting", "hazel", "--as-of", AS_OF, cwd=root)
    assert checked.returncode == 0, checked.stdout
    assert "note: assuming the kind 'childminder' (childminder, England)" in checked.stdout
    wrong = run_handbook("new-setting", "rowan", "--name", "Rowan", "--kind", "day-nursery", cwd=root)
    assert (
        wrong.returncode == 1
        and "--kind day-nursery: not a kind of setting" in wrong.stderr
        and "pvi-nursery" in wrong.stderr
    )
    assert not (root / "settings/rowan").exists()


# ---- the words each kind prints where the package speaks ------------------------------------


def _public_task_purpose(root: Path) -> int:
    """Give the starter notice one purpose whose lawful basis is public task (as an audit found
    a private nursery's funded-hours returns); the line of that basis."""
    notice = root / "policy_data/notices/fair-processing-notice.yaml"
    text = notice.read_text(encoding="utf-8")
    start = text.index("\npurposes:")
    empty = text.index("\n  items: []\n", start)
    text = (
        text[:empty]
        + "\n  items:\n    - id: funded-hours\n      purpose: To claim the funded hours your child is entitled to."
        + "\n      lawful_basis: public-task\n"
        + text[empty + len("\n  items: []\n") :]
    )
    notice.write_text(text, encoding="utf-8")
    return text.splitlines().index("      lawful_basis: public-task") + 1


def _printed_notice(root: Path) -> str:
    """The words of the printed notice (its HTML, the PDF's source), tags left out."""
    from generator.features.notice.render import notice_html
    from generator.pipeline.features import context

    hb, _ = load_and_check(Project.at(root, as_of=dt.date.fromisoformat(AS_OF)))
    page = notice_html(hb, context(hb), hb.notices["fair-processing-notice"])
    return " ".join(html.unescape(_visible(page)).split())


def test_public_task_is_warned_and_reworded_only_where_the_setting_is_not_a_public_authority(tmp_path: Path):
    """UK GDPR Article 6(1)(e): public task is a public authority's official functions, or a
    task in the public interest that the law sets out.  A private nursery (not a public
    authority: the kinds table) relying on it is warned at the basis and told its funded-hours
    and census returns are a legal duty; its notice does not say "our official functions".  A
    council's children's centre is a public authority: no warning, the words as ever; an unset
    kind assumes nothing either way."""
    expected = {
        "pvi-nursery": "A task in the public interest, set out in law",
        "la-childrens-centre": "A public task (our official functions)",
        None: "A public task (our official functions)",
    }
    for kind, label in expected.items():
        root = _new(tmp_path, kind or "unset", "Hazel Bank", kind)
        line = _public_task_purpose(root)
        checked = run_handbook("check", "--format", "json", cwd=root, env=ENV)
        found = [f for f in json.loads(checked.stdout) if f["code"] == "notice.public-task-not-public-authority"]
        if kind == "pvi-nursery":
            [finding] = found
            assert (finding["file"], finding["line"], finding["level"]) == (
                "policy_data/notices/fair-processing-notice.yaml",
                line,
                "warning",
            )
            lines = (root / finding["file"]).read_text(encoding="utf-8").splitlines()
            assert lines[line - 1][finding["column"] - 1 :] == "lawful_basis: public-task"
            for words in (
                "purpose 'funded-hours' uses public-task, which is for public bodies such as councils and state "
                "schools (UK GDPR Article 6(1)(e)), and this kind of setting is not one",
                "returns to the local authority (funded hours, the early years census) are a legal duty (Childcare "
                "Act 2006 s.99 and its regulations): change lawful_basis to legal-obligation",
                "Keep public-task only if a law gives the setting this task, and name that law in lawful_basis_source",
            ):
                assert words in finding["message"], finding["message"]
        else:
            assert not found, (kind, found)
        printed = _printed_notice(root)
        assert f"Lawful basis: {label}" in printed, (kind, printed)
        assert f"{label} See your information" in printed, kind  # its rights, under "What are your rights?"
        assert ("our official functions" in printed) == (kind != "pvi-nursery"), kind


def test_the_notice_names_the_census_the_kinds_table_gives(settings):
    """Until the setting says who the law requires it to share with, the notice's example names
    the DfE census its kind returns (the kinds table, with its source): a maintained nursery
    school's school census, a private nursery's or a childminder's early years census."""
    for folder, root in settings.items():
        kind = package_table().by_id()[SETTINGS[folder][1]]
        census = {
            "school": "the Department for Education's school census",
            # a private nursery's or a childminder's goes to the local authority, for funded places only
            "early-years": "the Department for Education, through the local authority's early years census of "
            "children with funded places",
        }[kind.census.returns]
        for rel in ("site/parents/fair-processing-notice.html", "print/parents/fair-processing-notice.pdf"):
            path = root / "build" / rel
            text = pdf_text(path, flat=True) if path.suffix == ".pdf" else _visible(path.read_text(encoding="utf-8"))
            words = " ".join(html.unescape(text).split())
            assert f"the local authority, {census}, Ofsted where relevant" in words, (
                folder,
                rel,
            )
            assert "census for a school" not in words, (folder, rel)


def test_the_training_page_says_who_runs_the_session_in_the_settings_voice(settings):
    """A childminder leading her own session says "I run this session" (core/voice.py: her own
    role is the setting herself); a nursery's page names the role in the third person."""
    for folder, root in settings.items():
        page = next((root / "build/site/training").glob("september-*.html"))
        words = " ".join(html.unescape(_visible(page.read_text(encoding="utf-8"))).split())
        if folder == "kit":
            assert "I run this session every September" in words and "childminder runs" not in words
        else:
            assert "The designated safeguarding lead runs this session every September" in words, folder


def test_a_childminders_translator_gets_the_words_her_notice_prints(settings, tmp_path: Path):
    """`translate export` gives the translator the fixed words as her English notice prints
    them: in the first person singular ("How long I keep it"), with the early years census, and
    the out-of-date mark's "ask me"; no msgid speaks as "we"."""
    kit = settings["kit"]
    po = tmp_path / "pl.po"
    exported = run_handbook(
        "translate", "export", "fair-processing-notice", "--language", "pl", "--out", str(po), cwd=kit, env=ENV
    )
    assert exported.returncode == 0, exported.stderr
    msgids = [m.id for m in read_po(io.BytesIO(po.read_bytes())) if m.id]
    plural = re.compile(r"\b(we|We|us|Us|our|Our|ours|we're|We're)\b")
    assert not [m for m in msgids if plural.search(m)], [m for m in msgids if plural.search(m)][:10]
    for words in (
        "How long I keep it",
        "Who am I?",
        "ask me for the current one",
        "who the law requires me to share information with (for example the local authority, "
        "the Department for Education, through the local authority's early years census of children with funded "
        "places, Ofsted where relevant)",
    ):
        assert any(words in m for m in msgids), words


def test_the_private_copies_ask_for_no_office(settings, tmp_path: Path):
    """The private training pack and the private due list (build/private/, with the staff
    records) say to keep them locked away: a childminder has no office, nor has a pre-school in
    a village hall; hers speaks of the people trained, not of staff."""
    from generator.commands.cycle import write_due_page
    from generator.core.project import Project
    from generator.features.cycle.due import due_list
    from generator.features.records.model import Records
    from generator.features.training.render import pack_html
    from generator.pipeline.features import context
    from generator.pipeline.handbook import load_handbook

    for folder in ("kit", "bramble"):
        root = settings[folder]
        hb, _ = load_handbook(Project.at(root, root / "policy_data", as_of=dt.date.fromisoformat(AS_OF)))
        records = Records(folder=root / "records")
        pack = " ".join(_visible(pack_html(hb, context(hb), hb.training[0], hb.as_of, records)).split())
        out = tmp_path / folder
        out.mkdir()
        write_due_page(hb, due_list(hb, hb.as_of, records=records), out)
        due = " ".join(_visible((out / "due.html").read_text(encoding="utf-8")).split())
        assert "Keep it locked away; do not publish" in pack and "Keep it locked away; do not publish" in due, folder
        assert "office" not in pack and "office" not in due, folder
        names = "contains the names of the people trained" if folder == "kit" else "contains staff names"
        assert f"Private copy: {names}." in pack, folder


def test_a_childminders_private_pack_lists_no_induction_for_herself_and_speaks_of_those_with_her(
    settings, tmp_path: Path
):
    """The registered childminder is the setting: nobody inducts her, so her private training
    pack does not list her as having "no induction on record"; those working with her who
    started earlier are listed as such, not as "Staff"; an interval not set prints "To be
    completed", never "every None months"."""
    import shutil

    from generator.core.project import Project
    from generator.features.training.render import pack_html
    from generator.pipeline.features import context
    from generator.pipeline.handbook import load_handbook

    root = settings["kit"]
    records = tmp_path / "records"
    shutil.copytree(root / "records", records)
    staff = records / "staff.yaml"
    staff.write_text(
        staff.read_text(encoding="utf-8").replace(
            "staff: []",
            "staff:\n  - id: kit-moreno\n    name: Kit Moreno\n    roles: [childminder]\n    start_date: 2026-03-02\n"
            "  - id: sam-helper\n    name: Sam Helper\n    roles: [assistants]\n    start_date: 2021-03-01\n"
            "  - id: jo-summer\n    name: Jo Summer\n    roles: [assistants]\n    start_date: 2026-07-06",
        ),
        encoding="utf-8",
    )
    hb, _ = load_handbook(Project.at(root, root / "policy_data", records=records, as_of=dt.date.fromisoformat(AS_OF)))
    assert hb.records is not None and len(hb.records.staff) == 3
    pack = " ".join(_visible(pack_html(hb, context(hb), hb.training[0], hb.as_of, hb.records)).split())
    assert "People working with me who started earlier with no induction on record" in pack
    assert "Sam Helper (started 1 March 2021)" in pack and "Kit Moreno (started" not in pack
    assert "Staff who started" not in pack and "None months" not in pack
    # one who started in the summer and missed the session: overdue, as `handbook due` says, not
    # an induction that "may predate these records"
    assert (
        "Started since the session before and missed it: no induction on record Jo Summer (started 6 July 2026): "
        "no induction on record, overdue since 3 August 2026"
    ) in pack
    assert "Jo Summer (started 6 July 2026)" not in pack.split("People working with me who started earlier")[1]
    if "Planned every To be completed" in pack:  # no interval given: nobody can be said to be due
        assert "Nobody is due or overdue" not in pack
    # and `handbook due` lists no induction for her either, where it does for Jo
    from generator.features.cycle.due import due_list

    due = [(i.kind, i.person) for i in due_list(hb, hb.as_of, records=hb.records).items]
    assert ("induction", "Jo Summer") in due and ("induction", "Kit Moreno") not in due


# ---- the audit of 6 December 2026: words true of each kind ---------------------------------


def test_a_statements_audience_badge_names_who_works_there_in_the_settings_voice(settings):
    """A childminder has no "Staff": her policy page marks a statement for parents too as for
    "Me and anyone working with me · Parents"; a nursery's says "Staff · Parents"."""
    for folder, page in (("kit", "safe-care"), ("bramble", "keeping-well")):
        text = " ".join(
            html.unescape(
                _visible((settings[folder] / f"build/site/policies/{page}.html").read_text(encoding="utf-8"))
            ).split()
        )
        if folder == "kit":
            assert "Me and anyone working with me · Parents" in text
            assert "Staff · Parents" not in text
        else:
            assert "Staff · Parents" in text


def test_the_starter_pack_lists_only_what_it_holds_and_is_for_the_coming_september(settings):
    """A starter pack has no scenarios or quiz until they are written: "In this pack" does not
    promise them, nor an answer sheet with nothing on it.  Made on 28 November 2026 (AS_OF),
    it plans the session of September 2027, not the one already past."""
    assert AS_OF.startswith("2026-11")
    for folder in ("kit", "bramble"):
        packs = list((settings[folder] / "build/print/training").glob("*.pdf"))
        assert [p.name for p in packs] == ["september-2027.pdf"], folder
        text = pdf_text(packs[0])
        contents = text.split("In this pack", 1)[1].split("\n\n", 1)[0]
        items = re.findall(r"^\s*\d+\.\s+(.+?)\s*$", contents, re.M)
        assert items == [
            "Agenda",
            "What changed since last September",
            "Training this year and reviews due",
            "Sign-in sheet",
        ], (folder, contents)
        flat = " ".join(text.split())
        for absent in ("Facilitator's answer sheet", "Discussion scenarios", "Quiz"):
            assert absent not in flat, (folder, absent)


@pytest.mark.parametrize(("as_of", "year"), [("2026-05-01", 2026), ("2026-09-01", 2027), ("2026-12-06", 2027)])
def test_the_starter_pack_is_for_the_next_september_from_the_projects_date(tmp_path: Path, as_of: str, year: int):
    made = run_handbook(
        "new", str(tmp_path / "p"), "--name", "Ash Nursery", "--kind", "pvi-nursery",
        cwd=tmp_path, env={**ENV, "HANDBOOK_DATE": as_of},
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    pack = yaml.safe_load((tmp_path / "p/starter/training-september.yaml").read_text(encoding="utf-8"))
    assert (pack["year"], pack["title"]) == (year, f"Safeguarding and our policies, September {year}")


def test_a_non_school_kinds_retention_page_uses_the_schools_toolkit_as_a_reference_only(settings):
    """The IRMS toolkit is written for schools: a childminder's or a nursery's retention page
    says it is used as a reference only; a nursery school's cites it as it is."""
    for folder, root in settings.items():
        kind = package_table().by_id()[SETTINGS[folder][1]]
        page = " ".join(
            html.unescape(
                _visible((root / "build/site/information/retention.html").read_text(encoding="utf-8"))
            ).split()
        )
        cited = re.findall(r"Information Management Toolkit for Schools \([^)]*\)(, written for schools)?", page)
        assert cited, folder
        for note in cited:
            assert bool(note) == (kind.kcsie.applies is False), (folder, cited)
        if kind.kcsie.applies is False:
            assert page.count("written for schools: used here as a reference only") == len(cited), folder
        # the glossary says whose toolkit it is, true of every kind (audit 2026-12-06)
        glossary = " ".join(
            html.unescape(_visible((root / "build/site/glossary.html").read_text(encoding="utf-8"))).split()
        )
        assert (
            "The IRMS Information Management Toolkit for Schools, written for schools, gives guideline periods; "
            "this handbook uses them as a guide only."
        ) in glossary, folder


@pytest.mark.slow
def test_a_childminder_started_from_a_nursery_school_speaks_for_herself_or_is_told_where_not(tmp_path: Path):
    """Audit 2 (W2, M5): `new --from` the bundled nursery school as a childminder.  Its role
    titles become {role:ID} and its noun {noun}; the notice speaks in her first person; and every
    "Head Teacher", "the centre" or "Freedom of Information" still printed is reported by `check`
    in the file that holds it, at a line."""
    made = run_handbook(
        "new", str(tmp_path / "sam"), "--name", "Sam Patel", "--kind", "childminder", "--from", str(REPO),
        cwd=tmp_path, env=ENV,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "Head Teacher -> {role:head-teacher}" in made.stderr and "the centre -> {noun}" in made.stderr
    root = tmp_path / "sam"
    policy = (root / "policy_data/policies/confidentiality.yaml").read_text(encoding="utf-8")
    assert "The {role:head-teacher} is responsible for Child Protection" in " ".join(policy.split())
    assert "{noun} has a duty to report" in " ".join(policy.split())
    checked = run_handbook("check", cwd=root, env=ENV)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    warnings = [line for line in checked.stdout.splitlines() if ": warning: " in line]
    built = run_handbook("build", cwd=root, env=ENV, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    notice = pdf_text(root / "build/print/parents/fair-processing-notice.pdf", flat=True)
    assert "Who am I?" in notice or "Who I am" in notice
    assert not re.search(r"\b(?:we|We|us|our|Our)\b", notice), re.findall(r".{30}\b(?:we|We|us|our|Our)\b.{30}", notice)
    assert "Sam Patel has a duty" in " ".join(
        _visible((root / "build/site/policies/confidentiality.html").read_text("utf-8")).split()
    )
    printed = "\n".join(_visible(text) for text in _outputs(root).values())
    # Each still printed traces to words `check` reports, file:line:column
    if "Head Teacher" in printed:
        assert any(
            re.match(r"policy_data/roles\.yaml:\d+:\d+: warning: the role 'head-teacher' is titled “Head Teacher”", w)
            for w in warnings
        )
    data_files = [p for p in [*root.glob("policy_data/**/*.yaml"), *root.glob("checklists/*.yaml")]]
    for needle, said in (
        (re.compile(r"(?i)freedom\s+of\s+information"), "names the Freedom of Information Act"),
        (re.compile(r"(?i)\bthe\s+centre\b|\bcentre\s+staff\b"), "“centre”"),
    ):
        if not needle.search(printed):
            continue
        for path in data_files:
            # the words, without comments (the other project's notes stay as they were)
            words = "\n".join(re.sub(r"(^|\s)#.*$", "", line) for line in path.read_text("utf-8").splitlines())
            if needle.search(words) and not path.name.startswith("glossary"):
                rel = path.relative_to(root).as_posix()
                assert any(w.startswith(f"{rel}:") and said.casefold() in w.casefold() for w in warnings), (rel, said)
