"""HTML for the lines a handbook repeats thousands of times: a statement on its policy page, on
its role pages and on every checklist that includes it.

At a local authority's scale (8,000 statements, 30 roles) these lines were most of the time
spent rendering pages when written as template loops.  Here each is one escaped f-string,
remembered by value: a statement shared by thirty checklists is built once, and `handbook
serve` rebuilds only the lines whose words changed.  Everything from the data is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from .findings import Location

PLACEHOLDER = "To be completed"  # the only words an output prints for a fact the data leaves unset


@dataclass(frozen=True)
class Placeholder:
    """One "To be completed" an output printed: what is missing, and where it would be given."""

    what: str
    where: Location | None


# The placeholders printed while a build records them (see `recording`); None when nothing
# records.  A context variable, not a module global: each thread and context has its own.
_printed: ContextVar[list[Placeholder] | None] = ContextVar("printed_placeholders", default=None)


@contextmanager
def recording() -> Iterator[list[Placeholder]]:
    """Collect every placeholder printed inside the block: `handbook build` reports each one,
    and a strict build fails on any, so "strict fails until nothing is left to complete" holds
    whatever template or page prints it."""
    printed: list[Placeholder] = []
    token = _printed.set(printed)
    try:
        yield printed
    finally:
        _printed.reset(token)


@contextmanager
def unrecorded() -> Iterator[None]:
    """Render inside the block without recording its placeholders: what is rendered there is not
    an output (a fingerprint made from a printed document, features/training/render.py)."""
    token = _printed.set(None)
    try:
        yield
    finally:
        _printed.reset(token)


def is_recording() -> bool:
    """Whether the placeholders printed now are recorded (inside `recording`): a page taken
    from a RenderMemo would not record its own, so none is taken then."""
    return _printed.get() is not None


def to_complete(what: str = "", where: Any = None, label: str | None = None, terse: bool = False) -> Markup:
    """The visible marker for a fact the data leaves unset, recorded (see `recording`).  Every
    "To be completed" any output prints comes from here.  `where` is the Location (or a list of
    them, one per fact the marker stands for) where the data would give it; `label` the same
    words in a translated notice's language; `terse` prints the words without saying what (a
    table cell whose heading says it)."""
    if (printed := _printed.get()) is not None:
        places = where if isinstance(where, (list, tuple)) else [where]
        printed.extend(Placeholder(what, place) for place in places or [None])
    words = label or PLACEHOLDER
    shown = f"{words}: {what}" if what and not terse else words
    return Markup('<span class="tbc">') + escape(shown) + Markup("</span>")


def to_be_completed(
    value: object, what: str = "", where: Any = None, label: str | None = None, terse: bool = False
) -> Markup:
    """Show a fact, or the marker when the data leaves it unset (the `tbc` template filter)."""
    if value is None or value == "":
        return to_complete(what, where, label, terse)
    return escape(value)


def _unrecorded(what: str) -> Markup:
    """The marker for a line built once and remembered: its caller records it every time."""
    token = _printed.set(None)
    try:
        return to_complete(what)
    finally:
        _printed.reset(token)


AUDIENCE_LABELS = {"staff": "Staff", "parents": "Parents", "public": "Public"}
_REMEMBERED = 1 << 16  # lines kept: enough for every statement of a large handbook, twice


def under_review(statement: Any) -> str:
    """What every output printing a statement says of its review notes (policies' review_notes:
    words at fault, kept for the owner): "Under review: “every three years”: Three years is
    longer ...", so no page or paper presents words known to be wrong without saying so.  Empty
    for a statement without notes."""
    notes = getattr(statement, "review_notes", None) or ()
    said = [f"“{n.words}”: {n.problem}" if n.words else n.problem for n in notes]
    return "Under review: " + " ".join(said) if said else ""


def _review_span(review: str) -> Markup:
    return Markup(' <span class="under-review">{}</span>').format(review) if review else Markup("")


def statement_line(
    tag: str, statement: Any, abbreviations: Callable[[str], str] | None = None, staff_label: str = "Staff"
) -> Markup:
    """A statement on its policy page: its words (abbreviations explained by `abbreviations`,
    the handbook's AbbreviationMarker, see features/glossary), a link to itself, and who it
    is for when that is not only staff (`staff_label`: what the setting's voice calls its staff,
    core/voice.py: a childminder has no "Staff").  Left out of the page's own search entries: the statement has an entry of its own
    (site/search_index.py), which a search should find instead."""
    if not statement.audience:  # recorded here: the line itself is remembered, and built once
        to_complete("who it is for", statement.where("audience"))
    return _statement_line(
        tag,
        statement.id,
        statement.text,
        tuple(statement.audience),
        abbreviations,
        staff_label,
        under_review(statement),
    )


@lru_cache(maxsize=_REMEMBERED)
def _statement_line(
    tag: str,
    sid: str,
    text: str,
    audience: tuple[str, ...],
    abbreviations: Callable[[str], str] | None = None,
    staff_label: str = "Staff",
    review: str = "",
) -> Markup:
    sid = escape(sid)
    if not audience:
        whom = Markup(" ") + _unrecorded("who it is for")
    elif audience != ("staff",):
        whom = Markup(' <span class="audience">{}</span>').format(
            " · ".join(staff_label if a == "staff" else AUDIENCE_LABELS[a] for a in audience)
        )
    else:
        whom = Markup("")
    words = escape(text)
    if abbreviations is not None:
        words = Markup(abbreviations(str(words)))
    return Markup(
        f'<{tag} class="statement" id="{sid}" data-search-exclude>{words} '
        f'<a class="statement-id" href="#{sid}" title="Link to this statement">{sid}</a>{whom}'
        f"{_review_span(review)}</{tag}>"
    )


def role_line(policy_id: str, statement: Any) -> Markup:
    """A statement on a role page: its id, linking to the policy, then its words."""
    return _role_line(policy_id, statement.id, statement.text, under_review(statement))


@lru_cache(maxsize=_REMEMBERED)
def _role_line(policy_id: str, sid: str, text: str, review: str = "") -> Markup:
    sid = escape(sid)
    return Markup(
        f'<li><a href="../policies/{escape(policy_id)}.html#{sid}">{sid}</a> {escape(text)}{_review_span(review)}</li>'
    )


def checklist_sections(part: Any) -> Markup:
    """One policy's part of a role's checklist reading page: each section's heading and items."""
    return Markup(
        "\n".join(
            f"<h3>{escape(title)}</h3>\n{_html_list('checklist', map(checklist_line, items))}"
            for title, items in part.sections
        )
    )


def role_list(items: Iterable[tuple[str, Any]]) -> Markup:
    """The statements a role page lists under one heading: (policy id, statement) pairs (the
    id, not the policy: a role page shows nothing else of the policy, so an edit elsewhere in
    it leaves the page as it was)."""
    return Markup(_html_list("statements", (role_line(policy_id, s) for policy_id, s in items)))


def _html_list(css_class: str, lines: Iterable[str]) -> str:
    # The lines are escaped already: a plain join (Markup's own join would escape each again).
    # A str, not Markup: adding a str to Markup escapes the str.
    return f'<ul class="{css_class}">\n' + "\n".join(lines) + "\n</ul>"


@lru_cache(maxsize=_REMEMBERED)
def checklist_line(item: Any) -> Markup:
    """One checklist item (a frozen checklists.Item) on a role's reading page."""
    mine = Markup("<strong>For your role:</strong> ") if item.role_item else ""
    source = Markup(" (from {})").format(", ".join(item.based_on)) if item.role_item else ""
    return Markup(
        f'<li>{mine}{escape(item.text)} <a class="statement-id" href="../{escape(item.anchor)}">{escape(item.id)}</a>{source}'
        f"{_review_span(item.review)}</li>"
    )
