"""policy_data/notices/*.yaml: the parent fair processing notice as structured data.

Each part answers one question a parent asks and covers one or more elements of the ICO's
"right to be informed" checklist (UK GDPR Articles 13 and 14).  Parts quote the policies by
statement id (``statements``) instead of retyping them, and name retention schedule entries by
id; the setting's contact details and DPO come from setting.yaml.  Every part is optional in the
model so that a missing one is reported by the completeness check (with its element number),
not as a bare schema error.

A translation is a file of the same shape beside the English one, with a ``translation`` block
saying which language it is and the fingerprint of the English text it was made from.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints

from generator.core.model import Fingerprint, Node, Slug, StatementId, Text
from generator.features.policies.model import Contact

# UK GDPR Art. 6(1)(a)-(f), and (ea) recognised legitimate interests (Annex 1: for example
# safeguarding vulnerable individuals), inserted by the Data (Use and Access) Act 2025 s.70, in
# force 5 February 2026 (SI 2026/82 reg. 2(c)); sources in generator/data/rights.yaml.
LawfulBasis = Literal[
    "consent",
    "contract",
    "legal-obligation",
    "vital-interests",
    "public-task",
    "recognised-legitimate-interests",
    "legitimate-interests",
]
Right = Literal["access", "rectification", "erasure", "restriction", "objection", "portability"]
RIGHTS: tuple[str, ...] = ("access", "rectification", "erasure", "restriction", "objection", "portability")
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


class Part(Node):
    """One section of the notice: a heading that is a parent's question, plain words, quotes."""

    heading: Text
    text: Text | None = None  # the notice's own plain-English words
    statements: list[StatementId] = Field(default_factory=list)  # policy statements quoted here


class Purpose(Node):
    id: Slug
    purpose: Text
    statements: list[StatementId] = Field(default_factory=list)
    lawful_basis: LawfulBasis | None = None
    lawful_basis_source: Text | None = None  # where the setting's documents give it
    # The purpose uses special category data (UK GDPR Art. 9: health, including medical needs and
    # SEN where they are health data), so it needs an Article 9 condition as well as a basis.
    special_category: bool = False
    article9_condition: Text | None = None
    legitimate_interests: Text | None = None  # required when the basis is legitimate interests


class PurposesPart(Part):
    items: list[Purpose] = Field(default_factory=list)


# What a category of information is in law.  special-category: UK GDPR Art. 9 (here: health,
# medical needs, medicine and first aid, SEN and speech therapy as health data).  confidential:
# confidential and sensitive in its own right but not special category as such (child protection
# concerns, social care records), though it may contain Art. 9 data.
Sensitivity = Literal["special-category", "confidential"]


class Category(Node):
    name: Text
    sensitivity: Sensitivity | None = None
    statements: list[StatementId] = Field(default_factory=list)
    # The kinds of record (retention.yaml ids) this category covers.  Each record a policy
    # statement says the setting holds (its `retention:`) is covered by some category, or
    # `handbook check` reports it with the statement that says so: the notice may only say what
    # the data supports, and must not say less than the policies do.
    records: list[Slug] = Field(default_factory=list)


class CategoriesPart(Part):
    items: list[Category] = Field(default_factory=list)


class Source(Node):
    name: Text
    from_parent: bool  # False: Article 14 applies (categories and sources must be given)
    statements: list[StatementId] = Field(default_factory=list)


class SourcesPart(Part):
    items: list[Source] = Field(default_factory=list)


class Recipient(Node):
    name: Text
    why: Text | None = None
    statements: list[StatementId] = Field(default_factory=list)


class RecipientsPart(Part):
    items: list[Recipient] = Field(default_factory=list)
    # Who the law requires the setting to share with (the local authority, the DfE's school or
    # early years census, Ofsted where relevant), in the setting's words; until given, "To be
    # completed".
    required_by_law: Text | None = None


class ComplaintsPart(Part):
    """Element 13: complain to the setting first (`text`; its electronic ways come from
    setting.yaml), then to the regulator (`regulator_text`; its name and contact details come
    from regulator.yaml)."""

    regulator_text: Text | None = None


class RetentionPart(Part):
    records: list[Slug] = Field(default_factory=list)  # retention.yaml entries, shown with their periods


class RightItem(Node):
    right: Right
    text: Text


class RightsPart(Part):
    items: list[RightItem] = Field(default_factory=list)


class Translation(Node):
    of: Slug  # the English notice's id
    language: LanguageCode
    language_name: Text  # in the language itself, e.g. "বাংলা"
    direction: Literal["ltr", "rtl"] = "ltr"
    source_fingerprint: Fingerprint  # the English text this translation was made from
    quotes: dict[StatementId, Text] = Field(default_factory=dict)  # translated policy statements
    records: dict[Slug, Text] = Field(default_factory=dict)  # translated retention record names
    labels: dict[str, Text] = Field(default_factory=dict)  # translated fixed words (see render)
    # Entries (by their place, e.g. "controller.text") left in English by `handbook translate
    # import --partial`: the printed translation then says first that parts are still in English.
    untranslated: list[Text] = Field(default_factory=list)


class Notice(Node):
    id: Slug
    title: Text
    version: Annotated[int, Field(ge=1)] | None = None
    issued: dt.date | None = None
    introduction: Text | None = None
    other_formats: Text | None = None  # the 16 pt "other formats and languages" line
    controller: Part | None = None  # 1 (contact details from setting.yaml)
    representative: Contact | None = None  # 2, only if the setting has one
    dpo: Part | None = None  # 3 (contact details from setting.yaml)
    purposes: PurposesPart | None = None  # 4, 5, 6
    categories: CategoriesPart | None = None  # 7
    recipients: RecipientsPart | None = None  # 8
    transfers: Part | None = None  # 9
    retention: RetentionPart | None = None  # 10
    rights: RightsPart | None = None  # 11
    withdraw_consent: Part | None = None  # 12
    complaints: ComplaintsPart | None = None  # 13
    sources: SourcesPart | None = None  # 14
    requirement: Part | None = None  # 15
    automated_decisions: Part | None = None  # 16
    translation: Translation | None = None

    # The order parents read the parts in (not the checklist's numbering).
    PART_ORDER: ClassVar[tuple[str, ...]] = (
        "controller",
        "purposes",
        "categories",
        "sources",
        "requirement",
        "recipients",
        "transfers",
        "retention",
        "rights",
        "withdraw_consent",
        "automated_decisions",
        "dpo",
        "complaints",
    )

    def parts(self) -> list[tuple[str, Part]]:
        return [(name, getattr(self, name)) for name in self.PART_ORDER if getattr(self, name) is not None]


def notice_document_id(notice: Notice) -> str:
    """notice/fair-processing-notice, or notice/fair-processing-notice.tr for a translation
    (the same name as its printed file)."""
    return f"notice/{notice.id}" + (f".{notice.translation.language}" if notice.translation else "")
