"""Model policies adopted by several settings: inherit, override, add, remove, the setting's own
facts, model updates that flow through or conflict, each resolution, isolation between settings,
and the mistakes a data officer makes (examples/local-authority/ is the data)."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pytest
import yaml
from conftest import copy_example, copy_project, run_handbook, run_mkdocs
from test_new_project import outputs_text

from generator.core.project import Project
from generator.pipeline.handbook import load_and_check

CONFLICTS = {"settings.conflict", "settings.conflict-removed"}  # the findings `handbook resolve` answers
AS_OF = "2026-11-28"


def handbook_of(root: Path, setting: str):
    import datetime as dt

    hb, report = load_and_check(Project.for_setting(root, setting, as_of=dt.date.fromisoformat(AS_OF)))
    return hb, report


def statement_text(hb, sid: str) -> str | None:
    found = hb.statement(sid)
    return found.text if found else None


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drift: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "la")


@pytest.fixture(scope="module")
def built(built_example: Path) -> Path:
    """The example with every setting built (`handbook build --all-settings`), once for the whole
    run (conftest.py); read only."""
    return built_example


@functools.lru_cache(maxsize=2)
def _outputs_once(folder: Path) -> Mapping[str, str]:
    return MappingProxyType(outputs_text(folder))


def setting_outputs(built: Path, setting: str) -> Mapping[str, str]:
    """Every output file's words (outputs_text) of one setting of the read-only `built`, read
    once per worker: running pdftotext on every PDF is the costly part, and the tests below
    read the same two settings eleven times.  Read only, as the build it comes from."""
    return _outputs_once(built / "build/settings" / setting)


def test_inherit_replace_add_remove(example: Path):
    hb, report = handbook_of(example, "oak-tree")
    assert not report.errors
    # inherited, with the model's {setting} read as the setting's own name
    assert statement_text(hb, "CONF-INT-01").startswith("Staff at Oak Tree Nursery School have a duty of care")
    # replaced, removed, added (in its place: after CONF-AIM-04)
    assert "each term by the Head" in statement_text(hb, "CONF-STR-05")
    assert statement_text(hb, "CONF-AIM-05") is None
    aims = [s.id for s in hb.policies["confidentiality"].sections if s.id == "aims"][0]
    ids = [
        s.id for section in hb.policies["confidentiality"].sections if section.id == aims for s in section.statements
    ]
    assert ids[ids.index("CONF-AIM-04") + 1] == "OAK-AIM-01"
    # the other setting has the model's words for all three
    other, _ = handbook_of(example, "willow-court")
    # ({role:head-teacher} in the model's words is the setting's own title for the role)
    assert "annually by the Centre manager in September" in statement_text(other, "CONF-STR-05")
    assert statement_text(other, "CONF-AIM-05") is not None and statement_text(other, "OAK-AIM-01") is None


def test_each_setting_shows_its_own_facts_and_local_changes(built: Path):
    out = setting_outputs(built, "oak-tree")
    notice = " ".join(out["print/parents/fair-processing-notice.pdf"].split())
    assert "Oak Tree Nursery School" in notice and "1 Acorn Lane, Brookfield" in notice
    assert "dpo@brookfield.example.org" in notice and "complaints@oaktree.example.org" in notice
    # The setting gives its notice a version and issue date, but has not approved it: a draft
    # shows no issue date as if issued (issue 27, M15).
    assert "Draft · Document reference" in notice and "1 December 2026" not in notice
    assert "Date of birth of the child + 25 years," in notice  # its retention period (a table cell)
    register = out["site/register.html"]
    assert "Head Teacher" in register and "20 November 2027" in register  # owner and next review, as people write dates
    changes = out["site/review/local-changes.html"]
    assert "Oak Tree states its aim of trust in its own words" in changes  # the reason for a removal
    assert "OAK-AIM-01" in changes and "CONF-STR-05" in changes
    # the usual layout inside build/settings/<id>/
    for rel in ("site/index.html", "handbook-offline.zip", "print/checklists/all-staff.pdf"):
        assert (built / "build/settings/oak-tree" / rel).is_file(), rel


def test_settings_never_show_each_other(built: Path):
    """Every output file of each setting, searched for the other's distinctive strings: its name,
    facts, overrides, additions and approvals."""
    distinctive = {
        "oak-tree": [
            "Oak Tree",
            "Acorn Lane",
            "oaktree.example.org",
            "brookfield.example.org",
            "OAK-AIM-01",
            "each term by the Head",
            "Oak Tree states its aim",
        ],
        "willow-court": ["Willow Court", "willowcourt.example.org", "on the centre's social media"],
    }
    for setting, others in (("oak-tree", "willow-court"), ("willow-court", "oak-tree")):
        texts = setting_outputs(built, setting)
        assert len(texts) > 20
        for needle in distinctive[others]:
            leaked = [rel for rel, text in texts.items() if needle in text]
            assert leaked == [], f"{setting} shows {others}'s {needle!r} in {leaked[:3]}"
        # nor the model's own name (it is the council's, not the setting's)
        assert not [rel for rel, text in texts.items() if "Brookfield Borough Council model policies" in text]


def test_a_model_update_flows_into_a_statement_the_setting_did_not_touch(example: Path):
    edit(
        example / "model/policy_data/policies/confidentiality.yaml",
        "We liaise and work with a range",
        "We liaise and work closely with a range",
    )
    hb, report = handbook_of(example, "oak-tree")
    assert not report.errors
    assert not [f for f in report.findings if f.code in CONFLICTS]
    assert "We liaise and work closely with a range" in statement_text(hb, "CONF-INT-01")


def conflict_lines(example: Path, setting: str) -> list[str]:
    result = run_handbook("check", "--setting", setting, "--as-of", AS_OF, cwd=example)
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if ": warning: conflict on " in line]


def test_a_model_update_to_a_replaced_statement_is_a_conflict_with_three_texts(example: Path):
    [line] = conflict_lines(example, "willow-court")
    assert line.startswith(
        "settings/willow-court/overrides.yaml:16:5: warning: conflict on CONF-STR-12: the model changed"
    )
    assert "especially in the press and on the Internet, and signed permission" in line  # the model's old words
    assert "on the Internet and on social media. Signed permission" in line  # its new words
    assert "on the centre's social media" in line  # the setting's
    # until it is resolved, the setting's words stay: nothing is overwritten
    hb, _ = handbook_of(example, "willow-court")
    assert "on the centre's social media" in statement_text(hb, "CONF-STR-12")


def test_resolve_keep_ours(example: Path):
    overrides = example / "settings/willow-court/overrides.yaml"
    before = overrides.read_text().splitlines()
    result = run_handbook(
        "resolve", "CONF-STR-12", "--setting", "willow-court", "--keep-ours", "--as-of", AS_OF, cwd=example
    )
    assert result.returncode == 0, result.stderr
    assert conflict_lines(example, "willow-court") == []
    hb, _ = handbook_of(example, "willow-court")
    assert "on the centre's social media" in statement_text(hb, "CONF-STR-12")
    after = overrides.read_text().splitlines()
    changed = [line for line in after if line not in before]
    assert changed and all(line.startswith("    model_text:") or line.startswith("      ") for line in changed)
    assert after[:15] == before[:15]  # the comments and everything before the entry, as they were
    data = yaml.safe_load(overrides.read_text())
    assert "on social media. Signed permission" in data["replace"][0]["model_text"]


def test_resolve_take_model(example: Path):
    result = run_handbook(
        "resolve", "CONF-STR-12", "--setting", "willow-court", "--take-model", "--as-of", AS_OF, cwd=example
    )
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((example / "settings/willow-court/overrides.yaml").read_text())["replace"] == []
    hb, _ = handbook_of(example, "willow-court")
    assert "on the Internet and on social media. Signed permission" in statement_text(hb, "CONF-STR-12")
    assert conflict_lines(example, "willow-court") == []


def test_resolve_with_new_words(example: Path):
    words = "Photographs of children are used only with signed parent/carer permission, which can be withdrawn."
    result = run_handbook(
        "resolve", "CONF-STR-12", "--setting", "willow-court", "--text", words, "--as-of", AS_OF, cwd=example
    )
    assert result.returncode == 0, result.stderr
    hb, _ = handbook_of(example, "willow-court")
    assert statement_text(hb, "CONF-STR-12") == words
    assert conflict_lines(example, "willow-court") == []
    # and then the adoption of the model's latest release can be recorded
    adopted = run_handbook("resolve", "--setting", "willow-court", "--adopt", "--as-of", AS_OF, cwd=example)
    assert adopted.returncode == 0, adopted.stderr
    assert (
        yaml.safe_load((example / "settings/willow-court/overrides.yaml").read_text())["adopted"].isoformat()
        == "2026-11-20"
    )


def test_adopt_is_refused_while_a_conflict_is_open(example: Path):
    overrides = example / "settings/willow-court/overrides.yaml"
    before = overrides.read_bytes()
    result = run_handbook("resolve", "--setting", "willow-court", "--adopt", "--as-of", AS_OF, cwd=example)
    assert result.returncode == 1 and "CONF-STR-12" in result.stderr
    assert overrides.read_bytes() == before


def test_a_removed_model_statement_the_setting_had_replaced(example: Path):
    """Willow Court words CONF-AIM-03 its own way; then the model drops it: a conflict, not a
    silent loss; --keep-ours --after keeps the words as the setting's own statement."""
    model_words = (
        "Ensure that confidentiality is a whole Centre issue and that ground rules set are for the protection of all."
    )
    edit(
        example / "settings/willow-court/overrides.yaml",
        "replace:\n",
        (
            "replace:\n  - id: CONF-AIM-03\n    text: Make confidentiality everyone's business at Willow Court.\n"
            f"    model_text: {model_words}\n"
        ),
    )
    policy = example / "model/policy_data/policies/confidentiality.yaml"
    data = policy.read_text()
    policy.write_text(data[: data.index("      - id: CONF-AIM-03")] + data[data.index("      - id: CONF-AIM-04") :])
    [line] = [c for c in conflict_lines(example, "willow-court") if "CONF-AIM-03" in c]
    assert line.split(": warning: ")[1].startswith("conflict on CONF-AIM-03: the model no longer has this statement")
    assert model_words in line and "everyone's business at Willow Court" in line
    hb, _ = handbook_of(example, "willow-court")
    assert statement_text(hb, "CONF-AIM-03") is None
    refused = run_handbook(
        "resolve", "CONF-AIM-03", "--setting", "willow-court", "--keep-ours", "--as-of", AS_OF, cwd=example
    )
    assert refused.returncode == 1 and "--after ID" in refused.stderr
    kept = run_handbook(
        "resolve",
        "CONF-AIM-03",
        "--setting",
        "willow-court",
        "--keep-ours",
        "--after",
        "CONF-AIM-02",
        "--as-of",
        AS_OF,
        cwd=example,
    )
    assert kept.returncode == 0, kept.stderr
    # the setting's own statement has an id of its own (the model's would clash the day the
    # model brought CONF-AIM-03 back)
    words = "Make confidentiality everyone's business at Willow Court."
    [own] = [
        a
        for a in yaml.safe_load((example / "settings/willow-court/overrides.yaml").read_text())["add"]
        if a["text"] == words
    ]
    assert own["id"].startswith("WCC-") and own["after"] == "CONF-AIM-02"
    assert f"keeps the setting's words as its own statement {own['id']} after CONF-AIM-02" in kept.stderr
    hb, report = handbook_of(example, "willow-court")
    assert statement_text(hb, own["id"]) == words and statement_text(hb, "CONF-AIM-03") is None
    assert not [f for f in report.findings if f.code in CONFLICTS and "CONF-AIM-03" in f.message]
    # its audience and roles are for a person to decide again: reported until they do
    assert [f for f in report.findings if f.code == "policy.to-review" and f"{own['id']} audience" in f.message]


