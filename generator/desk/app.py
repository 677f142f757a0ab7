"""The desk's web application: routes that read a form, call the plain functions that mean
something (tasks.py, setting_form.py, people.py, policies.py, importing.py, signatures.py,
release.py, saving.py) and render a template.  guard.py stands in front of all of it."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import re
import sys
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from generator.commands.check import findings_of
from generator.commands.common import load_checked
from generator.core.datafiles import PrivateFiles, data_files, is_private_source
from generator.core.findings import DataError, Finding
from generator.core.load import load_yaml
from generator.core.project import Project, every_private_folder
from generator.features.approvals.codes import DRAFT
from generator.features.importer import Refused, apply_update
from generator.features.policies.kinds import package_table
from generator.features.records.model import StaffFile
from generator.features.settings.model import OVERRIDES_FILE
from generator.pipeline.edits import kind_of

from . import (
    build_progress,
    importing,
    model_words,
    pages,
    people,
    policies,
    register,
    release,
    retention,
    setting_form,
    signatures,
)
from . import notice as notice_page
from .form_page import save_or_show_again
from .guard import TOO_LARGE, Guard, TooLarge, csrf_for, same
from .office import Office
from .saving import EditRefused, Stale, Target, in_passes, read_current, save
from .tasks import group
from .tools import PageTools

HERE = Path(__file__).parent
STATEMENT_ID = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b")
PAGES = [
    ("/todo", "To do"),
    ("/setting", "Our setting"),
    ("/people", "People"),
    ("/policies", "Policies"),
    ("/notice", "Parent notice"),
    ("/register", "Register"),
    ("/retention", "Keeping records"),
    ("/pages", "Pages"),
    ("/signatures", "Signatures"),
    ("/approve", "Approve and release"),
    ("/build", "Build"),
]
FORM_LIMITS = {"max_files": 0, "max_fields": 500, "max_part_size": 64 * 1024}
UPLOAD_LIMITS = {"max_files": 1, "max_fields": 20, "max_part_size": 64 * 1024}  # the file's own size: guard.MAX_UPLOAD

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True, default_for_string=True)
)


def errors_list(errors: dict[str, str], ids: dict[str, tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(field id, label, error) for a form's error summary, whose links lead to the fields."""
    return [(*ids[name], message) for name, message in errors.items() if name in ids]


templates.globals["errors_list"] = errors_list
templates.globals["word_pieces"] = importing.pieces


def uk_date(value: Any) -> str:
    """A date of the files (2026-09-01) as the forms take it (01/09/2026); anything else as it is."""
    text = "" if value is None else str(value)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    return f"{match.group(3)}/{match.group(2)}/{match.group(1)}" if match else text


templates.filters["uk_date"] = uk_date


def records_folder(project: Project) -> Path:
    return project.records_dir or project.default_records


def checked_project(project: Project) -> Project:
    """The project as the desk checks it: with its staff records, when it has any."""
    folder = records_folder(project)
    return dataclasses.replace(project, records_dir=folder) if folder.is_dir() else project


def targets(project: Project) -> dict[str, Target]:
    def data_target(name: str) -> Target:
        kind = kind_of(name)
        path = project.data_dir / name
        return Target(path, project.shown(path), kind.model, kind.file_check)

    staff = records_folder(project) / people.STAFF_FILE
    return {
        "setting": data_target("setting.yaml"),
        "roles": data_target("roles.yaml"),
        "register": data_target("register.yaml"),
        "retention": data_target("retention.yaml"),
        "staff": Target(staff, project.shown(staff), StaffFile, initial=people.NEW_STAFF_FILE),
    }


def setting_name(project: Project) -> str:
    """The setting's name for the page titles ("" while setting.yaml cannot be read)."""
    try:
        name = read_current(targets(project)["setting"])[1].get("name")
    except (DataError, OSError, UnicodeDecodeError):
        return ""
    return name if isinstance(name, str) else ""


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    page = templates.get_template(name).render(
        pages=PAGES + ([("/model", "Model policies")] if request.app.state.project.setting else []),
        here=request.url.path,
        csrf=request.app.state.csrf,
        setting_name=setting_name(request.app.state.project),
        office=request.app.state.office is not None,  # served to the office network: a "Sign out" button
        **context,
    )
    return HTMLResponse(page, status_code=status)


async def read_form(request: Request, limits: dict[str, int] = FORM_LIMITS):
    """The submitted form, once its CSRF token is checked (403 without it or with a wrong one)."""
    form = await request.form(**limits)
    token = form.get("csrf")
    if not isinstance(token, str) or not same(token, request.app.state.csrf):
        raise HTTPException(
            403, "This form is out of date or did not come from the desk: open the page again and resubmit."
        )
    return with_unix_line_ends(form)


