"""settings/<id>/overrides.yaml: how a setting departs from the model it adopts.

A setting inherits every statement, register entry, retention entry and notice of the model.
Its overrides, by id, replace a statement's words, remove a statement (with a reason), add
statements of its own, and give the setting's own facts (a policy's owner and review dates,
its retention periods, its notice's version).  Each replacement and removal records the
model's words it was made against (`model_text`), so that when the model changes those words
the setting is told, with the old words, the new words and its own, and nothing is
overwritten in either direction (see apply.py and `handbook resolve`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from generator.core.model import Node, Slug, StatementId, Text
from generator.features.information.retention import EndAction
from generator.features.policies.model import Statement
from generator.features.releases.model import RELEASE_ID_PATTERN

OVERRIDES_FILE = "overrides.yaml"


class Replaced(Node):
    id: StatementId  # a statement of the model
    text: Text  # the setting's words
    model_text: Text  # the model's words when the setting wrote its own (written by the tool)


class Removed(Node):
    id: StatementId  # a statement of the model
    reason: Text  # why the setting leaves it out (shown on its Local changes page)
    model_text: Text  # the model's words when the setting removed it


class Added(Statement):
    """A statement of the setting's own, in one of the model's policies.  Its id is in the
    setting's own namespace (`prefix`), never one the model uses."""

    policy: Slug
    section: Slug
    after: StatementId | None = None  # the statement it follows (default: the end of the section)


class RegisterFacts(Node):
    id: Slug  # a register entry of the model
    owner: Slug | None = None
    review_cycle_months: Annotated[int, Field(ge=1, le=120)] | None = None
    approved: dt.date | None = None
    last_reviewed: dt.date | None = None
    next_review: dt.date | None = None


class RetentionFacts(Node):
    id: Slug  # a retention entry of the model
    period: Text | None = None
    action: EndAction | None = None
    statutory_basis: Text | None = None
    departure_reason: Text | None = None
    access: Text | None = None
    held: Text | None = None


class NoticeFacts(Node):
    id: Slug  # a notice of the model
    version: Annotated[int, Field(ge=1)] | None = None
    issued: dt.date | None = None


class Overrides(Node):
    # The model release this setting adopted: its date, or DATE.N for a later one that day.
    adopted: dt.date | Annotated[str, Field(pattern=RELEASE_ID_PATTERN)] | None = None
    prefix: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]{0,9}$")] | None = None  # its own statement ids begin PREFIX-
    replace: list[Replaced] = Field(default_factory=list)
    remove: list[Removed] = Field(default_factory=list)
    add: list[Added] = Field(default_factory=list)
    documents: list[RegisterFacts] = Field(default_factory=list)  # register.yaml entries
    retention: list[RetentionFacts] = Field(default_factory=list)
    notices: list[NoticeFacts] = Field(default_factory=list)