def test_a_removed_model_statement_the_setting_had_replaced_taken_from_the_model(example: Path):
    edit(
        example / "settings/willow-court/overrides.yaml",
        "replace:\n",
        (
            "replace:\n  - id: CONF-AIM-03\n    text: Make confidentiality everyone's business.\n"
            "    model_text: Ensure that confidentiality is a whole Centre issue and that ground rules set are for the protection of all.\n"
        ),
    )
    policy = example / "model/policy_data/policies/confidentiality.yaml"
    data = policy.read_text()
    policy.write_text(data[: data.index("      - id: CONF-AIM-03")] + data[data.index("      - id: CONF-AIM-04") :])
    taken = run_handbook(
        "resolve", "CONF-AIM-03", "--setting", "willow-court", "--take-model", "--as-of", AS_OF, cwd=example
    )
    assert taken.returncode == 0, taken.stderr
    assert [
        e["id"] for e in yaml.safe_load((example / "settings/willow-court/overrides.yaml").read_text())["replace"]
    ] == ["CONF-STR-12"]


def test_an_override_of_an_unknown_statement_names_the_nearest(example: Path):
    overrides = example / "settings/willow-court/overrides.yaml"
    edit(overrides, "  - id: CONF-STR-12\n", "  - id: CONF-STR-21\n")
    line = overrides.read_text().splitlines().index("  - id: CONF-STR-21") + 1
    result = run_handbook("check", "--setting", "willow-court", "--as-of", AS_OF, cwd=example)
    assert result.returncode == 1
    assert (
        f"settings/willow-court/overrides.yaml:{line}:5: error: the model has no statement CONF-STR-21; did you mean 'CONF-STR-12'?"
        in result.stdout + result.stderr
    )
    assert "Traceback" not in result.stderr


