"""The codes of what the information checks report (retention schedule, publication scheme, audiences)."""

from generator.core.findings import Code

PUBLISHED_NOT_PUBLIC = Code(
    "information.published-not-public", "error", "a statement of a published policy is not for the public"
)
PUBLIC_NOT_PARENTS = Code(
    "information.public-not-parents", "error", "a statement is for the public but not for parents"
)

RETENTION_UNKNOWN = Code(
    "retention.unknown-entry", "error", "a statement names a retention entry retention.yaml does not have"
)
RETENTION_PERIOD_UNSET = Code(
    "retention.period-unset", "warning", "to be completed: a retention entry has no period (and perhaps no action)"
)
RETENTION_ACTION_UNSET = Code(
    "retention.action-unset", "warning", "to be completed: a retention entry has no action at the end of its period"
)
RETENTION_DEPARTURE_UNEXPLAINED = Code(
    "retention.departure-unexplained", "warning", "a retention period differs from the guideline without a reason"
)
RETENTION_PERIOD_MISATTRIBUTED = Code(
    "retention.period-misattributed",
    "warning",
    "a retention guideline names as its source a document that sets no retention period (the EYFS)",
)

PUBLICATION_SCHEME_MISSING = Code(
    "publication.scheme-missing",
    "warning",
    "to be completed: the register lists a publication scheme but publication-scheme.yaml is missing",
)
PUBLICATION_NOT_APPLICABLE = Code(
    "publication.not-applicable",
    "note",
    "the publication scheme is not published: the Freedom of Information Act does not apply to this kind of setting",
)
PUBLICATION_CLASS_TWICE = Code("publication.class-twice", "error", "a class of the publication scheme is listed twice")
PUBLICATION_CLASS_EMPTY = Code(
    "publication.class-empty", "error", "a class of the publication scheme is empty and has no note saying why"
)
PUBLICATION_UNKNOWN_DOCUMENT = Code(
    "publication.unknown-document", "error", "the publication scheme names a document the register does not have"
)
PUBLICATION_UNCONFIRMED = Code(
    "publication.unconfirmed",
    "warning",
    "to be confirmed: no source says whether an item of the publication scheme is published",
)
PUBLICATION_ITEM_INCOMPLETE = Code(
    "publication.item-incomplete",
    "warning",
    "to be completed: an item of the publication scheme lacks where or how to get it",
)
PUBLICATION_CLASS_MISSING = Code(
    "publication.class-missing", "error", "a class of the ICO's model publication scheme is missing"
)
PUBLICATION_ADOPTED_UNSET = Code(
    "publication.adopted-unset", "warning", "to be completed: when the setting adopted the model publication scheme"
)
