"""Every command that edits a data file through the line editor (core/yaml_lines.py), run as a
user would on an entry with a comment, a blank line and a continuation line beginning with `#`
inside it: the edit really replaces the words (none of the old ones left behind), every other
line stays as it was, the result passes `handbook check`, and a refused edit leaves the file
byte for byte as it was.

The commands: `handbook resolve` (--keep-ours, --take-model, --text, --keep-ours --after,
--adopt), `handbook import --update` and `handbook new --from` (its facts set back to null).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import yaml
from conftest import AS_OF, copy_project, run_handbook
from test_settings import conflict_lines, copy_example, handbook_of, statement_text
from test_word_roundtrip import POLICY, export, load_policy, merged, paragraph_of, set_text, statement

OVERRIDES = "settings/willow-court/overrides.yaml"

# CONF-STR-12 of Willow Court, written with comments and blank lines inside the entry, a blank
# line inside the model's words (plain text: a line break), and its own words in quotes
# wrapping at a `#`.
ENTRY = """\
  - id: CONF-STR-12
    # Willow Court names its own social media account
    text: 'Photographs of children are not used without parent/carer permission, especially in the
      press, on the Internet and on the centre''s social media
      #willowcourt, and signed permission is sought before use.'

    # the model's words when we changed it:
    model_text: Photographs of children are not used without parent/carer permission especially in the

      press and on the Internet, and signed permission is sought before use.

"""
OURS = "#willowcourt, and signed permission"
MODEL_OLD = "press and on the Internet, and signed"
MODEL_NEW = "on the Internet and on social media. Signed permission"


@pytest.fixture
def willow(tmp_path: Path) -> Path:
    root = copy_example(tmp_path / "la")
    path = root / OVERRIDES
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: CONF-STR-12\n")
    end = text.index("remove: []")
    path.write_text(text[:start] + ENTRY + text[end:], encoding="utf-8")
    os.chmod(path, 0o640)
    assert len(conflict_lines(root, "willow-court")) == 1  # the entry reads as before
    return root


def _outside_entry(text: str) -> tuple[str, str]:
    return text[: text.index("\nreplace:")], text[text.index("\nremove: []") :]


def _resolve(root: Path, *args: str):
    return run_handbook("resolve", *args, "--setting", "willow-court", "--as-of", AS_OF, cwd=root)


def _resolved(root: Path, before: str) -> str:
    """The overrides after a resolve: no conflict left, check passes, the lines outside the
    `replace:` list as they were, the file's mode kept."""
    path = root / OVERRIDES
    after = path.read_text(encoding="utf-8")
    assert conflict_lines(root, "willow-court") == []
    assert _outside_entry(after) == _outside_entry(before)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    return after


def test_keep_ours_replaces_the_model_words_it_was_made_against(willow: Path):
    before = (willow / OVERRIDES).read_text(encoding="utf-8")
    result = _resolve(willow, "CONF-STR-12", "--keep-ours")
    assert result.returncode == 0, result.stderr
    after = _resolved(willow, before)
    assert MODEL_OLD not in after
    entry = yaml.safe_load(after)["replace"][0]
    assert MODEL_NEW in entry["model_text"]
    # the setting's words and the comments inside the entry are untouched
    assert after[: after.index("    model_text:")] == before[: before.index("    model_text:")]
    hb, _ = handbook_of(willow, "willow-court")
    assert OURS in statement_text(hb, "CONF-STR-12")


def test_take_model_removes_the_whole_entry(willow: Path):
    before = (willow / OVERRIDES).read_text(encoding="utf-8")
    result = _resolve(willow, "CONF-STR-12", "--take-model")
    assert result.returncode == 0, result.stderr
    after = _resolved(willow, before)
    assert "willowcourt" not in after and "    model_text:" not in after and "centre''s social media" not in after
    assert yaml.safe_load(after)["replace"] == []
    hb, _ = handbook_of(willow, "willow-court")
    assert MODEL_NEW in statement_text(hb, "CONF-STR-12")


