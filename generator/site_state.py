"""Hand-over between `handbook build` and the MkDocs hook.

`handbook build` has already loaded and checked the data; it passes the result here so the
hook does not read the YAML a second time.  Plain `mkdocs build` leaves it empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import jinja2


@dataclass
class SiteState:
    handbook: Any
    pages: Optional[dict] = None  # generated pages, when the caller has rendered them already


_pending: Optional[SiteState] = None
current: Optional[SiteState] = None


def hand_over(state: SiteState) -> None:
    global _pending
    _pending = state


def take() -> Optional[SiteState]:
    global _pending
    state, _pending = _pending, None
    return state

# `handbook serve` rebuilds with MkDocs' dirty builds: the hook remembers each generated page's
# hash between rebuilds (this module outlives the hook module, which MkDocs reloads).
dirty_serve: bool = False
served_pages: dict[str, str] = {}


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates, compiled once per `handbook serve`: MkDocs makes a new Jinja
    environment for every rebuild, which would parse and compile Material's templates again.
    Jinja checks each template's source against the stored checksum, so an edited template
    is compiled afresh."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


theme_templates = CompiledTemplates()
