"""The desk's Parent notice page: the notice's parts as forms (every field of the model, with its
description), items added and removed, saves that change only their lines, stale forms, bad
input beside its field, every value escaped, the pick-lists' data and the preview."""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
import typing
from pathlib import Path

import pytest
import yaml
from conftest import AS_OF, copy_project
from starlette.testclient import TestClient
from test_desk import desk

from generator.core.load import load_yaml
from generator.core.model import Node
from generator.core.project import Project
from generator.desk import lawful_bases, notice
from generator.desk import notice_form as the_form
from generator.features.notice.model import LawfulBasis, Notice

NOTICE = "policy_data/notices/fair-processing-notice.yaml"
ADDRESS = "/notice/fair-processing-notice"
HOSTILE = "<script>alert('x')</script> & \"quoted\" # not a comment"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def notice_form(client: TestClient, address: str = ADDRESS, page: str | None = None, **changes) -> dict:
    """The notice's form as the page fills it (`page`, or the page got now), with `changes` typed in."""
    page = client.get(address).text if page is None else page
    data: dict = {}
    for match in re.finditer(r'<input id="[^"]+" name="([^"]+)" type="[^"]+" value="([^"]*)"', page):
        data[match.group(1)] = html.unescape(match.group(2))
    for match in re.finditer(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', page):
        data[match.group(1)] = html.unescape(match.group(2))
    for match in re.finditer(r'<select id="[^"]+" name="([^"]+)".*?</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', match.group(0))
        data[match.group(1)] = html.unescape(chosen.group(1)) if chosen else ""
    for name in re.findall(r'name="([^"]+)" value="true" checked', page):
        data[name] = "true"
    for name in ("csrf", "version"):
        data[name] = re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
    data.update(changes)
    return data


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def error_beside(page: str, name: str) -> str:
    field_id = "field-" + name.replace(".", "-").replace("_", "-")
    found = re.search(rf'<p class="error" id="{field_id}-error"><strong>Not saved:</strong> (.*?)</p>', page)
    assert found, f"no error beside {name}"
    assert re.search(rf'id="{field_id}"[^>]*aria-describedby="[^"]*{field_id}-error', page), name
    return html.unescape(found.group(1))


# ---- the form is the model -------------------------------------------------------------------


def model_fields(model, prefix: str = "") -> dict[str, str | None]:
    """Every field the form must have, walked from the model: name -> its description."""
    out: dict[str, str | None] = {}
    for name, info in model.model_fields.items():
        if model is Notice and name in the_form.NOT_EDITED:
            continue
        inner = the_form._unwrap(info.annotation)
        if typing.get_origin(inner) is list and issubclass(the_form._unwrap(typing.get_args(inner)[0]), Node):
            item = the_form._unwrap(typing.get_args(inner)[0])
            out |= model_fields(item, f"{prefix}{name}.0.")
            out |= model_fields(item, f"{prefix}new.")  # the blank row that adds one
        elif isinstance(inner, type) and issubclass(inner, Node):
            out |= model_fields(inner, f"{prefix}{name}.")
        else:
            out[f"{the_form.TOP_PREFIX if model is Notice else ''}{prefix}{name}"] = info.description
    return out


def test_the_form_has_every_field_of_the_notice_model_with_its_description():
    data = {"purposes": {"heading": "h", "items": [{"id": "x", "purpose": "p"}]}}
    for part in the_form.PARTS:
        data.setdefault(part, {"heading": "h"})
        if "items" in the_form._model_of(Notice, part).model_fields:
            data[part].setdefault("items", [{}])
    fields = {f.name: f for f in the_form.every_field(the_form.sections(data))}
    wanted = model_fields(Notice)
    own_words = {name for name in fields if name.endswith(the_form.OWN_WORDS)}
    assert set(fields) - own_words == set(wanted)
    for name, description in wanted.items():
        assert description and fields[name].help == description, name


def test_the_pick_lists_come_from_data_with_a_source_for_each_line():
    table = lawful_bases.choices()
    assert [c.id for c in table.bases] == list(typing.get_args(LawfulBasis))  # every basis the model knows, in order
    articles = " ".join(c.article for c in table.conditions)
    for letter in "abcdefghij":
        assert f"Article 9(2)({letter})" in articles  # every condition of Article 9(2)
    assert "Schedule 1, paragraph 18" in articles  # safeguarding of children
    for choice in (*table.bases, *table.conditions):
        assert choice.when.endswith(".") and len(choice.when) < 240, choice.id
        assert choice.source.startswith("https://ico.org.uk/"), choice.id
    for condition in table.conditions:
        assert condition.notice and condition.article.split(";")[0].removeprefix("UK GDPR ") in condition.notice


def test_the_page_shows_each_choice_with_its_plain_line(root: Path):
    page = html.unescape(desk(root).get("/notice").text)
    assert "<h1>Parent notice</h1>" in page
    for choice in (*lawful_bases.choices().bases, *lawful_bases.choices().conditions):
        assert choice.when in page and f"Source: {choice.source_title}." in page
    assert '<option value="legal-obligation">Legal obligation (UK GDPR Article 6(1)(c))</option>' in page
    assert "https://" not in page  # sources are named, never linked: nothing on the desk is fetched


# ---- saving ----------------------------------------------------------------------------------


def test_an_unchanged_form_changes_nothing_and_a_choice_only_its_line(root: Path):
    path = root / NOTICE
    before = path.read_text(encoding="utf-8")
    client = desk(root)
    answer = client.post(ADDRESS, data=notice_form(client))
    assert answer.status_code == 303 and answer.headers["location"] == f"{ADDRESS}?saved=1#preview"
    assert path.read_text(encoding="utf-8") == before
    condition = next(c for c in lawful_bases.choices().conditions if c.id == "safeguarding")
    answer = client.post(
        ADDRESS,
        data=notice_form(
            client,
            **{
                "purposes.items.2.lawful_basis": "recognised-legitimate-interests",
                "purposes.items.2.article9_condition": condition.notice,
            },
        ),
    )
    assert answer.status_code == 303, answer.text[:2000]
    after = path.read_text(encoding="utf-8")
    data = load_yaml(path).data["purposes"]["items"][2]
    assert data["lawful_basis"] == "recognised-legitimate-interests" and data["article9_condition"] == condition.notice
    assert [line for line in changed_lines(before, after) if line.startswith("-")] == [
        "-      lawful_basis: null",
        "-      article9_condition: null",
    ]
    assert "# A concern is confidential and sensitive" in after  # the comments stay


def test_items_are_added_and_removed_in_one_save(root: Path):
    path = root / NOTICE
    before = load_yaml(path).data
    client = desk(root)
    last = len(before["purposes"]["items"]) - 1
    answer = client.post(
        ADDRESS,
        data=notice_form(
            client,
            **{
                f"purposes.items.{last}.remove": "true",  # the last item, where the new one goes
                "purposes.items.0.remove": "true",
                "purposes.new.id": "fees",
                "purposes.new.purpose": "To charge the fees agreed with you.",
                "purposes.new.lawful_basis": "contract",
                "recipients.new.name": "Our accountant.",
                "recipients.new.why": "To keep the accounts the law requires.",
            },
        ),
    )
    assert answer.status_code == 303, answer.text[:2000]
    after = load_yaml(path).data
    ids = [p["id"] for p in after["purposes"]["items"]]
    assert ids == [p["id"] for p in before["purposes"]["items"][1:last]] + ["fees"]
    assert after["purposes"]["items"][-1] == {
        "id": "fees",
        "purpose": "To charge the fees agreed with you.",
        "lawful_basis": "contract",
    }
    assert after["recipients"]["items"][-1] == {
        "name": "Our accountant.",
        "why": "To keep the accounts the law requires.",
    }
    Notice.model_validate(after)
    # and every item of a list removed leaves an empty list
    client.post(
        ADDRESS,
        data=notice_form(client, **{f"rights.items.{i}.remove": "true" for i in range(len(after["rights"]["items"]))}),
    )
    assert load_yaml(path).data["rights"]["items"] == []


def test_a_new_project_fills_its_starter_notice_through_the_form(tmp_path: Path):
    from conftest import run_handbook

    made = run_handbook("new", str(tmp_path / "nursery"), "--name", "Little Acorns Nursery", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "nursery"
    client = desk(root)
    answer = client.post(
        ADDRESS,
        data=notice_form(
            client,
            **{
                "purposes.text": "We use information for the reasons below.",
                "purposes.new.id": "keep-safe",
                "purposes.new.purpose": "To keep your child safe and well while they are with us.",
                "purposes.new.lawful_basis": "legal-obligation",
                "representative.name": "Nobody Ltd",  # a part the starter does not have
                "representative.email": "rep@example.org",
            },
        ),
    )
    assert answer.status_code == 303, answer.text[:3000]
    text = (root / NOTICE).read_text(encoding="utf-8")
    data = load_yaml(root / NOTICE).data
    assert data["purposes"]["items"] == [
        {
            "id": "keep-safe",
            "purpose": "To keep your child safe and well while they are with us.",
            "lawful_basis": "legal-obligation",
        }
    ]
    assert data["representative"] == {"name": "Nobody Ltd", "email": "rep@example.org"}
    assert "# A worked example" in text  # the starter's guidance stays
    Notice.model_validate(data)


def test_a_save_against_a_changed_file_is_refused_and_the_input_kept(root: Path):
    path = root / NOTICE
    client = desk(root)
    data = notice_form(client, **{"transfers.text": "No. We do not send information outside the UK."})
    with path.open("a", encoding="utf-8") as f:
        f.write("# a line someone else added\n")
    changed = path.read_bytes()
    answer = client.post(ADDRESS, data=data)
    assert answer.status_code == 409
    assert "was changed after this page was opened" in answer.text and "nothing was saved" in answer.text
    assert "No. We do not send information outside the UK." in answer.text
    assert path.read_bytes() == changed
    again = client.post(ADDRESS, data={**data, "csrf": notice_form(client)["csrf"]})
    assert again.status_code == 409 and path.read_bytes() == changed


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("notice.title", "", "This cannot be left empty."),
        ("notice.version", "one", "“one” is not a version number"),
        ("notice.issued", "31/09/2026", "September 2026 has 30 days"),
        ("controller.heading", "  ", "This cannot be left empty."),
        ("purposes.statements", "CONF-NOPE-99", "“CONF-NOPE-99” is not a statement of any policy"),
        ("purposes.items.1.statements", "conf-str-03", "“conf-str-03” is not a statement id"),
        ("retention.records", "child-protection-records, no-such-record", "“no-such-record” is not a record"),
        ("categories.items.0.records", "Not A Slug", "“Not” is not a record id"),
        ("purposes.items.0.lawful_basis", "magic", "Choose one of the options"),
        ("purposes.items.0.id", "Care And Welfare", "Use only lower-case letters"),
        ("categories.items.1.sensitivity", "secret", "Choose one of the options"),
        ("rights.items.0.right", "flight", "Choose one of the options"),
        ("purposes.new.purpose", "A reason with no short name.", "This cannot be left empty."),
    ],
)
def test_bad_input_is_shown_beside_its_field_and_nothing_is_written(root: Path, name, value, words):
    path = root / NOTICE
    before = path.read_bytes()
    client = desk(root)
    answer = client.post(ADDRESS, data=notice_form(client, **{name: value}))
    assert answer.status_code == 400
    assert path.read_bytes() == before
    shown_beside = name.replace("purposes.new.purpose", "purposes.new.id")  # the row's missing id
    assert words in error_beside(answer.text, shown_beside)
    assert "Traceback" not in answer.text
    assert f'href="#field-{shown_beside.replace(".", "-").replace("_", "-")}"' in answer.text  # in the summary