def test_new_words_replace_the_setting_s_and_the_model_s(willow: Path):
    before = (willow / OVERRIDES).read_text(encoding="utf-8")
    words = "Photographs of children are used only with signed permission, which parents may withdraw (#consent)."
    result = _resolve(willow, "CONF-STR-12", "--text", words)
    assert result.returncode == 0, result.stderr
    after = _resolved(willow, before)
    assert "willowcourt" not in after and MODEL_OLD not in after
    entry = yaml.safe_load(after)["replace"][0]
    assert entry["text"] == words and MODEL_NEW in entry["model_text"]
    assert "    # Willow Court names its own social media account\n" in after  # a comment stays a comment
    hb, _ = handbook_of(willow, "willow-court")
    assert statement_text(hb, "CONF-STR-12") == words
    # and then the adoption of the latest model release (a comment on its line stays)
    adopted = _resolve(willow, "--adopt")
    assert adopted.returncode == 0, adopted.stderr
    text = (willow / OVERRIDES).read_text(encoding="utf-8")
    assert "adopted: 2026-11-20\n" in text and text.replace("adopted: 2026-11-20", "adopted: 2026-09-01") == after


@pytest.mark.parametrize(
    "words, why",
    [
        ("", "empty"),
        ("   \t ", "empty"),
        ("Photographs\x01 of children", "U+0001"),
        ("Photographs\x85 of children", "U+0085"),
        ("Photographs\x1b[31m", "U+001B"),
    ],
)
def test_bad_new_words_are_refused_and_nothing_is_written(willow: Path, words: str, why: str):
    path = willow / OVERRIDES
    before = path.read_bytes()
    result = _resolve(willow, "CONF-STR-12", "--text", words)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("resolve: --text") and why in lines[0], result.stderr
    assert path.read_bytes() == before
    assert len(conflict_lines(willow, "willow-court")) == 1


def test_words_the_check_would_reject_are_refused_before_they_are_written(willow: Path):
    """The edit is validated as `handbook check` reads overrides.yaml: a statement holds at most
    5000 characters."""
    path = willow / OVERRIDES
    before = path.read_bytes()
    result = _resolve(willow, "CONF-STR-12", "--text", "Photographs " * 500)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"resolve: the edit would leave {OVERRIDES}:"), result.stderr
    assert "5000" in lines[0] and lines[0].endswith("nothing was written")
    assert path.read_bytes() == before


def test_keep_ours_after_a_removed_statement_moves_the_whole_entry(willow: Path):
    """The model drops CONF-STR-12; the setting keeps its words as its own statement, with an
    id of its own."""
    policy = willow / "model/policy_data/policies/confidentiality.yaml"
    data = policy.read_text()
    policy.write_text(data[: data.index("      - id: CONF-STR-12")])  # the last statement of the file
    result = _resolve(willow, "CONF-STR-12", "--keep-ours", "--after", "CONF-STR-11")
    assert result.returncode == 0, result.stderr
    after = (willow / OVERRIDES).read_text(encoding="utf-8")
    data = yaml.safe_load(after)
    assert data["replace"] == [] and [a["id"] for a in data["add"]] == ["WCC-01"]
    assert OURS in data["add"][0]["text"] and after.count("willowcourt") == 1 and "    model_text:" not in after
    hb, report = handbook_of(willow, "willow-court")
    assert OURS in statement_text(hb, "WCC-01") and statement_text(hb, "CONF-STR-12") is None
    assert not [f for f in report.findings if f.code in ("settings.conflict", "settings.conflict-removed")]


# ---- import --update ---------------------------------------------------------------------------

HASHES = "Written information is filed securely. " + " ".join(f"#tag{n}" for n in range(30))


