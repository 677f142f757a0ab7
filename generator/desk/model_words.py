"""The Model policies pages: a setting of a model repository (`handbook desk --setting ID`)
words the model's statements its own way, leaves some out, adds its own, and decides its
conflicts.

Every change is an edit of the setting's overrides.yaml made by the same functions the
commands use (features/settings/overriding.py; a conflict's decision by
commands/settings.record_decision, as `handbook resolve` records it), saved through the desk's
one saving path (saving.py: line editor, strict validation, atomic, refused when stale).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from generator.commands.settings import record_decision
from generator.core.datafiles import data_files
from generator.core.findings import DataError
from generator.core.load import load_yaml
from generator.core.project import Project
from generator.features.policies.setting_name import read_placeholders
from generator.features.settings.apply import LocalChange
from generator.features.settings.codes import CONFLICT, CONFLICT_REMOVED
from generator.features.settings.model import OVERRIDES_FILE, Overrides
from generator.features.settings.overriding import (
    OverrideRefused,
    add_our_own,
    checked_words,
    ids_in_use,
    leave_out,
    model_words_of,
    take_model_again,
    word_our_way,
)
from generator.pipeline.handbook import SOURCES, Handbook, load_handbook

from .form_page import save_or_show_again
from .policies import AUDIENCES, NO_ROLE, StatementRow, read_decisions
from .policies import edit as edit_decisions
from .saving import EditRefused, Stale, Target, save, version_of
from .tools import PageTools

PREFIX = re.compile(r"[A-Z][A-Z0-9]{0,9}")
# The findings this page answers (the To do page links them here): the conflicts `handbook resolve` decides.
DECIDED_THERE = frozenset({CONFLICT.name, CONFLICT_REMOVED.name})
ACTIONS = ("word", "leave", "model", "add", "keep-ours", "take-model", "new-words", "keep-after")


@dataclass
class Row:
    """A model statement as the page shows it, with the setting's choice for it."""

    id: str
    section: str  # the section's title
    section_id: str
    model_words: str  # the model's words, as this setting's handbook reads them
    state: str  # "model", "ours", "left out", "conflict"
    ours: str | None = None  # the setting's words
    reason: str | None = None  # why it is left out
    added_after: list[LocalChange] = field(default_factory=list)  # the setting's own statements after it


def overrides_target(project: Project) -> Target:
    path = project.data_dir / OVERRIDES_FILE
    kind = SOURCES["overrides"]
    return Target(path, project.shown(path), Overrides, kind.file_check)


def model_policies(project: Project) -> dict[str, dict[str, Any]]:
    """The model's policy files as written, by id (the file's name): only these can be opened."""
    assert project.model_dir is not None
    found = {}
    for path in data_files(project.model_dir / "policies", "*.yaml"):
        data = load_yaml(path, project.shown(path)).data
        if isinstance(data, dict):
            found[path.stem] = data
    return found


def rows_of(hb: Handbook, policy: dict[str, Any]) -> list[Row]:
    assert hb.adopted is not None
    changes = {(c.kind, c.id): c for c in hb.adopted.changes}
    roles = {r.id: r.name for r in hb.roles.values()}
    added = [c for c in hb.adopted.changes if c.kind == "added"]
    rows = []
    for section in policy.get("sections") or []:
        for statement in section.get("statements") or []:
            sid = str(statement.get("id"))
            words = read_placeholders(str(statement.get("text", "")).strip(), hb.setting.name, roles)
            replaced, removed = changes.get(("replaced", sid)), changes.get(("removed", sid))
            change = replaced or removed
            state = "model"
            if change is not None:
                state = "conflict" if change.conflict else ("ours" if replaced else "left out")
            rows.append(
                Row(
                    sid,
                    str(section.get("title", section.get("id"))),
                    str(section.get("id")),
                    words,
                    state,
                    ours=replaced.text if replaced else None,
                    reason=removed.reason if removed else None,
                    added_after=_following(sid, added),
                )
            )
        if rows and rows[-1].section_id == str(section.get("id")):  # the setting's own at the section's end
            title = rows[-1].section
            for own in (c for c in added if c.placed == f"{title}, at its end"):
                rows[-1].added_after.append(own)
    return rows


def _following(statement_id: str, added: list[LocalChange]) -> list[LocalChange]:
    """The setting's own statements placed after the model's `statement_id`."""
    return [own for own in added if own.placed and own.placed.endswith(f", after {statement_id}")]


