"""What happens to a posted form on every page of the desk that edits one data file (Setting,
Policies, Register, Records, Parent notice): the fields are read and checked by the page's own
module; then, when none was refused, the edit is saved and the browser is sent back to the page
("Saved"); otherwise the page is shown again with the person's input and the errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from generator.core.yaml_lines import LineEdits

from .saving import EditRefused, Stale, Target, save


async def save_or_show_again(
    request: Request,
    render: Callable[..., Response],
    template: str,
    *,
    target: Target,
    form: Mapping[str, Any],
    edit: Callable[[LineEdits], object] | None,
    refused: bool,
    saved_to: str,
    wrong: list[tuple[str, str, str]],
    **context: Any,
) -> Response:
    """`edit` saved into `target` in one save (None: nothing changed, nothing is written) unless
    a field was `refused`, then a redirect to `saved_to` (303: a reload does not post again).
    A refused field (400) or a refused save (409: the file changed since the page was opened, or
    the result would not pass the file's check) shows `template` again: `wrong` lists the
    refused fields at the top (field id, label, error), `context` is the page's own.  A refused
    save keeps the version the person worked from: saving again is refused until they reload."""
    version = form.get("version", "")
    problem = None
    if not refused:
        try:
            if edit is not None:
                await run_in_threadpool(save, target, str(version), edit)
            return RedirectResponse(saved_to, status_code=303)
        except (Stale, EditRefused) as exc:
            problem = str(exc)
    return render(
        request, template, status=409 if problem else 400, version=version, problem=problem, wrong=wrong, **context
    )
