"""A new private nursery's first year, through the desk alone (issue 29's "done when").

`handbook new --kind pvi-nursery`, then Chromium and nothing else: our setting's facts, three
staff, two policies imported by upload (a Word document and a text file), an answer to every
to-do, the parent notice, approve and release, signatures, a build, the notice's PDF.  The test
never writes into the project after `handbook new`: every change is the desk's, and the end of
the test proves it (each file differs from what `new` made only if the desk saved it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import AS_OF, pdf_text, run_handbook

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TOKEN = "walk-test-token"
NAME = "Little Acorns Nursery"
STAFF = [
    ("Rosa Diaz", ["manager", "designated-safeguarding-lead"]),
    ("Tom Baker", ["practitioners"]),
    ("Priya Shah", ["room-leaders"]),
]
# What the manager types into Our setting for each fact the To do page says is missing, by the
# form field's name (a field the To do page asks for that is not here fails the test by name).
SETTING_FACTS = {
    "address": "12 Oak Lane, Cambridge CB1 2AB",
    "phone": "01223 111222",
    "email": "office@littleacorns.example",
    "ico_registration": "ZA123456",
    "complaints_email": "complaints@littleacorns.example",
    "complaints_form": "https://littleacorns.example/complaints",
    "website": "https://littleacorns.example",
    "local_authority": "Cambridgeshire",
    "handbook_contact": "Rosa Diaz, manager",
    "run_by": "Little Acorns Nursery Ltd",  # a private nursery's data controller: who runs it
}

NAPPY_POLICY = [  # (heading level, text): a Word policy with headings and several statements
    (0, "Little Acorns Nursery"),
    (1, "Intimate Care Policy"),
    (2, "Purpose"),
    (
        None,
        "We change nappies and help children use the toilet in a way that keeps them safe and respects their dignity.",
    ),
    (None, "Every child has a key person who knows their routines and their family's wishes."),
    (2, "Procedure"),
    (None, "Staff wear disposable gloves and aprons for every change and wash their hands afterwards."),
    (None, "We record each change on the child's daily sheet, with the time and anything we noticed."),
    (None, "We tell parents at collection about any soreness or marks we noticed during a change."),
    (2, "Safeguarding"),
    (None, "A member of staff who is worried by anything seen during intimate care tells the manager at once."),
]
OUTINGS_POLICY = """Outings Policy

Purpose

Outings help children learn about the world beyond the nursery. We plan every outing so that
children are safe and well looked after.

Before an outing

We ask parents for written permission before a child goes on an outing.

The room leader writes a risk assessment for each new place we visit.

During an outing

We keep at least one adult for every two children under two years old.

