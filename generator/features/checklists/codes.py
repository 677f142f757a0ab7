"""The codes of what the role checklists' checks report."""

from generator.core.findings import Code

SECOND_FOR_ROLE = Code("checklist.second-for-role", "error", "two checklist files are for the same role")
ROLE_NOT_FILE_NAME = Code("checklist.role-not-file-name", "error", "a checklist's role differs from its file name")
UNKNOWN_ROLE = Code("checklist.unknown-role", "error", "a checklist is for a role roles.yaml does not have")
UNKNOWN_EXCLUDED = Code(
    "checklist.unknown-excluded", "error", "a checklist excludes a statement the handbook does not have"
)
EXCLUDE_NOT_APPLICABLE = Code(
    "checklist.exclude-not-applicable",
    "warning",
    "a checklist excludes a statement that does not apply to its role anyway",
)
ITEM_ID_TAKEN = Code("checklist.item-id-taken", "error", "a checklist item's id is already a statement's id")
DUPLICATE_ITEM = Code("checklist.duplicate-item", "error", "two checklist items have the same id")
UNKNOWN_BASIS = Code(
    "checklist.unknown-basis", "error", "a checklist item is based on a statement the handbook does not have"
)
SEVERAL_POLICIES = Code(
    "checklist.several-policies", "error", "a checklist item is based on statements of more than one policy"
)