def with_unix_line_ends(form: FormData) -> FormData:
    """The form with every text value's line ends as the data files write them.  Browsers send a
    textarea's lines ending in CR LF (the HTML standard asks them to); a lone CR is a control
    character the strict loader refuses, so a typed address would otherwise never save."""
    return FormData(
        [
            (name, value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value)
            for name, value in form.multi_items()
        ]
    )


def _kinds(project: Project):
    return package_table().kinds


# ---- To do -------------------------------------------------------------------------------------


def field_links(project: Project):
    """A function giving the form field that answers a finding in setting.yaml, if any."""
    target = targets(project)["setting"]
    try:
        loaded = load_yaml(target.path, target.shown)
    except (DataError, OSError):
        return lambda finding: None
    by_line: dict[int, tuple] = {}
    for path, (line, _column) in loaded.positions.items():
        if path and len(path) <= 2 and all(isinstance(p, str) for p in path):
            by_line.setdefault(line, path)
    names = {f.name for f in setting_form.fields(loaded.data if isinstance(loaded.data, dict) else {}, [])}

    policy_files = {t.shown: stem for stem, t in policy_targets(project).items()}

    notice_link = notice_page.field_link(project)
    # a setting of a model repository: its own statements and choices are in its overrides.yaml,
    # which the Model policies pages edit
    overrides = project.shown(project.data_dir / OVERRIDES_FILE) if project.setting else None

    def link(finding: Finding):
        if (to_notice := notice_link(finding)) is not None:
            return to_notice
        if finding.code == DRAFT.name:
            return "/approve"
        if finding.code in model_words.DECIDED_THERE:  # a conflict with the model: the Model policies page
            return "/model"
        if overrides is not None and finding.location.file == overrides:  # the setting's own words and choices
            return "/model"
        if finding.location.file in policy_files:  # a finding about one statement: its tick boxes and notes
            named = STATEMENT_ID.search(finding.message)
            stem = policy_files[finding.location.file]
            return f"/policies/{stem}#s-{named.group(0)}" if named else f"/policies/{stem}"
        if finding.location.file != target.shown:
            return None
        path = by_line.get(finding.location.line)
        name = ".".join(path) if path else None
        return f"/setting#field-{name.replace('.', '-').replace('_', '-')}" if name in names else "/setting"

    return link


async def todo(request: Request) -> Response:
    project = request.app.state.project

    def gather():
        handbook, report = findings_of(checked_project(project))
        titles = {p.id: p.title for p in handbook.policies.values()} if handbook else {}
        return group(report.findings, titles, field_links(project)), report

    tasks, report = await run_in_threadpool(gather)
    return render(request, "todo.html", tasks=tasks, summary=report.summary(), errors=len(report.errors))


# ---- Our setting -------------------------------------------------------------------------------


async def setting(request: Request) -> Response:
    project = request.app.state.project
    target = targets(project)["setting"]
    version, data = read_current(target)
    kinds = _kinds(project)
    if request.method == "GET":
        # a value the file holds that the data model refuses (written by hand, or by an older
        # version) is shown beside its field as soon as the page opens: a build's error links here
        fields = setting_form.fields(data, kinds)
        in_the_file = setting_form.file_errors(data)
        for field in fields:
            field.error, field.error_label = in_the_file.get(field.name), "In the file, to correct:"
        return render(
            request,
            "setting.html",
            fields=fields,
            version=version,
            groups=setting_form.GROUPS,
            saved="saved" in request.query_params,
            shown=target.shown,
            wrong=[(f.id, f.label, f.error) for f in fields if f.error],
            wrong_heading="Values in the file to correct",
        )
    form = await read_form(request)
    new, errors = setting_form.read_form(form, form.getlist, data, kinds)
    fields = setting_form.shown_again(setting_form.fields(data, kinds), new, errors)
    return await save_or_show_again(
        request,
        render,
        "setting.html",
        target=target,
        form=form,
        edit=lambda e: setting_form.edit(e, data, new),
        refused=bool(errors),
        saved_to="/setting?saved=1",
        wrong=[(f.id, f.label, f.error) for f in fields if f.error],
        fields=fields,
        groups=setting_form.GROUPS,
        shown=target.shown,
    )


# ---- People ------------------------------------------------------------------------------------


def _people_context(project: Project) -> dict[str, Any]:
    all_targets = targets(project)
    roles_version, roles_data = read_current(all_targets["roles"])
    staff_version, staff_data = read_current(all_targets["staff"])
    roles = [r for r in (roles_data.get("roles") or []) if isinstance(r, dict)]
    return {
        "roles": roles,
        "roles_version": roles_version,
        "holdable": {r["id"]: r.get("name", r["id"]) for r in roles if not r.get("group")},
        "titles": {r.get("id"): r.get("name", r.get("id")) for r in roles},
        "role_ids": {
            f"role.{r.get('id')}": (f"role-{r.get('id')}", f"Title of the role “{r.get('id')}”") for r in roles
        },
        "staff": people.staff_of(staff_data),
        "staff_version": staff_version,
        "staff_shown": all_targets["staff"].shown,
    }


