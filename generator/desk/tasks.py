"""The To do page's content: every finding of `handbook check`, grouped into tasks in plain words.

A task gathers the findings one form (or one piece of work) answers: "Complete our setting's
details" for setting.yaml's, "Approve what changed" for every draft.  Each item keeps the
finding's own words (they are written for people), less the prefixes that are for `check`'s
listing, and links to the field that fixes it where the desk has a form for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from generator.core.findings import Finding
from generator.features.approvals.codes import DRAFT

LEVELS = {"error": 0, "warning": 1, "note": 2}
# What `check` adds for its own listing, not needed on a page that is already about the task.
_PREFIXES = ("to be completed: ", "draft: ")
_SUFFIX = re.compile(r" \(an output prints \"To be completed\" for it\)$")


@dataclass
class Item:
    text: str
    level: str
    where: str  # file:line, for someone who also keeps the files in git
    link: str | None = None  # the form and field that fixes it


@dataclass
class Task:
    key: str  # the anchor of the task on the page
    title: str
    link: str | None  # the page that fixes it; None: no form for it yet
    how: str  # one line on what to do
    items: list[Item] = field(default_factory=list)

    @property
    def level(self) -> str:
        return min((i.level for i in self.items), key=LEVELS.__getitem__)

    @property
    def counts(self) -> dict[str, int]:
        return {level: sum(i.level == level for i in self.items) for level in LEVELS}


def plain(message: str) -> str:
    """A finding's message as a line on the page."""
    for prefix in _PREFIXES:
        if message.startswith(prefix):
            message = message[len(prefix) :]
    message = _SUFFIX.sub("", message)
    return message[:1].upper() + message[1:]


def _task_of(finding: Finding, titles: dict[str, str]) -> tuple[str, str, str | None, str]:
    """(key, title, link, how) of the task a finding belongs to."""
    path = PurePosixPath(finding.location.file)
    name, parts = path.name, path.parts
    if finding.code == DRAFT.name:  # by its code: a finding is never recognised by its words
        return (
            "approve",
            "Approve what changed",
            "/approve",
            "Each of these is new or has changed since it was last approved: read it, then approve it.",
        )
    if name == "setting.yaml":
        return (
            "setting",
            "Complete our setting's details",
            "/setting",
            "Fill in the facts the handbook and the parent notice print.",
        )
    if "records" in parts[:-1] or "private" in parts[:-1]:
        return ("people", "Keep the staff list up to date", "/people", "Starters, leavers and their roles.")
    if name == "roles.yaml":
        return ("roles", "Name the roles", "/people#roles", "The job titles the handbook uses.")
    if "notices" in parts[:-1]:
        return (
            "notice",
            "Complete the parent notice",
            "/notice",
            "What the notice must tell parents about their data: its parts, reasons and lawful bases.",
        )
    if "policies" in parts[:-1]:
        title = titles.get(path.stem, path.stem.replace("-", " "))
        return (
            f"policy-{path.stem}",
            f"Review the policy “{title}”",
            f"/policies/{path.stem}",
            "Who may read each statement, who must sign it, and the notes on its words.",
        )
    if name == "register.yaml":
        return (
            "register",
            "Complete the register of policies",
            "/register",
            "How often each document is reviewed, and who owns it.",
        )
    if parts[:1] == ("docs",) and name.endswith(".md"):
        return (
            "pages",
            "Complete the handbook's own pages",
            "/pages",
            "The places where the site's own pages (its accessibility statement) wait for the setting's words.",
        )
    if name == "retention.yaml":
        return (
            "retention",
            "Complete how long records are kept",
            "/retention",
            "Where each kind of record is kept, for how long, and what happens after.",
        )
    known = {
        "training": ("training", "Plan the training", "The dates and places of the training sessions."),
        "approvals.yaml": ("approvals", "Check the approvals", "The record of who approved which document."),
        "publication-scheme.yaml": (
            "publication",
            "Complete the publication scheme",
            "What the setting publishes, and how to get it.",
        ),
        "build": (
            "printed",
            "Facts the documents still print as “to be completed”",
            "Build, and look for “To be completed” in the outputs.",
        ),
    }
    for part in (name, *parts[:-1]):
        if part in known:
            key, title, how = known[part]
            return key, title, None, how
    return (f"file-{path.stem}", f"Look at {path.as_posix()}", None, "What the handbook's checks found in this file.")


def group(
    findings: Iterable[Finding],
    titles: dict[str, str] | None = None,
    field_link: Callable[[Finding], str | None] | None = None,
) -> list[Task]:
    """The tasks, the most serious first (errors, then warnings, then notes), each with its
    findings in file order.  `titles`: policy ids to titles; `field_link`: the form field that
    answers a finding, when there is one."""
    tasks: dict[str, Task] = {}
    for finding in sorted(set(findings)):
        key, title, link, how = _task_of(finding, titles or {})
        task = tasks.setdefault(key, Task(key, title, link, how))
        item_link = field_link(finding) if field_link else None
        task.items.append(
            Item(
                plain(finding.message),
                finding.level,
                f"{finding.location.file}:{finding.location.line}",
                item_link or None,
            )
        )
    # Within a level, what the desk has a form for comes first: it can be done here and now.
    return sorted(tasks.values(), key=lambda t: (LEVELS[t.level], t.link is None, -len(t.items), t.title))
