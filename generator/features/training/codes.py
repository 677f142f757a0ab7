"""The codes of what the training packs' checks report."""

from generator.core.findings import Code

YEAR_NOT_FILE_NAME = Code("training.year-not-file-name", "error", "a training pack's year differs from its file name")
UNKNOWN_ROLE = Code("training.unknown-role", "error", "a training pack names a role roles.yaml does not have")
DATE_UNSET = Code("training.date-unset", "warning", "to be completed: a training session has no date")
DATE_NOT_SEPTEMBER = Code(
    "training.date-not-september", "warning", "a training session's date is not in September of its year"
)
UNKNOWN_POLICY = Code("training.unknown-policy", "error", "a training pack covers a policy the handbook does not have")
KEY_POINTS_UNCOVERED = Code(
    "training.key-points-uncovered", "error", "key points are given for a policy the session does not cover"
)
UNKNOWN_STATEMENT = Code(
    "training.unknown-statement", "error", "a training pack cites a statement the handbook does not have"
)
STATEMENT_NOT_COVERED = Code(
    "training.statement-not-covered",
    "warning",
    "a training pack cites a statement of a policy the session does not cover",
)
KEY_POINT_ELSEWHERE = Code(
    "training.key-point-elsewhere", "error", "a key point is not a statement of the policy it is listed under"
)
READER_CANNOT_ANSWER = Code(
    "training.reader-cannot-answer", "error", "a question is put to a role none of its answers applies to"
)
KEY_POINT_NOT_ALL_STAFF = Code(
    "training.key-point-not-all-staff", "error", "a key point read by all staff applies only to some roles"
)
QUOTE_NOT_FOUND = Code(
    "training.quote-not-found", "error", "a training interval's quote is not in the words of the statement it cites"
)
INTERVAL_UNSET = Code(
    "training.interval-unset",
    "warning",
    "to be completed: the policy gives no interval for a course current guidance times",
)
INTERVAL_OVER_LIMIT = Code(
    "training.interval-over-limit", "error", "a course's interval is longer than current statutory guidance allows"
)
INTERVAL_OVER_ADVICE = Code(
    "training.interval-over-advice",
    "warning",
    "a course's interval is longer than current non-statutory guidance advises",
)
PREVIOUS_SESSION_UNSET = Code(
    "training.previous-session-unset",
    "warning",
    "to be completed: the date of last September's session, which the pack's \"what changed\" compares with",
)
UNKNOWN_COURSE = Code(
    "training.unknown-course", "error", "a training interval names a course its pack does not declare"
)
DUPLICATE_COURSE = Code("training.duplicate-course", "error", "a training pack declares two courses with one id")
