"""`handbook desk`: its security, its saves (nothing lost) and its pages, without a browser.

The application is driven through Starlette's test client at the address the server would
have (127.0.0.1:PORT); the browser tests are in test_desk_browser.py."""

from __future__ import annotations

import datetime as dt
import difflib
import html
import io
import os
import re
import shutil
import stat
import time
from pathlib import Path

import pytest
from conftest import AS_OF, copy_example, copy_project
from starlette.routing import Route
from starlette.testclient import TestClient

from generator.core.codes import OUTPUT_TO_COMPLETE
from generator.core.findings import Location
from generator.core.project import Project
from generator.desk import guard, setting_form
from generator.desk.app import make_app
from generator.desk.dates import NotADate, read_date
from generator.desk.tasks import group, plain
from generator.features.approvals.codes import DRAFT
from generator.features.policies.codes import SETTING_FACT_UNSET, UNKNOWN_ROLE
from generator.features.policies.model import Contact, Setting

PORT = 8765
TOKEN = "the-test-token"


def desk(root: Path, *, signed_in: bool = True, host: str = f"127.0.0.1:{PORT}") -> TestClient:
    project = Project.at(root, as_of=dt.date.fromisoformat(AS_OF))
    client = TestClient(
        make_app(project, token=TOKEN, port=PORT),
        base_url=f"http://{host}",
        raise_server_exceptions=False,
        follow_redirects=False,
    )
    if signed_in:
        answer = client.get(f"/todo?token={TOKEN}")
        assert answer.status_code == 303
    return client


def inner_app(client: TestClient):
    return client.app.app  # inside the Guard


def csrf_and_version(page: str) -> dict[str, str]:
    return {name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1) for name in ("csrf", "version")}


def setting_form_data(client: TestClient, **changes: str) -> dict:
    """The setting form as the page fills it, with `changes` typed in."""
    page = client.get("/setting").text
    data: dict = {}
    for match in re.finditer(r'<input id="[^"]+" name="([^"]+)" type="[^"]+" value="([^"]*)"', page):
        data[match.group(1)] = match.group(2)
    for match in re.finditer(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', page):
        data[match.group(1)] = match.group(2)
    for match in re.finditer(r'<select id="[^"]+" name="([^"]+)".*?</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', match.group(0))
        data[match.group(1)] = chosen.group(1) if chosen else ""
    data["kind"] = re.findall(r'name="kind" value="([^"]+)" checked', page)
    data.update(csrf_and_version(page))
    data.update(changes)
    return data


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


# ---- no one else gets in -------------------------------------------------------------------


def every_route(client: TestClient) -> list[tuple[str, str]]:
    """(method, address) of every route of the desk, path parameters filled with real values."""
    found = []
    for route in inner_app(client).routes:
        if not isinstance(route, Route):
            continue
        address = (
            route.path.replace("{which}", "starter")
            .replace("{path:path}", "site/index.html")
            .replace("{policy}", "confidentiality")
            .replace("{notice}", "fair-processing-notice")
            .replace("{key}", "a-key-never-given")
        )
        found += [(method, address) for method in sorted(route.methods or ["GET"]) if method != "HEAD"]
    return found


def test_without_the_token_cookie_every_page_is_refused(root: Path):
    client = desk(root, signed_in=False)
    routes = every_route(client)
    assert {("POST", "/setting"), ("GET", "/todo"), ("POST", "/build")} <= set(routes)
    for method, address in routes + [("GET", "/static/desk.css")]:
        answer = client.request(method, address)
        assert answer.status_code == 403, (method, address)
        assert "Open the desk from its link" in answer.text
    assert client.get("/todo?token=a-wrong-token").status_code == 403


def test_the_token_in_the_first_address_becomes_a_strict_httponly_cookie(root: Path):
    client = desk(root, signed_in=False)
    answer = client.get(f"/setting?token={TOKEN}")
    assert answer.status_code == 303 and answer.headers["location"] == "/setting"  # the token leaves the address bar
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"handbook-desk-{PORT}={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = client.get("/setting")
    assert page.status_code == 200
    assert TOKEN not in page.text  # the forms carry a CSRF token derived from it, never the key itself
    assert (
        "script-src" not in page.headers["content-security-policy"]
        and "default-src 'none'" in page.headers["content-security-policy"]
    )


@pytest.mark.parametrize("host", [f"evil.example:{PORT}", "127.0.0.1:9999", f"127.0.0.1.nip.io:{PORT}", ""])
def test_a_request_for_another_host_is_refused(root: Path, host: str):
    """DNS rebinding: a page at evil.example whose name now points at 127.0.0.1 gets nothing,
    even with the cookie (which it would not have)."""
    client = desk(root)
    answer = client.get("/setting", headers={"host": host})
    assert answer.status_code == 403 and "Not this address" in answer.text
    assert client.get("/setting", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_every_form_without_its_csrf_token_is_refused_and_changes_nothing(root: Path):
    client = desk(root)
    before = {p: p.read_bytes() for p in (root / "policy_data").rglob("*.yaml")}
    posts = [address for method, address in every_route(client) if method == "POST"]
    for address in posts + ["/people/leaver", "/people/roles", "/people/change"]:
        for csrf in (None, "0" * 64):
            data = (
                setting_form_data(client, name="Changed")
                if address == "/setting"
                else {"name": "Ann", "start_date": "01/09/2026"}
            )
            data.pop("csrf", None)
            if csrf:
                data["csrf"] = csrf
            answer = client.post(address, data=data)
            assert answer.status_code == 403, address
            assert "did not come from the desk" in answer.text
    assert {p: p.read_bytes() for p in (root / "policy_data").rglob("*.yaml")} == before
    assert not (root / "records").exists()


def test_a_body_larger_than_the_cap_is_refused(root: Path):
    client = desk(root)
    data = setting_form_data(client)
    data["address"] = "x" * (guard.MAX_BODY + 10)
    before = (root / "policy_data/setting.yaml").read_bytes()
    answer = client.post("/setting", data=data)
    assert answer.status_code == 413
    assert (root / "policy_data/setting.yaml").read_bytes() == before


def test_a_body_sent_without_its_length_is_capped_too(root: Path):
    client = desk(root)
    before = (root / "policy_data/setting.yaml").read_bytes()
    data = setting_form_data(client)
    body = (
        "&".join(f"{k}={v}" for k, v in data.items() if isinstance(v, str)) + "&address=" + "x" * (guard.MAX_BODY + 10)
    )

    def chunks():
        for start in range(0, len(body), 65536):
            yield body[start : start + 65536].encode()

    answer = client.post("/setting", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413 and "Too large" in answer.text
    assert (root / "policy_data/setting.yaml").read_bytes() == before


def test_every_value_is_escaped(root: Path):
    path = root / "policy_data/setting.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("address: null", 'address: "<script>alert(1)</script>"'),
        encoding="utf-8",
    )
    page = desk(root).get("/setting").text
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_failure_shows_plain_words_never_a_traceback(root: Path, monkeypatch):
    import generator.desk.app as app_module

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /home/someone/project")

    monkeypatch.setattr(app_module, "findings_of", broken)
    answer = desk(root).get("/todo")
    assert answer.status_code == 500
    assert "Something went wrong and nothing was changed by it" in answer.text
    assert (
        "Traceback" not in answer.text and "secret internals" not in answer.text and "RuntimeError" not in answer.text
    )


def test_the_server_listens_on_127_0_0_1_only(root: Path, monkeypatch):
    import uvicorn

    from generator.desk import server

    seen = {}
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: seen.update(host=self.config.host, port=self.config.port))
    project = Project.at(root, as_of=dt.date.fromisoformat(AS_OF))
    assert server.run(project, 8790, open_browser=False) == 0
    assert seen == {"host": "127.0.0.1", "port": 8790}


# ---- nothing lost --------------------------------------------------------------------------


def test_a_save_changes_only_its_lines(root: Path):
    path = root / "policy_data/setting.yaml"
    before = path.read_text(encoding="utf-8")
    client = desk(root)
    answer = client.post(
        "/setting", data=setting_form_data(client, **{"dpo.email": "dpo@example.org", "phone": "01223 000000"})
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/setting?saved=1"
    after = path.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [("phone: null", "phone: 01223 000000"), ("  email: null", "  email: dpo@example.org")]
    assert len(before.splitlines()) == len(after.splitlines())
    assert "Saved." in client.get("/setting?saved=1").text


def test_a_save_against_a_changed_file_is_refused_and_the_input_kept(root: Path):
    path = root / "policy_data/setting.yaml"
    client = desk(root)
    data = setting_form_data(client, phone="01223 111111")  # the form, as opened
    path.write_text(
        path.read_text(encoding="utf-8").replace("website: null", "website: https://example.org"), encoding="utf-8"
    )
    changed_elsewhere = path.read_bytes()
    answer = client.post("/setting", data=data)
    assert answer.status_code == 409
    assert "was changed after this page was opened" in answer.text and "nothing was saved" in answer.text
    assert 'value="01223 111111"' in answer.text  # what they typed is still there
    assert path.read_bytes() == changed_elsewhere  # the other edit is not lost
    # and saving the same page again is still refused: it carries the version it was made from
    again = client.post("/setting", data={**data, **csrf_and_version(answer.text)})
    assert again.status_code == 409 and path.read_bytes() == changed_elsewhere


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"name": ""}, "field-name", "This cannot be left empty."),
        (
            {"kind": ["maintained-nursery-school", "space-station"]},
            "field-kind",
            "“space-station” is not a kind of setting the handbook knows",
        ),
        ({"nation": "atlantis"}, "field-nation", "Choose one of the options"),
    ],
)
def test_bad_values_are_shown_beside_their_field_and_nothing_is_written(root: Path, changes, field, words):
    path = root / "policy_data/setting.yaml"
    before = path.read_bytes()
    client = desk(root)
    answer = client.post("/setting", data=setting_form_data(client, **changes))
    assert answer.status_code == 400
    assert path.read_bytes() == before
    error = re.search(rf'<p class="error" id="{field}-error"><strong>Not saved:</strong> (.*?)</p>', answer.text)
    assert error and words in error.group(1).replace("&#34;", '"'), answer.text[:3000]
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error', answer.text)


