"""One jinja2 environment for every output, with escaping that fits Markdown and HTML.

Everything that comes from the data is text, never markup: it is HTML-escaped by default
(autoescape), and the ``md`` filter also neutralises Markdown syntax where the text lands in
a Markdown line (headings, table cells), so ``[x](javascript:...)`` stays visible text.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup, escape

from . import fragments
from .clock import long_date, long_date_in
from .fragments import to_be_completed
from .prerendered import prerendered

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# Python-Markdown's escapable characters, plus "|" for tables.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md(value: object) -> Markup | None:
    """Escape text for a Markdown line: HTML first, then Markdown punctuation (so links,
    emphasis and attribute lists like `{: onclick=...}` in the data stay visible text).
    None stays None, for `| md | tbc`: an unset fact is shown "to be completed"."""
    if value is None:
        return None
    # Titles and labels recur on every page that lists them: remember plain strings.
    return _md_text(value) if type(value) is str else _md(value)


@lru_cache(maxsize=1 << 14)
def _md_text(value: str) -> Markup:
    return _md(value)


def _md(value: object) -> Markup:
    text = " ".join(str(escape(value)).split())  # one line: a newline could start a new block
    # Quotes need no escaping in text, and "&#39;" would be shown literally: Markdown reads its
    # "#" as punctuation to escape.
    text = text.replace("&#39;", "'").replace("&#34;", '"')
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))


class Footer(NamedTuple):
    """The line at the foot of every printed page, the same for every kind of document:
    what the paper is (its reference), the day it was printed for, and "Page 3 of 12"
    (print/base.html.j2).  What a signature counts for (versions, fingerprints) is on the
    first page, not here: a long footer wrapped, and WeasyPrint lays a margin box out again
    on every page, so its cost grew with the data times the page count."""

    reference: str
    printed: str  # "printed 6 December 2026"
    page: str = "Page"
    of: str = "of"


def footer(
    reference: str, printed: dt.date, label: str = "printed", page: str = "Page", of: str = "of", language: str = "en"
) -> Footer:
    """`label`, `page` and `of` in the document's language; the date as its readers write it."""
    return Footer(reference, f"{label} {long_date_in(printed, language)}", page, of)


