"""The guidance and law the outputs cite (guidance.yaml), one entry per document.

Guidance changes: KCSIE has a new edition every 1 September, the EYFS changed on 1 September
2025, the Data (Use and Access) Act 2025 commences in stages.  Printed words that cite a
document cite it by id, so every output prints the edition and the date it came into force from
this one file, and `handbook check` says when an entry is due to be checked again.

The package carries the file (generator/data/guidance.yaml); a project's or a model
repository's policy_data/guidance.yaml replaces its entries by id and adds its own, so one
update of the model reaches every setting that adopts it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from generator.core.model import Node, Slug, Text

# "09-01": the day of the year a new edition usually comes into force (KCSIE: 1 September).
MonthDay = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
Url = Annotated[str, StringConstraints(pattern=r"^https://\S+$", max_length=500)]


class GuidanceDocument(Node):
    id: Slug  # how data and templates cite it: "kcsie"
    title: Text  # as its publisher writes it: "Keeping children safe in education"
    publisher: Text | None = None  # "Department for Education"; an Act has none
    # Other names free text cites it by ("KCSIE", "UK GDPR"): a glossary or retention `source`
    # naming it without the id is reported, with the `cites` line to write instead.
    also_known_as: list[Text] = Field(default_factory=list)
    edition: Text | None = None  # "2025", "September 2025", "as amended"; None: an Act cited as a whole
    in_force_from: dt.date | None = None  # None: not known (the citation says so)
    # True for an Act brought into force in stages (the Data (Use and Access) Act 2025):
    # in_force_from is the first stage, cited "in force in stages from 19 June 2025".
    in_stages: bool = False
    # False when no source checked confirms the final text of this edition (a draft was
    # consulted on, the final text was not found): the printed citation says so, and printed
    # words avoid what differs between editions.
    final_text_confirmed: bool = True
    # A newer edition consulted on or announced whose final text, or the day it comes into
    # force, no source checked confirms ("2026"): recorded so `check` does not ask for it again,
    # never cited.  An edition without a confirmed day in force is never the one "in force".
    unconfirmed_edition: Text | None = None
    status: Text | None = None  # what the source said when checked, in a sentence or two
    source_url: Url  # where the edition and its date were checked
    checked: dt.date  # the day they were checked
    check_again_by: dt.date  # `handbook check` warns after this day
    # When a new edition is expected: every year on this day (KCSIE: "09-01")...
    new_edition_each_year: MonthDay | None = None
    # ...or once, on this day (a commencement announced, a consultation's proposed date).
    new_edition_expected: dt.date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> GuidanceDocument:
        if self.in_force_from and not self.final_text_confirmed:
            raise PydanticCustomError(
                "unconfirmed",
                "in_force_from is given for an edition whose final text is not confirmed "
                "(final_text_confirmed: false): an unconfirmed edition is never in force; name the edition in "
                "force (edition, in_force_from) and record this one as unconfirmed_edition",
            )
        if self.check_again_by < self.checked:
            raise PydanticCustomError("dates", "check_again_by is before checked: give a later day to check again")
        if self.new_edition_each_year:
            month, day = (int(part) for part in self.new_edition_each_year.split("-"))
            try:
                dt.date(2024, month, day)  # a leap year: 02-29 is a day
            except ValueError:
                raise PydanticCustomError(
                    "dates", "new_edition_each_year is not a day of the year (write MM-DD, like 09-01)"
                ) from None
        return self

    def next_edition_from(self) -> dt.date | None:
        """The day a newer edition than the one named here is expected to come into force."""
        if self.new_edition_expected:
            return self.new_edition_expected
        if self.new_edition_each_year and self.in_force_from:
            month, day = (int(part) for part in self.new_edition_each_year.split("-"))
            candidate = dt.date(self.in_force_from.year, month, day)
            return candidate if candidate > self.in_force_from else dt.date(self.in_force_from.year + 1, month, day)
        return None


class GuidanceFile(Node):
    documents: list[GuidanceDocument] = Field(min_length=1)


class Citation(Node):
    """A document cited by id, and where in it (printed after the edition)."""

    document: Slug  # an id in guidance.yaml
    part: Text | None = None  # "Part four", "section 17", "Article 9"