A member of staff carries a first aid kit, a mobile phone and the children's emergency contacts.
"""


# Every file the walk's saves write (the forms, the import, approval, release and signatures):
# after the walk, these and only these differ from what `handbook new` made.
DESK_WRITES = {
    "docs/accessibility.md",  # Pages
    "policy_data/setting.yaml",  # Our setting
    "records/staff.yaml",  # People
    "policy_data/policies/intimate-care.yaml",  # imported, then answered
    "policy_data/policies/outings.yaml",
    "policy_data/register.yaml",  # the imports' entries, Register, then approval's review dates
    "policy_data/retention.yaml",  # Keeping records
    "policy_data/notices/fair-processing-notice.yaml",  # Parent notice, and its number on approval
    "policy_data/approvals.yaml",  # Approve and release
    "policy_data/releases/2026-11-28.yaml",
    "records/signatures.yaml",  # Signatures
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def word_document(paragraphs) -> bytes:
    import docx

    document = docx.Document()
    for level, text in paragraphs:
        if level == 0:
            document.add_paragraph(text, style="Title")
        elif level is None:
            document.add_paragraph(text)
        else:
            document.add_heading(text, level=1)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def digests(root: Path) -> dict[str, str]:
    """Each file of the project (the code link and build/ aside) and its hash."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in ("build", "generator", "node_modules") or relative.parts[0].startswith("."):
            continue
        if path.is_file() and not path.is_symlink():
            found[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


class Desk:
    """The desk served over a project on a free port of 127.0.0.1, recording every file its
    saves touch (by comparing the project before and after each request that may write)."""

    def __init__(self, root: Path) -> None:
        import uvicorn

        from generator.core.project import Project
        from generator.desk.app import make_app

        self.root = root
        self.port = free_port()
        project = Project.at(root, as_of=dt.date.fromisoformat(AS_OF))
        app = make_app(project, token=TOKEN, port=self.port)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Desk:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


class Walk:
    """The manager at the desk: one Chromium page, and what the walk could not do."""

    def __init__(self, page, base: str) -> None:
        self.page = page
        self.base = base
        self.gaps: list[str] = []  # what the desk could not do: the test fails with all of them at the end

    def axe(self, where: str) -> None:
        """The pages the desk has for a new project's to-dos (Register, Keeping records, Pages) pass
        axe-core too in the states only a new project has (the Homerton data has none of them)."""
        from test_accessibility import axe_violations

        self.gaps += [f"axe, {where}: {line}" for line in axe_violations(self.page)]

    def go(self, address: str) -> None:
        self.page.goto(self.base + address)

    def main_text(self) -> str:
        return self.page.inner_text("main")

    def saved(self) -> bool:
        """The page's first status says "Saved" (its texts read in one call: a save is checked
        thirty times a walk, and each call into the page costs the browser and its driver)."""
        statuses = self.page.get_by_role("status").all_inner_texts()
        return bool(statuses) and "Saved" in statuses[0]

    def todo(self) -> list[dict]:
        """The To do page's tasks that ask for something: key, title, link, and their points
        (the notes aside).  Read in one call into the page: a task's heading (its h2, the
        heading of level 2), the heading's link, each point's links and words; one Playwright
        call per element (hundreds a reading, nine readings a walk) cost seconds."""
        self.go("/todo")
        return self.page.locator("li.task").evaluate_all(
            """tasks => tasks.flatMap(task => {
                const points = [...task.querySelectorAll("ul.items li:not(.item-note)")];  // a note asks for nothing
                if (points.length === 0) return [];
                const headings = [...task.querySelectorAll("h2")];
                if (headings.length !== 1) throw new Error(`task ${task.id}: ${headings.length} level-2 headings`);
                const link = headings[0].querySelector("a[href]");
                return [{
                    key: (task.getAttribute("id") || "").replace(/^task-/, ""),
                    title: headings[0].innerText.split("\\n")[0].trim(),
                    link: link ? link.getAttribute("href") : null,
                    points: points.flatMap(li => [...li.querySelectorAll("a")].map(a => a.getAttribute("href"))),
                    words: points.map(li => (li.textContent || "").split(/\\s+/).filter(Boolean).join(" ")),
                }];
            })"""
        )


# ---- the pages, as the manager fills them --------------------------------------------------------


def fill_our_setting(walk: Walk, task: dict) -> None:
    """Type the facts the To do page links to; each point names its field (#field-NAME)."""
    walk.go("/setting")
    wanted = {
        href.split("#field-", 1)[1] for href in task["points"] + [task["link"] or ""] if "#field-" in (href or "")
    }
    by_id = {name.replace("_", "-"): name for name in SETTING_FACTS}
    unknown = sorted(w for w in wanted if w not in by_id)
    assert not unknown, f"the To do page asks for setting fields the walk has no fact for: {unknown}"
    # every empty fact field the walk knows, not only the asked ones: a finding may name none
    for field_id, name in by_id.items():
        box = walk.page.locator(f"#field-{field_id}")
        if box.count() and not box.input_value():
            box.fill(SETTING_FACTS[name])
    walk.page.get_by_role("button", name="Save our setting").click()
    walk.page.wait_for_load_state()
    assert walk.saved(), "Our setting was not saved: " + walk.main_text()[:2000]


def add_staff(walk: Walk) -> None:
    walk.go("/people")
    for name, roles in STAFF:
        walk.page.fill("#starter-name", name)
        for role in roles:
            walk.page.locator(f"#starter-roles input[value='{role}']").check()
        walk.page.fill("#starter-start", "01/09/2025")
        walk.page.get_by_role("button", name="Add to the staff list").click()
        walk.page.wait_for_load_state()
        assert walk.saved(), f"{name} was not added: " + walk.main_text()[:2000]
    table = walk.page.get_by_role("table").inner_text()
    assert all(name in table for name, _ in STAFF)


def import_policy(walk: Walk, filename: str, mime: str, data: bytes, policy_id: str, title: str) -> None:
    """Upload a document on the Policies page, read its draft, save it."""
    walk.go("/policies")
    walk.page.set_input_files("#import-file", files=[{"name": filename, "mimeType": mime, "buffer": data}])
    walk.page.fill("#import-id", policy_id)
    walk.page.get_by_role("button", name="Read the document").click()
    walk.page.wait_for_load_state()
    heading = walk.page.get_by_role("heading", level=1).inner_text()
    assert heading == f"Check the draft: {title}", walk.main_text()[:2000]
    walk.page.get_by_role("button", name="Save this policy").click()
    walk.page.wait_for_url(f"{walk.base}/policies/{policy_id}?imported=1")


def answer_policy(walk: Walk, address: str) -> None:
    """Tick who may read each statement (staff and parents) and who signs it (all staff)."""
    walk.go(address.split("#", 1)[0])
    statements = walk.page.locator("section.statement").all()
    assert statements, f"{address} lists no statements"
    for statement in statements:
        for value in ("staff", "parents"):
            statement.locator(f"input[name$='.audience'][value='{value}']").check()
        statement.locator("input[name$='.roles'][value='all-staff']").check()
    walk.page.get_by_role("button", name="Save the answers").click()
    walk.page.wait_for_load_state()
    assert walk.saved(), f"{address} was not saved: " + walk.main_text()[:2000]
    assert "Every statement has its answers." in walk.main_text()


def fill_the_register(walk: Walk) -> None:
    """Each document: kept up to date by the manager, reviewed every year (its next review is
    set when it is approved)."""
    walk.go("/register")
    walk.axe("/register")
    documents = walk.page.locator("fieldset.document").all()
    assert documents, "the Register page lists no documents"
    for document in documents:
        owner = document.get_by_label("Kept up to date by")
        if not owner.input_value():
            owner.select_option("manager")
        cycle = document.get_by_label("Months between reviews")
        if not cycle.input_value():
            cycle.fill("12")
    walk.page.get_by_role("button", name="Save the register").click()
    walk.page.wait_for_load_state()
    assert walk.saved(), "the register was not saved: " + walk.main_text()[:2000]


RECORD_DECISIONS = {  # what the manager decides for each kind of record, by the form's label
    "Who may see it": "The manager and the child's key person",
    "Where and how it is kept": "In the locked cabinet in the office",
    "How long it is kept": "Until the child is 25, then shredded",
    "The law or guidance that says so": "The EYFS statutory framework and our insurer's advice",
}


def fill_the_records(walk: Walk) -> None:
    """Each kind of record: who sees it, where it is kept, for how long, what then, and why the
    period is not the guideline's where there is one."""
    walk.go("/retention")
    walk.axe("/retention")
    records = walk.page.locator("fieldset.document").all()
    assert records, "the Keeping records page lists no records"
    for record in records:
        for label, words in RECORD_DECISIONS.items():
            box = record.get_by_label(label, exact=True)
            if not box.input_value():
                box.fill(words)
        action = record.get_by_label("What happens at the end of the period")
        if not action.input_value():
            action.select_option("secure-disposal")
        confirmed = record.get_by_label("We have checked this guideline in its source")
        if confirmed.count():  # the manager looked the unconfirmed period up in its source
            confirmed.check()
        reason = record.get_by_label("Why the period differs from the guideline")
        if "Guidance only" in record.inner_text() and not reason.input_value():
            reason.fill("Our insurer asks us to keep every child's records until they are 25")
    walk.page.get_by_role("button", name="Save the records").click()
    walk.page.wait_for_load_state()
    assert walk.saved(), "the records were not saved: " + walk.main_text()[:2000]


def fill_the_pages(walk: Walk) -> None:
    """The handbook's own pages (its accessibility statement): each place to complete, in words."""
    walk.go("/pages")
    walk.axe("/pages")
    places = walk.page.locator("main form input[type='text']").all()
    assert places, "the Pages page lists no place to complete"
    for place in places:
        label = walk.page.locator(f"label[for='{place.get_attribute('id')}']").inner_text()
        place.fill("28 November 2026" if "date" in label else "the manager, by email to office@littleacorns.example")
    walk.page.get_by_role("button", name="Save the pages").click()
    walk.page.wait_for_load_state()
    assert walk.saved(), "the pages were not saved: " + walk.main_text()[:2000]
    assert "Every page is complete." in walk.main_text()


NOTICE_WORDS = {  # the notice's parts, by their place in the notice's model (the form's field names)
    "notice.introduction": f"This notice tells you what information {NAME} keeps about your child and you, and why.",
    # (the company that runs it is the controller, and the notice says so before these words:
    # "{NAME} is responsible for the information" would name a second, and check says so)
    "controller.text": f"You can ask {NAME}'s office about anything in this notice.",
    "purposes.text": "We keep information so that we can care for your child and keep them safe.",
    "categories.text": "We keep your child's name, date of birth, health needs and your contact details.",
    "sources.text": "Most of it comes from you when your child starts with us.",
    "requirement.text": "The law says you must give us your contact details and your child's health needs.",
    "recipients.text": "We share information when the law says we must, or when you agree.",
    "recipients.required_by_law": "The local authority, for the early years census.",
    "transfers.text": "We do not send information outside the UK.",
    "retention.text": "We keep records for as long as our retention schedule says.",
    "retention.records": "family-contact-details",
    "rights.text": "You have rights over the information we keep about you and your child.",
    "withdraw_consent.text": "Where you gave consent, you can withdraw it at any time by telling us.",
    "automated_decisions.text": "No computer makes decisions about your child.",
    "complaints.text": "Please tell us first, by email or with our online form.",
    "complaints.regulator_text": "If you are not happy with our answer, you can complain to the {regulator}.",
    # one item of each list, added by the list's "Add a ..." fields
    "purposes.new.id": "keep-safe",
    "purposes.new.purpose": "To keep your child safe and well while they are with us.",
    "purposes.new.lawful_basis": "legal-obligation",
    "categories.new.name": "Your child's name and date of birth, and your contact details",
    "categories.new.sensitivity": "confidential",
    "categories.new.records": "family-contact-details",
    "sources.new.name": "You, when your child starts with us",
    "sources.new.from_parent": True,
    "recipients.new.name": "The local authority",
    "recipients.new.why": "for the early years census, which the law requires.",
}
RIGHTS = {  # the six rights a notice lists (UK GDPR Articles 15 to 21), one item each
    "access": "You can ask to see the information we keep about you and your child.",
    "rectification": "You can ask us to correct information that is wrong.",
    "erasure": "You can ask us to delete information we no longer need.",
    "restriction": "You can ask us to stop using information while a question about it is settled.",
    "objection": "You can object to how we use information.",
    "portability": "You can ask for information you gave us in a form another setting can use.",
}


def fill(walk: Walk, name: str, value) -> bool:
    """Type, choose or tick the form field named `name`; False when the page has no such field."""
    box = walk.page.locator(f"main form [name='{name}']")
    # whether there is one, and the first's tag and type, in one call (forty fields a walk)
    found = box.evaluate_all("es => es.length ? [es[0].tagName.toLowerCase(), es[0].getAttribute('type')] : null")
    if found is None:
        return False
    tag, kind = found
    if tag == "select":
        box.first.select_option(value)
    elif kind == "checkbox":
        box.first.set_checked(bool(value))
    else:
        box.first.fill(value)
    return True


def save_the_notice(walk: Walk) -> bool:
    walk.page.get_by_role("button", name="Save the notice").click()
    walk.page.wait_for_load_state()
    if not walk.saved():
        walk.gaps.append("the parent notice was not saved: " + walk.main_text()[:1500])
        return False
    return True


def fill_the_notice(walk: Walk) -> None:
    """The parent notice, through the desk's Parent notice page: every part in words, one
    reason (with its lawful basis), kind of information, source and recipient, the retention
    records it covers, and the six rights, one a save (a list takes one new item a save).

    The form's fields are named by their place in the notice's model
    (generator/features/notice/model.py): `controller.text`, `purposes.new.purpose`, ..."""
    nav = walk.page.get_by_role("navigation", name="Desk pages")
    walk.go("/todo")
    link = nav.get_by_role("link", name=re.compile("notice", re.I))
    if link.count() == 0:
        walk.gaps.append("desk has no parent notice page")
        return
    link.first.click()
    walk.page.wait_for_load_state()
    missing = [name for name, value in NOTICE_WORDS.items() if not fill(walk, name, value)]
    if missing:
        walk.gaps.append(f"the parent notice page has no field for: {', '.join(missing)}")
    if not save_the_notice(walk):
        return
    for right, words in RIGHTS.items():
        if not (fill(walk, "rights.new.right", right) and fill(walk, "rights.new.text", words)):
            walk.gaps.append("the parent notice page cannot add a right")
            return
        if not save_the_notice(walk):
            return


# ---- the walk ----------------------------------------------------------------------------------


def answer_every_task(walk: Walk, answered: set[str]) -> list[dict]:
    """Go round the To do page until it lists nothing the walk can answer; returns what is left.

    Every task that links to a desk form is answered by that form; approval waits for the
    Approve and release step; the notice's parts are the Parent notice page's."""
    rounds = 0
    while True:
        rounds += 1
        assert rounds < 20, "the To do page never settles"
        left = [t for t in walk.todo() if t["key"] != "approve"]
        progress = False
        for task in left:
            key = task["key"]
            if key == "setting" and key not in answered:
                fill_our_setting(walk, task)
            elif key.startswith("policy-") and key not in answered:
                answer_policy(walk, task["link"])
            elif key == "pages" and key not in answered:
                fill_the_pages(walk)
            elif key == "retention" and key not in answered:
                fill_the_records(walk)
            elif key == "register" and key not in answered:
                fill_the_register(walk)
            elif key == "notice" and key not in answered:
                fill_the_notice(walk)
            else:
                continue
            answered.add(key)
            progress = True
            break  # read the To do page again: one answer can settle other tasks
        if not progress:  # what is left: tasks with no form, and what a form could not settle
            return [t for t in left if t["key"] not in answered]


def describe(tasks: list[dict]) -> str:
    return "\n".join(
        f"- {t['title']} ({'form: ' + t['link'] if t['link'] else 'no form in the desk'}): "
        + "; ".join(w.split("\n")[0] for w in t["words"][:4])
        for t in tasks
    )


def test_a_new_nursery_through_the_desk_alone(browser, tmp_path):
    made = run_handbook("new", str(tmp_path / "nursery"), "--name", NAME, "--kind", "pvi-nursery", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "nursery"
    before = digests(root)
    # bypass_csp: only so that axe-core may be added to a page (the desk's pages allow no script)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    with Desk(root) as desk:
        page.goto(f"{desk.base}/todo?token={TOKEN}")
        walk = Walk(page, desk.base)

        add_staff(walk)
        import_policy(
            walk,
            "intimate-care.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            word_document(NAPPY_POLICY),
            "intimate-care",
            "Intimate Care Policy",
        )
        import_policy(walk, "outings.txt", "text/plain", OUTINGS_POLICY.encode(), "outings", "Outings Policy")
        answered: set[str] = set()
        left = answer_every_task(walk, answered)
        if left:
            walk.gaps.append("the To do page still lists tasks the desk cannot answer:\n" + describe(left))

        # Approve and release everything that waits, as the manager, today
        walk.go("/approve")
        boxes = page.locator("input[name='document']")
        assert boxes.count() >= 3, "the new policies and the notice should wait for approval: " + walk.main_text()
        for box in boxes.all():
            box.check()
        page.select_option("#approve-by", "manager")
        page.get_by_role("button", name="Release and approve the ticked documents").click()
        page.wait_for_load_state()
        assert "Done." in walk.main_text(), walk.main_text()[:3000]
        assert "Every document is approved in its current words." in walk.main_text()

        # Signatures: every open box of the grid, for the three staff
        walk.go("/signatures")
        grid = page.locator("#grid")  # the tick-box grid (the page has other regions: who is due)
        for name, _ in STAFF:
            assert name in grid.inner_text()
        ticks = page.locator("input[name='signed']")
        assert ticks.count() >= 3
        for tick in ticks.all():
            tick.check()
        page.get_by_role("button", name="Record the ticked signatures").click()
        page.wait_for_load_state()
        assert page.locator("input[name='signed']").count() == 0, walk.main_text()[:3000]

        # nothing left to do but what only a build can tell
        remaining = [t for t in walk.todo() if t["key"] not in ("printed",)]
        if remaining:
            walk.gaps.append("after approval and signatures, the To do page lists:\n" + describe(remaining))

        # Build, then open the parent notice's PDF from the Build page
        walk.go("/build")
        page.get_by_role("button", name="Build now").click()
        # the build runs in the background; its page looks again until it is done
        page.get_by_role("heading", name="Built.").wait_for(timeout=600_000)
        status = page.get_by_role("status").inner_text()
        assert status.startswith("Built."), walk.main_text()[:3000]
        link = page.get_by_role("link", name="Printed: parents/fair-processing-notice.pdf", exact=True)
        assert link.count() == 1, walk.main_text()
        answer = context.request.get(desk.base + link.get_attribute("href"))
        assert answer.status == 200 and answer.body()[:5] == b"%PDF-"
        pdf = tmp_path / "notice.pdf"
        pdf.write_bytes(answer.body())
        words = pdf_text(pdf, flat=True)
        assert NAME in words and "Homerton" not in words
        assert SETTING_FACTS["phone"] in words  # the setting's facts, as typed in the desk
        assert f"{NAME} is run by {SETTING_FACTS['run_by']}" in words  # who is the data controller
        assert "Draft: not yet approved" not in words
        gaps = walk.gaps
    context.close()

    # The desk, not the test, wrote every file that changed: each differs from `new`'s only where
    # the walk's saves put what the manager typed.
    after = digests(root)
    changed = {name for name in after if before.get(name) != after[name]}
    assert not set(before) - set(after), "files the desk removed"
    assert changed == DESK_WRITES, (
        f"written besides the desk's saves: {sorted(changed - DESK_WRITES)}; not written: {sorted(DESK_WRITES - changed)}"
    )
    staff_text = (root / "records/staff.yaml").read_text(encoding="utf-8")
    assert all(name in staff_text for name, _ in STAFF)
    assert not gaps, "the desk could not finish the walk:\n" + "\n".join(gaps)
