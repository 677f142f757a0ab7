"""`handbook desk --office`: the desk served to the office network, behind a password.

Each guarantee of generator/desk/office.py has a test: no password, no desk; a wrong password
gets the login page again; a right one gets in, with a strict cookie; another Host is refused;
guessing is slowed; the forms keep their CSRF token."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import AS_OF, copy_project
from inprocess import run_in_process
from starlette.routing import Route
from starlette.testclient import TestClient

from generator.core.project import Project
from generator.desk import office as office_module
from generator.desk.app import make_app
from generator.desk.guard import csrf_for
from generator.desk.office import FREE_TRIES, Office

PORT = 8766
NAME = "reception-pc.local"
PASSWORD = "blue kettle on the windowsill"
SECRET = "the-desks-secret"


class Clock:
    """The office's clock, moved by the test (tests never read the machine's)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def office_desk(root: Path, clock: Clock | None = None, host: str = f"{NAME}:{PORT}") -> TestClient:
    project = Project.at(root, as_of=dt.date.fromisoformat(AS_OF))
    door = Office.make(PASSWORD, [NAME, "192.168.1.20"], PORT, csrf_for(SECRET), clock or Clock())
    return TestClient(
        make_app(project, token=SECRET, port=PORT, office=door),
        base_url=f"http://{host}",
        raise_server_exceptions=False,
        follow_redirects=False,
    )


def sign_in(client: TestClient, password: str = PASSWORD):
    page = client.get("/login")
    assert page.status_code == 200
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return client.post("/login", data={"csrf": csrf, "password": password})


def routes_of(client: TestClient) -> list[tuple[str, str]]:
    found = []
    for route in client.app.app.routes:
        if isinstance(route, Route):
            address = re.sub(r"\{[^}]+\}", "x", route.path)
            found += [(m, address) for m in sorted(route.methods or ["GET"]) if m != "HEAD"]
    return found