async def people_page(request: Request) -> Response:
    context = _people_context(request.app.state.project)
    return render(
        request,
        "people.html",
        saved=request.query_params.get("saved"),
        starter={},
        leaver={},
        change={},
        errors={},
        **context,
    )


async def people_post(request: Request) -> Response:
    project = request.app.state.project
    which = request.path_params["which"]
    if which not in ("starter", "leaver", "roles", "change"):
        raise HTTPException(404)
    form = await read_form(request)
    context = _people_context(project)
    all_targets = targets(project)
    starter: dict[str, Any] = {}
    leaver: dict[str, Any] = {}
    titles = None
    if which == "starter":
        starter, errors = people.read_starter(form, form.getlist, context["staff"], context["holdable"])
        target, change_of = all_targets["staff"], (lambda e: people.add_starter(e, starter))
    elif which == "leaver":
        leaver, errors = people.read_leaver(form, context["staff"])
        target, change_of = all_targets["staff"], (lambda e: people.record_leaver(e, leaver))
    elif which == "change":
        change, errors = people.read_role_change(form, form.getlist, context["staff"], context["holdable"])
        target, change_of = all_targets["staff"], (lambda e: people.change_roles(e, change))
    else:
        titles, errors = people.read_role_titles(form, context["roles"])
        target, change_of = all_targets["roles"], (lambda e: people.rename_roles(e, titles))
    problem = None
    if not errors:
        try:
            await run_in_threadpool(save, target, form.get("version", ""), change_of)
            return RedirectResponse(f"/people?saved={which}#{which}", status_code=303)
        except (Stale, EditRefused) as exc:
            problem = str(exc)
    if which == "roles":  # the titles as typed
        context["roles"] = [{**r, "name": form.get(f"role.{r.get('id')}", r.get("name"))} for r in context["roles"]]
    return render(
        request,
        "people.html",
        status=409 if problem else 400,
        form=which,
        problem=problem,
        errors=errors,
        starter={
            **starter,
            "start_date": form.get("start_date", ""),
            "roles": form.getlist("roles"),
            "name": form.get("name", ""),
        }
        if which == "starter"
        else {},
        leaver={"staff": form.get("staff", ""), "leave_date": form.get("leave_date", "")} if which == "leaver" else {},
        change={"staff": form.get("staff", ""), "roles": form.getlist("roles")} if which == "change" else {},
        posted_version=form.get("version", ""),
        **context,
    )


# ---- Policies ----------------------------------------------------------------------------------


def policy_targets(project: Project) -> dict[str, Target]:
    """The policy files, by id (their file name): only these may be opened, whatever the address says."""
    folder = project.data_dir / "policies"
    kind = kind_of("policies/x.yaml")
    found = data_files(folder, "*.yaml") if folder.is_dir() else []
    return {p.stem: Target(p, project.shown(p), kind.model, kind.file_check) for p in found}


def _role_choices(project: Project) -> list[tuple[str, str]]:
    _, data = read_current(targets(project)["roles"])
    return [
        (str(r["id"]), str(r.get("name", r["id"])))
        for r in data.get("roles") or []
        if isinstance(r, dict) and "id" in r
    ]


async def policies_list(request: Request, status: int = 200, **extra: Any) -> Response:
    rows = []
    for policy_id, target in policy_targets(request.app.state.project).items():
        _, data = read_current(target)
        statements = policies.statements_of(data)
        rows.append(
            {
                "id": policy_id,
                "title": data.get("title", policy_id),
                "statements": len(statements),
                "to_review": policies.to_review(statements),
            }
        )
    context: dict[str, Any] = {"asked": None, "errors": {}, "cancelled": "cancelled" in request.query_params, **extra}
    return render(request, "policies.html", status=status, rows=rows, accept=",".join(importing.READABLE), **context)


