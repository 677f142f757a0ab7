"""The desk's Model policies pages, for a setting of a model repository (`handbook desk
--setting ID`, examples/local-authority/): word a model statement our way, leave it out (with a
reason), use the model's words again, add our own, and decide a conflict with the choices of
`handbook resolve`, which writes the same bytes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import AS_OF, run_handbook
from starlette.testclient import TestClient
from test_settings import copy_example, handbook_of, statement_text

from generator.core.project import Project
from generator.desk.app import make_app

PORT = 8768
TOKEN = "model-test-token"
WILLOW = "settings/willow-court/overrides.yaml"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "la")


def desk(root: Path, setting: str | None = "willow-court") -> TestClient:
    as_of = dt.date.fromisoformat(AS_OF)
    project = Project.for_setting(root, setting, as_of=as_of) if setting else Project.at(root, as_of=as_of)
    client = TestClient(
        make_app(project, token=TOKEN, port=PORT),
        base_url=f"http://127.0.0.1:{PORT}",
        raise_server_exceptions=False,
        follow_redirects=False,
    )
    assert client.get(f"/model?token={TOKEN}").status_code == 303
    return client


def form_of(page: str, statement: str, action: str) -> dict[str, str]:
    """The hidden fields of a statement's form for `action`, as the page has them."""
    match = re.search(
        r'name="csrf" value="([^"]+)"><input type="hidden" name="version" value="([^"]+)">'
        rf'<input type="hidden" name="statement" value="{statement}"><input type="hidden" name="action" value="{action}">',
        page,
    )
    assert match, (statement, action)
    return {"csrf": match.group(1), "version": match.group(2), "statement": statement, "action": action}


def post(client: TestClient, statement: str, action: str, **fields: str):
    page = client.get("/model/confidentiality").text
    return client.post("/model/confidentiality", data={**form_of(page, statement, action), **fields})


def test_the_model_page_lists_the_policies_and_the_conflicts_to_decide(example: Path):
    page = desk(example).get("/model")
    assert page.status_code == 200 and '<a href="/model" aria-current="page">Model policies</a>' in page.text
    assert '<a href="/model/confidentiality">Confidentiality Procedure &amp; Guidelines</a>' in page.text
    assert "1 statement needs</a>" not in page.text and "1 statement needs a decision" in page.text
    assert 'href="/model/confidentiality#s-CONF-STR-12"' in page.text


def test_the_to_do_page_leads_a_conflict_to_the_model_policies_page(example: Path):
    page = desk(example).get("/todo").text
    assert re.search(r'<a href="/model">[^<]*CONF-STR-12', page)


def test_the_to_do_page_leads_the_settings_own_statement_to_the_model_policies_page(example: Path):
    client = desk(example)
    assert post(client, "CONF-AIM-04", "add", text="We tell families each September.").status_code == 303
    page = client.get("/todo").text
    # its readers and signers are to decide: the point links to where they are ticked
    assert re.search(r'<a href="/model">[^<]*WCC-01', page), page[page.find("WCC-01") - 400 : page.find("WCC-01") + 100]


def test_without_a_setting_the_page_says_how_to_open_one(example: Path):
    client = desk(example, setting=None)
    page = client.get("/model")
    assert page.status_code == 200 and "<code>handbook desk --setting oak-tree</code>" in page.text
    assert client.get("/model/confidentiality").status_code == 404
    assert 'href="/model"' not in client.get("/todo").text  # no Model policies in the menu


def test_a_conflict_shows_the_three_texts_and_the_choices_of_resolve(example: Path):
    page = desk(example).get("/model/confidentiality").text
    box = page[page.index('id="s-CONF-STR-12"') :]
    box = box[: box.index("</section>")]
    assert "especially in the press and on the Internet, and signed permission" in box  # the model's old words
    assert "on the Internet and on social media. Signed permission" in box  # its new words
    assert "on the centre&#39;s social media" in box or "on the centre's social media" in box  # ours
    for choice in ("Keep ours", "Take the model's words", "Write new words of our own"):
        assert choice in box


NEW_WORDS = "Photographs of children are used only with signed parent/carer permission, which can be withdrawn."