def run_desk(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`handbook desk --no-browser ARGS` as a new process would run it (tests/inprocess.py: the
    same environment, exit code and output), in this one: each of these refuses to start, so
    a process of its own would cost its start and imports and show nothing more.  Its stdin is
    empty and no terminal: no one at the keyboard to type a password."""
    environment = {k: v for k, v in os.environ.items() if k != office_module.PASSWORD_ENV}
    return run_in_process(
        ("desk", "--no-browser", *args), root, {**environment, "HANDBOOK_DATE": AS_OF, **(env or {})}, timeout=120
    )


# ---- no password, no desk ------------------------------------------------------------------------


def test_without_a_password_the_office_desk_does_not_start(root: Path):
    done = run_desk(root, "--office", "--office-name", NAME)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "serving to the office network needs a password" in done.stderr
    assert "--password-file FILE" in done.stderr and "the desk was not started" in done.stderr


@pytest.mark.parametrize(
    "content, mode, words",
    [
        (PASSWORD + "\n", 0o644, "can be read by other users of this computer: make it private (chmod 600"),
        ("short\n", 0o600, "the password is too short: use at least 10 characters"),
        ("", 0o600, "the password is too short"),
    ],
)
def test_a_password_file_that_is_not_private_or_too_short_is_refused(root: Path, content, mode, words):
    secret = root / "desk-password.txt"
    secret.write_text(content, encoding="utf-8")
    secret.chmod(mode)
    done = run_desk(root, "--office", "--office-name", NAME, "--password-file", str(secret))
    assert done.returncode == 1 and words in done.stderr and "Traceback" not in done.stderr
    assert PASSWORD not in done.stderr


@pytest.mark.parametrize(
    "args, words",
    [
        (["--office"], "--office needs --office-name NAME"),
        (["--office-name", NAME], "--office-name and --password-file are for --office"),
        (["--office", "--office-name", "evil.example/x"], "is not a computer's name or address"),
    ],
)
def test_office_options_out_of_place_are_refused(root: Path, args, words):
    done = run_desk(root, *args, env={office_module.PASSWORD_ENV: PASSWORD})
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


def test_with_a_password_the_server_listens_on_every_address_at_the_names_given(root: Path, monkeypatch, capsys):
    import uvicorn

    from generator.desk import server

    seen = {}
    monkeypatch.setattr(
        uvicorn.Server, "run", lambda self: seen.update(host=self.config.host, hosts=self.config.app.hosts)
    )
    project = Project.at(root, as_of=dt.date.fromisoformat(AS_OF))
    assert server.run(project, 8791, False, [NAME], PASSWORD) == 0
    assert seen == {"host": "0.0.0.0", "hosts": {f"{NAME}:8791"}}
    said = capsys.readouterr().err
    assert f"http://{NAME}:8791/login" in said and "does not encrypt" in said and PASSWORD not in said


def test_the_password_is_kept_only_as_a_salted_hash():
    one, two = Office.make(PASSWORD, [NAME], PORT, "x"), Office.make(PASSWORD, [NAME], PORT, "x")
    assert one.password.salt != two.password.salt and one.password.digest != two.password.digest
    assert PASSWORD.encode() not in one.password.digest and one.password.matches(PASSWORD)
    assert not one.password.matches(PASSWORD + " ")


# ---- the login ------------------------------------------------------------------------------------


def test_every_page_sends_whoever_has_not_signed_in_to_the_login_page(root: Path):
    client = office_desk(root)
    before = {p: p.read_bytes() for p in (root / "policy_data").rglob("*.yaml")}
    routes = routes_of(client)
    assert ("POST", "/setting") in routes and ("GET", "/todo") in routes
    for method, address in routes:
        answer = client.request(method, address)
        assert answer.status_code == 303 and answer.headers["location"] == "/login", (method, address)
    assert client.get("/todo?token=" + SECRET).status_code == 303  # the token of a local desk is no key here
    assert {p: p.read_bytes() for p in (root / "policy_data").rglob("*.yaml")} == before


def test_a_wrong_password_gets_the_login_page_again(root: Path):
    client = office_desk(root)
    answer = sign_in(client, "not the password")
    assert answer.status_code == 401 and "That is not the desk&#x27;s password" in answer.text
    assert '<input type="password" id="password"' in answer.text and PASSWORD not in answer.text
    assert "handbook-desk-8766=" not in answer.headers.get("set-cookie", "").split(";")[0]
    assert client.get("/todo").status_code == 303


def test_the_right_password_opens_a_strict_httponly_session(root: Path):
    client = office_desk(root)
    answer = sign_in(client)
    assert answer.status_code == 303 and answer.headers["location"] == "/todo"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"handbook-desk-{PORT}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert PASSWORD not in cookie and SECRET not in cookie
    page = client.get("/todo")
    assert page.status_code == 200 and "Sign out" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]


def test_a_request_still_on_its_way_from_the_first_login_page_does_not_spoil_the_next_form(root: Path):
    """A browser asks for its icon as a page loads; a slow answer to the first login page's
    request (sent to /login, with that page's cookie) can arrive after the page that refused a
    wrong password.  The form on that page must still be good: the desk keeps one login cookie
    for the browser rather than making a new one for each answer."""
    client = office_desk(root)
    first = client.get("/login")
    cookie = f"handbook-desk-{PORT}-login"
    first_value = client.cookies[cookie]
    csrf = re.search(r'name="csrf" value="([^"]+)"', first.text).group(1)
    refused = client.post("/login", data={"csrf": csrf, "password": "not the password"})
    assert refused.status_code == 401
    again = re.search(r'name="csrf" value="([^"]+)"', refused.text).group(1)
    client.cookies.set(cookie, first_value, path="/login")  # the late answer's cookie
    client.get("/login")
    answer = client.post("/login", data={"csrf": again, "password": PASSWORD})
    assert answer.status_code == 303 and answer.headers["location"] == "/todo", answer.text
    assert client.get("/todo").status_code == 200


def test_the_login_form_needs_its_own_csrf_token(root: Path):
    client = office_desk(root)
    client.get("/login")
    answer = client.post("/login", data={"password": PASSWORD})
    assert answer.status_code == 403 and "out of date" in answer.text
    assert client.get("/todo").status_code == 303


def test_signed_in_the_forms_still_need_their_csrf_token(root: Path):
    client = office_desk(root)
    sign_in(client)
    before = (root / "policy_data/setting.yaml").read_bytes()
    answer = client.post("/setting", data={"name": "Somewhere else"})
    assert answer.status_code == 403
    assert (root / "policy_data/setting.yaml").read_bytes() == before


def test_signing_out_ends_the_session(root: Path):
    client = office_desk(root)
    sign_in(client)
    page = client.get("/todo").text
    csrf = re.search(r'action="/logout"><input type="hidden" name="csrf" value="([^"]+)"', page).group(1)
    answer = client.post("/logout", data={"csrf": csrf})
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    client.cookies.clear()
    assert client.get("/todo").status_code == 303


def test_a_session_unused_for_a_working_day_ends(root: Path):
    clock = Clock()
    client = office_desk(root, clock)
    sign_in(client)
    clock.now += office_module.IDLE_LIMIT - 1
    assert client.get("/todo").status_code == 200
    clock.now += office_module.IDLE_LIMIT + 1
    assert client.get("/todo").status_code == 303


@pytest.mark.parametrize("host", [f"evil.example:{PORT}", f"127.0.0.1:{PORT}", f"{NAME}:9999", ""])
def test_a_request_for_another_host_is_refused_even_signed_in(root: Path, host: str):
    client = office_desk(root)
    sign_in(client)
    answer = client.get("/todo", headers={"host": host})
    assert answer.status_code == 403 and "Not this address" in answer.text
    assert client.get("/todo", headers={"host": f"192.168.1.20:{PORT}"}).status_code == 200


def test_guessing_the_password_is_slowed_down(root: Path):
    clock = Clock()
    client = office_desk(root, clock)
    for _ in range(FREE_TRIES):
        assert sign_in(client, "a wrong guess").status_code == 401
    assert sign_in(client, "a wrong guess").status_code == 401  # the first over the free tries: counted, then a wait
    waiting = sign_in(client)  # even the right password is not checked while waiting
    assert waiting.status_code == 429 and "Too many wrong passwords: wait" in waiting.text
    assert client.get("/todo").status_code == 303
    clock.now += office_module.FIRST_WAIT + 0.1
    assert sign_in(client, "another wrong guess").status_code == 401
    clock.now += office_module.FIRST_WAIT + 0.1  # the wait has doubled
    assert sign_in(client).status_code == 429
    clock.now += office_module.FIRST_WAIT
    assert sign_in(client).status_code == 303  # the right password, after the wait, gets in
    assert client.get("/todo").status_code == 200