async def policy_page(request: Request, status: int = 200, **extra: Any) -> Response:
    project = request.app.state.project
    target = policy_targets(project).get(request.path_params["policy"])
    if target is None:
        raise HTTPException(404)
    version, data = read_current(target)
    rows = policies.statements_of(data)
    roles = _role_choices(project)
    context = {
        "policy_id": target.path.stem,
        "title": data.get("title", target.path.stem),
        "roles": roles,
        "audiences": policies.AUDIENCES,
        "no_role": policies.NO_ROLE,
        "shown": target.shown,
    }
    if request.method == "GET" or extra:
        query = request.query_params
        return render(
            request,
            "policy.html",
            status=status,
            rows=rows,
            version=version,
            saved="saved" in query,
            to_review=policies.to_review(rows),
            news=_policy_news(request, target.path.stem),
            unlisted=_imported(request, target.path.stem)[0],
            register=_imported(request, target.path.stem)[1],
            **context,
            **extra,
        )
    form = await read_form(request)
    shown, changes, errors = policies.read_decisions(form.getlist, rows, [r for r, _ in roles])
    return await save_or_show_again(
        request,
        render,
        "policy.html",
        target=target,
        form=form,
        edit=lambda e: policies.edit(e, changes),
        refused=bool(errors),
        saved_to=f"/policies/{target.path.stem}?saved=1",
        wrong=[
            (f"s-{r.id}-{name}", f"{r.id}, {'who may read it' if name == 'audience' else 'who must sign it'}", message)
            for r in shown
            for name, message in r.errors.items()
        ],
        rows=shown,
        to_review=policies.to_review(shown),
        **context,
    )


# ---- Register ----------------------------------------------------------------------------------


async def register_page(request: Request) -> Response:
    form = await read_form(request) if request.method == "POST" else None  # refused first, before anything is read
    project = request.app.state.project
    target = targets(project)["register"]
    version, data = read_current(target)
    rows = register.rows_of(data)
    roles = dict(_role_choices(project))
    context: dict[str, Any] = {"roles": roles, "shown": target.shown}
    if form is None:
        return render(
            request, "register.html", rows=rows, version=version, saved="saved" in request.query_params, **context
        )
    shown, changes, wrong = register.read_rows(form.get, rows, roles)
    # one key a pass (register.edits_of), all written in one save: every change or none
    passes = [register.edits_of(changes[key], key) for key in register.FIELDS if changes[key]]
    labels = {"owner": "owner", "review_cycle_months": "months between reviews", "next_review": "next review"}
    return await save_or_show_again(
        request,
        render,
        "register.html",
        target=target,
        form=form,
        edit=in_passes(*passes) if passes else None,
        refused=wrong,
        saved_to="/register?saved=1",
        wrong=[
            (f"doc-{r.id}-{key}", f"{r.title}, {labels[key]}", message)
            for r in shown
            for key, message in r.errors.items()
        ],
        rows=shown,
        **context,
    )


# ---- Records: the retention schedule -------------------------------------------------------------


async def retention_page(request: Request) -> Response:
    form = await read_form(request) if request.method == "POST" else None  # refused first, before anything is read
    project = request.app.state.project
    target = targets(project)["retention"]
    version, data = read_current(target)
    rows = retention.rows_of(data)
    context: dict[str, Any] = {"fields": retention.FIELDS, "actions": retention.ACTIONS, "shown": target.shown}
    if form is None:
        return render(
            request, "retention.html", rows=rows, version=version, saved="saved" in request.query_params, **context
        )
    shown, changes, wrong = retention.read_rows(form.get, rows)
    # one key a pass (retention.edits_of), all written in one save: every change or none
    passes = [retention.edits_of(changes, key) for key in retention.KEYS if any(k == key for _, k, _ in changes)]
    labels = {key: label for key, label, _ in retention.FIELDS}
    return await save_or_show_again(
        request,
        render,
        "retention.html",
        target=target,
        form=form,
        edit=in_passes(*passes) if passes else None,
        refused=wrong,
        saved_to="/retention?saved=1",
        wrong=[
            (f"rec-{r.id}-{key}", f"{r.record}, {labels[key].lower()}", message)
            for r in shown
            for key, message in r.errors.items()
        ],
        rows=shown,
        **context,
    )


# ---- Pages: the site's hand-written pages --------------------------------------------------------


async def pages_page(request: Request) -> Response:
    form = await read_form(request) if request.method == "POST" else None  # refused first, before anything is read
    root = request.app.state.project.root
    found = await run_in_threadpool(pages.pages_of, root)
    if form is None:
        return render(request, "pages.html", site_pages=found, saved="saved" in request.query_params)
    wrong = pages.read_answers(form.get, found)
    problem = None
    if not wrong:
        versions = {p.relative: str(form.get(f"version.{p.relative}", "")) for p in found}
        try:
            await run_in_threadpool(pages.save_answers, root, found, versions)
            return RedirectResponse("/pages?saved=1", status_code=303)
        except pages.Changed as exc:
            problem = str(exc)
    return render(
        request,
        "pages.html",
        status=409 if problem else 400,
        site_pages=found,
        problem=problem,
        versions={p.relative: form.get(f"version.{p.relative}", "") for p in found},
        wrong=[
            (f"place-{i}-{q.number}", f"{p.relative}, place {q.number}", q.error)
            for i, p in enumerate(found)
            for q in p.places
            if q.error
        ],
    )


# ---- Policies: a document imported by upload; a policy revised in Word ------------------------


