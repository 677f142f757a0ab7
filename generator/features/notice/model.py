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

    heading: Text = Field(
        description='The question this part answers, as a parent would ask it (for example "Who do we share information with?").'
    )
    text: Text | None = Field(
        None, description='The part\'s own words, in short plain sentences; blank: the notice prints "To be completed".'
    )
    statements: list[StatementId] = Field(
        default_factory=list,
        description="Ids of the policy statements this part quotes (only statements whose audience includes parents).",
    )


class Purpose(Node):
    id: Slug = Field(description="A short name for this reason, in lower-case letters, digits and hyphens.")
    purpose: Text = Field(description="Why the setting holds the information, in one or two plain sentences.")
    statements: list[StatementId] = Field(
        default_factory=list, description="Ids of the policy statements that say the setting does this."
    )
    lawful_basis: LawfulBasis | None = Field(
        None,
        description="The lawful basis for this reason (UK GDPR Article 6(1)); blank until the setting has decided.",
    )
    lawful_basis_source: Text | None = Field(
        None,
        description="Where the setting's documents give the lawful basis (a statement id, a policy, the DPO's advice).",
    )
    # The purpose uses special category data (UK GDPR Art. 9: health, including medical needs and
    # SEN where they are health data), so it needs an Article 9 condition as well as a basis.
    special_category: bool = Field(
        False,
        description="This reason uses health information or other special category data (UK GDPR Article 9): it needs an Article 9 condition too.",
    )
    article9_condition: Text | None = Field(
        None,
        description="The Article 9 condition that allows the health information to be used, as the notice prints it.",
    )
    legitimate_interests: Text | None = Field(
        None,
        description="What the legitimate interests are, when the lawful basis is legitimate interests (the notice must say).",
    )


class PurposesPart(Part):
    items: list[Purpose] = Field(
        default_factory=list,
        description="Each reason the setting holds information, with its lawful basis (elements 4, 5 and 6).",
    )


# What a category of information is in law.  special-category: UK GDPR Art. 9 (here: health,
# medical needs, medicine and first aid, SEN and speech therapy as health data).  confidential:
# confidential and sensitive in its own right but not special category as such (child protection
# concerns, social care records), though it may contain Art. 9 data.
Sensitivity = Literal["special-category", "confidential"]


class Category(Node):
    name: Text = Field(description="A kind of information the setting holds, as parents would recognise it.")
    sensitivity: Sensitivity | None = Field(
        None,
        description="How the setting treats it: as health (special category) information, or as confidential and sensitive.",
    )
    statements: list[StatementId] = Field(
        default_factory=list, description="Ids of the policy statements that say the setting holds it."
    )
    # The kinds of record (retention.yaml ids) this category covers.  Each record a policy
    # statement says the setting holds (its `retention:`) is covered by some category, or
    # `handbook check` reports it with the statement that says so: the notice may only say what
    # the data supports, and must not say less than the policies do.
    records: list[Slug] = Field(
        default_factory=list, description="The retention.yaml records this kind of information covers (their ids)."
    )


class CategoriesPart(Part):
    items: list[Category] = Field(
        default_factory=list, description="Each kind of information the setting holds (element 7)."
    )


class Source(Node):
    name: Text = Field(description="Where the information comes from.")
    from_parent: bool = Field(
        description="The parent gives it; untick for information from anyone else (UK GDPR Article 14 applies)."
    )  # False: Article 14 applies (categories and sources must be given)
    statements: list[StatementId] = Field(default_factory=list, description="Ids of the policy statements that say so.")


class SourcesPart(Part):
    items: list[Source] = Field(default_factory=list, description="Where the information comes from (element 14).")


class Recipient(Node):
    name: Text = Field(description="Who the setting shares information with.")
    why: Text | None = Field(None, description="Why, and when, it is shared with them.")
    statements: list[StatementId] = Field(default_factory=list, description="Ids of the policy statements that say so.")


class RecipientsPart(Part):
    items: list[Recipient] = Field(
        default_factory=list, description="Each person or organisation the setting shares information with (element 8)."
    )
    # Who the law requires the setting to share with (the local authority, the DfE's school or
    # early years census, Ofsted where relevant), in the setting's words; until given, "To be
    # completed".
    required_by_law: Text | None = Field(
        None,
        description="Who the law requires the setting to share information with (the local authority, the early years census, Ofsted where relevant), in the setting's words.",
    )


class ComplaintsPart(Part):
    """Element 13: complain to the setting first (`text`; its electronic ways come from
    setting.yaml), then to the regulator (`regulator_text`; its name and contact details come
    from regulator.yaml)."""

    regulator_text: Text | None = Field(
        None,
        description="The sentence that tells parents they can complain to the regulator (its name and contact details are added from regulator.yaml).",
    )


