"""The codes of what the release files' checks report."""

from generator.core.findings import Code

DUPLICATE_ID = Code("release.duplicate-id", "error", "a released policy's text gives the same id twice")
NAME_MISMATCH = Code("release.name-mismatch", "error", "a release file's name differs from the release it says it is")
POLICY_TWICE = Code("release.policy-twice", "error", "a release holds the same policy twice")
FINGERPRINT_MISMATCH = Code(
    "release.fingerprint-mismatch", "error", "a released text does not match its stored fingerprint (edited by hand)"
)
VERSION_RENUMBERED = Code("release.version-renumbered", "error", "an unchanged policy got a new version number")
VERSION_NOT_RAISED = Code(
    "release.version-not-raised", "error", "a changed policy's version number is not higher than before"
)
