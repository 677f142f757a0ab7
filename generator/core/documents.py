"""A document the setting issues and approves (a policy, a parent notice, a role's checklist, a
training pack): each feature declares its own (pipeline/features.py: a Feature's `documents`),
and features/approvals works out which are approved.

Its fingerprint changes when what it prints changes (see each feature's documents.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .findings import Location


@dataclass(frozen=True)
class Document:
    id: str  # policy/confidentiality
    kind: str  # "policy", "notice", "checklist", "training" (features/approvals: KINDS)
    title: str
    fingerprint: str
    version: int | None  # None: the document has no version of its own (or none yet)
    where: Location  # where its data is written, for the draft warning
    needs_version: bool = False  # policies and notices are approved as a numbered version


def content_fingerprint(content: Any) -> str:
    """SHA-256 of a canonical JSON form of plain data, dataclasses and models."""
    canonical = json.dumps(_plain(content), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


# A feature's documents: every one it issues, from the handbook (its own slice and below).
DocumentsOf = Callable[[Any], Iterable[Document]]
