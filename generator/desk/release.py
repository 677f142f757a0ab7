"""The Approve and release page: what waits for approval, and one action that releases the
policies' changed words (a new release; an existing one is never rewritten) and records the
approval of every ticked document, by a chosen role, on a chosen day.

The work itself is the commands' own (`handbook release`, `handbook approve`), so the desk
refuses what they refuse, in their words."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.commands.approve import approve
from generator.commands.release import make_release
from generator.core.project import Project
from generator.features.approvals.approvals import states

from .dates import read_date_field


@dataclass
class Draft:
    id: str  # policy/confidentiality
    title: str
    kind: str
    fingerprint: str  # the words the page showed: a ticked document whose words changed since is refused
    status: str  # never approved, or changed since approved on D
    unreleased: bool  # a policy whose words are not in a release yet: released first
    unnumbered: bool = False  # a notice whose words have no version number of their own yet: numbered first


def drafts_of(handbook) -> list[Draft]:
    found = []
    for doc_id, state in states(handbook).items():
        if state.approved:
            continue
        doc = state.document
        status = (
            "never approved"
            if state.latest is None
            else f"changed since it was approved on {state.latest.date.strftime('%d/%m/%Y')}"
        )
        unreleased = doc.kind == "policy" and doc.version is None
        # a notice changed since its approved version needs a number of its own, as a new one does
        unnumbered = doc.kind == "notice" and (doc.version is None or state.latest is not None)
        found.append(Draft(doc_id, doc.title, doc.kind, doc.fingerprint, status, unreleased, unnumbered))
    return found


def read_choice(
    form: Mapping[str, Any], getlist, drafts: list[Draft], roles: Mapping[str, str], today: dt.date
) -> tuple[dict[str, Any], dict[str, str]]:
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
            errors["document"] = (
                f"{gone[0]} is no longer waiting for approval (approved meanwhile, or removed): reload the page."
            )
        elif changed:
            errors["document"] = (
                f"{changed[0]} was changed after this page was opened, so it was not approved: "
                "reload the page and read it again."
            )
    if by not in roles:
        errors["by"] = "Choose the role that approved them."
    day, problem = read_date_field(
        day_text, "Give the day they were approved.", today, "an approval is recorded on or after the day it was given."
    )
    if problem:
        errors["date"] = problem
    if day is not None:
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
            ok = number_notices(project, [by_id[d] for d in choice["documents"]], day, out)
        if ok:
            approved = []
            for document in choice["documents"]:
                if approve(project, document, choice["by"], day, stream=out) == 0:
                    approved.append(document)
                else:
                    ok = False
            ok = (
                record_reviews(project, [d.split("/", 1)[1] for d in approved if d.startswith("policy/")], day, out)
                and ok
            )
    wanted = (
        "wrote ",
        "approved ",
        "release refused",
        "approve refused",
        "release ",
        "  ",
        "reviewed ",
        "review dates ",
    )
    return ok, [line for line in out.getvalue().splitlines() if line.startswith(wanted) or "already approved" in line]


def number_notices(project: Project, ticked: list[Draft], day: dt.date, out) -> bool:
    """Give each ticked notice whose words wait for approval the version number its approval
    records, and the day it is issued: the number after the last one approved (1 for a first
    notice), so an approved notice's record is never rewritten.  (A policy is numbered by its
    release; a notice's number and date are in its own file.)  True when done or nothing to do."""
    from generator.pipeline.edits import kind_of

    from .saving import EditRefused, Stale, Target, read_current, save

    notices = [d for d in ticked if d.kind == "notice" and d.unnumbered]
    if not notices:
        return True
    approvals_path = project.data_dir / "approvals.yaml"
    approvals_kind = kind_of("approvals.yaml")
    _, approvals = read_current(Target(approvals_path, project.shown(approvals_path), approvals_kind.model))
    for draft in notices:
        path = project.data_dir / "notices" / f"{draft.id.split('/', 1)[1]}.yaml"
        kind = kind_of(f"notices/{path.name}")
        target = Target(path, project.shown(path), kind.model, kind.file_check)
        numbers: list[int] = [
            a["version"]
            for a in approvals.get("approvals") or []
            if isinstance(a, dict) and a.get("document") == draft.id and isinstance(a.get("version"), int)
        ]
        number = max(numbers, default=0) + 1
        try:
            for key, value in (("version", str(number)), ("issued", day.isoformat())):
                version, _ = read_current(target)  # one key a pass, as review_edits
                save(target, version, lambda edits, key=key, value=value: edits.set_plain((key,), value))
        except (EditRefused, Stale, OSError) as exc:
            print(f"notice not numbered: {exc}", file=out)
            return False
        print(f"wrote {target.shown}: version {number}, issued {day.isoformat()}", file=out)
    return True


def record_reviews(project: Project, policy_ids: list[str], day: dt.date, out) -> bool:
    """Move the approved policies' review dates in register.yaml (saving.save: the line editor,
    checked, atomic).  True when done or nothing to do."""
    if not policy_ids:
        return True
    from generator.pipeline.edits import kind_of

    from .saving import EditRefused, Stale, Target, read_current, save

    path = project.data_dir / "register.yaml"
    if not path.is_file():
        return True  # a setting of a model repository: the register is the model's
    kind = kind_of("register.yaml")
    target = Target(path, project.shown(path), kind.model, kind.file_check)
    try:
        for key in REVIEW_KEYS:
            version, data = read_current(target)
            save(target, version, review_edits(data, policy_ids, day, key))
    except (EditRefused, Stale) as exc:
        print(f"review dates not moved: {exc}", file=out)
        return False
    print(f"reviewed {', '.join(policy_ids)} on {day.isoformat()}: review dates moved in {target.shown}", file=out)
    return True


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day: 31 August
    + 6 months is 28 or 29 February)."""
    import calendar

    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


REVIEW_KEYS = ("approved", "last_reviewed", "next_review")


def review_edits(register: Mapping[str, Any], policy_ids: list[str], day: dt.date, key: str):
    """The line edits that record one of REVIEW_KEYS in register.yaml for the policies reviewed
    and approved on `day`: approved and last_reviewed become the day, next_review the day plus
    the review cycle (left as it is when the register gives no cycle).  A later date already
    there stays.  (One key a pass: the line editor adds a missing key after the entry's id, and
    two keys added at one place would be two edits of the same lines.)"""

    def edits_of(edits) -> None:
        for n, entry in enumerate(register.get("documents") or []):
            if not isinstance(entry, dict) or entry.get("id") not in policy_ids:
                continue
            last = entry.get("last_reviewed")
            if last is not None and str(last) > day.isoformat():
                continue
            if key != "next_review":
                edits.set_plain(("documents", n, key), day.isoformat())
                continue
            cycle = entry.get("review_cycle_months")
            if isinstance(cycle, int) and not isinstance(cycle, bool):
                edits.set_plain(("documents", n, key), add_months(day, cycle).isoformat())

    return edits_of


def summary(drafts: list[Draft]) -> str | None:
    unreleased = [d for d in drafts if d.unreleased]
    if not unreleased:
        return None
    return (
        f"{len(unreleased)} of these {'is a policy' if len(unreleased) == 1 else 'are policies'} whose words are not in a "
        "release yet: approving releases them first (a new release; earlier ones are never changed)."
    )
