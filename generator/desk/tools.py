"""What app.py hands the pages kept in modules of their own (build_progress.py,
model_words.py): its render and form reader, and the To do page's links to the fields.  Handed
over, not imported, so that app.py (which routes to those pages) is imported by none of them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from generator.core.findings import Finding
from generator.core.project import Project


@dataclass(frozen=True)
class PageTools:
    render: Callable[..., HTMLResponse]  # (request, template, status=..., **context)
    read_form: Callable[[Request], Awaitable[Any]]  # the form, once its CSRF token is checked
    field_links: Callable[[Project], Callable[[Finding], str | None]]  # a finding -> its form's field
    checked_project: Callable[[Project], Project]  # the project as `check` reads it (its staff records too)