def test_an_added_statement_must_use_the_setting_s_own_ids(example: Path):
    edit(example / "settings/oak-tree/overrides.yaml", "  - id: OAK-AIM-01\n", "  - id: CONF-AIM-99\n")
    result = run_handbook("check", "--setting", "oak-tree", "--as-of", AS_OF, cwd=example)
    assert result.returncode == 1
    assert "CONF-AIM-99 uses the model's prefix CONF-" in result.stdout + result.stderr


def test_new_setting_starts_with_facts_unset_and_the_latest_model_release(example: Path):
    result = run_handbook("new-setting", "birch", "--name", "Birch Day Nursery", "--as-of", AS_OF, cwd=example)
    assert result.returncode == 0, result.stderr
    setting = yaml.safe_load((example / "settings/birch/setting.yaml").read_text())
    assert setting["name"] == "Birch Day Nursery" and setting["address"] is None
    assert (
        yaml.safe_load((example / "settings/birch/overrides.yaml").read_text())["adopted"].isoformat() == "2026-11-20"
    )
    checked = run_handbook("check", "--setting", "birch", "--as-of", AS_OF, cwd=example)
    assert checked.returncode == 0, checked.stdout
    assert "the setting's postal address is not set" in checked.stdout
    again = run_handbook("new-setting", "birch", "--name", "Birch", cwd=example)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_a_private_nursery_adopting_a_schools_model_is_told_where_its_words_name_the_foi_act(example: Path):
    """A setting that adopts the model was checked for other kinds' titles in the model's
    statements only: the Freedom of Information Act in a private nursery's published policy,
    and the glossary's, register's and roles' words, passed with no warning, as they do not
    for the same nursery's own project (audit of the local authority's flow)."""
    made = run_handbook(
        "new-setting", "sunny", "--name", "Sunny Days Day Nursery", "--kind", "pvi-nursery", cwd=example
    )
    assert made.returncode == 0, made.stderr
    said = run_handbook("check", "--setting", "sunny", "--as-of", AS_OF, cwd=example).stdout
    for where in (
        "model/policy_data/policies/confidentiality.yaml:",
        "model/policy_data/glossary.yaml:",
        "model/policy_data/register.yaml:",
    ):
        assert any(
            line.startswith(where) and "names the Freedom of Information Act" in line for line in said.splitlines()
        ), (
            where,
            said,
        )
    oak = run_handbook("check", "--setting", "oak-tree", "--as-of", AS_OF, cwd=example).stdout
    assert "names the Freedom of Information Act" not in oak  # a maintained nursery school: it applies


