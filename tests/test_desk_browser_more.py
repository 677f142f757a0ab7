"""The desk's login page (--office) and Model policies pages in Chromium: axe-core finds nothing
on them, their refusals included, and they work by keyboard.  The manual's screenshots of them
are taken here with UPDATE_SCREENSHOTS=1 (test_desk_browser.Shots)."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import AS_OF, REPO
from test_accessibility import axe_violations, with_axe
from test_desk_browser import shots  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

TOKEN = "browser-test-token"
PASSWORD = "blue kettle on the windowsill"


def serve(app) -> tuple[str, object, threading.Thread]:
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app(port), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


@pytest.fixture
def office_url(tmp_path: Path):
    """The desk served as --office does, at the name 127.0.0.1 (the test's only network)."""
    from conftest import copy_project

    from generator.core.project import Project
    from generator.desk.app import make_app
    from generator.desk.guard import csrf_for
    from generator.desk.office import Office

    root = copy_project(tmp_path / "project")
    project = Project.at(root, as_of=dt.date.fromisoformat(AS_OF))

    def app(port: int):
        door = Office.make(PASSWORD, ["127.0.0.1"], port, csrf_for(TOKEN))
        return make_app(project, token=TOKEN, port=port, office=door)

    base, server, thread = serve(app)
    yield base
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def model_url(tmp_path: Path):
    """The desk of a setting of the local authority example (`handbook desk --setting willow-court`)."""
    from generator.core.project import Project
    from generator.desk.app import make_app

    root = tmp_path / "la"
    shutil.copytree(REPO / "examples/local-authority", root, ignore=shutil.ignore_patterns("build", ".build.*"))
    project = Project.for_setting(root, "willow-court", as_of=dt.date.fromisoformat(AS_OF))
    base, server, thread = serve(lambda port: make_app(project, token=TOKEN, port=port))
    yield base, root
    server.should_exit = True
    thread.join(10)


def test_the_login_page_passes_axe_and_signs_in_by_keyboard(browser, office_url, shots):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    with_axe(context)
    page = context.new_page()
    page.goto(office_url + "/todo")
    assert page.url == office_url + "/login"
    found = [f"/login: {line}" for line in axe_violations(page)]
    shots.take(page, "login")
    page.locator("#password").focus()
    page.keyboard.type("not the password")
    page.keyboard.press("Enter")
    assert "That is not the desk's password" in page.get_by_role("alert").inner_text()
    found += [f"/login (refused): {line}" for line in axe_violations(page)]
    page.locator("#password").focus()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(office_url + "/todo")
    found += [f"/todo (signed in): {line}" for line in axe_violations(page)]
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(office_url + "/login")
    context.close()
    assert found == [], "axe-core found WCAG A/AA violations:\n" + "\n".join(found)


def test_the_model_policies_pages_pass_axe_and_decide_a_conflict(browser, model_url, shots):  # noqa: F811
    base, root = model_url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    with_axe(context)
    page = context.new_page()
    page.goto(f"{base}/model?token={TOKEN}")
    found = [f"/model: {line}" for line in axe_violations(page)]
    shots.take(page, "model")
    page.get_by_role("link", name="CONF-STR-12 (Confidentiality Procedure & Guidelines)").click()
    found += [f"/model/confidentiality: {line}" for line in axe_violations(page)]
    page.locator("#s-CONF-STR-12").scroll_into_view_if_needed()
    shots.take(page, "model-conflict")
    # leave a statement out without a reason: refused beside the field
    statement = page.locator("#s-CONF-AIM-05")
    statement.locator("summary", has_text="Leave it out").click()
    statement.get_by_role("button", name="Leave it out").click()
    assert "Give the reason" in page.locator("#CONF-AIM-05-reason-error").inner_text()
    found += [f"/model/confidentiality (refused): {line}" for line in axe_violations(page)]
    # the conflict, by keyboard: keep ours
    page.locator("#s-CONF-STR-12").get_by_role("button", name="Keep ours").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/model/confidentiality?saved=CONF-STR-12#s-CONF-STR-12")
    assert page.get_by_role("status").inner_text() == "Saved: CONF-STR-12."
    found += [f"/model/confidentiality (saved): {line}" for line in axe_violations(page)]
    assert "on social media. Signed permission" in (root / "settings/willow-court/overrides.yaml").read_text(
        encoding="utf-8"
    )
    # a statement of our own, then who reads it and signs it
    statement = page.locator("#s-CONF-AIM-04")
    statement.locator("summary", has_text="Add our own after CONF-AIM-04").click()
    page.fill("#CONF-AIM-04-add-text", "We tell families each September how we keep their information.")
    statement.get_by_role("button", name="Add it").click()
    own = page.locator("#own-WCC-01")
    own.get_by_role("checkbox", name="Staff", exact=True).check()
    own.get_by_role("checkbox", name="All staff", exact=True).check()
    found += [f"/model/confidentiality (our own): {line}" for line in axe_violations(page)]
    page.get_by_role("button", name="Save the answers").click()
    page.wait_for_url(f"{base}/model/confidentiality?saved=our+own+statements#own")
    assert "to decide" not in page.locator("#own-WCC-01").inner_text()
    context.close()
    assert found == [], "axe-core found WCAG A/AA violations:\n" + "\n".join(found)
