"""Checks over the whole handbook.  Each module holds one family of rules and exposes
``check(handbook) -> Iterable[Finding]``; add a module here to add a family."""

from __future__ import annotations

from typing import Callable, Iterable

from ..findings import Finding
from .. import approvals, checklists, releases, review_notes
from . import notice, publication, references, retention, review, to_review, training, unset

CHECKS: list[Callable[..., Iterable[Finding]]] = [
    references.check,
    unset.check,
    review.check,
    to_review.check,
    training.check,
    releases.check,
    checklists.check,
    retention.check,
    publication.check,
    notice.check,
    notice.check_readability,
    review_notes.check,
    approvals.check,
]

# Checks that can only warn, and only about printed documents: the site needs none of them,
# so the MkDocs hook (plain `mkdocs build` / `serve`) skips them to stay fast.
PRINT_ONLY = {notice.check_readability}


def run_checks(handbook, for_site: bool = False) -> list[Finding]:
    findings: list[Finding] = []
    for check in CHECKS:
        if not (for_site and check in PRINT_ONLY):
            findings.extend(check(handbook))
    return findings
