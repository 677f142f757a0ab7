"""Hand MkDocs the HTML we already rendered, so Python-Markdown does not parse it again.

Generated pages carry their statements as HTML blocks (templates render them with Jinja's
escaping, so data text is never read as Markdown).  Python-Markdown would find each block
with its HTML parser and set it aside untouched; on a handbook of thousands of statements
that parsing is a large share of the site build, and all of it is redone for every page
`handbook serve` rebuilds.  Templates wrap such blocks in two marker comments
(``{% filter prerendered %}``); the Markdown extension below sets the marked HTML aside
directly, exactly as the parser would have, and drops the markers.

Without the extension (a plain Python-Markdown) the markers are ordinary HTML comments and
the blocks are parsed as usual: the page is the same apart from the two comments.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markupsafe import Markup

START = "<!-- prerendered -->"
END = "<!-- /prerendered -->"


def without_markers(markdown: str) -> str:
    """The Markdown a plain Python-Markdown reads best: the marker lines taken out."""
    return "\n".join(line for line in markdown.split("\n") if line not in (START, END))


def prerendered(html: object) -> Markup:
    """Jinja filter: mark a block of already-escaped HTML as final."""
    return Markup(f"{START}\n{str(html).strip()}\n{END}")


class _SetAside(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == START:
                    block = []
                else:
                    out.append(line)
            elif line == END:
                # As Python-Markdown's own HTML block parser does: the block becomes a
                # placeholder paragraph of its own, swapped back for the HTML at the end.
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
            else:
                block.append(line)
        if block is not None:  # no closing marker: leave the text to the ordinary parser
            out += [START, *block]
        return out


class PrerenderedExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace normalisation (30), before the HTML block parser (20).
        md.preprocessors.register(_SetAside(md), "handbook_prerendered", 25)


def makeExtension(**kwargs: Any) -> PrerenderedExtension:  # noqa: N802 (Python-Markdown's name)
    return PrerenderedExtension(**kwargs)
