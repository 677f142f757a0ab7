"""Which rights apply to each lawful basis: generator/data/rights.yaml, as a table.

The notice lists, for every lawful basis its purposes use, the rights that apply to it (the
right to object for public task and legitimate interests, portability for consent and contract,
and so on), instead of "some apply in some situations".  The table is data with a source per
row, so a change in the law or the guidance is one edit there, not a code change.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from .model import LawfulBasis

RIGHTS_FILE = Path(__file__).resolve().parents[2] / "data" / "rights.yaml"
BASES: tuple[str, ...] = get_args(LawfulBasis)

# The rights of Articles 15-21, and the two a parent uses in other ways: taking back consent
# (element 12) and complaining (element 13).
TableRight = Literal[
    "access", "rectification", "erasure", "restriction", "objection", "portability", "withdraw-consent", "complain"
]


class RightRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    right: TableRight
    applies_to: tuple[LawfulBasis, ...]
    article: str
    source: str
    # Where the law qualifies the right whatever the basis (only some circumstances, only some
    # information): the notice prints its limit (label `right_limit.<right>`) beside its name.
    condition: str | None = None
    # What kind of limit the condition is, for the first page's one line of rights: "exceptions"
    # (the right applies, but the law lets some information be held back: access), or
    # "circumstances" (the right applies only in the cases the law lists: restriction).
    limit: Literal["exceptions", "circumstances"] | None = None

    @model_validator(mode="after")
    def _limit_with_condition(self) -> RightRow:
        if bool(self.condition) != bool(self.limit):
            raise ValueError(f"{self.right}: `condition` and `limit` go together (both or neither)")
        return self


class RightsTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    checked: dt.date
    rights: tuple[RightRow, ...]

    def for_basis(self, basis: str) -> list[str]:
        """The rights that apply to a lawful basis, in the table's order."""
        return [row.right for row in self.rights if basis in row.applies_to]

    def row(self, right: str) -> RightRow:
        return next(row for row in self.rights if row.right == right)

    def qualified(self) -> list[str]:
        """The rights the law qualifies whatever the basis (a `condition` in the table)."""
        return [row.right for row in self.rights if row.condition]


@lru_cache(maxsize=1)
def rights_table() -> RightsTable:
    """The package's table (it ships with the tool: a setting's data cannot change the law)."""
    return RightsTable.model_validate(yaml.safe_load(RIGHTS_FILE.read_text(encoding="utf-8")))
