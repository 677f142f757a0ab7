"""The codes of what the approvals' checks report."""

from generator.core.findings import Code

UNKNOWN_DOCUMENT = Code("approval.unknown-document", "error", "an approval names a document the handbook does not have")
VERSION_MISSING = Code("approval.version-missing", "error", "an approval does not say which version it approved")
UNKNOWN_ROLE = Code("approval.unknown-role", "error", "an approval is by a role roles.yaml does not have")
FUTURE_DATE = Code("approval.future-date", "error", "an approval is dated in the future")
DRAFT = Code("approval.draft", "warning", "a document is not approved in the words it has now, so it is marked a draft")