def taken_ids(hb: Handbook, policies: dict[str, dict[str, Any]]) -> set[str]:
    """Every statement id in use: the model's (those left out too) and the setting's own."""
    assert hb.adopted is not None
    ids = ids_in_use(hb)
    for policy in policies.values():
        for section in policy.get("sections") or []:
            ids |= {str(s.get("id")) for s in section.get("statements") or []}
    return ids


def read_change(form, project: Project, hb: Handbook, policy_id: str, policies: dict[str, dict[str, Any]]):
    """The form as (statement id, edits_of, errors): the edit of overrides.yaml it asks for, or
    the errors to show beside its fields (keyed "ID.field")."""
    action = str(form.get("action", ""))
    sid = str(form.get("statement", ""))
    assert project.model_dir is not None
    rows = {r.id: r for r in rows_of(hb, policies[policy_id])}
    conflicts = {c.id: c for c in hb.adopted.conflicts} if hb.adopted else {}
    own_choice = action in ("word", "leave", "model", "add")
    if action not in ACTIONS or sid not in (rows if own_choice else conflicts | rows):
        raise HTTPException(400, "This form does not name one of the model's statements: open the page again.")
    errors: dict[str, str] = {}

    def words(name: str, what: str) -> str:
        typed = str(form.get(name, ""))
        if not typed.strip():
            errors[f"{sid}.{name}"] = f"Give {what}."
            return ""
        try:
            return checked_words(typed, "The text", what)
        except OverrideRefused as exc:
            errors[f"{sid}.{name}"] = f"{exc}."
            return ""

    raw = model_words_of(project.model_dir, sid)
    if action == "word":
        text = words("text", "the setting's words for the statement")
        return sid, (lambda e: word_our_way(e, sid, text, raw or "")), errors
    if action == "leave":
        reason = words("reason", "the reason the setting leaves it out (its handbook shows it)")
        return sid, (lambda e: leave_out(e, sid, reason, raw or "")), errors
    if action == "model":
        return sid, (lambda e: take_model_again(e, sid)), errors
    if action == "add":
        text = words("text", "the words of the setting's own statement")
        prefix = str(form.get("prefix", "")).strip() or None
        if prefix is not None and not PREFIX.fullmatch(prefix):
            errors[f"{sid}.prefix"] = "Use capital letters and digits, starting with a letter (like OAK): at most 10."
        elif prefix is None and _written_prefix(overrides_target(project)) is None:
            errors[f"{sid}.prefix"] = "Give the prefix of our own statements' ids (like OAK)."
        row = rows[sid]
        taken = taken_ids(hb, policies)
        return sid, (lambda e: add_our_own(e, prefix, taken, policy_id, row.section_id, sid, text)), errors
    # a conflict: the choices of `handbook resolve`
    new_words = words("text", "the setting's new words for the statement") if action == "new-words" else None
    after = str(form.get("after", "")) or None if action == "keep-after" else None
    if action == "keep-after" and after is None:
        errors[f"{sid}.after"] = "Choose the statement it follows."

    def decide(e):
        return record_decision(
            project, hb, e, sid, action in ("keep-ours", "keep-after"), action == "take-model", new_words, after
        )

    return sid, decide, errors