def test_an_adopted_date_that_is_no_model_release_is_an_error_and_adopt_mends_it(example: Path):
    """`adopted: 2030-01-01` was taken as it was: the Local changes page said the setting adopted
    "the model's release of 1 January 2030", which never was."""
    overrides = example / "settings/oak-tree/overrides.yaml"
    text = overrides.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("adopted:"))
    overrides.write_text(re.sub(r"(?m)^adopted: .*$", "adopted: 2030-01-01", text), encoding="utf-8")
    checked = run_handbook("check", "--setting", "oak-tree", "--as-of", AS_OF, cwd=example)
    assert checked.returncode == 1
    assert (
        f"settings/oak-tree/overrides.yaml:{line}:1: error: adopted: 2030-01-01 is not a release of the model; "
        "its releases are 2026-09-01, 2026-11-20"
    ) in checked.stdout
    mended = run_handbook("resolve", "--setting", "oak-tree", "--adopt", "--as-of", AS_OF, cwd=example)
    assert mended.returncode == 0, mended.stderr
    assert run_handbook("check", "--setting", "oak-tree", "--as-of", AS_OF, cwd=example).returncode == 0


def test_another_settings_staff_records_are_refused_for_status_and_build(example: Path):
    """`status --setting oak-tree --records settings/willow-court/records` wrote Willow Court's
    staff names into Oak Tree's private outputs, and said so with exit 0."""
    (example / "settings/willow-court/records").mkdir()
    for command in ("status", "build"):
        result = run_handbook(
            command,
            "--setting",
            "oak-tree",
            "--records",
            "settings/willow-court/records",
            "--as-of",
            AS_OF,
            cwd=example,
        )
        assert result.returncode != 0 and "Traceback" not in result.stderr
        assert (
            "--records settings/willow-court/records is in settings/willow-court/, another setting's; nothing was written"
        ) in result.stderr, (command, result.stderr)
    assert not (example / "build/settings/oak-tree").exists()


def test_keep_ours_after_without_a_prefix_says_where_to_give_one(example: Path):
    """A setting made by new-setting has no prefix for its own statements' ids: resolve
    --keep-ours --after said only "give one", with no option to give it."""
    assert run_handbook("new-setting", "birch", "--name", "Birch Day Nursery", cwd=example).returncode == 0
    edit(
        example / "settings/birch/overrides.yaml",
        "replace: []",
        "replace:\n  - id: CONF-AIM-03\n    text: Our own words.\n    model_text: "
        "Ensure that confidentiality is a whole Centre issue and that ground rules set are for the protection of all.",
    )
    policy = example / "model/policy_data/policies/confidentiality.yaml"
    data = policy.read_text()
    policy.write_text(data[: data.index("      - id: CONF-AIM-03")] + data[data.index("      - id: CONF-AIM-04") :])
    before = (example / "settings/birch/overrides.yaml").read_bytes()
    args = ("resolve", "CONF-AIM-03", "--setting", "birch", "--keep-ours", "--after", "CONF-AIM-02", "--as-of", AS_OF)
    refused = run_handbook(*args, cwd=example)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "settings/birch/overrides.yaml gives no prefix for them yet: set prefix: there" in refused.stderr
    assert (example / "settings/birch/overrides.yaml").read_bytes() == before


def test_a_settings_own_copy_of_a_model_policy_is_warned_and_its_page_says_so(example: Path):
    """A policy title of its own needs a whole copy of the model's file: the model's updates then
    stop reaching it, with no conflict, while the Local changes page said every statement not
    listed follows the model's updates."""
    from generator.features.settings.pages import local_changes_section

    own = example / "settings/oak-tree/policies/confidentiality.yaml"
    own.parent.mkdir()
    model = (example / "model/policy_data/policies/confidentiality.yaml").read_text(encoding="utf-8")
    own.write_text(re.sub(r"(?m)^title: .*$", "title: Oak Tree Privacy Policy", model, count=1), encoding="utf-8")
    checked = run_handbook("check", "--setting", "oak-tree", "--as-of", AS_OF, cwd=example)
    assert (
        "settings/oak-tree/policies/confidentiality.yaml:1:1: warning: this setting keeps its own copy of the "
        "model's policy 'confidentiality': the model's updates to it no longer reach this setting"
    ) in checked.stdout
    hb, _ = handbook_of(example, "oak-tree")
    section = local_changes_section(hb)
    assert section is not None
    page = " ".join(section.pages[0][2].split())
    assert "follow the model's updates, except in Oak Tree Privacy Policy: " in page
    assert "keeps its own copy of that policy, which the model's updates do not reach." in page


def test_an_unknown_setting_is_named(example: Path):
    result = run_handbook("check", "--setting", "oak", cwd=example)
    assert result.returncode == 2
    assert "there is no setting 'oak'" in result.stderr and "oak-tree, willow-court" in result.stderr


