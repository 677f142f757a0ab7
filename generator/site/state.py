"""Hand-over between `handbook build` and the MkDocs hook.

`handbook build` has already loaded and checked the data; it passes the result here so the
hook does not read the YAML a second time.  Plain `mkdocs build` leaves it empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional


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