def css_string(value: object) -> Markup:
    """A CSS string literal (for @page footers); cannot close the string or the <style>."""
    text = " ".join(str(value).split())
    escaped = "".join(c if c.isalnum() or c in " .,:;()-_/'" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def possessive(noun: str) -> str:
    """ "the nursery" -> "the nursery's"; a name ending in s takes an apostrophe alone; a
    setting that speaks for itself ("I", core/voice.py) -> "my"."""
    if str(noun).strip() == "I":
        return Markup("my")
    return escape(noun) + Markup("'" if str(noun).endswith("s") else "'s")


def sentence(words: str) -> str:
    """The first letter in capitals, the rest as written (a name keeps its own capitals)."""
    return words[:1].upper() + words[1:]  # Markup stays Markup


class CompiledTemplateFiles(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, in Jinja's private per-user temporary folder:
    every command would otherwise compile the same templates again (ours take a tenth of a
    second, Material's more; MkDocs even makes a new environment for each `serve` rebuild).  Jinja checks each template's source,
    so an edited template is compiled afresh.  A cache is only ever a shortcut: a file that
    cannot be read or written (a cleaned /tmp, a full disk) means compiling, never an error.

    What one process has loaded or compiled is also kept in memory, with the checksum of its
    source: a process that builds many sites (the desk, `serve`, the tests' workers) gets the
    theme's templates without reading and unmarshalling their files again on every build
    (MkDocs makes a new environment for each).  A code object is only ever run, never
    changed, so environments can share it."""

    def __init__(self, directory: str | None = None) -> None:
        super().__init__(directory)
        self.kept: dict[str, tuple[str, Any]] = {}  # key -> (checksum of the source, code)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self.kept.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]
            return
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file: pickle and marshal raise all sorts
            bucket.reset()
        if bucket.code is not None:
            self.kept[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = (bucket.checksum, bucket.code)
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@cache
def compiled_templates() -> jinja2.BytecodeCache | None:
    """The one cache for our templates and, through the MkDocs hook, the theme's."""
    try:
        return CompiledTemplateFiles()
    except (OSError, RuntimeError):  # no private folder to be had: compile every time
        return None


# A web address in printed words: a scheme or "www.", or a name ending in a common top-level
# domain, then its path.  Trailing punctuation ends the sentence, not the address (it is kept
# beside it, after its last part).  The text is escaped already: `&amp;` is an address's own,
# any other entity is not.
_ADDRESS_CHAR = r"(?:[^\s<>\"”&]|&amp;)"
_URL = re.compile(
    rf"(?<![\w@/.-])((?:https?://|www\.){_ADDRESS_CHAR}+?|(?:[a-z0-9-]+\.)+(?:uk|org|com|net|gov)\b"
    rf"(?:/{_ADDRESS_CHAR}*?)?)([.,;:!?)]*)(?=\s|<|&(?!amp;)|$)",
    re.IGNORECASE,
)


def whole_urls(value: object) -> Markup:
    """Web addresses on paper: one that fits on a line is never split, not even at its own
    hyphen ("ico.org.uk/make-a-" / "complaint" reads as two things, and a reader types what they
    see); one longer than a line (a council's complaints form can be a hundred letters) wraps
    after a slash or a query's "?", "=" or "&", never cut off at the page's edge (print.css).
    Each part is kept whole unless it is longer than a line itself, with a <wbr> between parts;
    the punctuation after the address stays with its last part.  The text is escaped first; only the spans are markup."""
    text = value if isinstance(value, Markup) else escape("" if value is None else value)
    return Markup(_URL.sub(_address_parts, str(text)))


def _address_parts(found: re.Match[str]) -> str:
    parts = _PART_ENDS.split(found[1])
    parts[-1] += found[2]
    return '<span class="url">' + "<wbr>".join(f'<span class="url-part">{part}</span>' for part in parts) + "</span>"


# Where an address may go on to the next line: after a slash (not inside the scheme's "//"), and
# in a query after "?", "=" and "&" (escaped: "&amp;"); never at its end.
_PART_ENDS = re.compile(r"(?:(?<=[^/]/)(?!/)|(?<=[?=])|(?<=&amp;))(?!$)")


def closes_sentence(value: str | None) -> str | None:
    """A value ending a sentence (the first page's "Phone: 01223 000000."): with a full stop,
    unless it has one, or ends with an address a reader copies: "office@oak.example." or
    ".../complaints." would be another address."""
    if not value or value.endswith("."):
        return value
    last = value.split()[-1]
    return value if "@" in last or _URL.fullmatch(str(escape(last))) else value + "."  # (_URL reads escaped text)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=compiled_templates(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["tbc"] = to_be_completed
    env.filters["long_date"] = long_date  # one date format for people: 6 December 2026
    env.filters["css_string"] = css_string
    env.filters["possessive"] = possessive
    env.filters["sentence"] = sentence
    env.filters["prerendered"] = prerendered
    env.filters["whole_urls"] = whole_urls
    env.filters["closes_sentence"] = closes_sentence
    env.globals.update(
        places=lambda nodes, name: [node.where(name) for node in nodes],  # where each node gives `name`
        statement_line=fragments.statement_line,
        role_list=fragments.role_list,
        checklist_sections=fragments.checklist_sections,
        under_review=fragments.under_review,
    )
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


class RenderMemo:
    """`handbook serve` plans the whole site again after every edit, though an edit changes
    few pages.  It keeps one of these (on the MkDocs plugin, beside SourceMemo): each page's
    Markdown with the template and the values it was rendered from.  A page whose values all
    equal last time's is not rendered again.  Values are compared with ==: models and
    dataclasses compare their fields (an unchanged file's model is even the same object), so
    a page is reused only when everything it is made from is the same.  A value that never
    equals a new one (a function made anew for each build) only makes the page render every
    time, never show stale words.  Pages are always rendered while placeholders are recorded
    (`fragments.recording`: a reused page would not record its own)."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[tuple[Any, ...], str]] = {}
        self.rendered = 0  # pages rendered (not reused) so far

    def render(self, path: str, template: str, **context: Any) -> str:
        """The page at `path`: `render(template, **context)`, or last time's when its
        template and values are the same."""
        from .fragments import is_recording

        values = (template, *sorted(context.items(), key=lambda item: item[0]))
        kept = self.pages.get(path)
        if kept is not None and not is_recording() and kept[0] == values:
            return kept[1]
        markdown = render(template, **context)
        self.pages[path] = (values, markdown)
        self.rendered += 1
        return markdown


def render_page(renders: RenderMemo | None, path: str, template: str, **context: Any) -> str:
    """A site page, through `renders` when there is one (serve), else rendered."""
    return renders.render(path, template, **context) if renders is not None else render(template, **context)
