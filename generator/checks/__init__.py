"""Checks over the whole handbook.  Each module holds one family of rules and exposes
``check(handbook) -> Iterable[Finding]``; add a module here to add a family."""

from __future__ import annotations

from typing import Callable, Iterable

from ..findings import Finding
from .. import checklists, releases
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
]


def run_checks(handbook) -> list[Finding]:
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(handbook))
    return findings
