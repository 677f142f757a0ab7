"""Kinds of setting and what the law asks of each (generator/data/kinds.yaml).

A setting names its kind (or kinds) in setting.yaml; the publication scheme page, the DPO part
of the parent notice, the training guidance rows and the checks switch on what this table says
applies, each with its source.  A kind the setting has not named is never guessed: what
depends on it is "to be completed" and `handbook check` says so.  A repository may replace the
table with its own kinds.yaml beside setting.yaml (or in its model's data folder).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal, Protocol

from pydantic import Field

from generator.core.findings import DataError, Report
from generator.core.model import Node, Slug, Text

PACKAGE_TABLE = Path(__file__).resolve().parents[2] / "data" / "kinds.yaml"
Nation = Literal["england", "wales", "scotland", "northern-ireland"]
# The duties a kind's row answers, in the order `handbook check` lists them.
DUTIES = {
    "foi_publication_scheme": "Freedom of Information Act and a publication scheme",
    "dpo": "a Data Protection Officer",
    "kcsie": "Keeping children safe in education",
    "website_information": "prescribed information on the website",
    "accessibility_regulations": "the public sector website accessibility regulations",
}


class Duty(Node):
    applies: bool | Literal["partly"]
    note: Text | None = None
    source: Text  # a key of the table's sources, or the source's own words
    also: Text | None = None  # a second source


class Framework(Node):
    framework: Literal["group", "childminder"]
    note: Text | None = None
    source: Text


class Census(Node):
    """Which of the DfE's censuses a setting of this kind returns (the notice's example of
    sharing the law requires)."""

    returns: Literal["school", "early-years"]
    note: Text | None = None
    source: Text


class Controller(Node):
    """Who is the data controller for a setting of this kind (UK GDPR Article 4(7)), where it is
    not the setting itself: a council's children's centre is part of the council; a private
    nursery's is its provider, the company, charity, committee or person that runs it
    (setting.yaml's run_by)."""

    who: Literal["setting", "local-authority", "provider"]
    note: Text | None = None
    source: Text


# The census a kind returns, as the notice names it among those the law requires a setting to
# share with: a school returns the school census to the Department for Education; a private
# nursery or a childminder gives the early years census to the local authority, only for
# children with funded places, and the local authority passes it to the Department (Childcare
# Act 2006 s.99(3); the kinds table's sources).
CENSUS_NAMES = {
    "school": "the Department for Education's school census",
    "early-years": "the Department for Education, through the local authority's early years census of children "
    "with funded places",
}


class RoleTemplate(Node):
    id: Slug
    name: Text
    description: Text | None = None
    part_of: list[Slug] = Field(default_factory=list)


# What a training course is to the tool, whatever the setting calls it: the induction a new
# starter takes, the September session itself, the whole staff's child protection training
# renewed every few years, the designated safeguarding lead's, or another.
CoursePurpose = Literal["induction", "september-session", "whole-staff", "dsl", "other"]


class CourseTemplate(Node):
    """A course the starter training pack declares (training/model.py's Course, to rename)."""

    id: Slug
    title: Text
    provider: Text | None = None
    purpose: CoursePurpose = "other"


class Kind(Node):
    id: Slug
    name: Text
    nation: Nation
    noun: Text  # what a setting of this kind usually calls itself: "the nursery"; "I" (core/voice.py)
    # The other words a setting of this kind may call itself (a pre-school is a nursery's kind):
    # where there are any, `noun` is no more than a default, and a setting that does not give its
    # own noun: is asked for it (checks/kind.py); `handbook new` picks one from the name.
    other_nouns: list[Text] = Field(default_factory=list)
    eyfs: Framework
    foi_publication_scheme: Duty
    dpo: Duty
    kcsie: Duty
    website_information: Duty
    accessibility_regulations: Duty
    census: Census
    roles: Slug  # which family of starter roles `handbook new --kind` writes
    # The role that is the setting herself (a childminder's own role, where she speaks as "I"):
    # the training page says "I run this session" when that role leads it (core/voice.py).
    own_role: Slug | None = None
    controller: Controller | None = None  # None: the setting itself is the controller (the usual case)


class KindsTable(Node):
    sources: dict[str, Text] = Field(default_factory=dict)
    kinds: list[Kind] = Field(min_length=1)
    roles: dict[str, list[RoleTemplate]] = Field(default_factory=dict)
    # The training courses `handbook new --kind` writes into the starter pack, by the same
    # families as roles: a starting point in plain words, for the setting to rename.
    courses: dict[str, list[CourseTemplate]] = Field(default_factory=dict)

    def by_id(self) -> dict[str, Kind]:
        return {k.id: k for k in self.kinds}

    def source(self, duty: Duty | Framework | Census) -> str:
        """A cell's source in full (a key of `sources:` is looked up)."""
        return self.sources.get(duty.source, duty.source)


@cache
def package_table() -> KindsTable:
    """The table that comes with the tool (a mistake in it is ours: fail loudly)."""
    from generator.core.sources import load_model

    report = Report()
    _, table = load_model(PACKAGE_TABLE, KindsTable, "generator/data/kinds.yaml", report)
    if table is None:
        raise DataError(report.sorted())
    return table


def kind_ids(value: str | list[str] | None) -> list[str]:
    """setting.yaml's kind: one id, a list of ids (a nursery school that also runs a
    children's centre), or unset."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class KnowsItsKinds(Protocol):
    """What council_is_controller reads: the policies' slice of the handbook (policies/data.py,
    which imports this module, so it is named by its shape here)."""

    @property
    def kinds(self) -> list[Kind]: ...

    @property
    def law_known(self) -> bool: ...


def law_unknown_for_its_kind(hb: KnowsItsKinds) -> bool:
    """A kind is set, but the setting is outside the nation whose law the kinds table gives: what
    the kind would decide (say, whether the Freedom of Information Act applies) is unknown for
    that reason, not because the kind is unset, and the outputs say which law is to be completed."""
    return bool(hb.kinds) and not hb.law_known


def council_is_controller(hb: KnowsItsKinds) -> bool:
    """Whether the council, not the setting, is the data controller and the public authority:
    every kind the setting names says so (the kinds table's `controller:`, e.g. a council's
    children's centre, which is part of the council).  A kind unset, or a setting that is also
    of a kind that is its own controller, is not assumed."""
    return (
        bool(hb.kinds)
        and hb.law_known
        and all(k.controller is not None and k.controller.who == "local-authority" for k in hb.kinds)
    )


def provider_is_controller(hb: KnowsItsKinds) -> bool:
    """Whether the data controller is the setting's provider, a legal person the parent notice
    must name beside the setting's own name (setting.yaml's run_by): some kind the setting
    names says so (the kinds table's `controller:`, e.g. a private nursery, run by a company, a
    charity or a committee), and the council is not the controller.  A kind unset is not
    assumed."""
    return (
        hb.law_known
        and not council_is_controller(hb)
        and any(k.controller is not None and k.controller.who == "provider" for k in hb.kinds)
    )