@pytest.mark.parametrize(
    "action, fields, command",
    [
        ("keep-ours", {}, ["--keep-ours"]),
        ("take-model", {}, ["--take-model"]),
        ("new-words", {"text": NEW_WORDS}, ["--text", NEW_WORDS]),
    ],
)
def test_deciding_a_conflict_writes_what_handbook_resolve_writes(
    example: Path, tmp_path: Path, action, fields, command
):
    answer = post(desk(example), "CONF-STR-12", action, **fields)
    assert answer.status_code == 303 and answer.headers["location"].startswith(
        "/model/confidentiality?saved=CONF-STR-12"
    )
    by_command = copy_example(tmp_path / "by-command")
    done = run_handbook(
        "resolve", "CONF-STR-12", "--setting", "willow-court", *command, "--as-of", AS_OF, cwd=by_command
    )
    assert done.returncode == 0, done.stderr
    assert (example / WILLOW).read_bytes() == (by_command / WILLOW).read_bytes()
    _hb, report = handbook_of(example, "willow-court")
    assert not [f for f in report.findings if f.code in ("settings.conflict", "settings.conflict-removed")]


def test_words_of_our_own_replace_the_models_and_keep_every_other_line(example: Path):
    before = (example / WILLOW).read_text(encoding="utf-8")
    words = "We keep what families tell us to ourselves, unless a child is at risk."
    answer = post(desk(example), "CONF-AIM-05", "word", text=words)
    assert answer.status_code == 303
    after = (example / WILLOW).read_text(encoding="utf-8")
    assert after.startswith(before[: before.index("remove:")])  # comments and earlier entries byte for byte
    hb, _ = handbook_of(example, "willow-court")
    assert statement_text(hb, "CONF-AIM-05") == words
    page = desk(example).get("/model/confidentiality").text
    assert "worded our way" in page[page.index('id="s-CONF-AIM-05"') :][:400]
    # and back to the model's words
    assert post(desk(example), "CONF-AIM-05", "model").status_code == 303
    assert (example / WILLOW).read_text(encoding="utf-8") == before


def test_leaving_a_statement_out_needs_a_reason(example: Path):
    before = (example / WILLOW).read_bytes()
    refused = post(desk(example), "CONF-AIM-05", "leave", reason="  ")
    assert refused.status_code == 400 and (example / WILLOW).read_bytes() == before
    error = re.search(r'id="CONF-AIM-05-reason-error"><strong>Not saved:</strong> ([^<]+)<', refused.text)
    assert error and error.group(1).startswith("Give the reason the setting leaves it out")
    assert re.search(r"<details open><summary>Leave it out</summary>", refused.text)
    answer = post(desk(example), "CONF-AIM-05", "leave", reason="Our aims say this in our own words.")
    assert answer.status_code == 303
    hb, _ = handbook_of(example, "willow-court")
    assert statement_text(hb, "CONF-AIM-05") is None
    assert hb.adopted.left_out("CONF-AIM-05") == "Our aims say this in our own words."


def test_a_statement_of_our_own_is_added_after_the_one_chosen(example: Path):
    words = "We tell families each September how we keep their information."
    answer = post(desk(example), "CONF-AIM-04", "add", text=words)
    assert answer.status_code == 303
    hb, report = handbook_of(example, "willow-court")
    assert statement_text(hb, "WCC-01") == words
    policy = hb.policies["confidentiality"]
    ids = [s.id for s in policy.statements()]
    assert ids[ids.index("CONF-AIM-04") + 1] == "WCC-01"
    # its readers and signers are to decide, as for any new statement: `check` says so
    assert any("WCC-01" in f.message for f in report.findings)


