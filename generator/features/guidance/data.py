"""The guidance's slice of the handbook: the documents outputs cite, by id (the package's
guidance.yaml, replaced and extended by the data's), over the policies' slice (whose kinds of
setting say which EYFS framework a citation prints)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.core.sources import SourceKind, unique
from generator.features.policies.data import PoliciesData

from .model import GuidanceDocument, GuidanceFile


@dataclass(kw_only=True)
class GuidanceData(PoliciesData):
    guidance: dict[str, GuidanceDocument] = field(default_factory=dict)


# The data's guidance.yaml: its entries by id (the loader puts them over the package's own).
SOURCES = (
    SourceKind(
        "guidance",
        "guidance.yaml",
        GuidanceFile,
        "guidance",
        required=False,
        into="guidance",
        items="documents",
        gather=unique("guidance document"),
    ),
)
