"""The codes of what recording signatures reports (handbook sign, a signatures CSV file)."""

from generator.core.findings import Code

UNKNOWN_PERSON = Code(
    "signing.unknown-person", "error", "a signature being recorded names a person who is not in staff.yaml"
)
UNKNOWN_POLICY = Code(
    "signing.unknown-policy", "error", "a signature being recorded names a policy the handbook does not have"
)
BAD_DATE = Code(
    "signing.bad-date", "error", "a signature being recorded gives a date that is not a date, or is in the future"
)
LEFT_BEFORE = Code("signing.left-before", "error", "a person signs on or after the day they left")
NO_RELEASE = Code("signing.no-release", "error", "the policy has no release that the signature can be for")
BEFORE_RELEASE = Code(
    "signing.before-release", "error", "a signature being recorded is dated before the version it signs was released"
)
CSV_UNREADABLE = Code("signing.csv-unreadable", "error", "a signatures CSV file cannot be read")
CSV_EMPTY = Code("signing.csv-empty", "error", "a signatures CSV file is empty")
CSV_MISSING_COLUMNS = Code("signing.csv-columns", "error", "a signatures CSV file's header lacks a required column")
ROW_INCOMPLETE = Code(
    "signing.row-incomplete", "error", "a row of a signatures CSV file leaves a required column blank"
)