def test_drafted_words_on_a_changed_statement_are_flagged(example: Path):
    """Oak Tree words CONF-STR-05 its own way: the model's checklist items based on it may no
    longer hold.  Leaving out a statement a checklist item is based on says so plainly."""
    hb, report = handbook_of(example, "oak-tree")
    flagged = [
        str(f) for f in report.findings if f.code == "settings.checklist-on-replaced" and "CONF-STR-05" in f.message
    ]
    assert all("is based on CONF-STR-05, which this setting words its own way" in line for line in flagged)
    # the model's checklist is flagged; Oak Tree's own copies (its training each term) are its own
    assert flagged == [f for f in flagged if f.startswith("model/checklists/child-protection-leads.yaml")] and flagged
    assert "each term, starting in September" in " ".join(item.text for item in hb.checklists["head-teacher"].items)
    edit(
        example / "settings/willow-court/overrides.yaml",
        "remove: []\n",
        (
            "remove:\n  - id: CONF-STR-06\n    reason: The CP Service's training is arranged by the council.\n"
            "    model_text: x\n"
        ),
    )
    result = run_handbook("check", "--setting", "willow-court", "--as-of", AS_OF, cwd=example)
    assert result.returncode == 1
    assert (
        "CONF-STR-06 is left out by this setting (overrides.yaml remove: “The CP Service's training is arranged by "
        "the council.”); 'ALL-ACK-03' is based on it"
    ) in result.stdout
    assert "unknown statement id 'CONF-STR-06'" not in result.stdout


def test_suggested_commands_name_the_setting(example: Path):
    result = run_handbook("check", "--setting", "oak-tree", "--as-of", AS_OF, cwd=example)
    drafts = [line for line in result.stdout.splitlines() if ": warning: draft: " in line]
    assert drafts and all(line.endswith("--by ROLE --setting oak-tree") for line in drafts)


def test_plain_mkdocs_build_shows_the_setting_mkdocs_yml_names(example: Path, tmp_path: Path):
    result = run_mkdocs("build", "-q", "-d", str(tmp_path / "plain"), cwd=example)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "plain/index.html").read_text(encoding="utf-8")
    assert "Oak Tree Nursery School staff handbook" in page and "Willow Court" not in page


def test_a_fact_the_setting_gives_points_to_its_overrides(example: Path):
    result = run_handbook("check", "--setting", "willow-court", "--as-of", AS_OF, cwd=example)
    lines = result.stdout.splitlines()
    [review] = [line for line in lines if "'confidentiality' has no next review date" in line]
    assert review.startswith("model/policy_data/register.yaml:")
    assert review.endswith("(this setting gives it in settings/willow-court/overrides.yaml, under documents:)")
    # a fact only the model's owner can give carries no such hint
    basis = [line for line in lines if "has no lawful basis" in line]
    assert basis and not [line for line in basis if "overrides.yaml" in line]


# ---- the model's words in each setting's own terms (audit of 6 December 2026) ---------------

MODEL_POLICY = "model/policy_data/policies/confidentiality.yaml"


def test_the_models_role_titles_follow_each_settings_roles(built: Path):
    """The model writes {role:head-teacher}: Willow Court, which calls the role "Centre
    manager", reads it so in its policy, notice and checklists; Oak Tree reads "Head Teacher"."""
    willow = {rel: " ".join(t.split()) for rel, t in setting_outputs(built, "willow-court").items()}
    oak = {rel: " ".join(t.split()) for rel, t in setting_outputs(built, "oak-tree").items()}
    for rel in ("print/parents/fair-processing-notice.pdf", "print/checklists/designated-cp-staff.pdf"):
        assert "Centre manager is responsible for" in willow[rel] or "When the Centre manager is away" in willow[rel]
    assert (
        "Our Centre manager is responsible for child protection" in willow["print/parents/fair-processing-notice.pdf"]
    )
    assert "When the Centre manager is away, I take on" in willow["print/checklists/designated-cp-staff.pdf"]
    assert "Our Head Teacher is responsible for child protection" in oak["print/parents/fair-processing-notice.pdf"]
    for out in (willow, oak):
        assert not [rel for rel, text in out.items() if "{role:" in text]
    assert not [
        rel
        for rel, text in willow.items()
        if "Head Teacher" in text and "glossary" not in rel and "search" not in rel  # (they quote the model)
    ]


def test_the_models_noun_follows_each_settings_noun(built: Path):
    """The model writes {noun}, {Noun} and {noun's}: Oak Tree (a nursery school) reads "the
    school", Willow Court (a children's centre) "the centre", in its policy, checklists, retention
    schedule and guide to information; neither prints the other's word nor a placeholder."""

    def read(text: str) -> str:  # the words a reader reads: no tags, entities read
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())

    willow = {rel: read(t) for rel, t in setting_outputs(built, "willow-court").items()}
    oak = {rel: read(t) for rel, t in setting_outputs(built, "oak-tree").items()}
    policy = "site/policies/confidentiality.html"
    assert "We are aware that the school is held in a position of trust" in oak[policy]
    assert "We are aware that the centre is held in a position of trust" in willow[policy]
    assert "an issue for the whole of the school" in oak[policy]
    assert "other than the school's staff" in oak["print/checklists/office-staff.pdf"]
    assert "The school's documents name no information in this class" in oak["site/information/publication-scheme.html"]
    assert "The centre's documents name no information" in willow["site/information/publication-scheme.html"]
    assert "The school's staff whose work requires it" in oak["site/information/retention.html"]
    for out in (willow, oak):
        assert not [rel for rel, text in out.items() if re.search(r"\{[Nn]oun", text)]
    found = [
        (rel, m.group(0))
        for rel, text in oak.items()
        if rel.endswith((".html", ".pdf", ".json"))
        for m in re.finditer(r"(?i)\b(?:the|our|whole)\s+centre\b|\bcentre staff\b", text)
    ]
    assert not found, found[:10]


