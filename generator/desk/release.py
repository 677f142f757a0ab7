"""The Approve and release page: what waits for approval, and one action that releases the
policies' changed words (a new release; an existing one is never rewritten) and records the
approval of every ticked document, by a chosen role, on a chosen day.

The work itself is the commands' own (`handbook release`, `handbook approve`), so the desk
refuses what they refuse, in their words."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from generator.commands.approve import approve
from generator.commands.release import make_release
from generator.core.project import Project
from generator.features.approvals.approvals import states

from .dates import NotADate, read_date


@dataclass
class Draft:
    id: str  # policy/confidentiality
    title: str
    kind: str
    fingerprint: str  # the words the page showed: a ticked document whose words changed since is refused
    status: str  # never approved, or changed since approved on D
    unreleased: bool  # a policy whose words are not in a release yet: released first


def drafts_of(handbook) -> list[Draft]:
    found = []
    for doc_id, state in states(handbook).items():
        if state.approved:
            continue
        doc = state.document
        status = "never approved" if state.latest is None else f"changed since it was approved on {state.latest.date.strftime('%d/%m/%Y')}"
        unreleased = doc.kind == "policy" and doc.version is None
        found.append(Draft(doc_id, doc.title, doc.kind, doc.fingerprint, status, unreleased))
    return found


def read_choice(form: Mapping[str, Any], getlist, drafts: list[Draft], roles: Mapping[str, str], today: dt.date) -> tuple[dict[str, Any], dict[str, str]]:
    """The ticked documents, the role and the day, and the errors beside the fields."""
    errors: dict[str, str] = {}
    by_id = {d.id: d for d in drafts}
    ticked = [d for d in getlist("document") if d]
    by = (form.get("by") or "").strip()
    day_text = (form.get("date") or "").strip()
    choice: dict[str, Any] = {"documents": ticked, "by": by, "date": day_text}
    if not ticked:
        errors["document"] = "Tick at least one document to approve."
    else:
        gone = [d for d in ticked if d not in by_id]
        changed = [d for d in ticked if d in by_id and form.get(f"fp.{d}") != by_id[d].fingerprint]
        if gone:
            errors["document"] = f"{gone[0]} is no longer waiting for approval (approved meanwhile, or removed): reload the page."
        elif changed:
            errors["document"] = (f"{changed[0]} was changed after this page was opened, so it was not approved: "
                                  "reload the page and read it again.")
    if by not in roles:
        errors["by"] = "Choose the role that approved them."
    if not day_text:
        errors["date"] = "Give the day they were approved."
    else:
        try:
            day = read_date(day_text)
        except NotADate as exc:
            errors["date"] = str(exc) + "."
        else:
            if day > today:
                errors["date"] = f"{day.strftime('%d/%m/%Y')} is after today: an approval is recorded on or after the day it was given."
            choice["day"] = day
    return choice, errors


def release_and_approve(project: Project, choice: Mapping[str, Any], drafts: list[Draft]) -> tuple[bool, list[str]]:
    """Release the ticked policies' new words if they need it, then approve each ticked
    document.  What the commands said, line by line, and whether all of it was done."""
    out = io.StringIO()
    ok = True
    by_id = {d.id: d for d in drafts}
    day: dt.date = choice["day"]
    with contextlib.redirect_stderr(out):  # the commands' findings and messages, for the page
        if any(by_id[d].unreleased for d in choice["documents"]):
            ok = make_release(project, day, None, stream=out) == 0
        if ok:
            for document in choice["documents"]:
                ok = approve(project, document, choice["by"], day.isoformat(), stream=out) == 0 and ok
    wanted = ("wrote ", "approved ", "release refused", "approve refused", "release ", "  ")
    return ok, [line for line in out.getvalue().splitlines() if line.startswith(wanted) or "already approved" in line]


def summary(drafts: list[Draft]) -> Optional[str]:
    unreleased = [d for d in drafts if d.unreleased]
    if not unreleased:
        return None
    return (f"{len(unreleased)} of these {'is a policy' if len(unreleased) == 1 else 'are policies'} whose words are not in a "
            "release yet: approving releases them first (a new release; earlier ones are never changed).")
