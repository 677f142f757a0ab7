"""The desk in Chromium: axe-core finds nothing on any page, and a manager can fix a to-do
through its form, by keyboard.  The screenshots the manual's guide to the desk shows are
taken here (UPDATE_SCREENSHOTS=1 writes them into manual/docs/office/desk/)."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import AS_OF, REPO
from playwright.sync_api import expect
from test_accessibility import axe_violations, with_axe

pytestmark = pytest.mark.browser

TOKEN = "browser-test-token"
# The manual's guide to the desk shows these pages as the tests see them: UPDATE_SCREENSHOTS=1
# writes them there (as UPDATE_GOLDEN=1 does the golden files); otherwise they go to a
# temporary folder, so a test run never changes the repository.
MANUAL_SHOTS = REPO / "manual" / "docs" / "office" / "desk"


class Shots:
    """Takes the manual's pictures when UPDATE_SCREENSHOTS=1, and nothing otherwise: a test run
    does not depend on Chromium's screenshots (which can fail on a loaded machine) and never
    changes the repository."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def take(self, page, name: str) -> None:
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(self.folder / f"{name}.png"))


@pytest.fixture
def shots() -> Shots:
    return Shots(MANUAL_SHOTS if os.environ.get("UPDATE_SCREENSHOTS") else None)