def test_a_models_literal_noun_of_another_kind_is_reported_offering_the_placeholder(example: Path):
    """A model that writes "the Centre" where it means the setting: a nursery school that adopts
    it is told where, and offered {noun}; "the receiving school" names another setting and is not
    reported; a setting whose own noun it is hears nothing."""
    policy = example / MODEL_POLICY
    edit(policy, "text: 'We are aware that {noun} is held", "text: 'We are aware that the Centre is held")
    edit(example / "model/checklists/office-staff.yaml", "other than {noun's} staff.", "other than centre staff.")
    _, oak = handbook_of(example, "oak-tree")
    found = [f for f in oak.findings if f.code == "settings.model-noun"]
    line = next(
        n for n, text in enumerate(policy.read_text(encoding="utf-8").splitlines(), 1) if "the Centre is" in text
    )
    statement = next(f for f in found if "CONF-LIA-00" in f.message)
    assert (statement.location.file, statement.location.line) == (MODEL_POLICY, line)
    assert "says “Centre”, the word a local authority children's centre uses for itself" in statement.message
    assert "this setting calls itself “the school”" in statement.message
    assert "{noun}" in statement.message and "settings/oak-tree/overrides.yaml, under replace:" in statement.message
    assert "model/checklists/office-staff.yaml" in {f.location.file for f in found}
    assert len(found) == 2  # the model's other words say {noun}, or name another setting ("the receiving school")
    _, willow = handbook_of(example, "willow-court")
    assert not [f for f in willow.findings if f.code == "settings.model-noun"]


def test_a_placeholder_for_the_noun_is_read_in_a_first_person_setting_as_its_name():
    from generator.features.policies.setting_name import noun_words, read_placeholders

    kit = noun_words("I", "Kit Moreno Childminding")
    assert read_placeholders("{Noun} is held in trust; {noun's} staff", None, {}, kit) == (
        "Kit Moreno Childminding is held in trust; Kit Moreno Childminding's staff"
    )
    school = noun_words("the school", "Oak Tree Nursery School")
    assert (
        read_placeholders("{Noun's} documents and {noun}", None, {}, school) == "The school's documents and the school"
    )


def test_the_models_title_for_a_role_the_setting_names_differently_is_reported(example: Path):
    """Every statement, checklist item and notice text of the setting's handbook is read for the
    model's title of each role the setting names differently: the model's own words, and the
    setting's own (an added statement); with the file and line, and how to word it its way."""
    policy = example / MODEL_POLICY
    edit(policy, "text: The {role:head-teacher} is responsible", "text: The Head Teacher is responsible")
    edit(
        example / "settings/willow-court/overrides.yaml",
        "add: []\n",
        "add:\n  - id: WCC-STR-01\n    policy: confidentiality\n    section: managing-confidentiality\n    kind: item\n"
        "    text: The head teacher keeps the child protection file.\n    audience: [staff]\n    roles: [all-staff]\n",
    )
    edit(
        example / "model/checklists/designated-cp-staff.yaml",
        "When the {role:head-teacher} is away",
        "When the Head Teacher is away",
    )
    _, report = handbook_of(example, "willow-court")
    found = [f for f in report.findings if f.code == "settings.model-role-title"]
    line = next(
        n for n, text in enumerate(policy.read_text(encoding="utf-8").splitlines(), 1) if "The Head Teacher is" in text
    )
    statement = next(f for f in found if "CONF-STR-04" in f.message)
    assert (statement.location.file, statement.location.line) == (MODEL_POLICY, line)
    assert (
        "“Head Teacher”, the model's title for the role 'head-teacher', which this setting calls “Centre manager”"
        in (statement.message)
    )
    assert "settings/willow-court/overrides.yaml, under replace:" in statement.message
    assert "{role:head-teacher}" in statement.message
    assert any("WCC-STR-01" in f.message and f.location.file == "settings/willow-court/overrides.yaml" for f in found)
    assert "model/checklists/designated-cp-staff.yaml" in {f.location.file for f in found}
    assert str(statement).startswith(f"{MODEL_POLICY}:{line}:") and ": warning: " in str(statement)
    # Oak Tree calls the role what the model does: nothing to report
    _, oak = handbook_of(example, "oak-tree")
    assert not [f for f in oak.findings if f.code == "settings.model-role-title"]


def test_a_role_placeholder_for_a_role_the_setting_lacks_is_reported(example: Path):
    edit(example / MODEL_POLICY, "{role:head-teacher} is responsible", "{role:head-teachr} is responsible")
    hb, report = handbook_of(example, "willow-court")
    slips = [f for f in report.findings if f.code == "policy.unknown-placeholder"]
    assert slips and "roles.yaml has no role 'head-teachr'; did you mean 'head-teacher'?" in slips[0].message
    assert "{role:head-teachr}" in statement_text(hb, "CONF-STR-04")  # printed as it is, and reported