def test_the_settings_own_statements_are_shown_where_they_go(example: Path):
    path = example / WILLOW
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "add: []",
            "add:\n"
            "  - {id: WCC-01, policy: confidentiality, section: aims, after: CONF-AIM-02, text: First of ours.,"
            " audience: [staff], roles: [all-staff]}\n"
            "  - {id: WCC-02, policy: confidentiality, section: aims, after: CONF-AIM-02, text: Second of ours.,"
            " audience: [staff], roles: [all-staff]}\n"
            "  - {id: WCC-03, policy: confidentiality, section: aims, text: Last of ours.,"
            " audience: [staff], roles: [all-staff]}",
        ),
        encoding="utf-8",
    )
    page = desk(example).get("/model/confidentiality").text
    order = [
        page.index(f'<p class="sid">{own} <span class="pending">our own</span>')
        for own in ("WCC-01", "WCC-02", "WCC-03")
    ]
    assert page.index('id="s-CONF-AIM-02"') < order[0] < order[1] < page.index('id="s-CONF-AIM-03"') < order[2]


def test_who_reads_and_signs_our_own_statements_is_ticked_on_the_page(example: Path):
    client = desk(example)
    assert post(client, "CONF-AIM-04", "add", text="We tell families each September.").status_code == 303
    page = client.get("/model/confidentiality").text
    assert '<p class="sid" id="own-WCC-01-id">WCC-01 <span class="pending">to decide</span>' in page
    own = page[page.index('id="own"') :]
    fields = dict(re.findall(r'<input type="hidden" name="(csrf|version|action)" value="([^"]*)"', own)[:3])
    refused = client.post("/model/confidentiality", data={**fields, "WCC-01.roles": ["none", "all-staff"]})
    assert refused.status_code == 400 and 'id="own-WCC-01-roles-error"' in refused.text
    answer = client.post(
        "/model/confidentiality",
        data={**fields, "WCC-01.audience": ["staff", "parents"], "WCC-01.roles": ["all-staff"]},
    )
    assert answer.status_code == 303
    hb, report = handbook_of(example, "willow-court")
    statement = hb.statement("WCC-01")
    assert list(statement.audience) == ["staff", "parents"] and list(statement.roles) == ["all-staff"]
    assert not [f for f in report.findings if "WCC-01" in f.message]


def test_a_setting_without_a_prefix_is_asked_for_one_beside_the_field(example: Path):
    path = example / WILLOW
    path.write_text(path.read_text(encoding="utf-8").replace("prefix: WCC ", "prefix: null"), encoding="utf-8")
    refused = post(desk(example), "CONF-AIM-04", "add", text="Our own words.")
    assert refused.status_code == 400 and 'id="CONF-AIM-04-prefix-error"' in refused.text
    assert "Give the prefix of our own statements" in refused.text
    bad = post(desk(example), "CONF-AIM-04", "add", text="Our own words.", prefix="wcc")
    assert bad.status_code == 400 and "Use capital letters and digits" in bad.text
    assert post(desk(example), "CONF-AIM-04", "add", text="Our own words.", prefix="WCC").status_code == 303
    assert "prefix: WCC" in path.read_text(encoding="utf-8")
    hb, _ = handbook_of(example, "willow-court")
    assert statement_text(hb, "WCC-01") == "Our own words."


def test_a_form_made_before_the_file_changed_is_refused_and_the_words_kept(example: Path):
    client = desk(example)
    page = client.get("/model/confidentiality").text
    path = example / WILLOW
    path.write_text(path.read_text(encoding="utf-8") + "# a comment from git pull\n", encoding="utf-8")
    changed = path.read_bytes()
    words = "Words typed before someone else saved."
    answer = client.post("/model/confidentiality", data={**form_of(page, "CONF-AIM-05", "word"), "text": words})
    assert answer.status_code == 409 and "was changed after this page was opened" in answer.text
    assert words in answer.text and path.read_bytes() == changed


def test_a_decision_resolve_refuses_is_told_beside_the_statement(example: Path):
    """`handbook resolve` refuses --keep-ours on a statement not in conflict: so does the desk, in its words."""
    before = (example / WILLOW).read_bytes()
    client = desk(example)
    page = client.get("/model/confidentiality").text
    fields = {**form_of(page, "CONF-AIM-05", "word"), "action": "keep-ours"}
    answer = client.post("/model/confidentiality", data=fields)
    assert (
        answer.status_code == 400 and "CONF-AIM-05 is not a statement this setting replaced or removed" in answer.text
    )
    assert (example / WILLOW).read_bytes() == before
