"""What a feature's pages and printed papers show from the features above it.

A feature reads its own slice of the handbook and those below it (core/handbook_data.py).  A few
things it prints belong to features above it: whether a document is still a draft (approvals),
the version of a policy's words (releases), the glossary's abbreviations, which documents are
parent notices with a page of their own.  The pipeline works them out from the whole handbook
(pipeline/features.py: `context`) and hands them to the pages and stages that print them, so no
feature reaches a higher one through the handbook.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Context:
    # approvals: "Draft: not yet approved ..." for a document id, None once approved
    draft_mark: Callable[[str], str | None]
    # approvals: the draft mark of a checklist made for these roles (a draft while any role's is one)
    checklist_mark: Callable[[Iterable[str]], str | None]
    # releases: a policy -> the version of its current words (releases/versions.py: PolicyVersion)
    version_of: Callable[[Any], Any]
    # glossary: explains the glossary's abbreviations in a statement's escaped HTML
    abbreviations: Callable[[str], str]
    # notice: the ids of the parent notices (each has its page under "For parents")
    notice_ids: Collection[str]
