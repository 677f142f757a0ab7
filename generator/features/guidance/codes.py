"""The codes of what the guidance checks report (guidance.yaml and the citations of it)."""

from generator.core.findings import Code

UNKNOWN_DOCUMENT = Code("guidance.unknown-document", "error", "a citation names a document guidance.yaml does not have")
NOT_FOR_THIS_KIND = Code(
    "guidance.not-for-this-kind",
    "warning",
    "a file cites Keeping children safe in education, which does not apply to this kind of setting",
)
CHECK_OVERDUE = Code(
    "guidance.check-overdue", "warning", "a guidance document was due to be checked again for a newer edition"
)
EDITION_EXPECTED = Code(
    "guidance.edition-expected", "warning", "a new edition of a guidance document was expected to be in force by now"
)
NAMED_IN_FREE_TEXT = Code(
    "guidance.named-in-free-text", "warning", "a source names guidance as free text instead of citing it"
)
NAMED_WITHOUT_EDITION = Code(
    "guidance.named-without-edition",
    "warning",
    "words drafted for the handbook name a guidance document without the edition guidance.yaml gives",
)