def test_every_field_escapes_a_hostile_value(root: Path):
    """A class test: a hostile value typed into each field of the form (walked from the model)
    comes back escaped, whether it is saved (a text) or refused (an id, a choice, a number)."""
    names = [f.name for f in the_form.every_field(the_form.sections(load_yaml(root / NOTICE).data))]
    assert len(names) > 100
    saved = refused = 0
    # The form as the page fills it now.  A refused save changes nothing (not the file, its
    # version or the session's CSRF token), so the page would fill the next form as it filled
    # this one; after a save, the page got to look for the escaped words fills it.  The client
    # is opened once (`with`): its two hundred requests share one event loop, where each would
    # start a thread and a loop of its own.
    with desk(root) as client:
        form = notice_form(client)
        for name in names:
            answer = client.post(ADDRESS, data={**form, name: HOSTILE})
            assert answer.status_code in (303, 400), (name, answer.status_code)
            page = answer.text if answer.status_code == 400 else client.get(ADDRESS).text
            assert "<script>alert" not in page, name
            if answer.status_code == 400:
                refused += 1
                assert "&lt;script&gt;alert(" in page, name  # shown again, as typed, escaped
            else:
                saved += 1
                assert "&lt;script&gt;alert(" in page, name
                form = notice_form(client, page=page)
    assert saved > 30 and refused > 20
    # the saved words reach the file as typed, and the printed notice escapes them too
    data = load_yaml(root / NOTICE).data
    assert data["introduction"] == HOSTILE and data["purposes"]["items"][0]["purpose"] == HOSTILE
    made = notice.preview(Project.at(root, as_of=dt.date.fromisoformat(AS_OF)), "fair-processing-notice")
    if made is not None:  # hostile words may make the data fail its checks; then there is no preview
        assert "<script>alert" not in made.page and "<script>alert" not in str(made.body)


