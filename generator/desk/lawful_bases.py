"""The desk's pick-lists for the parent notice: the lawful bases of UK GDPR Article 6(1) and the
conditions of Article 9(2) (with the Data Protection Act 2018 Schedule 1 paragraphs), each with
one plain line on when it fits and its source (generator/data/lawful-bases.yaml, which ships
with the tool, as rights.yaml does)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

BASES_FILE = Path(__file__).resolve().parents[1] / "data" / "lawful-bases.yaml"


class Choice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    article: str
    name: str
    when: str  # one plain line on when it fits
    source: str  # the guidance page it was checked against
    notice: str | None = None  # the words the notice prints (Article 9 conditions)

    @property
    def source_title(self) -> str:
        """The source as the page names it (the desk's pages print no web addresses: nothing on
        them is fetched or followed): the guidance page's last words."""
        last = self.source.rstrip("/").rsplit("/", 1)[-1]
        return "ICO guidance: " + last.replace("-", " ").capitalize()


class ChoiceTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    checked: dt.date
    bases: tuple[Choice, ...]
    conditions: tuple[Choice, ...]


@lru_cache(maxsize=1)
def choices() -> ChoiceTable:
    """The package's table (it ships with the tool, as rights.yaml does)."""
    return ChoiceTable.model_validate(yaml.safe_load(BASES_FILE.read_text(encoding="utf-8")))