def test_a_value_in_the_file_the_model_refuses_is_shown_beside_its_field_on_opening(root: Path):
    """A build's error links to the field; the page shows the error there before any save."""
    path = root / "policy_data/setting.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nnation: england\n" in text
    path.write_text(text.replace("\nnation: england\n", "\nnation: atlantis\n"), encoding="utf-8")  # by hand
    page = desk(root).get("/setting").text
    error = re.search(
        r'<p class="error" id="field-nation-error"><strong>In the file, to correct:</strong> (.*?)</p>', page
    )
    assert error and "Choose one of the options" in error.group(1), page[:3000]
    assert "Values in the file to correct" in page and "Nothing was saved" not in page


def test_the_setting_form_covers_every_field_of_the_model_with_its_description():
    assert set(setting_form.ORDER) | set(setting_form.NOT_EDITED) == set(Setting.model_fields)
    in_groups = [name for _, names in setting_form.GROUPS for name in names]
    assert sorted(in_groups) == sorted({f.name for f in setting_form.fields({}, [])})  # each shown once
    fields = setting_form.fields({}, [])
    names = {f.name for f in fields}
    assert names == ({n for n in setting_form.ORDER if n != "dpo"} | {f"dpo.{n}" for n in Contact.model_fields})
    for f in fields:
        head, _, sub = f.name.partition(".")
        model_field = Contact.model_fields[sub] if sub else Setting.model_fields[head]
        assert f.help and f.help == model_field.description, f.name


def test_every_text_field_of_the_setting_saves_and_reads_back(root: Path):
    """A class test: each text field of the form, filled in, lands in setting.yaml as typed."""
    from generator.core.load import load_yaml

    client = desk(root)
    texts = [f.name for f in setting_form.fields({}, []) if f.kind in ("text", "textarea")]
    typed = {name: f"Value for {name}: it's “quoted” # not a comment" for name in texts}
    answer = client.post("/setting", data=setting_form_data(client, **typed))
    assert answer.status_code == 303, answer.text[:2000]
    data = load_yaml(root / "policy_data/setting.yaml", "setting.yaml").data
    for name, value in typed.items():
        head, _, sub = name.partition(".")
        assert (data[head][sub] if sub else data[head]) == value


def test_lines_typed_in_a_box_save_as_the_browser_sends_them(root: Path):
    """Browsers end a textarea's lines with CR LF; every box of the setting form saves them as
    lines (a CR alone is a control character the loader refuses)."""
    from generator.core.load import load_yaml

    client = desk(root)
    boxes = [f.name for f in setting_form.fields({}, []) if f.kind == "textarea"]
    assert boxes, "the setting form has no multi-line box to test"
    typed = {name: "1 Long Road\r\nCambridge\rCB1 1AA" for name in boxes}
    answer = client.post("/setting", data=setting_form_data(client, **typed))
    assert answer.status_code == 303, answer.text[:2000]
    data = load_yaml(root / "policy_data/setting.yaml", "setting.yaml").data
    for name in boxes:
        head, _, sub = name.partition(".")
        assert (data[head][sub] if sub else data[head]) == "1 Long Road\nCambridge\nCB1 1AA"


# ---- people --------------------------------------------------------------------------------


def people_form(client: TestClient, form: str) -> dict:
    page = client.get("/people").text
    section = page[page.index(f'action="/people/{form}"') :]
    return {
        "csrf": re.search(r'name="csrf" value="([^"]*)"', section).group(1),
        "version": re.search(r'name="version" value="([^"]*)"', section).group(1),
    }


def test_a_starter_with_an_impossible_date_is_told_why(root: Path):
    client = desk(root)
    answer = client.post(
        "/people/starter",
        data={
            **people_form(client, "starter"),
            "name": "Ann Smith",
            "roles": ["all-staff"],
            "start_date": "31/09/2026",
        },
    )
    assert answer.status_code == 400
    assert "“31/09/2026” is not a date: September 2026 has 30 days." in answer.text
    assert 'value="Ann Smith"' in answer.text and 'value="31/09/2026"' in answer.text
    assert not (root / "records").exists()


def test_starters_and_leavers_are_kept_private(root: Path):
    client = desk(root)
    answer = client.post(
        "/people/starter",
        data={
            **people_form(client, "starter"),
            "name": "Zoë O'Neil",
            "roles": ["all-staff"],
            "start_date": "01/09/2026",
        },
    )
    assert answer.status_code == 303, answer.text[:2000]
    staff = root / "records/staff.yaml"
    assert stat.S_IMODE(staff.stat().st_mode) == 0o600
    assert stat.S_IMODE((root / "records").stat().st_mode) == 0o700
    assert (
        "  - id: zoe-o-neil\n    name: Zoë O'Neil\n    roles: [all-staff]\n    start_date: 2026-09-01\n"
        in staff.read_text(encoding="utf-8")
    )
    answer = client.post(
        "/people/leaver", data={**people_form(client, "leaver"), "staff": "zoe-o-neil", "leave_date": "2026-12-18"}
    )
    assert answer.status_code == 303
    assert "    leave_date: 2026-12-18" in staff.read_text(encoding="utf-8")
    assert stat.S_IMODE(staff.stat().st_mode) == 0o600
    page = client.get("/people").text
    assert "Zoë O&#39;Neil" in page and "<td>01/09/2026</td><td>18/12/2026</td>" in page
    answer = client.post(
        "/people/change",
        data={**people_form(client, "change"), "staff": "zoe-o-neil", "roles": ["office-staff", "all-staff"]},
    )
    assert answer.status_code == 303
    assert "    roles: [all-staff, office-staff]\n" in staff.read_text(encoding="utf-8")
    refused = client.post("/people/change", data={**people_form(client, "change"), "staff": "zoe-o-neil"})
    assert refused.status_code == 400 and "Tick at least one role" in refused.text


def test_role_titles_are_renamed_in_place(root: Path):
    path = root / "policy_data/roles.yaml"
    before = path.read_text(encoding="utf-8")
    client = desk(root)
    data = people_form(client, "roles")
    page = client.get("/people").text
    titles = dict(re.findall(r'name="(role\.[a-z0-9-]+)" type="text" value="([^"]*)"', page))
    first = next(iter(titles))
    answer = client.post("/people/roles", data={**data, **titles, first: "Our new title"})
    assert answer.status_code == 303, answer.text[:2000]
    after = path.read_text(encoding="utf-8")
    assert "Our new title" in after
    assert sum(a != b for a, b in zip(before.splitlines(), after.splitlines())) == 1


# ---- the pure parts ------------------------------------------------------------------------


def test_findings_are_grouped_into_tasks_in_plain_words():
    findings = [
        SETTING_FACT_UNSET(
            Location("policy_data/setting.yaml", 22), "to be completed: the setting's phone number is not set"
        ),
        OUTPUT_TO_COMPLETE(
            Location("policy_data/setting.yaml", 25),
            'to be completed: DPO: Phone (an output prints "To be completed" for it)',
        ),
        DRAFT(Location("policy_data/policies/safeguarding.yaml", 3), "draft: policy/safeguarding is not approved"),
        UNKNOWN_ROLE(Location("policy_data/register.yaml", 9), "owner 'nobody' is not a role"),
    ]
    tasks = group(findings, {}, lambda f: "/setting#field-phone" if f.location.line == 22 else None)
    assert [t.title for t in tasks] == [
        "Complete the register of policies",
        "Complete our setting's details",
        "Approve what changed",
    ]
    assert tasks[2].link == "/approve"
    setting = tasks[1]
    assert setting.link == "/setting"
    assert [(i.text, i.link) for i in setting.items] == [
        ("The setting's phone number is not set", "/setting#field-phone"),
        ("DPO: Phone", None),
    ]
    assert plain("draft: policy/x is not approved") == "Policy/x is not approved"


def test_dates_are_read_as_people_write_them():
    assert read_date("30/09/2026") == read_date("2026-09-30") == dt.date(2026, 9, 30)
    for text, words in [
        ("31/09/2026", "September 2026 has 30 days"),
        ("29/02/2027", "February 2027 has 28 days"),
        ("12/13/2026", "there is no month 13"),
        ("next Tuesday", "write it as day/month/year"),
    ]:
        with pytest.raises(NotADate, match=words):
            read_date(text)


def test_the_todo_page_lists_the_checks_findings(root: Path):
    page = desk(root).get("/todo").text
    assert "Complete our setting&#39;s details" in page
    assert 'href="/setting#field-phone"' in page  # the finding about the phone number links to its field
    assert 'href="/policies/confidentiality#s-CONF-INT-02"' in page  # a review note: its statement


# ---- build ---------------------------------------------------------------------------------