def test_a_second_word_update_of_text_that_wraps_at_a_hash(project: Path):
    """The first update stores words that wrap at a `#` (in quotes); the second must replace
    them all, keep the comment and blank line inside the statement, and flag it once."""
    path = project / POLICY
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "          filed.\n        audience: [staff, parents]\n",
        "          filed.\n\n        # shared with the speech therapist\n        audience: [staff, parents]\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o664)
    _, document = export(project)
    set_text(paragraph_of(document, "CONF-STR-02"), HASHES)
    merged(project, document)
    first = path.read_text(encoding="utf-8")
    assert [line for line in first.splitlines() if line.lstrip().startswith("#tag")]  # it wraps at a `#`
    assert statement(load_policy(project), "CONF-STR-02").text == HASHES

    _, document = export(project)
    words = "Written information is shared on a need to know basis and then securely filed."
    set_text(paragraph_of(document, "CONF-STR-02"), words)
    merged(project, document)
    second = path.read_text(encoding="utf-8")
    assert statement(load_policy(project), "CONF-STR-02").text == words
    assert "#tag" not in second  # no stray words
    assert second.count("# reworded: check audience and roles still fit") == 1
    assert "\n\n        # shared with the speech therapist\n        audience: [staff, parents]\n" in second
    assert first[: first.index("      - id: CONF-STR-02")] == second[: second.index("      - id: CONF-STR-02")]
    assert first[first.index("      - id: CONF-STR-03") :] == second[second.index("      - id: CONF-STR-03") :]
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    assert run_handbook("check", cwd=project).returncode == 0


# ---- new --from ----------------------------------------------------------------------------------


def test_new_from_sets_facts_to_null_whatever_their_layout(tmp_path: Path):
    source = copy_project(tmp_path / "source")
    register = source / "policy_data/register.yaml"
    text = register.read_text(encoding="utf-8")
    text = text.replace(
        "    owner: null\n    review_cycle_months: null\n",
        "    # reviewed by the manager, every other year\n    owner:\n      # the manager\n\n"
        "      head-teacher\n\n    review_cycle_months: 24\n",
        1,
    )
    register.write_text(text, encoding="utf-8")
    retention = source / "policy_data/retention.yaml"
    text = retention.read_text(encoding="utf-8")
    text = text.replace(
        "    period: null\n    action: null\n",
        "    period: >\n      Until our child is 25\n      # years of age here\n\n"
        "    # our decision\n    action: 'secure-disposal'\n",
        1,
    )
    retention.write_text(text, encoding="utf-8")
    assert run_handbook("check", cwd=source).returncode == 0

    # (from tmp_path, `python -m generator.cli` would find the installed package, not this checkout)
    result = run_handbook("new", str(tmp_path / "willow"), "--name", "Willow", "--from", str(source), cwd=source)
    assert result.returncode == 0, result.stderr
    data = tmp_path / "willow/policy_data"
    copied = (data / "register.yaml").read_text(encoding="utf-8")
    assert "head-teacher\n" not in copied and "review_cycle_months: 24" not in copied
    assert (
        "    # reviewed by the manager, every other year\n    owner: null\n\n    review_cycle_months: null\n" in copied
    )
    assert all(e["owner"] is None and e["review_cycle_months"] is None for e in yaml.safe_load(copied)["documents"])
    copied = (data / "retention.yaml").read_text(encoding="utf-8")
    assert "Until our child" not in copied and "years of age here" not in copied and "secure-disposal'" not in copied
    assert "    period: null\n\n    # our decision\n    action: null\n" in copied
    assert run_handbook("check", cwd=tmp_path / "willow").returncode == 0


def test_every_kind_of_data_file_is_checked_as_its_kind():
    """An edit is validated as the kind of file it is in (what `handbook check` reads it as):
    every kind the features declare is found from its path."""
    from generator.pipeline.edits import kind_of
    from generator.pipeline.handbook import SOURCES

    for kind in SOURCES.values():
        assert kind_of(kind.pattern.replace("*", "example"), kind.folder) is kind, kind.key