def is_upload(path: str) -> bool:
    """The addresses a document is posted to (the guard lets them be larger: guard.MAX_UPLOAD)."""
    return path in ("/import", "/signatures/csv") or re.fullmatch(r"/policies/[^/]+/revision", path) is not None


async def read_upload(request: Request):
    """The form with its one file, once its CSRF token is checked: (form, file name, bytes)."""
    form = await read_form(request, UPLOAD_LIMITS)
    file = form.get("file")
    if isinstance(file, UploadFile):
        return form, file.filename or "", await file.read()
    return form, "", b""


def _imported(request: Request, policy_id: str) -> tuple[str | None, list[str]]:
    """After an import (the address says so): why the register could not list the policy (None:
    it does) and the register.yaml lines to offer (importing.register_lines)."""
    if "imported" not in request.query_params:
        return None, []
    unlisted, lines = request.app.state.last_import.get(policy_id, (None, []))
    return unlisted, lines


def _policy_news(request: Request, policy_id: str) -> list[str]:
    """What the policy page says after an import or a revision (the address says which)."""
    query = request.query_params
    if "imported" in query:
        unlisted = _imported(request, policy_id)[0]
        if unlisted:
            return [
                f"Saved as a new policy, but not listed in the register: {unlisted}. The policy is not in the "
                "handbook until register.yaml lists it. Its statements wait for your answers below."
            ]
        return ["Saved as a new policy, and listed in the register. Its statements wait for your answers below."]
    if "revised" in query:
        return ["The changes were written. New statements wait for your answers below."]
    if "unchanged" in query:
        return ["The revised document has the same words as the policy: nothing was changed."]
    if "cancelled" in query:
        return ["The revision was discarded: nothing was changed."]
    return []


IMPORT_FIELDS = {
    "file": ("import-file", "The document"),
    "id": ("import-id", "The new policy's id"),
    "title": ("import-title", "Its title"),
    "prefix": ("import-prefix", "Prefix of its statement ids"),
}


async def import_post(request: Request) -> Response:
    form, filename, data = await read_upload(request)
    asked, errors = importing.read_import_fields(
        str(form.get("id") or ""), str(form.get("title") or ""), str(form.get("prefix") or "")
    )
    try:
        upload = importing.check_upload(filename, data)
    except importing.Wrong as exc:
        errors = {exc.field: str(exc), **errors}
    if not errors:
        try:
            pending = await run_in_threadpool(importing.read_import, request.app.state.project, upload, asked)
        except importing.Wrong as exc:
            errors[exc.field] = str(exc)
        else:
            return RedirectResponse(f"/import/{request.app.state.drafts.put(pending)}", status_code=303)
    return await policies_list(
        request, status=400, asked=asked, errors=errors, wrong=errors_list(errors, IMPORT_FIELDS)
    )


def no_longer_kept(request: Request, what: str, back: str) -> Response:
    return render(
        request,
        "error.html",
        status=404,
        title="No longer kept",
        words=f"This {what} is no longer kept (the desk keeps the last few until it is stopped), and nothing "
        f"was saved from it. Upload the document again from {back}.",
    )


async def import_draft(request: Request) -> Response:
    form = await read_form(request) if request.method == "POST" else None  # refused first, before anything is read
    drafts: importing.Shelf[importing.PendingImport] = request.app.state.drafts
    key = request.path_params["key"]
    if form is None:
        pending = drafts.get(key)
        if pending is None:
            return no_longer_kept(request, "draft", "the Policies page")
        return render(request, "draft.html", key=key, pending=pending, draft=pending.draft.draft)
    async with request.app.state.answering:  # one answer at a time: a double click saves once
        return await _answer_draft(request, drafts, key, form.get("action"))


async def _answer_draft(request: Request, drafts, key: str, action) -> Response:
    project = request.app.state.project
    if (where := drafts.answered_at(key)) is not None:
        return RedirectResponse(where, status_code=303)
    pending = drafts.get(key)
    if pending is None:
        return no_longer_kept(request, "draft", "the Policies page")
    if action == "cancel":
        drafts.answered(key, "/policies?cancelled=1")
        return RedirectResponse("/policies?cancelled=1", status_code=303)
    try:
        unlisted = await run_in_threadpool(importing.save_import, project, pending)
    except importing.FolderChanged as exc:
        drafts.drop(key)
        try:  # the person's upload is kept: read again against the folder as it is now
            again = await run_in_threadpool(importing.read_import, project, pending.upload, pending.asked)
        except importing.Wrong as wrong:
            errors = {wrong.field: str(wrong)}
            return await policies_list(
                request,
                status=409,
                asked=pending.asked,
                errors=errors,
                problem=str(exc),
                wrong=errors_list(errors, IMPORT_FIELDS),
            )
        problem = (
            f"{exc} The document was read again against the folder as it is now: check the draft below, then save it."
        )
        return render(
            request,
            "draft.html",
            status=409,
            key=drafts.put(again),
            pending=again,
            draft=again.draft.draft,
            problem=problem,
        )
    except Refused as exc:
        return render(
            request, "draft.html", status=409, key=key, pending=pending, draft=pending.draft.draft, problem=str(exc)
        )
    where = f"/policies/{pending.asked.policy_id}?imported=1"
    drafts.answered(key, where)
    request.app.state.last_import[pending.asked.policy_id] = (
        unlisted,
        importing.register_lines(pending.draft, unlisted),
    )
    return RedirectResponse(where, status_code=303)