def model_pages(tools: PageTools) -> tuple[Callable[[Request], Awaitable[Response]], ...]:
    """The Model policies page (the model's policies and the conflicts to decide) and a policy's."""

    async def index(request: Request) -> Response:
        project: Project = request.app.state.project
        if not project.setting or project.model_dir is None:
            return tools.render(request, "model.html", setting=None, settings=project.settings())
        hb, _ = await run_in_threadpool(load_handbook, project)
        policies = model_policies(project)
        counts = {pid: _counts(rows_of(hb, data)) for pid, data in policies.items()}
        return tools.render(
            request,
            "model.html",
            setting=project.setting,
            policies=[(pid, data.get("title", pid), counts[pid]) for pid, data in policies.items()],
            conflicts=[(c, _policy_of(c, policies)) for c in (hb.adopted.conflicts if hb.adopted else [])],
        )

    async def policy_page(request: Request) -> Response:
        project: Project = request.app.state.project
        form = await tools.read_form(request) if request.method == "POST" else None
        if not project.setting or project.model_dir is None:
            raise HTTPException(404)
        policies = model_policies(project)
        policy_id = request.path_params["policy"]
        if policy_id not in policies:
            raise HTTPException(404)
        target = overrides_target(project)
        hb, _ = await run_in_threadpool(load_handbook, project)  # a DataError: the desk's error page names the file
        context: dict[str, Any] = {
            "policy_id": policy_id,
            "title": policies[policy_id].get("title", policy_id),
            "shown": target.shown,
            "has_prefix": bool(_written_prefix(target)),
            "conflicts": {c.id: c for c in hb.adopted.conflicts} if hb.adopted else {},
            # conflicts over statements the model no longer has: shown on their policy's page
            "removed_by_model": [
                c
                for c in (hb.adopted.conflicts if hb.adopted else [])
                if c.model_text is None and c.policy_title == policies[policy_id].get("title")
            ],
            "all_ids": [s.id for p in hb.policies.values() for s in p.statements()],
        }
        roles = [(r.id, r.name) for r in hb.roles.values()]
        context |= {"audiences": AUDIENCES, "roles": roles, "no_role": NO_ROLE}
        own = own_rows(target, policy_id)
        if form is None:
            return tools.render(
                request,
                "model_policy.html",
                rows=rows_of(hb, policies[policy_id]),
                own=own,
                version=version_of(target.path),
                saved=request.query_params.get("saved"),
                errors={},
                typed={},
                **context,
            )
        if form.get("action") == "own":  # who reads and signs the setting's own statements
            return await _own_answers(request, tools, form, target, own, [r for r, _ in roles], hb, policies, context)
        sid, edits_of, errors = read_change(form, project, hb, policy_id, policies)
        problem = None
        if not errors:
            try:
                await run_in_threadpool(save, target, str(form.get("version", "")), edits_of)
                return RedirectResponse(f"/model/{policy_id}?saved={sid}#s-{sid}", status_code=303)
            except (Stale, EditRefused) as exc:
                problem = str(exc)
            except OverrideRefused as exc:
                errors[f"{sid}._form"] = f"{str(exc)[:1].upper()}{str(exc)[1:]}."
        return tools.render(
            request,
            "model_policy.html",
            status=409 if problem else 400,
            rows=rows_of(hb, policies[policy_id]),
            own=own,
            version=str(form.get("version", "")),
            problem=problem,
            errors=errors,
            open_form=(sid, str(form.get("action", ""))),
            typed={name: str(form.get(name, "")) for name in ("text", "reason", "prefix", "after")},
            **context,
        )

    return index, policy_page


async def _own_answers(request, tools: PageTools, form, target: Target, own, role_ids, hb, policies, context):
    """Save the tick boxes of the setting's own statements, as the Policies page saves a policy's."""
    policy_id = context["policy_id"]
    shown, changes, errors = read_decisions(form.getlist, own, role_ids)
    return await save_or_show_again(
        request,
        tools.render,
        "model_policy.html",
        target=target,
        form=form,
        edit=lambda e: edit_decisions(e, changes),
        refused=bool(errors),
        saved_to=f"/model/{policy_id}?saved=our+own+statements#own",
        wrong=[],  # the page lists no summary: each error is beside its tick boxes
        rows=rows_of(hb, policies[policy_id]),
        own=shown,
        errors={},
        typed={},
        **context,
    )


def own_rows(target: Target, policy_id: str) -> list[StatementRow]:
    """The setting's own statements in the policy (overrides.yaml's `add`), as the Policies
    page's tick boxes read them: who may read each, which roles must sign it."""
    try:
        data = load_yaml(target.path, target.shown).data
    except (DataError, OSError):
        return []
    rows = []
    for i, entry in enumerate((data.get("add") if isinstance(data, dict) else None) or []):
        if isinstance(entry, dict) and entry.get("policy") == policy_id:
            audience, roles = entry.get("audience"), entry.get("roles", [])
            rows.append(
                StatementRow(
                    ("add", i),
                    str(entry.get("id", "")),
                    str(entry.get("section", "")),
                    str(entry.get("text", "")),
                    [str(a) for a in audience] if isinstance(audience, list) else None,
                    [str(r) for r in roles] if isinstance(roles, list) else None,
                )
            )
    return rows


def _policy_of(change: LocalChange, policies: dict[str, dict[str, Any]]) -> str:
    """The model policy whose page shows the change (by its title: the model may have removed the statement)."""
    return next(
        (pid for pid, data in policies.items() if data.get("title") == change.policy_title), next(iter(policies))
    )


def _counts(rows: list[Row]) -> dict[str, int]:
    return {
        "ours": sum(r.state == "ours" for r in rows),
        "left out": sum(r.state == "left out" for r in rows),
        "conflict": sum(r.state == "conflict" for r in rows),
        "added": sum(len(r.added_after) for r in rows),
        "statements": len(rows),
    }


def _written_prefix(target: Target) -> str | None:
    try:
        data = load_yaml(target.path, target.shown).data
    except (DataError, OSError):
        return None
    prefix = data.get("prefix") if isinstance(data, dict) else None
    return prefix if isinstance(prefix, str) else None