@pytest.fixture
def desk_url(project: Path):
    """The desk on a free port of 127.0.0.1, over a copy of the project (conftest's `project`:
    built already for a test marked `prebuilt`); its first address."""
    import uvicorn

    from generator.core.project import Project
    from generator.desk.app import make_app

    root = project
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    project = Project.at(root, as_of=dt.date.fromisoformat(AS_OF))
    server = uvicorn.Server(
        uvicorn.Config(make_app(project, token=TOKEN, port=port), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", root
    server.should_exit = True
    thread.join(10)


def signed_in_page(browser, base: str, axe: bool = True):
    """A page signed in to the desk; with `axe`, axe-core in each page it opens (a test that
    runs no scan leaves it out: every page would compile it for nothing)."""
    # bypass_csp: only so that the test may add axe-core to its pages (the desk's pages allow no script)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    if axe:
        with_axe(context)
    page = context.new_page()
    page.goto(f"{base}/todo?token={TOKEN}")
    return context, page


def test_every_desk_page_passes_axe(browser, desk_url, shots):
    base, _ = desk_url
    context, page = signed_in_page(browser, base)
    found = []
    for address in (
        "/todo",
        "/setting",
        "/people",
        "/policies",
        "/policies/confidentiality",
        "/register",
        "/approve",
        "/build",
    ):
        page.goto(base + address)
        shots.take(page, address.strip("/").replace("/", "-"))
        found += [f"{address}: {line}" for line in axe_violations(page)]
    # the pages as they answer a refused save: errors beside the fields
    page.goto(base + "/setting")
    page.fill("#field-name", "")
    page.click("text=Save our setting")
    shots.take(page, "setting-error")
    found += [f"/setting (refused): {line}" for line in axe_violations(page)]
    page.goto(base + "/register")
    page.fill("#doc-confidentiality-review_cycle_months", "0")
    page.click("text=Save the register")
    assert "from 1 to 120" in page.inner_text("#doc-confidentiality-review_cycle_months-error")
    found += [f"/register (refused): {line}" for line in axe_violations(page)]
    page.goto(base + "/people")
    page.fill("#starter-name", "Ann Smith")
    page.fill("#starter-start", "31/09/2026")
    page.click("text=Add to the staff list")
    assert "September 2026 has 30 days" in page.inner_text("main")
    found += [f"/people (refused): {line}" for line in axe_violations(page)]
    page.fill("#starter-start", "01/09/2025")
    page.get_by_role("checkbox", name="All staff").check()
    page.click("text=Add to the staff list")
    shots.take(page, "people-with-staff")
    found += [f"/people (with staff): {line}" for line in axe_violations(page)]
    page.goto(base + "/signatures")
    shots.take(page, "signatures")
    found += [f"/signatures: {line}" for line in axe_violations(page)]
    context.close()
    assert found == [], "axe-core found WCAG A/AA violations in the desk:\n" + "\n".join(found)


def test_a_to_do_is_fixed_through_its_form(browser, desk_url):
    base, root = desk_url
    context, page = signed_in_page(browser, base, axe=False)
    missing = "The setting's phone number is not set"
    task = page.locator("#task-setting")
    assert task.get_by_role("heading").inner_text().startswith("Complete our setting's details")
    # by keyboard: unfold the task's points, follow the link, type the number, save with Enter
    task.locator("summary").focus()
    page.keyboard.press("Enter")
    link = task.get_by_role("link", name=missing)
    assert link.count() == 1
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/setting#field-phone")
    page.locator("#field-phone").focus()
    page.keyboard.type("01223 000000")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/setting?saved=1")
    assert page.get_by_role("status").inner_text() == "Saved."
    assert "phone: 01223 000000" in (root / "policy_data/setting.yaml").read_text(encoding="utf-8")
    page.get_by_role("link", name="To do").click()
    listed = page.locator("#task-setting").text_content()  # the folded points too
    assert missing not in listed
    assert "The setting's email address is not set" in listed  # the others remain
    context.close()


@pytest.mark.prebuilt
def test_a_build_from_the_desk_links_its_outputs(browser, desk_url, shots):
    base, root = desk_url
    # A copy of the session's build, so that "Build now" remakes only what is out of date (a
    # cold build would print every PDF again): its build/ is put aside until the page has said
    # that nothing is built, then put back before the build starts.
    aside = root / ".build-aside"
    if (root / "build").is_dir():  # not under HANDBOOK_TESTS_PREBUILT=0
        (root / "build").rename(aside)
    context, page = signed_in_page(browser, base)
    page.get_by_role("link", name="Build").click()
    assert "Nothing has been built yet." in page.inner_text("main")
    if aside.is_dir():
        aside.rename(root / "build")
    page.get_by_role("button", name="Build now").click()
    # the page shows the progress and looks again (the Refresh header) until the build is done.
    # The click returns once the page after it has started loading (the redirect's answer
    # committed), which may be before its body is read: count() does not wait, so the page is
    # waited for first (a run on a loaded machine counted none)
    page.wait_for_load_state()
    assert page.locator("progress#build-progress").count() == 1
    shots.take(page, "build-progress")
    found = axe_violations(page)  # the page while it builds
    page.get_by_role("heading", name="Built.").wait_for(timeout=600_000)
    status = page.get_by_role("status")
    assert status.inner_text().startswith("Built.")
    assert found == []
    assert "0 errors" in status.inner_text()
    shots.take(page, "build-done")
    assert axe_violations(page) == []
    notice = page.get_by_role("link", name="Printed: parents/fair-processing-notice.pdf", exact=True)
    assert notice.count() == 1
    answer = context.request.get(base + notice.first.get_attribute("href"))
    assert (
        answer.status == 200 and answer.headers["content-type"] == "application/pdf" and answer.body()[:5] == b"%PDF-"
    )
    page.get_by_role("link", name="The staff handbook (website)").click()
    # the click starts the navigation; the title is the new page's once it has loaded
    expect(page).to_have_title(re.compile("Homerton Early Years Centre"))
    context.close()


def test_importing_a_policy_and_revising_one_in_word_pass_axe(browser, desk_url, shots):
    """The import's draft and the Word revision's plan, as a manager reaches them: axe finds
    nothing on them, their refusals or their answers."""
    from test_desk import revised

    base, root = desk_url
    context, page = signed_in_page(browser, base)
    found = []
    page.get_by_role("link", name="Policies", exact=True).click()
    # a refused upload first: the error beside the file field
    page.set_input_files(
        "#import-file", files=[{"name": "policy.doc", "mimeType": "application/msword", "buffer": b"\xd0\xcf"}]
    )
    page.fill("#import-id", "data-sharing")
    page.get_by_role("button", name="Read the document").click()
    assert "save it as .docx" in page.locator("#import-file-error").inner_text()
    found += [f"/policies (refused upload): {line}" for line in axe_violations(page)]
    page.set_input_files("#import-file", str(REPO / "tests" / "fixtures" / "confidentiality-procedure.txt"))
    page.get_by_role("button", name="Read the document").click()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Check the draft: Confidentiality Procedure & Guidelines"
    )
    shots.take(page, "import-draft")
    found += [f"/import (draft): {line}" for line in axe_violations(page)]
    page.get_by_role("button", name="Save this policy").click()
    page.wait_for_url(f"{base}/policies/data-sharing?imported=1")
    assert (root / "policy_data/policies/data-sharing.yaml").is_file()
    found += [f"/policies/data-sharing (imported): {line}" for line in axe_violations(page)]

    page.goto(base + "/policies/confidentiality")
    copy = context.request.get(base + page.get_by_role("link", name="Download the Word copy").get_attribute("href"))
    assert copy.status == 200
    page.set_input_files(
        "#revision-file", files=[{"name": "confidentiality.txt", "mimeType": "text/plain", "buffer": b"Aims"}]
    )
    page.get_by_role("button", name="Upload the revision").click()
    assert "choose a Word document (.docx)" in page.locator("#revision-file-error").inner_text()
    found += [f"/policies/confidentiality (refused revision): {line}" for line in axe_violations(page)]
    document = revised(
        revised(copy.body(), "have a duty of care", "have a clear duty of care"),
        "We liaise and work with",
        "We work closely with",
    )
    page.set_input_files(
        "#revision-file",
        files=[{"name": "confidentiality.docx", "mimeType": "application/octet-stream", "buffer": document}],
    )
    page.get_by_role("button", name="Upload the revision").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check the changes:")
    assert page.locator("ins").first.text_content() == "[put in: clear]"
    shots.take(page, "word-plan")
    found += [f"revision plan: {line}" for line in axe_violations(page)]
    page.get_by_role("button", name="Accept the changes").click()
    page.wait_for_url(f"{base}/policies/confidentiality?revised=1")
    assert "clear duty of care" in " ".join(
        (root / "policy_data/policies/confidentiality.yaml").read_text(encoding="utf-8").split()
    )
    found += [f"/policies/confidentiality (revised): {line}" for line in axe_violations(page)]
    context.close()
    assert found == [], "axe-core found WCAG A/AA violations in the desk:\n" + "\n".join(found)


def test_the_parent_notice_page_passes_axe_saved_and_refused(browser, desk_url, shots):
    """The notice's form, a save by keyboard (a lawful basis chosen from its pick-list), the
    preview it shows, and a refused save with the error beside its field: axe finds nothing."""
    base, root = desk_url
    context, page = signed_in_page(browser, base)
    found = []
    page.goto(base + "/notice")
    shots.take(page, "notice")
    found += [f"/notice: {line}" for line in axe_violations(page)]
    page.select_option("#field-purposes-items-0-lawful-basis", "legal-obligation")
    page.locator("#purposes-item-0").scroll_into_view_if_needed()
    shots.take(page, "notice-purpose")
    page.focus("text=Save the notice")
    page.keyboard.press("Enter")
    page.wait_for_url("**/notice/fair-processing-notice?saved=1#preview")
    assert "Saved." in page.inner_text("main")
    assert "lawful_basis: legal-obligation" in (root / "policy_data/notices/fair-processing-notice.yaml").read_text(
        encoding="utf-8"
    )
    page.locator("#preview").scroll_into_view_if_needed()
    shots.take(page, "notice-preview")
    found += [f"/notice (saved, with its preview): {line}" for line in axe_violations(page)]
    page.fill("#field-notice-issued", "31/09/2026")
    page.click("text=Save the notice")
    error = page.locator("#field-notice-issued-error")  # the refused page, once it has come
    error.wait_for()
    assert "September 2026 has 30 days" in error.inner_text()
    found += [f"/notice (refused): {line}" for line in axe_violations(page)]
    context.close()
    assert found == [], "axe-core found WCAG A/AA violations on the Parent notice page:\n" + "\n".join(found)