def test_a_build_that_fails_says_why_and_leaves_the_outputs(root: Path):
    from conftest import edit_data

    line = edit_data(root, "policy_data/setting.yaml", "nation: england", "nation: atlantis")
    (root / "build/site").mkdir(parents=True)
    (root / "build/site/index.html").write_text("the previous build", encoding="utf-8")
    client = desk(root)
    page = client.get("/build").text
    answer = client.post("/build", data={"csrf": re.search(r'name="csrf" value="([^"]*)"', page).group(1)})
    assert answer.status_code == 303 and answer.headers["location"] == "/build"
    inner_app(client).state.builder.wait(600)
    answer = client.get("/build")
    assert "Not built" in answer.text and "the previous outputs are as they were" in answer.text
    assert f"policy_data/setting.yaml:{line}:" in answer.text and "atlantis" in answer.text
    # beside the words, the link to the field that puts it right
    assert re.search(r'<a href="/setting#field-nation">[^<]*atlantis', answer.text)
    assert (root / "build/site/index.html").read_text(encoding="utf-8") == "the previous build"


def test_the_build_page_links_the_outputs_and_never_serves_private_ones(root: Path):
    out = root / "build"
    for name, text in [
        ("site/index.html", "<h1>Handbook</h1>"),
        ("print/parents/notice.pdf", "%PDF-1.7"),
        ("handbook-offline.zip", "PK"),
        ("private/status.html", "Ann Smith has not signed"),
    ]:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    client = desk(root)
    page = client.get("/build").text
    links = re.findall(r'<a href="(/out/[^"]+)">', page)
    assert links == ["/out/site/index.html", "/out/print/parents/notice.pdf", "/out/handbook-offline.zip"]
    for link in links:
        assert client.get(link).status_code == 200
    site = client.get("/out/site/")
    assert "<h1>Handbook</h1>" in site.text
    assert site.headers["content-security-policy"].startswith("sandbox allow-scripts")  # no use of the desk's cookie
    assert "allow-same-origin" not in site.headers["content-security-policy"]
    for refused in (
        "/out/private/status.html",
        "/out/../policy_data/setting.yaml",
        "/out/%2e%2e/policy_data/setting.yaml",
        "/out/site/../private/status.html",
    ):
        answer = client.get(refused)
        assert answer.status_code == 404, refused
        assert "Ann Smith" not in answer.text and "id: homerton" not in answer.text


def test_the_desk_at_a_repository_of_model_policies_serves_no_setting_s_private_files(tmp_path: Path):
    """Opened at the repository's root, build/ holds every setting's outputs: a private or
    records folder is refused wherever it is in the address, in any letter case (the same
    folder on a case-insensitive disk), and after `..` or a link is followed."""
    root = copy_example(tmp_path / "la")
    out = root / "build"
    for name in (
        "settings/willow-court/site/index.html",
        "settings/willow-court/private/acknowledgements.csv",  # as `handbook status --setting` leaves it
        "settings/willow-court/records/staff.yaml",
        "settings/oak-tree/Private/acknowledgements.csv",  # what PRIVATE/ opens on such a disk
        "private/status.html",
    ):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("Ann Smith has not signed" if "site/" not in name else "<h1>Handbook</h1>", "utf-8")
    (out / "settings/willow-court/site/signed.csv").symlink_to("../private/acknowledgements.csv")
    # a folder whose page is a link to a private file: the file served is what is judged
    (out / "settings/willow-court/site/team").mkdir()
    (out / "settings/willow-court/site/team/index.html").symlink_to("../../private/acknowledgements.csv")
    client = desk(root)
    assert client.get("/out/settings/willow-court/site/index.html").status_code == 200
    for refused in (
        "/out/private/status.html",
        "/out/settings/willow-court/private/acknowledgements.csv",
        "/out/settings/willow-court/records/staff.yaml",
        "/out/settings/willow-court/site/%2e%2e/private/acknowledgements.csv",
        "/out/settings/oak-tree/%2e%2e/willow-court/records/staff.yaml",
        "/out/settings/oak-tree/Private/acknowledgements.csv",
        "/out/settings/willow-court/site/%2E%2E/%2e%2e/oak-tree/Private/acknowledgements.csv",
        "/out/settings/willow-court/site/signed.csv",  # an innocent name, linked to a private file
        "/out/settings/willow-court/site/team/",  # a folder, whose index.html is such a link
        "/out/settings/willow-court/site/a%00b",  # a NUL: refused, not a failure
    ):
        answer = client.get(refused)
        assert answer.status_code in (403, 404), refused
        assert "Ann Smith" not in answer.text, refused


def test_pages_that_do_not_exist_get_a_plain_page(root: Path):
    answer = desk(root).get("/no-such-page")
    assert answer.status_code == 404 and "There is no such page in the desk." in answer.text


def test_handbook_desk_is_a_command(root: Path):
    from conftest import run_handbook

    result = run_handbook("desk", "--help", cwd=root)
    assert result.returncode == 0 and "--no-browser" in result.stdout and "--port" in result.stdout


# ---- policies ------------------------------------------------------------------------------

POLICY = "policy_data/policies/confidentiality.yaml"


def policy_form(client: TestClient) -> tuple[str, dict]:
    """The policy's page and its form as it stands (every box as ticked)."""
    page = client.get("/policies/confidentiality").text
    data: dict = {
        "csrf": re.search(r'name="csrf" value="([^"]*)"', page).group(1),
        "version": re.search(r'name="version" value="([^"]*)"', page).group(1),
    }
    for name, value in re.findall(r'name="([A-Z0-9-]+\.(?:audience|roles))" value="([^"]+)" checked', page):
        data.setdefault(name, []).append(value)
    return page, data