# ---- the preview and the links -----------------------------------------------------------------


def test_a_save_shows_the_printed_notice(root: Path):
    client = desk(root)
    client.post(ADDRESS, data=notice_form(client, **{"transfers.text": "No. Nothing goes outside the UK."}))
    page = client.get(f"{ADDRESS}?saved=1").text
    assert "Saved." in page and 'class="notice-preview"' in page
    assert "No. Nothing goes outside the UK." in page.split('class="notice-preview"')[1]
    printed = client.get(f"{ADDRESS}/preview")
    assert printed.status_code == 200 and "No. Nothing goes outside the UK." in printed.text
    assert printed.headers["content-security-policy"].startswith("sandbox")  # its own styles, no scripts run
    made = notice.preview(Project.at(root, as_of=dt.date.fromisoformat(AS_OF)), "fair-processing-notice")
    assert made is not None and made.page == printed.text


def test_only_the_projects_notices_can_be_opened(root: Path):
    client = desk(root)
    for address in ("/notice/no-such-notice", "/notice/..%2Fsetting", "/notice/no-such-notice/preview"):
        assert client.get(address).status_code == 404, address


def test_the_todo_page_leads_to_the_notice_fields(root: Path):
    page = desk(root).get("/todo").text
    assert 'href="/notice"' in page  # the task
    assert 'href="/notice/fair-processing-notice#field-purposes-items-0-lawful-basis"' in page  # a finding's field
    assert 'href="/notice/fair-processing-notice#field-transfers-text"' in page


def test_the_lawful_bases_table_is_valid_yaml_with_every_key():
    raw = yaml.safe_load(lawful_bases.BASES_FILE.read_text(encoding="utf-8"))
    assert set(raw) == {"checked", "bases", "conditions"}
    assert len({c["id"] for c in raw["conditions"]}) == len(raw["conditions"])


def test_a_text_typed_on_several_lines_is_saved_with_its_line_breaks(root: Path):
    client = desk(root)
    typed = "No.\r\nWe never send information outside the UK.\r\n\r\nAsk us if you want to know more."
    answer = client.post(ADDRESS, data=notice_form(client, **{"transfers.text": typed}))
    assert answer.status_code == 303, answer.text[:2000]
    assert load_yaml(root / NOTICE).data["transfers"]["text"] == typed.replace("\r\n", "\n")
    before = (root / NOTICE).read_bytes()
    assert client.post(ADDRESS, data=notice_form(client)).status_code == 303  # the page shows it back as it is
    assert (root / NOTICE).read_bytes() == before