class RetentionPart(Part):
    records: list[Slug] = Field(
        default_factory=list,
        description="The retention.yaml records the notice lists, each printed with how long it is kept (their ids).",
    )  # retention.yaml entries, shown with their periods


class RightItem(Node):
    right: Right = Field(description="Which right this is.")
    text: Text = Field(description="What the right lets a parent do, in plain words.")


class RightsPart(Part):
    items: list[RightItem] = Field(
        default_factory=list, description="Each right a parent has, in plain words (element 11)."
    )


class Translation(Node):
    of: Slug  # the English notice's id
    language: LanguageCode
    language_name: Text  # in the language itself, e.g. "বাংলা"
    direction: Literal["ltr", "rtl"] = "ltr"
    source_fingerprint: Fingerprint  # the English text this translation was made from
    # ... and of those the words a translator is given (translation_files.english_words): only a
    # change to them makes it stale, not a phone number, which prints the same in any language.
    # None: made before it was recorded (then any change to the English does).
    source_words: Fingerprint | None = None
    quotes: dict[StatementId, Text] = Field(default_factory=dict)  # translated policy statements
    records: dict[Slug, Text] = Field(default_factory=dict)  # translated retention record names
    # How long each is kept, by the English words translated: a period changed since prints in
    # English, and the translation says so, never the translation of a period no longer true.
    periods: dict[Text, Text] = Field(default_factory=dict)
    labels: dict[str, Text] = Field(default_factory=dict)  # translated fixed words (see render)
    # Entries (by their place, e.g. "controller.text") left in English by `handbook translate
    # import --partial`: the printed translation then says first that parts are still in English.
    untranslated: list[Text] = Field(default_factory=list)


class Notice(Node):
    id: Slug = Field(
        description="A short name for the notice in lower-case letters, digits and hyphens (it names the printed file)."
    )
    title: Text = Field(description="The title printed at the top of the notice.")
    version: Annotated[int, Field(ge=1)] | None = Field(
        None, description="The version number of the notice as issued; blank while it is a draft."
    )
    issued: dt.date | None = Field(
        None, description="The day this version was issued to parents; blank while it is a draft."
    )
    introduction: Text | None = Field(None, description="A few plain sentences at the start: what the notice is about.")
    other_formats: Text | None = Field(
        None,
        description="No longer printed: the line offering other formats and languages is made from what the setting offers.",
    )  # the 16 pt "other formats and languages" line
    controller: Part | None = Field(
        None,
        description="Who the setting is: the data controller (element 1; its contact details come from setting.yaml).",
    )  # 1 (contact details from setting.yaml)
    representative: Contact | None = Field(
        None, description="The setting's representative in the UK, only if it has one (a setting based outside the UK)."
    )  # 2, only if the setting has one
    dpo: Part | None = Field(
        None, description="The Data Protection Officer (element 3; their contact details come from setting.yaml)."
    )  # 3 (contact details from setting.yaml)
    purposes: PurposesPart | None = Field(
        None,
        description="Why the setting holds information, and the lawful basis of each reason (elements 4, 5 and 6).",
    )  # 4, 5, 6
    categories: CategoriesPart | None = Field(None, description="What information the setting holds (element 7).")  # 7
    recipients: RecipientsPart | None = Field(
        None, description="Who the setting shares information with (element 8)."
    )  # 8
    transfers: Part | None = Field(
        None, description="Whether any information is sent outside the UK, and the safeguards if so (element 9)."
    )  # 9
    retention: RetentionPart | None = Field(
        None, description="How long each kind of record is kept (element 10; the periods come from retention.yaml)."
    )  # 10
    rights: RightsPart | None = Field(None, description="The rights parents have (element 11).")  # 11
    withdraw_consent: Part | None = Field(
        None, description="That consent can be taken back at any time, and how (element 12)."
    )  # 12
    complaints: ComplaintsPart | None = Field(
        None, description="How to complain to the setting, then to the regulator (element 13)."
    )  # 13
    sources: SourcesPart | None = Field(
        None, description="Where the information comes from, when not from the parent (element 14)."
    )  # 14
    requirement: Part | None = Field(
        None, description="Which information parents must give, and what happens if they do not (element 15)."
    )  # 15
    automated_decisions: Part | None = Field(
        None, description="Whether any decision is made by computer alone (element 16)."
    )  # 16
    translation: Translation | None = Field(
        None, description="Only in a translation: which language it is and the English text it was made from."
    )

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
