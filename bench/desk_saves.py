"""The desk's form saves, timed in-process (issue 29: a save answers within 300 ms on
Homerton's data and at `make bench` scale).

Each save is what a browser sends: the page is fetched, its form read back as the browser
would submit it (every field with its value, the ticked boxes), one answer changed, and the
form posted; the time is the POST's, from the request to the desk's answer (the redirect to
the saved page), through Starlette's TestClient, with no browser and no network.  The saves
are real: each changes the file, through the line editor, the strict check and the atomic
write, as a person's would.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import time
from html.parser import HTMLParser
from pathlib import Path

TOKEN = "bench-token"
PORT = 8765
TARGET_MS = 300
FORMS = ("Our setting", "policy page: a statement ticked", "People: a starter added")


class FormReader(HTMLParser):
    """The fields of the form posted to `action`, as a browser submits it: (name, value)
    pairs, ticked boxes only, a select's selected option."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None
        self.chosen: str | None = None
        self.first_option: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") != "file":
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select, self.chosen, self.first_option = a.get("name"), None, None
        elif tag == "option" and self.select is not None:
            if self.first_option is None:
                self.first_option = a.get("value", "")
            if "selected" in a:
                self.chosen = a.get("value", "")
        elif tag == "textarea":
            self.textarea, self.text = a.get("name"), ""

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            value = self.chosen if self.chosen is not None else self.first_option
            if self.select and value is not None:
                self.fields.append((self.select, value))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def form_of(page: str, action: str) -> list[tuple[str, str]]:
    reader = FormReader(action)
    reader.feed(page)
    return reader.fields


def client_for(root: Path, as_of: str):
    from starlette.testclient import TestClient

    from generator.core.project import Project
    from generator.desk.app import make_app

    project = Project.at(root, as_of=dt.date.fromisoformat(as_of))
    client = TestClient(
        make_app(project, token=TOKEN, port=PORT), base_url=f"http://127.0.0.1:{PORT}", follow_redirects=False
    )
    client.get(f"/todo?token={TOKEN}")  # the first address's token becomes the cookie
    return client


def timed_post(client, action: str, fields: list[tuple[str, str]]) -> float:
    start = time.perf_counter()
    answer = client.post(action, data=_as_data(fields))
    seconds = time.perf_counter() - start
    if answer.status_code != 303:
        raise RuntimeError(f"bench: the desk refused a save to {action} ({answer.status_code}): {answer.text[:2000]}")
    return seconds


def _as_data(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def setting_save(client, n: int) -> float:
    fields = [(k, v) for k, v in form_of(client.get("/setting").text, "/setting") if k != "phone"]
    return timed_post(client, "/setting", [*fields, ("phone", f"01223 {100000 + n}")])


def policy_tick(client, policy_id: str, n: int) -> float:
    """Tick (or untick, every other save) "public" for the policy's first statement."""
    action = f"/policies/{policy_id}"
    fields = form_of(client.get(action).text, action)
    audience = next(name for name, _ in fields if name.endswith(".audience"))
    fields = [(k, v) for k, v in fields if not (k == audience and v == "public")]
    if n % 2 == 0:
        fields.append((audience, "public"))
    return timed_post(client, action, fields)


def people_add(client, n: int) -> float:
    page = client.get("/people").text
    fields = dict(form_of(page, "/people/starter"))
    role = re.search(r'name="roles" value="([^"]+)"', page)
    data = [
        ("csrf", fields["csrf"]),
        ("version", fields["version"]),
        ("name", f"Bench Starter {n:04d}"),
        ("roles", role.group(1) if role else ""),
        ("start_date", "01/09/2025"),
    ]
    return timed_post(client, "/people/starter", data)


def save_times(root: Path, policy_id: str, saves: int, as_of: str) -> dict[str, list[float]]:
    """Seconds each of `saves` saves of each form took, by form (FORMS)."""
    client = client_for(root, as_of)
    setting_save(client, -1)  # the first request of a process pays for imports and templates
    return {
        FORMS[0]: [setting_save(client, n) for n in range(saves)],
        FORMS[1]: [policy_tick(client, policy_id, n) for n in range(saves)],
        FORMS[2]: [people_add(client, n) for n in range(saves)],
    }


def report(label: str, times: dict[str, list[float]]) -> dict[str, float]:
    """Print the medians against the target; return {form: median ms}."""
    medians = {form: 1000 * statistics.median(seconds) for form, seconds in times.items()}
    print(f"  desk form saves, {label} (median of {len(next(iter(times.values())))} each; target <= {TARGET_MS} ms):")
    for form, ms in medians.items():
        worst = 1000 * max(times[form])
        verdict = "" if ms <= TARGET_MS else "  OVER THE TARGET"
        print(f"    {form:<36}{ms:>8.0f} ms  (slowest {worst:.0f} ms){verdict}")
    return medians
