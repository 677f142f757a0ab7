"""The codes of what the staff records' checks report (records/staff.yaml, signatures)."""

from generator.core.findings import Code

NO_FOLDER = Code("records.no-folder", "error", "the records folder does not exist")
DUPLICATE_STAFF = Code("records.duplicate-staff", "error", "two staff members have the same id")
UNKNOWN_ROLE = Code("records.unknown-role", "error", "a staff member holds a role roles.yaml does not have")
GROUP_ROLE = Code("records.group-role", "error", "a staff member holds a group of roles (one nobody holds on its own)")
LEAVES_BEFORE_START = Code(
    "records.leaves-before-start", "error", "a staff member's leave date is before their start date"
)
UNKNOWN_PERSON = Code("records.unknown-person", "error", "a record names a person who is not in staff.yaml")
UNKNOWN_POLICY = Code(
    "records.unknown-policy", "error", "a signature in the records names a policy the handbook does not have"
)
UNKNOWN_RELEASE = Code("records.unknown-release", "error", "a signature's fingerprint is not a release of its policy")
SIGNED_BEFORE_RELEASE = Code(
    "records.signed-before-release",
    "error",
    "a signature in the records is dated before the version it signs was released",
)
FUTURE_DATE = Code("records.future-date", "error", "a record is dated in the future")
DUPLICATE_SIGNATURE = Code("records.duplicate-signature", "error", "a person signed the same version of a policy twice")
UNKNOWN_COURSE = Code("records.unknown-course", "error", "a training record names a course no training pack declares")