def test_a_statement_waiting_for_a_decision_is_answered_with_tick_boxes(root: Path):
    path = root / POLICY
    text = path.read_text(encoding="utf-8")
    start = text.index("      - id: CONF-INT-02")
    head, tail = text[:start], text[start:]
    tail = tail.replace(
        "        audience: [staff, parents]\n        roles: [all-staff]\n", "        audience:\n        roles:\n", 1
    )
    path.write_text(head + tail, encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    client = desk(root)
    page, data = policy_form(client)
    assert "1 statement still waits for a decision" in page
    assert "confidentiality" in client.get("/policies").text
    answer = client.post(
        "/policies/confidentiality",
        data={**data, "CONF-INT-02.audience": ["parents", "staff"], "CONF-INT-02.roles": ["all-staff"]},
    )
    assert answer.status_code == 303, answer.text[:3000]
    after = path.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [
        ("        audience:", "        audience: [staff, parents]"),
        ("        roles:", "        roles: [all-staff]"),
    ]
    assert "Every statement has its answers." in client.get("/policies/confidentiality").text


def test_unticking_every_reader_of_a_statement_is_refused_beside_it(root: Path):
    path = root / POLICY
    before = path.read_bytes()
    client = desk(root)
    _, data = policy_form(client)
    del data["CONF-INT-01.audience"]
    answer = client.post("/policies/confidentiality", data={**data, "CONF-INT-01.roles": ["all-staff", "none"]})
    assert answer.status_code == 400 and path.read_bytes() == before
    assert (
        '<p class="error" id="s-CONF-INT-01-audience-error"><strong>Not saved:</strong> Tick at least one: who may read this statement.</p>'
        in answer.text
    )
    assert "or “No role signs this”, not both" in answer.text
    assert 'aria-describedby="s-CONF-INT-01-audience-error"' in answer.text


def test_only_the_projects_policies_can_be_opened(root: Path):
    client = desk(root)
    for address in ("/policies/..%2Fsetting", "/policies/no-such-policy", "/policies/.confidentiality"):
        assert client.get(address).status_code == 404, address


def test_every_form_refuses_a_save_against_a_changed_file(root: Path):
    """A class test: each form of the desk (each POST route but the build) carries its file's
    version, and a save after the file changed is refused with the input kept."""
    from test_desk_notice import notice_form

    client = desk(root)
    assert (
        client.post(
            "/people/starter",
            data={
                **people_form(client, "starter"),
                "name": "Ann Smith",
                "roles": ["all-staff"],
                "start_date": "01/09/2026",
            },
        ).status_code
        == 303
    )
    (root / "docs/contacts.md").write_text("# Contacts\n\nAsk **to be completed** (who).\n", encoding="utf-8")
    forms = {
        "/setting": (
            "policy_data/setting.yaml",
            lambda: setting_form_data(client, phone="01223 222222"),
            "01223 222222",
        ),
        "/people/starter": (
            "records/staff.yaml",
            lambda: {
                **people_form(client, "starter"),
                "name": "Bo Jones",
                "roles": ["all-staff"],
                "start_date": "02/09/2026",
            },
            "Bo Jones",
        ),
        "/people/leaver": (
            "records/staff.yaml",
            lambda: {**people_form(client, "leaver"), "staff": "ann-smith", "leave_date": "19/12/2026"},
            "19/12/2026",
        ),
        "/people/change": (
            "records/staff.yaml",
            lambda: {**people_form(client, "change"), "staff": "ann-smith", "roles": ["office-staff"]},
            'value="office-staff" checked',
        ),
        "/people/roles": (
            "policy_data/roles.yaml",
            lambda: {**people_form(client, "roles"), "role.all-staff": "Everyone here"},
            "Everyone here",
        ),
        "/notice/fair-processing-notice": (
            "policy_data/notices/fair-processing-notice.yaml",
            lambda: notice_form(client, **{"transfers.text": "No, never outside the UK."}),
            "No, never outside the UK.",
        ),
        "/policies/confidentiality": (
            POLICY,
            lambda: {**policy_form(client)[1], "CONF-INT-01.audience": ["staff", "public"]},
            'value="public" checked',
        ),
        "/pages": (
            "docs/contacts.md",
            lambda: {**pages_form(client), "docs/contacts.md#1": "the office"},
            'value="the office"',
        ),
        "/retention": (
            "policy_data/retention.yaml",
            lambda: {**csrf_and_version(client.get("/retention").text), "sen-records.held": "In the office safe"},
            'value="In the office safe"',
        ),
        "/register": (
            "policy_data/register.yaml",
            lambda: {**csrf_and_version(client.get("/register").text), "confidentiality.review_cycle_months": "18"},
            'value="18"',
        ),
    }
    # (approving and signing carry each policy's fingerprint instead, an import the policies
    # folder's version, a revision the policy file's: their own tests; the Model policies page
    # is a setting's of a model repository: test_desk_model.py)
    posts = {
        address
        for method, address in every_route(client)
        if method == "POST"
        if not address.startswith(("/import", "/policies/confidentiality/revision"))
    } - {"/build", "/approve", "/signatures", "/signatures/csv", "/model/confidentiality"}
    assert posts <= {a.replace("/leaver", "/starter").replace("/roles", "/starter") for a in forms}
    for address, (relative, data_of, kept) in forms.items():
        data = data_of()
        path = root / relative
        with path.open("a", encoding="utf-8") as f:
            f.write("# a line someone else added\n")
        changed = path.read_bytes()
        answer = client.post(address, data=data)
        assert answer.status_code == 409, address
        assert "was changed after this page was opened" in answer.text and kept in answer.text, address
        assert path.read_bytes() == changed, address
    # Approving carries the words it showed (each document's fingerprint), not a file's version:
    # a document reworded since the page was opened is not approved.
    _, data = approve_form(client)
    path = root / POLICY
    path.write_text(
        path.read_text(encoding="utf-8").replace("have a duty of care", "have a clear duty of care"), encoding="utf-8"
    )
    answer = client.post(
        "/approve", data={**data, "document": ["policy/confidentiality"], "by": "head-teacher", "date": "28/11/2026"}
    )
    assert answer.status_code == 400 and "was changed after this page was opened, so it was not approved" in answer.text
    assert 'value="policy/confidentiality" checked' in answer.text and not (
        root / "policy_data/approvals.yaml"
    ).read_text(encoding="utf-8").count("policy/confidentiality")


def test_handbook_desk_serves_on_127_0_0_1_with_the_key_in_its_address(root: Path):
    """The command itself: it prints its address (with the key), answers there, and nowhere
    without the key."""
    import http.cookiejar
    import signal
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    from generator.desk.server import free_port

    port = free_port()
    desk_process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "desk", "--no-browser", "--port", str(port)],
        cwd=root,
        env={**os.environ, "HANDBOOK_DATE": AS_OF},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = desk_process.stderr.readline()
        address = re.search(r"(http://127\.0\.0\.1:\d+/todo\?token=\S+)", first).group(1)
        assert f":{port}/" in address
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        for _ in range(100):
            try:
                page = opener.open(address, timeout=30)
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        assert page.status == 200 and page.url == f"http://127.0.0.1:{port}/todo"
        assert "Complete our setting&#39;s details" in page.read().decode()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/todo", timeout=30)
        assert refused.value.code == 403
        # a second desk on the same port refuses to start: in this process (tests/inprocess.py:
        # the same exit code and stderr), since it stops before serving anything
        from inprocess import run_in_process

        busy = run_in_process(("desk", "--no-browser", "--port", str(port)), root, {**os.environ}, timeout=60)
        assert (
            busy.returncode == 1
            and f"port {port} on 127.0.0.1 is in use" in busy.stderr
            and "Traceback" not in busy.stderr
        )
    finally:
        desk_process.send_signal(signal.SIGINT)
        desk_process.wait(30)


# ---- approve and release -------------------------------------------------------------------


def approve_form(client: TestClient) -> tuple[str, dict]:
    page = client.get("/approve").text
    data = {"csrf": re.search(r'name="csrf" value="([^"]*)"', page).group(1)}
    data.update(dict(re.findall(r'name="(fp\.[^"]+)" value="([^"]*)"', page)))
    return page, data


def test_one_action_releases_the_changed_words_and_records_the_approvals(root: Path):
    from conftest import edit_data

    edit_data(root, POLICY, "have a duty of care", "have a clear duty of care")
    releases = root / "policy_data/releases"
    earlier = {p.name: p.read_bytes() for p in releases.iterdir()}
    client = desk(root)
    page, data = approve_form(client)
    assert "Confidentiality Procedure &amp; Guidelines" in page and "its words will be released first" in page
    answer = client.post(
        "/approve",
        data={
            **data,
            "document": ["policy/confidentiality", "checklist/all-staff"],
            "by": "head-teacher",
            "date": "28/11/2026",
        },
    )
    assert answer.status_code == 303, answer.text[:3000]
    done = client.get(answer.headers["location"]).text
    assert (
        "Done." in done
        and "approved policy/confidentiality (version 2" in done
        and "approved checklist/all-staff" in done
    )
    assert {p.name: p.read_bytes() for p in releases.iterdir() if p.name in earlier} == earlier  # never rewritten
    assert sorted(p.name for p in releases.iterdir()) == sorted([*earlier, "2026-11-28.2.yaml"])
    approvals = (root / "policy_data/approvals.yaml").read_text(encoding="utf-8")
    assert (
        "document: policy/confidentiality\n    version: 2\n" in approvals
        and "by: head-teacher\n    date: 2026-11-28" in approvals
    )
    assert "Confidentiality Procedure" not in re.sub(r"<[^>]+>", "", done.split("Documents waiting for approval")[-1])
    register = (root / "policy_data/register.yaml").read_text(encoding="utf-8")
    entry = register[register.index("  - id: confidentiality") :].split("  - id:")[1]
    assert "approved: 2026-11-28" in entry and "last_reviewed: 2026-11-28" in entry
    assert "next_review: null" in entry  # no review cycle in the register: not invented
    assert "reviewed confidentiality on 2026-11-28" in done


