"""The guide to information under the ICO model publication scheme
(policy_data/publication-scheme.yaml).

The model scheme has seven fixed classes of information; the guide lists, in each, what the
setting publishes, where to get it, its format and any charge.  What the setting's documents do
not say (a format, a charge) stays unset and is shown as "to be completed".
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.core.model import Node, Slug, Text

# The ICO model publication scheme's classes, in the scheme's order (checked: ICO).
CLASSES: dict[str, str] = {
    "who-we-are": "Who we are and what we do",
    "what-we-spend": "What we spend and how we spend it",
    "priorities": "What our priorities are and how we are doing",
    "decisions": "How we make decisions",
    "policies": "Our policies and procedures",
    "lists-and-registers": "Lists and registers",
    "services": "The services we offer",
}
ClassId = Literal[
    "who-we-are", "what-we-spend", "priorities", "decisions", "policies", "lists-and-registers", "services"
]


class PublishedItem(Node):
    title: Text
    document: Slug | None = None  # the register entry it is, when it is in the register
    # Where the setting's documents say it is published.  None: the policy names the document but
    # nothing says it is published, so the guide shows "To be confirmed by the setting".
    published_source: Text | None = None
    how_to_get: Text | None = None
    format: Text | None = None
    charge: Text | None = None


class InformationClass(Node):
    id: ClassId
    items: list[PublishedItem] = Field(default_factory=list)
    note: Text | None = None  # e.g. why the class is empty for now


class PublicationScheme(Node):
    title: Text
    adopted: Text | None = None  # which model scheme, and when the setting adopted it
    classes: list[InformationClass]

    def published_documents(self) -> set[str]:
        """Register ids of the documents a source says are published."""
        return {i.document for c in self.classes for i in c.items if i.document and i.published_source}
