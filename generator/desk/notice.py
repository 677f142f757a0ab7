"""The "Parent notice" page: the notice's form (notice_form.py), the pick-lists' guide
(lawful_bases.py) and a preview of the printed notice after a save (`preview`, which the bench
measures).  app.py lists its routes (`routes`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from generator.core.findings import DataError
from generator.core.project import Project
from generator.core.templating import render as render_print
from generator.features.notice.content import notice_view
from generator.features.notice.model import Notice
from generator.features.notice.render import notice_html
from generator.pipeline.features import context
from generator.pipeline.handbook import load_and_check

from .form_page import save_or_show_again
from .lawful_bases import choices
from .notice_form import edits_for, field_link, known_ids, notice_targets, read_form, sections, wrong_list
from .saving import Target, read_current

__all__ = ["Preview", "field_link", "preview", "routes"]  # field_link: the To do page's links (app.py)

# ---- the preview ---------------------------------------------------------------------------------


@dataclass
class Preview:
    page: str  # the printed notice's HTML, what its PDF is made from (build/print/parents/<id>.html)
    body: Markup  # its first page and its parts, for the desk's own page


def preview(project: Project, notice_id: str) -> Preview | None:
    """The notice as the build prints it, from the files as they are now: None when the data
    cannot be loaded or has errors (the To do page lists them) or there is no such notice.
    The bench measures this (a save answers first; this follows it on the page)."""
    try:
        handbook, report = load_and_check(project)
    except DataError:
        return None
    if report.errors:
        return None
    notice = next((n for n in handbook.notices.values() if _file_stem(n) == notice_id), None)
    if notice is None:
        return None
    view = notice_view(handbook, notice)
    body = Markup(
        render_print("print/_notice_glance.html.j2", v=view) + render_print("print/_notice_body.html.j2", v=view)
    )
    return Preview(notice_html(handbook, context(handbook), notice), body)  # both escaped by the print templates


def _file_stem(notice: Notice) -> str:
    location = notice.where()
    return Path(location.file).stem if location.file != "<unknown>" else notice.id


# ---- the page (app.py lists its routes) -----------------------------------------------------


def _chosen(request: Request, targets: dict[str, Target]) -> tuple[str, Target | None]:
    wanted = request.path_params.get("notice")
    if wanted is None:  # /notice: the first notice (a setting has one; others are listed)
        if not targets:
            return "", None
        wanted = sorted(targets)[0]
    if wanted not in targets:
        raise HTTPException(404)
    return wanted, targets[wanted]


def _context(project: Project, notice_id: str, targets: dict[str, Target]) -> dict[str, Any]:
    return {
        "notice_id": notice_id,
        "others": [(n, t.shown) for n, t in sorted(targets.items()) if n != notice_id],
        "shown": targets[notice_id].shown,
        "bases": choices().bases,
        "conditions": choices().conditions,
        "checked": choices().checked,
    }


def routes(render: Callable[..., Any], read_csrf_form: Callable[..., Any]) -> list[Route]:
    """The page's routes, given app.py's `render` (a template in the desk's frame) and
    `read_form` (the form, once its CSRF token is checked): app.py lists them with its own."""

    async def page_route(request: Request) -> Response:
        return await page(request, render, read_csrf_form)

    async def printed_route(request: Request) -> Response:
        return await printed(request, render)

    return [
        Route("/notice", page_route),
        Route("/notice/{notice}", page_route, methods=["GET", "POST"]),
        Route("/notice/{notice}/preview", printed_route),
    ]


async def page(request: Request, render: Callable[..., Any], read_csrf_form: Callable[..., Any]) -> Response:
    """GET /notice and /notice/{notice}: the form (and, after a save, the preview);
    POST /notice/{notice}: a save."""
    form = await read_csrf_form(request) if request.method == "POST" else None  # refused first
    project = request.app.state.project
    targets = notice_targets(project)
    notice_id, target = _chosen(request, targets)
    if target is None:
        return render(request, "notice.html", sections=None, notice_id="", others=[])
    version, data = read_current(target)
    context = _context(project, notice_id, targets)
    if form is None:
        shown = "saved" in request.query_params or "preview" in request.query_params
        made = await run_in_threadpool(preview, project, notice_id) if shown else None
        return render(
            request,
            "notice.html",
            sections=sections(data),
            version=version,
            saved="saved" in request.query_params,
            asked_preview=shown,
            preview=made,
            **context,
        )
    known = await run_in_threadpool(known_ids, project)
    submitted, found = read_form(form, data, known)
    return await save_or_show_again(
        request,
        render,
        "notice.html",
        target=target,
        form=form,
        edit=edits_for(data, submitted),
        refused=bool(submitted.errors),
        saved_to=f"/notice/{notice_id}?saved=1#preview",
        wrong=wrong_list(found),
        sections=found,
        **context,
    )


async def printed(request: Request, render: Callable[..., Any]) -> Response:
    """GET /notice/{notice}/preview: the notice as printed (the HTML its PDF is made from),
    served like the build's outputs (guard.py: sandboxed, its own styles)."""
    project = request.app.state.project
    notice_id, _ = _chosen(request, notice_targets(project))
    made = await run_in_threadpool(preview, project, notice_id)
    if made is None:
        return render(
            request,
            "error.html",
            status=409,
            title="No preview yet",
            words="The notice cannot be printed until the data has no errors: the To do page lists them.",
        )
    return HTMLResponse(made.page)