def test_approving_moves_the_review_date_by_the_cycle(root: Path):
    from generator.desk.release import add_months, record_reviews

    path = root / "policy_data/register.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: confidentiality")
    entry = text[start : text.index("  - id:", start + 5)]
    path.write_text(
        text.replace(
            entry,
            entry.replace("review_cycle_months: null", "review_cycle_months: 12  # yearly").replace(
                "    approved: null\n", ""
            ),
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    project = Project.at(root, as_of=dt.date.fromisoformat(AS_OF))
    assert record_reviews(project, ["confidentiality"], dt.date(2026, 8, 31), out), out.getvalue()
    after = path.read_text(encoding="utf-8")
    start = after.index("  - id: confidentiality")
    assert after[start : after.index("  - id:", start + 5)] == (
        "  - id: confidentiality\n    approved: 2026-08-31\n    title: Confidentiality Procedure & Guidelines\n"
        "    kind: policy\n    status: in-handbook\n    owner: null\n    review_cycle_months: 12  # yearly\n"
        "    last_reviewed: 2026-08-31\n    next_review: 2027-08-31\n"
    )
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


def test_approving_a_notice_gives_it_its_next_version_number_and_issue_date(root: Path):
    """`approve` refuses a notice with no version of its own: the desk numbers it (1 for a first
    notice, the next number after the last approved one for a changed notice) and dates it, then
    approves it."""
    from conftest import edit_data

    notice = root / "policy_data/notices/fair-processing-notice.yaml"
    client = desk(root)
    for number, day in ((1, "2026-11-20"), (2, "2026-11-28")):
        page, data = approve_form(client)
        assert "Privacy notice" in page and "it will be given its next version number" in page
        answer = client.post(
            "/approve",
            data={
                **data,
                "document": ["notice/fair-processing-notice"],
                "by": "head-teacher",
                "date": dt.date.fromisoformat(day).strftime("%d/%m/%Y"),
            },
        )
        assert answer.status_code == 303, answer.text[:3000]
        text = notice.read_text(encoding="utf-8")
        assert f"\nversion: {number}\nissued: {day}\n" in text
        approvals = (root / "policy_data/approvals.yaml").read_text(encoding="utf-8")
        assert f"document: notice/fair-processing-notice\n    version: {number}\n" in approvals
        assert f"wrote policy_data/notices/fair-processing-notice.yaml: version {number}, issued {day}" in (
            client.get(answer.headers["location"]).text
        )
        if number == 2:
            break
        # the notice reworded after its approval: waits for approval again, as a new version
        edit_data(
            root,
            "policy_data/notices/fair-processing-notice.yaml",
            "We get information from you.",
            "We get information from you first.",
        )
    assert approvals.count("document: notice/fair-processing-notice") == 2


def test_a_save_made_in_passes_is_written_whole_or_not_at_all(root: Path, monkeypatch):
    """The register's fields are edited one a pass; a pass refused after the first leaves the
    file as it was (the page says nothing was saved, and that must be true)."""
    from generator.core.yaml_lines import EditRefused
    from generator.desk import register

    made = register.edits_of

    def refusing_the_second(changes, key):
        if key == register.FIELDS[1]:

            def refuse(edits):
                raise EditRefused("register.yaml: refused for the test")

            return refuse
        return made(changes, key)

    monkeypatch.setattr(register, "edits_of", refusing_the_second)
    client = desk(root)
    path = root / "policy_data/register.yaml"
    before = path.read_bytes()
    form = csrf_and_version(client.get("/register").text)
    changes = {"owner": "head-teacher", "review_cycle_months": "12", "next_review": "01/09/2027"}
    answer = client.post("/register", data={**form, **{f"confidentiality.{k}": v for k, v in changes.items()}})
    assert answer.status_code == 409 and "refused for the test" in answer.text
    assert path.read_bytes() == before


def test_the_register_form_sets_owners_and_review_cycles(root: Path):
    client = desk(root)
    path = root / "policy_data/register.yaml"
    before = path.read_text(encoding="utf-8")
    page = client.get("/register").text
    assert 'name="confidentiality.owner"' in page and "Confidentiality Procedure &amp; Guidelines" in page
    form = csrf_and_version(page)
    for changes, field, words in [
        ({"confidentiality.review_cycle_months": "0"}, "doc-confidentiality-review_cycle_months", "from 1 to 120"),
        ({"confidentiality.review_cycle_months": "a year"}, "doc-confidentiality-review_cycle_months", "from 1 to 120"),
        (
            {"confidentiality.next_review": "31/09/2027"},
            "doc-confidentiality-next_review",
            "September 2027 has 30 days",
        ),
        ({"confidentiality.owner": "the-cat"}, "doc-confidentiality-owner", "Choose the role"),
    ]:
        answer = client.post("/register", data={**form, **changes})
        assert answer.status_code == 400 and words in error_beside(answer.text, field), changes
        assert path.read_text(encoding="utf-8") == before
    answer = client.post(
        "/register",
        data={
            **form,
            "confidentiality.owner": "head-teacher",
            "confidentiality.review_cycle_months": "12",
            "confidentiality.next_review": "01/09/2027",
        },
    )
    assert answer.status_code == 303, answer.text[:3000]
    after = path.read_text(encoding="utf-8")
    entry = after[after.index("  - id: confidentiality") :].split("  - id:")[1]
    assert (
        "owner: head-teacher\n" in entry and "review_cycle_months: 12" in entry and "next_review: 2027-09-01" in entry
    )
    # every other line as it was (comments included)
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(changed) == 3, changed
    assert "Saved." in client.get(answer.headers["location"]).text


def pages_form(client: TestClient) -> dict[str, str]:
    page = client.get("/pages").text
    data = {"csrf": re.search(r'name="csrf" value="([^"]*)"', page).group(1)}
    data.update(dict(re.findall(r'name="(version\.[^"]+)" value="([^"]*)"', page)))
    return data


def test_the_pages_form_completes_a_new_projects_accessibility_statement(tmp_path: Path):
    """Each "to be completed" of the site's own pages gets a field; the words typed replace it
    and its hint, escaped so they print as typed; a blank stays to be completed; every other
    byte of the page is kept; a page changed meanwhile is not written."""
    from conftest import run_handbook

    made = run_handbook("new", str(tmp_path / "nursery"), "--name", "Little Acorns Nursery", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "nursery"
    path = root / "docs/accessibility.md"
    before = path.read_text(encoding="utf-8")
    client = desk(root)
    assert '<a href="/pages">Complete the handbook&#39;s own pages</a>' in client.get("/todo").text
    page = client.get("/pages").text
    assert page.count('name="docs/accessibility.md#') == before.lower().count("to be completed") == 5
    assert "Line 42: who, and how" in page
    form = pages_form(client)
    answer = client.post("/pages", data={**form, "docs/accessibility.md#1": "the office\x07"})
    assert answer.status_code == 400 and "control characters" in error_beside(answer.text, "place-0-1")
    assert path.read_text(encoding="utf-8") == before
    answer = client.post(
        "/pages",
        data={
            **form,
            "docs/accessibility.md#1": "the manager <b>Rosa</b> & *office*",
            "docs/accessibility.md#5": "28/11/2026",
        },
    )
    assert answer.status_code == 303, answer.text[:3000]
    after = path.read_text(encoding="utf-8")
    assert "tell: the manager &lt;b&gt;Rosa&lt;/b&gt; &amp; \\*office\\*." in after
    assert "prepared on 28/11/2026. It will be reviewed" in after
    assert after.lower().count("to be completed") == 3  # the three left blank
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(changed) == 2, changed
    page = client.get(answer.headers["location"]).text
    assert "Saved." in page and page.count('name="docs/accessibility.md#') == 3
    # a page changed since the form was made: refused, the words kept on screen
    form = pages_form(client)
    path.write_text(after + "\nA line someone else added.\n", encoding="utf-8")
    answer = client.post("/pages", data={**form, "docs/accessibility.md#1": "checked by hand"})
    assert answer.status_code == 409 and "was changed after this page was opened" in answer.text
    assert 'value="checked by hand"' in answer.text
    assert path.read_text(encoding="utf-8") == after + "\nA line someone else added.\n"


# Words typed into the Pages form, one a place, each written to be markup or script in one of the
# ways the site's Markdown allows (mkdocs.yml: attribute lists, keys, admonitions, abbreviations,
# tables; raw HTML, links and images are Markdown's own).  The second place starts its line, where
# block syntax (admonition, heading, abbreviation, list) takes effect.
TYPED_AS_MARKUP = (
    "see ++ctrl++{: onmouseover=alert(1) } and [here](javascript:alert(2)) <img src=x onerror=alert(3)>",
    '!!! danger "alert(4)" {: onclick=alert(4) }',
    "*[WCAG]: alert(5) ![i](x.png){: onerror=alert(6) } <javascript:alert(7)>",
    "# a heading {: #x onclick=alert(8) } | a | b | 1. one - two",
    "*[HTML]: x &amp; `code` __bold__ <script>alert(9)</script>",
)


def test_words_typed_into_the_pages_form_print_as_typed_and_run_nothing(tmp_path: Path):
    """Whatever is typed into a page's place is shown on the built site exactly as typed: no
    attribute, element, link or block comes of it (an attribute list once slipped through:
    `++ctrl++{: onmouseover=...}` gave a live handler)."""
    from conftest import plain_mkdocs_site, run_handbook

    made = run_handbook("new", str(tmp_path / "nursery"), "--name", "Little Acorns Nursery", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "nursery"
    client = desk(root)
    typed = {f"docs/accessibility.md#{n}": words for n, words in enumerate(TYPED_AS_MARKUP, start=1)}
    answer = client.post("/pages", data={**pages_form(client), **typed})
    assert answer.status_code == 303, answer.text[:3000]
    built = plain_mkdocs_site(root, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site/accessibility.html").read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())
    for words in TYPED_AS_MARKUP:
        assert words in shown, words
    assert not re.search(r"<[^>]+\son\w+\s*=", article), "an event handler came of typed words"
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", article, re.IGNORECASE)
    for element in (
        "<img",
        "<script",
        "key-control",
        "<code>code",
        "<strong>bold",
        'class="admonition',
        'id="x"',
        'alert(5)"',
    ):
        assert element not in article, element


def test_an_unconfirmed_guideline_is_confirmed_only_by_its_tick(tmp_path: Path):
    """A new project's retention schedule has a guideline no public source confirms yet (printed
    "to be completed: check ..."): the Keeping records page offers the tick that says the setting checked
    it, and only that tick changes it."""
    from conftest import run_handbook

    made = run_handbook("new", str(tmp_path / "nursery"), "--name", "Little Acorns Nursery", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    path = tmp_path / "nursery/policy_data/retention.yaml"
    client = desk(tmp_path / "nursery")
    page = client.get("/retention").text
    assert page.count("We have checked this guideline in its source") == 1
    assert 'name="medication-log.guideline.checked"' in page
    form = csrf_and_version(page)
    answer = client.post("/retention", data={**form, "medication-log.held": "In the office"})
    assert answer.status_code == 303
    assert "      checked: false\n" in path.read_text(encoding="utf-8")  # not ticked: not confirmed
    form = csrf_and_version(client.get("/retention").text)
    answer = client.post("/retention", data={**form, "medication-log.guideline.checked": "true"})
    assert answer.status_code == 303
    text = path.read_text(encoding="utf-8")
    assert "      checked: false\n" not in text and "      checked: true\n" in text.split("  - id: medication-log")[1]
    assert "We have checked this guideline" not in client.get("/retention").text


def test_the_records_form_covers_every_decision_of_the_retention_model():
    from generator.desk.retention import covers_the_model

    assert covers_the_model() == set()


def test_the_records_form_saves_the_settings_decisions_and_never_the_guideline(root: Path):
    client = desk(root)
    path = root / "policy_data/retention.yaml"
    before = path.read_text(encoding="utf-8")
    page = client.get("/retention").text
    assert "Guidance only: Date of birth of the child + 25 years, then review" in page
    assert (
        'id="rec-child-protection-records-period" name="child-protection-records.period" type="text" value=""' in page
    )
    form = csrf_and_version(page)
    for changes, field, words in [
        ({"sen-records.action": "burn-it"}, "rec-sen-records-action", "Choose what happens"),
        ({"sen-records.held": "In the \x07 office"}, "rec-sen-records-held", "control characters"),
        ({"sen-records.access": "x" * 5001}, "rec-sen-records-access", "at most 5000 characters"),
    ]:
        answer = client.post("/retention", data={**form, **changes})
        assert answer.status_code == 400 and words in error_beside(answer.text, field), changes
        assert path.read_text(encoding="utf-8") == before
    answer = client.post(
        "/retention",
        data={
            **form,
            "child-protection-records.period": "Until the child is 25: then   reviewed",
            "child-protection-records.action": "review",
            "child-protection-records.departure_reason": "Our local authority's schedule says so",
        },
    )
    assert answer.status_code == 303, answer.text[:3000]
    after = path.read_text(encoding="utf-8")
    entry = after[after.index("  - id: child-protection-records") : after.index("  - id: speech-therapy-records")]
    assert "    period: 'Until the child is 25: then reviewed'\n" in entry or (
        '    period: "Until the child is 25: then reviewed"\n' in entry
    ), entry
    assert "    action: review\n" in entry and "departure_reason: Our local authority's schedule says so" in entry
    assert "period: Date of birth of the child + 25 years, then review" in entry  # the guideline, untouched
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(changed) == 3, changed
    assert "Saved." in client.get(answer.headers["location"]).text
    # emptied again: unset, never a blank text
    answer = client.post(
        "/retention", data={**csrf_and_version(client.get("/retention").text), "child-protection-records.action": ""}
    )
    assert answer.status_code == 303
    assert "    action: null\n" in path.read_text(encoding="utf-8").split("  - id: speech-therapy-records")[0]


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"date": "29/11/2026"}, "approve-date", "29/11/2026 is after today"),
        ({"date": "31/09/2026"}, "approve-date", "September 2026 has 30 days"),
        ({"by": "the-cat"}, "approve-by", "Choose the role that approved them."),
        ({"document": []}, "documents", "Tick at least one document to approve."),
        (
            {"fp.policy/confidentiality": "0" * 64},
            "documents",
            "was changed after this page was opened, so it was not approved",
        ),
    ],
)
def test_an_approval_that_cannot_be_recorded_says_why_and_writes_nothing(root: Path, changes, field, words):
    before = {p: p.read_bytes() for p in (root / "policy_data").rglob("*.yaml")}
    client = desk(root)
    _, data = approve_form(client)
    answer = client.post(
        "/approve",
        data={**data, "document": ["policy/confidentiality"], "by": "head-teacher", "date": "28/11/2026", **changes},
    )
    assert answer.status_code == 400
    assert re.search(rf'id="{field}-error"><strong>Not done:</strong> [^<]*{re.escape(words)}', answer.text), (
        answer.text[:4000]
    )
    assert {p: p.read_bytes() for p in (root / "policy_data").rglob("*.yaml")} == before


# ---- signatures ----------------------------------------------------------------------------


def signatures_form(client: TestClient) -> tuple[str, dict]:
    page = client.get("/signatures").text
    data = {"csrf": re.search(r'name="csrf" value="([^"]*)"', page).group(1)}
    data.update(dict(re.findall(r'name="(fp\.[^"]+)" value="([^"]*)"', page)))
    return page, data


def with_a_starter(root: Path) -> TestClient:
    client = desk(root)
    assert (
        client.post(
            "/people/starter",
            data={
                **people_form(client, "starter"),
                "name": "Ann Smith",
                "roles": ["all-staff"],
                "start_date": "01/09/2025",
            },
        ).status_code
        == 303
    )
    return client


def test_signatures_are_ticked_in_the_grid_and_kept_private(root: Path):
    client = with_a_starter(root)
    page, data = signatures_form(client)
    assert "1 signature still to collect" in page and "Never signed" in page
    answer = client.post("/signatures", data={**data, "signed": ["ann-smith|confidentiality"], "date": "28/11/2026"})
    assert answer.status_code == 303, answer.text[:3000]
    ledger = root / "records/signatures.yaml"
    assert stat.S_IMODE(ledger.stat().st_mode) == 0o600
    text = ledger.read_text(encoding="utf-8")
    assert "staff: ann-smith" in text and "policy: confidentiality" in text and "date: 2026-11-28" in text
    done = client.get(answer.headers["location"]).text
    assert "recorded: Ann Smith signed confidentiality" in done and "Signed 28/11/2026" in done
    assert "0 signatures still to collect" in done


@pytest.mark.parametrize(
    "changes, words, status",
    [
        (
            {"date": "27/11/2026"},
            "&#39;confidentiality&#39; was first released on 2026-11-28, after this signature (2026-11-27): check the date",
            409,
        ),
        ({"date": "30/11/2026"}, "30/11/2026 is after today", 400),
        ({"signed": []}, "Tick who signed what.", 400),
        ({"signed": ["ann-smith|no-such-policy"]}, "already recorded or not needed", 400),
        ({"fp.confidentiality": "0" * 64}, "was changed after this page was opened, so nothing was recorded", 400),
    ],
)
def test_signatures_that_cannot_be_recorded_are_all_refused(root: Path, changes, words, status):
    client = with_a_starter(root)
    _, data = signatures_form(client)
    answer = client.post(
        "/signatures", data={**data, "signed": ["ann-smith|confidentiality"], "date": "28/11/2026", **changes}
    )
    assert answer.status_code == status and words in answer.text, answer.text[:3000]
    assert not (root / "records/signatures.yaml").exists()


SHEET = "person,policy,date\nann-smith,confidentiality,28/11/2026\nAnn Smith,confidentiality,2026-11-28\n"


def upload_sheet(client: TestClient, sheet: str, **data: str):
    csrf = {"csrf": csrf_of(client.get("/signatures").text)}
    return client.post(
        "/signatures/csv", data={**csrf, **data}, files={"file": ("sign-in.csv", sheet.encode(), "text/csv")}
    )


def test_a_sign_in_sheet_uploaded_records_what_handbook_sign_csv_records(root: Path, tmp_path: Path):
    from conftest import run_handbook

    client = with_a_starter(root)
    other = tmp_path / "other"
    shutil.copytree(root, other, symlinks=True)
    (tmp_path / "sign-in.csv").write_text(SHEET, encoding="utf-8")
    by_command = run_handbook("sign", "--csv", str(tmp_path / "sign-in.csv"), cwd=other)
    assert by_command.returncode == 0, by_command.stderr
    answer = upload_sheet(client, SHEET)
    assert answer.status_code == 303, answer.text[:3000]
    ledger = root / "records/signatures.yaml"
    assert ledger.read_bytes() == (other / "records/signatures.yaml").read_bytes()
    assert stat.S_IMODE(ledger.stat().st_mode) == 0o600
    done = client.get(answer.headers["location"]).text
    assert "<h2>Recorded.</h2>" in done and "recorded: Ann Smith signed confidentiality" in done
    assert "already recorded: Ann Smith signed confidentiality" in done  # the second row, by her name
    assert "0 signatures still to collect" in done


def test_a_sign_in_sheet_with_one_bad_row_records_nothing_and_says_which_row(root: Path):
    client = with_a_starter(root)
    sheet = SHEET + "ann-smith,confidentialty,28/11/2026\nann-smith,confidentiality\n"
    answer = upload_sheet(client, sheet)
    assert answer.status_code == 409 and "Nothing was recorded" in answer.text, answer.text[:3000]
    assert "Row 4: unknown policy &#39;confidentialty&#39;" in answer.text
    assert "Row 5: this row has no date" in answer.text
    assert not (root / "records/signatures.yaml").exists()
    assert upload_sheet(client, "").status_code == 400  # no file chosen
    refused = client.post("/signatures/csv", files={"file": ("sign-in.csv", SHEET.encode(), "text/csv")})
    assert refused.status_code == 403 and "did not come from the desk" in refused.text
    assert not (root / "records/signatures.yaml").exists()


def test_the_signatures_page_says_who_is_due_as_handbook_due_does(root: Path):
    from conftest import run_handbook

    client = with_a_starter(root)
    listed = run_handbook("due", cwd=root)
    assert listed.returncode == 0, listed.stderr
    line = next(line for line in listed.stdout.splitlines() if "Ann Smith: " in line)
    what = line.split("Ann Smith: ", 1)[1]
    page = client.get("/signatures").text
    assert "Who is due, and for what" in page
    assert re.search(rf"<tr><td>Ann Smith</td><td>{re.escape(what)}</td><td>", page), (line, page[-3000:])


def test_every_page_answers_on_a_new_project(tmp_path: Path):
    """A project just made by `handbook new` (no staff, no releases, facts unset): every page of
    the desk opens, and the To do page leads to the setting's form."""
    from conftest import run_handbook

    from generator.desk.app import PAGES

    made = run_handbook("new", str(tmp_path / "nursery"), "--name", "Little Acorns Nursery", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    client = desk(tmp_path / "nursery")
    for address, label in PAGES:
        answer = client.get(address)
        assert answer.status_code == 200, (address, answer.text[:2000])
        assert f"<h1>{label}</h1>" in answer.text and "Little Acorns Nursery" in answer.text
        assert (
            "<script" not in answer.text and "http://" not in answer.text and "https://" not in answer.text
        )  # nothing fetched
        assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert 'href="/setting#field-' in client.get("/todo").text


def test_a_file_that_cannot_be_read_is_named_in_plain_words(root: Path):
    path = root / "policy_data/setting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("phone: null", "phone: [unclosed"), encoding="utf-8")
    client = desk(root)
    todo = client.get("/todo")
    assert todo.status_code == 200 and "Complete our setting&#39;s details" in todo.text and "Must fix" in todo.text
    form = client.get("/setting")
    assert form.status_code == 500
    assert "A data file cannot be read: policy_data/setting.yaml:" in form.text and "Traceback" not in form.text


# ---- importing a policy by upload; revising one in Word ------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
NEW_POLICY = "policy_data/policies/data-sharing.yaml"


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]*)"', page).group(1)


def upload_policy(client: TestClient, name: str, content: bytes, **fields: str):
    data = {"csrf": csrf_of(client.get("/policies").text), "id": "data-sharing", **fields}
    return client.post("/import", data=data, files={"file": (name, content, "application/octet-stream")})


def test_an_imported_policy_the_register_cannot_take_is_saved_and_its_entry_offered(root: Path, private_temp: Path):
    """A register with a typing mistake is never written into: the policy is saved, and its
    page says why it is not listed and gives the entry to add (as `handbook import` prints it)."""
    client = desk(root)
    source = FIXTURES / "confidentiality-procedure.txt"
    answer = upload_policy(client, source.name, source.read_bytes())
    text = client.get(answer.headers["location"]).text
    register = root / "policy_data/register.yaml"
    register.write_text(
        register.read_text(encoding="utf-8").replace("    status: in-handbook\n", "    status: in-handbok\n", 1),
        encoding="utf-8",
    )
    before = register.read_bytes()
    saved = client.post(answer.headers["location"], data={"csrf": csrf_of(text), "action": "save"})
    assert saved.status_code == 303 and saved.headers["location"] == "/policies/data-sharing?imported=1"
    assert (root / NEW_POLICY).is_file() and register.read_bytes() == before
    page = html.unescape(client.get(saved.headers["location"]).text)
    assert (
        "Saved as a new policy, but not listed in the register: policy_data/register.yaml has an error to correct "
        "first: policy_data/register.yaml:13:13: error: status:"
    ) in page
    assert "Add its entry (the first below) under documents: in register.yaml" in re.sub(r"<[^>]+>", "", page)
    offered = page.split('<pre class="log">', 1)[1].split("</pre>", 1)[0]
    assert offered.startswith(
        "  - id: data-sharing\n    title: Confidentiality Procedure & Guidelines\n    kind: policy\n"
        "    status: in-handbook\n"
    )


def error_beside(page: str, field_id: str) -> str:
    """The words of the error shown beside a field (its element id-error), tags removed."""
    found = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', page, re.S)
    assert found, f"no error beside {field_id}"
    return re.sub(r"<[^>]+>", "", found.group(1)).replace("&#39;", "'").replace("&amp;", "&")


def policy_files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (root / "policy_data/policies").iterdir()}


@pytest.fixture
def private_temp(tmp_path: Path, monkeypatch) -> Path:
    """Where the desk puts an upload while it is read (checked empty afterwards)."""
    import tempfile

    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_document_is_imported_by_upload_after_its_draft_is_shown(root: Path, private_temp: Path):
    from generator.pipeline.handbook import load_handbook

    client = desk(root)
    source = FIXTURES / "confidentiality-procedure.txt"
    answer = upload_policy(client, source.name, source.read_bytes())
    assert answer.status_code == 303 and answer.headers["location"].startswith("/import/")
    assert not (root / NEW_POLICY).exists()  # read, not saved
    assert list(private_temp.iterdir()) == []  # the upload's temporary copy is gone once read
    draft = client.get(answer.headers["location"])
    assert draft.status_code == 200
    text = draft.text
    assert "<h1>Check the draft: Confidentiality Procedure &amp; Guidelines</h1>" in text
    assert "confidentiality-procedure.txt" in text and "policy_data/policies/data-sharing.yaml" in text
    assert "DS-INT-01" in text and "have a duty of care and responsibility towards all members" in text
    assert '<h3 id="d-aims">Aims</h3>' in text and "DS-AIM-01 · list item" in text
    assert (
        "Homerton Early Years Centre&#39; was not imported (the setting&#39;s name, above the title)" in text
    )  # its notes
    assert "  - id: data-sharing" in text  # the register entry to add
    saved = client.post(answer.headers["location"], data={"csrf": csrf_of(text), "action": "save"})
    assert saved.status_code == 303 and saved.headers["location"] == "/policies/data-sharing?imported=1"
    written = (root / NEW_POLICY).read_text(encoding="utf-8")
    assert "id: DS-INT-01" in written and "from confidentiality-procedure.txt" in written
    # the loader `check` uses reads it (strict YAML, the policy model), with its register entry
    handbook, _ = load_handbook(Project.at(root, as_of=dt.date.fromisoformat(AS_OF)))
    assert len(handbook.policies["data-sharing"].statements()) == 35
    page = client.get(saved.headers["location"]).text
    assert "Saved as a new policy, and listed in the register" in page
    assert "35 statements still wait for a decision" in page
    assert "  - id: data-sharing" not in page  # the policy's own entry is written, not to copy
    register = (root / "policy_data/register.yaml").read_text(encoding="utf-8")
    assert "- id: data-sharing\n    title: Confidentiality Procedure & Guidelines\n    kind: policy\n" in register
    assert "status: in-handbook" in register.split("id: data-sharing", 1)[1]
    assert "No longer kept" in client.get(answer.headers["location"]).text  # a draft is saved once
    written = (root / NEW_POLICY).read_bytes()
    twice = client.post(answer.headers["location"], data={"csrf": csrf_of(text), "action": "save"})  # a double click
    assert twice.status_code == 303 and twice.headers["location"] == saved.headers["location"]
    assert (root / NEW_POLICY).read_bytes() == written


def test_a_cancelled_draft_leaves_nothing(root: Path, private_temp: Path):
    client = desk(root)
    before = policy_files(root)
    source = FIXTURES / "import" / "little-acorns-confidentiality.txt"
    answer = upload_policy(client, source.name, source.read_bytes())
    draft = client.get(answer.headers["location"]).text
    cancelled = client.post(answer.headers["location"], data={"csrf": csrf_of(draft), "action": "cancel"})
    assert cancelled.status_code == 303 and cancelled.headers["location"] == "/policies?cancelled=1"
    assert "The draft was discarded: nothing was saved." in client.get("/policies?cancelled=1").text
    assert policy_files(root) == before and list(private_temp.iterdir()) == []
    # pressed again (a reload, a second click): the same answer, never a save
    again = client.post(answer.headers["location"], data={"csrf": csrf_of(draft), "action": "save"})
    assert (
        again.status_code == 303
        and again.headers["location"] == "/policies?cancelled=1"
        and policy_files(root) == before
    )
    assert client.get(answer.headers["location"]).status_code == 404


def _docx_that_is_not_a_zip() -> bytes:
    return b"This is plain text saved with a .docx name."


@pytest.mark.parametrize(
    "name, content, fields, field, words",
    [
        ("policy.exe", b"MZ...", {}, "import-file", "policy.exe is not a kind of file the desk reads"),
        ("policy.doc", b"\xd0\xcf\x11\xe0", {}, "import-file", "save it as .docx (Word document)"),
        ("policy.docx", _docx_that_is_not_a_zip(), {}, "import-file", "policy.docx: cannot open it as a Word document"),
        ("empty.txt", b"", {}, "import-file", "empty.txt is empty"),
        ("", b"", {}, "import-file", "Choose the document to upload."),
        (
            "policy.txt",
            b"Aims\n\nWe aim high.\n",
            {"id": "Data Sharing"},
            "import-id",
            "'Data Sharing' is not a valid id",
        ),
        (
            "policy.txt",
            b"Aims\n\nWe aim high.\n",
            {"id": "confidentiality"},
            "import-id",
            "There is a policy with the id confidentiality already",
        ),
        (
            "policy.txt",
            b"Aims\n\nWe aim high.\n",
            {"id": "conf"},
            "import-id",
            "as those of the policy confidentiality are",
        ),
        ("policy.txt", b"Aims\n\nWe aim high.\n", {"prefix": "conf"}, "import-prefix", "'conf' is not a valid prefix"),
        (
            "policy.txt",
            b"Aims\n\nWe aim high.\n",
            {"title": "Data\x01sharing"},
            "import-title",
            "control character U+0001",
        ),
    ],
)
def test_a_bad_upload_is_told_why_beside_its_field_and_writes_nothing(
    root: Path, private_temp: Path, name, content, fields, field, words
):
    client = desk(root)
    before = policy_files(root)
    answer = upload_policy(client, name, content, **fields)
    assert answer.status_code == 400
    assert words in error_beside(answer.text, field)
    assert "Traceback" not in answer.text and str(private_temp) not in answer.text  # the temporary copy is never named
    assert policy_files(root) == before and list(private_temp.iterdir()) == []
    assert f'value="{fields.get("id", "data-sharing")}"' in answer.text  # what was typed is kept


def test_an_upload_over_the_size_cap_is_refused_and_writes_nothing(root: Path):
    client = desk(root)
    before = policy_files(root)
    answer = upload_policy(client, "big.txt", b"Aims\n\n" + b"word " * (guard.MAX_UPLOAD // 5))
    assert answer.status_code == 413 and "Too large" in answer.text and "10 MB at most" in answer.text
    assert policy_files(root) == before and not inner_app(client).state.drafts._items
    # under the upload cap but over a form's, a document reaches the desk, which answers beside its field
    answer = upload_policy(client, "scan.doc", b"x" * (guard.MAX_BODY + 10))
    assert answer.status_code == 400 and "save it as .docx" in error_beside(answer.text, "import-file")
    # the larger cap is for the addresses that take a document: a form's cap is unchanged
    assert client.post("/policies/confidentiality", data={"x": "y" * (guard.MAX_BODY + 10)}).status_code == 413


@pytest.mark.parametrize(
    "given, kept",
    [
        ("../../policy_data/setting.txt", "setting.txt"),
        ("C:\\Users\\Ann\\Sun policy.docx", "Sun policy.docx"),
        (".hidden.md", "hidden.md"),
        ("Política (2024).PDF", "Pol-tica (2024).pdf"),
        ("no-suffix", "no-suffix"),
        ("<script>.html", "script.html"),
    ],
)
def test_an_uploaded_file_is_known_by_its_own_name_only(given: str, kept: str):
    """The name the notes show and the temporary copy has: never a path, a hidden file or markup."""
    from generator.desk.importing import safe_name

    assert safe_name(given) == kept


def test_an_upload_without_its_csrf_token_is_refused_before_it_is_read(root: Path, private_temp: Path):
    client = desk(root)
    before = policy_files(root)
    source = FIXTURES / "confidentiality-procedure.txt"
    for address in ("/import", "/policies/confidentiality/revision"):
        for csrf in ({}, {"csrf": "0" * 64}):
            answer = client.post(
                address,
                data={"id": "data-sharing", **csrf},
                files={"file": (source.name, source.read_bytes(), "text/plain")},
            )
            assert answer.status_code == 403 and "did not come from the desk" in answer.text, address
    state = inner_app(client).state
    assert not state.drafts._items and not state.revisions._items
    assert policy_files(root) == before and list(private_temp.iterdir()) == []


def test_a_draft_is_not_saved_over_a_policies_folder_that_changed(root: Path):
    """Nothing lost: a policy file changed (or added) after the document was read refuses the
    save; the upload is kept and read again against the folder as it is now."""
    client = desk(root)
    source = FIXTURES / "confidentiality-procedure.txt"
    answer = upload_policy(client, source.name, source.read_bytes())
    draft = client.get(answer.headers["location"]).text
    path = root / POLICY
    with path.open("a", encoding="utf-8") as f:
        f.write("# a line someone else added\n")
    changed = policy_files(root)
    refused = client.post(answer.headers["location"], data={"csrf": csrf_of(draft), "action": "save"})
    assert refused.status_code == 409
    assert "policy_data/policies was changed after the document was read" in refused.text
    assert (
        "DS-INT-01" in refused.text and "have a duty of care and responsibility" in refused.text
    )  # the draft, read again
    assert policy_files(root) == changed
    key = re.search(r'action="(/import/[^"]+)"', refused.text).group(1)
    assert key != answer.headers["location"]
    saved = client.post(key, data={"csrf": csrf_of(refused.text), "action": "save"})
    assert saved.status_code == 303 and (root / NEW_POLICY).is_file()
    assert path.read_bytes() == changed["confidentiality.yaml"]


def word_copy(client: TestClient) -> bytes:
    answer = client.get("/policies/confidentiality/word")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert answer.headers["content-disposition"] == 'attachment; filename="confidentiality.docx"'
    return answer.content


def revised(docx: bytes, old: str, new: str) -> bytes:
    """The Word copy as its owner revised it in Word: `old` reworded as `new` in its runs (the
    paragraph keeps its bookmark, the statement's id)."""
    import docx as python_docx

    document = python_docx.Document(io.BytesIO(docx))
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs if old in run.text]
    assert len(runs) == 1, f"fixture drift: {old!r}"
    runs[0].text = runs[0].text.replace(old, new)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload_revision(client: TestClient, content: bytes, name: str = "confidentiality revised.docx"):
    page = client.get("/policies/confidentiality").text
    return client.post(
        "/policies/confidentiality/revision",
        data={"csrf": csrf_of(page)},
        files={"file": (name, content, "application/octet-stream")},
    )


def test_the_word_copy_opens_in_word(root: Path):
    import docx as python_docx

    client = desk(root)
    document = python_docx.Document(io.BytesIO(word_copy(client)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Confidentiality Procedure & Guidelines" in text and "have a duty of care and responsibility" in text
    page = client.get("/policies/confidentiality").text
    assert 'href="/policies/confidentiality/word" download>Download the Word copy</a>' in page
    assert client.get("/policies/no-such-policy/word").status_code == 404


def test_without_valid_data_the_word_copy_is_refused_in_plain_words(root: Path):
    path = root / "policy_data/setting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("phone: null", "phone: [unclosed"), encoding="utf-8")
    answer = desk(root).get("/policies/confidentiality/word")
    assert answer.status_code == 409 and answer.headers["content-type"].startswith("text/html")
    words = error_beside(answer.text, "revision-file")
    assert words.startswith(
        "Not read: The data has an error, so the desk cannot work with the policy in Word: policy_data/setting.yaml:"
    )


def test_a_revision_in_word_is_shown_as_a_dry_run_then_accepted(root: Path, private_temp: Path):
    client = desk(root)
    path = root / POLICY
    before = path.read_text(encoding="utf-8")
    answer = upload_revision(client, revised(word_copy(client), "have a duty of care", "have a clear duty of care"))
    assert answer.status_code == 303 and answer.headers["location"].startswith("/policies/confidentiality/revision/")
    assert path.read_text(encoding="utf-8") == before and list(private_temp.iterdir()) == []
    plan = client.get(answer.headers["location"]).text
    assert "A dry run: <strong>confidentiality revised.docx</strong>" in plan
    assert "<li>Reworded: 1</li>" in plan and "<li>New: 0</li>" in plan and "<li>Removed: 0</li>" in plan
    reworded = re.search(r'<p class="sid">CONF-INT-01</p>\s*<p class="text diff">(.*?)</p>', plan, re.S).group(1)
    assert (
        '<ins><span class="visually-hidden">[put in: </span>clear<span class="visually-hidden">]</span></ins>'
        in reworded
    )
    accepted = client.post(answer.headers["location"], data={"csrf": csrf_of(plan), "action": "accept"})
    assert accepted.status_code == 303 and accepted.headers["location"] == "/policies/confidentiality?revised=1"
    after = path.read_text(encoding="utf-8")
    assert "have a clear duty of care" in " ".join(after.split())
    # only the reworded statement's lines changed (and its review mark was added): the rest byte for byte
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    changes = [
        op for op in difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    assert len(changes) == 1
    _, i1, i2, j1, j2 = changes[0]
    assert "".join(old_lines[i1:i2]).lstrip().startswith("text: Staff at Homerton Early Years Centre have a duty")
    assert "clear duty of care" in "".join(new_lines[j1:j2])
    assert "The changes were written" in client.get(accepted.headers["location"]).text
    twice = client.post(answer.headers["location"], data={"csrf": csrf_of(plan), "action": "accept"})  # a double click
    assert twice.status_code == 303 and twice.headers["location"] == accepted.headers["location"]
    assert path.read_text(encoding="utf-8") == after


def test_a_cancelled_revision_changes_nothing(root: Path):
    client = desk(root)
    before = (root / POLICY).read_bytes()
    answer = upload_revision(client, revised(word_copy(client), "have a duty of care", "have a clear duty of care"))
    plan = client.get(answer.headers["location"]).text
    cancelled = client.post(answer.headers["location"], data={"csrf": csrf_of(plan), "action": "cancel"})
    assert cancelled.status_code == 303 and cancelled.headers["location"] == "/policies/confidentiality?cancelled=1"
    assert "The revision was discarded: nothing was changed." in client.get(cancelled.headers["location"]).text
    assert (root / POLICY).read_bytes() == before
    assert client.get(answer.headers["location"]).status_code == 404


def test_a_stale_plan_is_refused_and_the_document_kept(root: Path):
    client = desk(root)
    path = root / POLICY
    answer = upload_revision(client, revised(word_copy(client), "have a duty of care", "have a clear duty of care"))
    plan = client.get(answer.headers["location"]).text
    with path.open("a", encoding="utf-8") as f:
        f.write("# a line someone else added\n")
    changed = path.read_bytes()
    refused = client.post(answer.headers["location"], data={"csrf": csrf_of(plan), "action": "accept"})
    assert refused.status_code == 409
    assert (
        "policy_data/policies/confidentiality.yaml: not written: the file changed after the document was read."
        in refused.text
    )
    assert path.read_bytes() == changed
    assert "[put in: </span>clear" in refused.text  # the document kept, compared again with the file as it is now
    again = re.search(r'action="(/policies/confidentiality/revision/[^"]+)"', refused.text).group(1)
    accepted = client.post(again, data={"csrf": csrf_of(refused.text), "action": "accept"})
    assert accepted.status_code == 303
    after = path.read_text(encoding="utf-8")
    assert "clear duty of care" in " ".join(after.split()) and after.endswith("# a line someone else added\n")


@pytest.mark.parametrize(
    "name, content, words",
    [
        (
            "confidentiality.txt",
            b"Aims\n",
            "confidentiality.txt is not a kind of file the desk reads: choose a Word document (.docx).",
        ),
        ("confidentiality.docx", b"not a zip", "confidentiality.docx: cannot open it as a Word document"),
    ],
)
def test_a_revision_that_cannot_be_read_is_told_why_beside_its_field(root: Path, name, content, words):
    client = desk(root)
    before = (root / POLICY).read_bytes()
    answer = upload_revision(client, content, name)
    assert answer.status_code == 400 and words in error_beside(answer.text, "revision-file")
    assert (root / POLICY).read_bytes() == before and not inner_app(client).state.revisions._items