def test_a_council_run_centres_notice_names_the_council_as_controller(built: Path, example: Path):
    """UK GDPR Art 4(7): a council's children's centre is part of the council, the controller
    (the kinds table's controller:); a nursery school is its own."""
    willow = " ".join(setting_outputs(built, "willow-court")["print/parents/fair-processing-notice.pdf"].split())
    oak = " ".join(setting_outputs(built, "oak-tree")["print/parents/fair-processing-notice.pdf"].split())
    assert "The council is responsible for the information Willow Court Children's Centre holds" in willow
    assert 'in law, it is the "data controller"' in willow
    assert "Name of the council: Brookfield Borough Council (fictional)" in willow
    assert "makes us the" not in willow
    assert 'this makes us the "data controller"' in oak and "Name of the council" not in oak
    # the council unset: to be completed, and `check` says where to give it
    edit(
        example / "settings/willow-court/setting.yaml",
        "local_authority: Brookfield Borough Council (fictional)",
        "local_authority: null",
    )
    checked = run_handbook("check", "--setting", "willow-court", "--as-of", AS_OF, cwd=example)
    assert re.search(
        r"^settings/willow-court/setting.yaml:\d+:\d+: warning: to be completed: Who are we\?: Name of the council",
        checked.stdout,
        re.M,
    ), checked.stdout


def test_each_settings_accessibility_statement_follows_its_kind(built: Path):
    """A children's centre is a council's (its websites are covered, regulation 3); a nursery
    school's statement gives the schools' exemption (regulation 4).  Neither names the other."""
    willow = " ".join(setting_outputs(built, "willow-court")["site/accessibility.html"].split())
    oak = " ".join(setting_outputs(built, "oak-tree")["site/accessibility.html"].split())
    assert "regulation 3" in willow and "cover a council's websites" in willow
    assert "nursery school" not in willow and "regulation 4" not in willow
    assert "including maintained nursery schools" in oak and "regulation 4" in oak
    assert "council's websites" not in oak