async def word_copy(request: Request) -> Response:
    project = request.app.state.project
    target = policy_targets(project).get(request.path_params["policy"])
    if target is None:
        raise HTTPException(404)
    try:
        data = await run_in_threadpool(importing.word_copy, project, target.path.stem)
    except importing.Wrong as exc:
        return await policy_page(request, status=409, word_error=str(exc))
    name = importing.safe_name(f"{target.path.stem}.docx")
    return Response(
        data, media_type=importing.DOCX_TYPE, headers={"content-disposition": f'attachment; filename="{name}"'}
    )


async def revision_post(request: Request) -> Response:
    form, filename, data = await read_upload(request)
    project = request.app.state.project
    target = policy_targets(project).get(request.path_params["policy"])
    if target is None:
        raise HTTPException(404)
    try:
        upload = importing.check_upload(filename, data, (importing.WORD,))
        pending = await run_in_threadpool(importing.plan_revision, project, target.path.stem, upload)
    except importing.Wrong as exc:
        return await policy_page(request, status=400, word_error=str(exc))
    key = request.app.state.revisions.put(pending)
    return RedirectResponse(f"/policies/{target.path.stem}/revision/{key}", status_code=303)


async def revision_plan(request: Request) -> Response:
    form = await read_form(request) if request.method == "POST" else None  # refused first, before anything is read
    revisions: importing.Shelf[importing.PendingRevision] = request.app.state.revisions
    key, policy_id = request.path_params["key"], request.path_params["policy"]
    if form is None:
        pending = revisions.get(key)
        if pending is None or pending.policy_id != policy_id:
            return no_longer_kept(request, "revision", "the policy's page")
        return render(
            request,
            "revision.html",
            key=key,
            plan=pending.plan,
            upload=pending.upload,
            title=_policy_title(request.app.state.project, policy_id),
        )
    async with request.app.state.answering:  # one answer at a time: a double click writes once
        return await _answer_revision(request, revisions, key, policy_id, form.get("action"))


async def _answer_revision(request: Request, revisions, key: str, policy_id: str, action) -> Response:
    project = request.app.state.project
    if (where := revisions.answered_at(key)) is not None:
        return RedirectResponse(where, status_code=303)
    pending = revisions.get(key)
    if pending is None or pending.policy_id != policy_id:
        return no_longer_kept(request, "revision", "the policy's page")
    if action == "cancel":
        revisions.answered(key, f"/policies/{policy_id}?cancelled=1")
        return RedirectResponse(f"/policies/{policy_id}?cancelled=1", status_code=303)
    try:
        changed = await run_in_threadpool(apply_update, pending.plan)
    except Refused as exc:
        revisions.drop(key)
        try:  # the person's document is kept: compared again with the file as it is now
            again = await run_in_threadpool(importing.plan_revision, project, policy_id, pending.upload)
        except importing.Wrong as wrong:
            return await policy_page(request, status=409, word_error=f"{exc}. {wrong}")
        problem = (
            f"{plan_file_changed(exc)} The document was compared again with the file as it is now: check the "
            "changes below, then accept them."
        )
        return render(
            request,
            "revision.html",
            status=409,
            key=revisions.put(again),
            plan=again.plan,
            upload=again.upload,
            problem=problem,
            title=_policy_title(project, policy_id),
        )
    where = f"/policies/{policy_id}?{'revised' if changed else 'unchanged'}=1"
    revisions.answered(key, where)
    return RedirectResponse(where, status_code=303)


def _policy_title(project: Project, policy_id: str) -> str:
    target = policy_targets(project).get(policy_id)
    title = read_current(target)[1].get("title") if target else None
    return title if isinstance(title, str) else policy_id


def plan_file_changed(refused: Refused) -> str:
    """apply_update's refusal, without its advice for the command line ("import it again")."""
    return str(refused).removesuffix("; import it again") + "."


# ---- Signatures --------------------------------------------------------------------------------