def test_new_setting_of_a_kind_gets_that_kinds_accessibility_statement(example: Path):
    made = run_handbook(
        "new-setting", "elm", "--name", "Elm Children's Centre", "--kind", "la-childrens-centre", "--as-of", AS_OF,
        cwd=example,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    page = (example / "settings/elm/docs/accessibility.md").read_text(encoding="utf-8")
    assert "cover a council's websites" in page and "nurseries and schools" not in page


def test_a_council_centres_guide_to_information_names_the_council_as_the_public_authority(built: Path):
    """Willow Court is a council's children's centre (kind la-childrens-centre): the kinds table's
    `controller:` says the council, not the centre, is the controller, and so the public
    authority under the Freedom of Information Act.  Its guide to information says so, on the
    staff site and in the public edition, and never speaks as if the centre published under the
    Act itself; Oak Tree (a maintained nursery school) is its own public authority."""

    def text(rel: str) -> str:
        words = re.sub(r"<[^>]+>", " ", (built / "build/settings" / rel).read_text(encoding="utf-8"))
        return " ".join(html.unescape(words).split())

    for rel in ("willow-court/site/information/publication-scheme.html", "willow-court/public/publication-scheme.html"):
        page = text(rel)
        assert (
            "Willow Court Children's Centre is part of Brookfield Borough Council (fictional). The council, not the "
            "centre, is the public authority under the Freedom of Information Act 2000 and the data controller"
        ) in page, rel
        assert "Model scheme adopted by the council:" in page, rel
        assert "guide to the information it publishes under the Freedom of Information Act" not in page, rel
    oak = text("oak-tree/site/information/publication-scheme.html")
    assert "Oak Tree Nursery School's guide to the information it publishes under the Freedom of" in oak
    assert "is part of" not in oak


# --- the quick test before each words check's regexes (folding.py, issue 31) ---------------------

_ASCII_SEEN = re.compile(r"[!-~]", re.IGNORECASE)  # any printable ASCII character but the space


def test_folding_keeps_every_character_a_regex_would_take_for_an_ascii_one():
    """Every code point: the characters an IGNORECASE regex takes for an ASCII letter, digit or
    sign fold to that one (one for one, so "ſ" to "s" and "İ" to "i"), and white space stays
    white space, so no text whose words a check's regex finds is passed over by the quick test."""
    from generator.features.settings.folding import folded

    taken = 0
    for cp in range(0x110000):
        ch = chr(cp)
        if 0xD800 <= cp <= 0xDFFF:
            continue  # surrogates are no text
        low = folded(ch)
        assert len(low) == 1, hex(cp)
        if re.fullmatch(r"\s", ch):
            assert low.isspace() and ch.isspace(), hex(cp)
        if _ASCII_SEEN.fullmatch(ch):
            for x in map(chr, range(0x21, 0x7F)):
                if re.fullmatch(re.escape(x), ch, re.IGNORECASE):
                    assert low == x.lower(), (hex(cp), x)
                    taken += 1
    assert taken > 95 + 26 + 3  # each printable ASCII character, the capitals, and ſ, ı, İ, K (Kelvin)


_TITLES = [
    "Manager", "Deputy manager", "Room leaders", "Practitioners", "Childminder", "Centre manager",
    "Family support workers", "Head Teacher", "Headteacher", "SENCo", "Co-ordinator", "Children's centre manager",
    "Crèche leader", "Role 12", "Head Teacher and designated child protection staff",
]  # fmt: skip
_NOUNS = ["centre", "school", "nursery", "pre-school", "setting", "crèche"]
_JOINS = ["", " ", "  ", "-", " - ", "\n", "\u00a0", "\u2009", "_", "'", "’", ".", ",", "\t"]
_SPECIALS = ["İ", "ı", "ſ", "\u212a", "ß", "Σ", "é", "\u0307", "ﬁ"]
_AROUND = [
    "the ", "The ", "our ", "this ", "whole ", "whole\n", "X", "un", "-", "(", "“", "{role:", "{", "s", "'s", " staff",
    " Staff", "s staff", " your", " which", " the", "}", ".", ", ", "\n", "",
]  # fmt: skip


def _hostile_texts(rng, ordinary: list[str], count: int) -> list[str]:
    """Texts built from the check's own words, bent: inside other words, in any case, split by
    spaces, hyphens and punctuation, with the letters a case-blind regex treats alike, the
    placeholders {role:ID} and {noun}, and ordinary statements' words around them."""

    def bent(words: str) -> str:
        out = []
        for c in words:
            if c.isalpha():
                roll = rng.random()
                c = c.upper() if roll < 0.3 else c.lower() if roll < 0.6 else c
                if c in "sS" and rng.random() < 0.1:
                    c = "ſ"
                elif c in "iI" and rng.random() < 0.1:
                    c = rng.choice(["İ", "ı"])
                elif c in "kK" and rng.random() < 0.1:
                    c = "\u212a"
            out.append(c)
            if rng.random() < 0.08:
                out.append(rng.choice(_JOINS))
        return "".join(out)

    def fragment() -> str:
        roll = rng.random()
        if roll < 0.35:
            words = rng.choice(_TITLES)
        elif roll < 0.6:
            words = rng.choice(_NOUNS)
        elif roll < 0.7:
            words = rng.choice(["Freedom of Information", "freedom of  information", "Freedom-of-Information"])
        elif roll < 0.8:
            words = rng.choice(["{role:head-teacher}", "{noun}", "{Noun's}", "{role:centre-manager}", "{noun's}"])
        elif roll < 0.9:
            words = rng.choice(_SPECIALS) * rng.randint(1, 3)
        else:
            words = rng.choice(ordinary)
        if rng.random() < 0.7:
            words = bent(words)
        return rng.choice(_AROUND) + words + rng.choice(_AROUND)

    return [
        "".join(fragment() + rng.choice([" ", "", "\n", ". "]) for _ in range(rng.randint(1, 6))) for _ in range(count)
    ]


def _ordinary_texts() -> list[str]:
    from conftest import REPO

    data = yaml.safe_load((REPO / "policy_data/policies/confidentiality.yaml").read_text(encoding="utf-8"))
    return [st["text"] for section in data["sections"] for st in section["statements"]]


def test_the_words_checks_find_what_their_plain_regexes_find_in_every_text():
    """foreign_words, nouns and role_titles search a text with a regex only when a quick test
    says it could match (folding.py), and remember what each text holds: on hostile and
    ordinary texts, each read twice, they find exactly what each regex over every text finds,
    the same title or word as written."""
    import random

    from generator.features.settings import foreign_words, nouns, role_titles
    from generator.features.settings.folding import squeezed

    ordinary = _ordinary_texts()
    texts = ordinary + _hostile_texts(random.Random(31), ordinary, 6000)
    titles, all_nouns = tuple(_TITLES), tuple(_NOUNS)
    ascii_nouns = tuple(w for w in _NOUNS if w.isascii())
    foreign_plain = [foreign_words._pattern(t) for t in _TITLES]
    model_plain = [role_titles._title_pattern(t) for t in _TITLES]
    found = {"foreign": 0, "model": 0, "noun": 0, "foi": 0}
    for text in texts + texts:  # the second time, as remembered
        plain = next(((n, m.group(0)) for n, p in enumerate(foreign_plain) if (m := p.search(text))), None)
        foi = foreign_words.FOI.search(text) is not None
        assert foreign_words._named_in(titles, text) == (plain, foi), text
        found["foreign"] += plain is not None
        found["foi"] += foi
        plain_n = next((n for n, p in enumerate(model_plain) if p.search(text)), None)
        assert role_titles._title_in(titles, text) == plain_n, text
        found["model"] += plain_n is not None
        for words in (all_nouns, ascii_nouns):
            want = nouns._pattern(words).search(text)
            assert nouns.noun_in(words, text) == (want and (want.group("a") or want.group("b"))), text
        found["noun"] += nouns._pattern(ascii_nouns).search(text) is not None
    # and the texts were hostile enough to find things, and to pass the quick test without a match
    assert min(found.values()) > 200, found
    near_misses = sum(
        1
        for text in texts
        if "headteacher" in squeezed(text) and not foreign_words._pattern("Headteacher").search(text)
    )
    assert near_misses > 50, near_misses


def test_a_glossary_definition_naming_another_kinds_role_is_reported_where_it_is_written(tmp_path: Path):
    """The glossary's definitions are read for other kinds' words too (foreign_words: the
    glossary as loaded, read again for where each definition is written)."""
    root = copy_project(tmp_path / "project")
    glossary = root / "policy_data/glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    first = text.index("    definition: >-\n") + len("    definition: >-\n")
    end = text.index("\n", first)
    glossary.write_text(text[:end] + " Ask the Childminder." + text[end:], encoding="utf-8")
    line = text[:first].count("\n")  # the definition's key, 1-based
    checked = run_handbook("check", cwd=root)
    assert re.search(
        rf"^policy_data/glossary.yaml:{line}:5: warning: the glossary's entry '[^']+' says “Childminder”, the title of "
        "a childminder's role",
        checked.stdout,
        re.MULTILINE,
    ), checked.stdout[-3000:]