async def signatures_page(request: Request) -> Response:
    form = await read_form(request) if request.method == "POST" else None  # refused first, before anything is read
    project = checked_project(request.app.state.project)
    if project.records_dir is None:
        return render(request, "signatures.html", grid=None, blocked=None, choice={}, errors={})
    handbook, report = await run_in_threadpool(load_checked, project, None, findings=io.StringIO(), warnings=False)
    if handbook is None or handbook.records is None:
        return render(request, "signatures.html", grid=None, blocked=report.summary(), choice={}, errors={})
    grid = signatures.grid_of(handbook)
    due = signatures.due_of(handbook)
    if request.method == "GET":
        done = request.app.state.last_signatures if request.query_params.get("done") else None
        return render(
            request,
            "signatures.html",
            grid=grid,
            due=due,
            choice={"date": project.as_of.strftime("%d/%m/%Y")},
            errors={},
            done=done,
        )
    assert form is not None  # a POST
    choice, errors = signatures.read_ticks(form, form.getlist, grid, project.as_of)
    lines: list[str] = []
    if not errors:
        ok, lines = await run_in_threadpool(signatures.record, project, choice)
        if ok:
            request.app.state.last_signatures = lines
            return RedirectResponse("/signatures?done=1", status_code=303)
    return render(
        request,
        "signatures.html",
        status=400 if errors else 409,
        grid=grid,
        due=due,
        choice=choice,
        errors=errors,
        problem_lines=lines,
        wrong=errors_list(errors, {"signed": ("grid", "Signatures"), "date": ("sign-date", "Day they signed")}),
    )


async def signatures_csv(request: Request) -> Response:
    """An uploaded sign-in sheet, recorded as `handbook sign --csv` records one (all or nothing)."""
    _, filename, data = await read_upload(request)  # refused first (CSRF), before anything is read
    project = checked_project(request.app.state.project)
    if project.records_dir is None:
        return RedirectResponse("/signatures", status_code=303)
    handbook, report = await run_in_threadpool(load_checked, project, None, findings=io.StringIO(), warnings=False)
    if handbook is None or handbook.records is None:
        return render(request, "signatures.html", grid=None, blocked=report.summary(), choice={}, errors={})
    errors: dict[str, str] = {}
    lines: list[str] = []
    if not data.strip():
        errors["file"] = "Choose the CSV file to upload (it was empty, or none was chosen)."
    else:
        ok, lines = await run_in_threadpool(signatures.record_csv, project, data, Path(filename).name)
        if ok:
            request.app.state.last_signatures = lines
            return RedirectResponse("/signatures?done=1", status_code=303)
    return render(
        request,
        "signatures.html",
        status=400 if errors else 409,
        grid=signatures.grid_of(handbook),
        due=signatures.due_of(handbook),
        choice={"date": project.as_of.strftime("%d/%m/%Y")},
        errors=errors,
        problem_lines=lines,
        wrong=errors_list(errors, {"file": ("sign-csv", "The CSV file")}),
    )


# ---- Approve and release -------------------------------------------------------------------------


async def approve_page(request: Request) -> Response:
    form = await read_form(request) if request.method == "POST" else None  # refused first, before anything is read
    project = request.app.state.project
    handbook, report = await run_in_threadpool(load_checked, project, None, findings=io.StringIO(), warnings=False)
    if handbook is None:
        return render(request, "approve.html", blocked=report.summary(), drafts=[], roles={}, choice={}, errors={})
    drafts = release.drafts_of(handbook)
    roles = {r.id: r.name for r in handbook.roles.values()}
    context: dict[str, Any] = {"drafts": drafts, "roles": roles, "note": release.summary(drafts)}
    if request.method == "GET":
        done = request.app.state.last_approval if request.query_params.get("done") else None
        return render(
            request,
            "approve.html",
            choice={"date": project.as_of.strftime("%d/%m/%Y")},
            errors={},
            done=done,
            **context,
        )
    assert form is not None  # a POST
    choice, errors = release.read_choice(form, form.getlist, drafts, roles, project.as_of)
    if errors:
        return render(
            request,
            "approve.html",
            status=400,
            choice=choice,
            errors=errors,
            wrong=errors_list(
                errors,
                {
                    "document": ("documents", "Documents"),
                    "by": ("approve-by", "Approved by"),
                    "date": ("approve-date", "Day of approval"),
                },
            ),
            **context,
        )
    ok, lines = await run_in_threadpool(release.release_and_approve, project, choice, drafts)
    if ok:
        request.app.state.last_approval = lines
        return RedirectResponse("/approve?done=1", status_code=303)
    handbook, _ = await run_in_threadpool(load_checked, project, None, findings=io.StringIO(), warnings=False)
    drafts = release.drafts_of(handbook) if handbook else []
    return render(
        request,
        "approve.html",
        status=409,
        choice=choice,
        errors={},
        problem_lines=lines,
        **{**context, "drafts": drafts, "note": release.summary(drafts)},
    )


# ---- Build -------------------------------------------------------------------------------------


async def output_file(request: Request) -> Response:
    """A file of build/, for the Build page's links; never anything private (staff data is
    opened from its folder, not served): not build/private/, nor a setting's
    (build/settings/<id>/private/, when the desk runs at a repository of model policies), nor
    any records or private folder, whatever the letter case or a link in the way."""
    project = request.app.state.project
    out = project.out_dir.resolve()
    try:
        path = (out / request.path_params["path"]).resolve()  # `..` gone, links followed
    except ValueError:  # a NUL in the address
        raise HTTPException(404) from None
    if path.is_dir():  # a folder's page: judged below as the file served, not as the folder
        path = (path / "index.html").resolve()
    if not path.is_relative_to(out) or is_private_source(
        path.relative_to(out), path, PrivateFiles(project.root, every_private_folder(project))
    ):
        raise HTTPException(404)
    if not path.is_file():
        raise HTTPException(404)
    return FileResponse(path)


# ---- errors ------------------------------------------------------------------------------------


async def http_error(request: Request, exc: HTTPException) -> Response:
    words = {404: "There is no such page in the desk.", 405: "That is not something this page does."}
    detail = exc.detail if exc.status_code == 403 else words.get(exc.status_code, "The desk could not do that.")
    return render(request, "error.html", status=exc.status_code, title="Not done", words=detail)


async def server_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, TooLarge):  # a body longer than the cap, found while it was read
        status, body = TOO_LARGE
        return HTMLResponse(body, status_code=status)
    # Never a traceback: one plain sentence, and the terminal that runs the desk says more.
    print(f"handbook desk: {request.method} {request.url.path} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
    words = (
        "Something went wrong and nothing was changed by it. Your files are as they were. "
        "Try again; if it happens again, the window where the desk runs says what failed."
    )
    if isinstance(exc, DataError):
        words = f"A data file cannot be read: {exc.findings[0]}. Correct it (or ask who keeps the files), then reload."
    page = templates.get_template("error.html").render(
        pages=PAGES, here="", csrf="", title="Something went wrong", words=words, setting_name=""
    )
    return HTMLResponse(page, status_code=500)


# What the pages kept in modules of their own are handed (tools.py).
TOOLS = PageTools(render, read_form, field_links, checked_project)


def make_app(project: Project, *, token: str, port: int, office: Office | None = None):
    """The desk for `project`, behind the guard (guard.py): the token is the one in the first
    address; `port` is the one the server listens on (the Host header must name it); `office`:
    served to the office network, with a password (office.py)."""
    app = Starlette(
        routes=[
            Route("/", lambda request: RedirectResponse("/todo", status_code=303)),
            Route("/todo", todo),
            Route("/setting", setting, methods=["GET", "POST"]),
            Route("/people", people_page),
            Route("/people/{which}", people_post, methods=["POST"]),
            Route("/policies", policies_list),
            Route("/policies/{policy}", policy_page, methods=["GET", "POST"]),
            Route("/policies/{policy}/word", word_copy),
            Route("/policies/{policy}/revision", revision_post, methods=["POST"]),
            Route("/policies/{policy}/revision/{key}", revision_plan, methods=["GET", "POST"]),
            *notice_page.routes(render, read_form),
            Route("/register", register_page, methods=["GET", "POST"]),
            Route("/retention", retention_page, methods=["GET", "POST"]),
            Route("/pages", pages_page, methods=["GET", "POST"]),
            Route("/import", import_post, methods=["POST"]),
            Route("/import/{key}", import_draft, methods=["GET", "POST"]),
            Route("/signatures", signatures_page, methods=["GET", "POST"]),
            Route("/signatures/csv", signatures_csv, methods=["POST"]),
            Route("/approve", approve_page, methods=["GET", "POST"]),
            Route("/build", build_progress.build_page(TOOLS), methods=["GET", "POST"]),
            Route("/model", model_words.model_pages(TOOLS)[0]),
            Route("/model/{policy}", model_words.model_pages(TOOLS)[1], methods=["GET", "POST"]),
            Route("/out/{path:path}", output_file),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        exception_handlers={HTTPException: http_error, Exception: server_error},  # type: ignore[dict-item]
    )
    app.state.project = project
    app.state.csrf = csrf_for(token)
    app.state.office = office
    app.state.last_approval = []
    app.state.last_signatures = []
    app.state.drafts = importing.Shelf()  # documents read as new policies, waiting for "Save" or "Cancel"
    app.state.revisions = importing.Shelf()  # revised Word documents' plans, waiting for "Accept" or "Cancel"
    app.state.answering = asyncio.Lock()  # a draft saved or a plan accepted: one at a time
    app.state.last_import = {}  # policy id -> (why the register could not list it, or None; the lines to offer)
    return Guard(app, token=token, port=port, uploads=is_upload, office=office)
