"""The codes of what the policies' checks report: the register, the setting's facts, the
policies' statements and review dates, and the words drafted from them."""

from generator.core.findings import Code

TO_REVIEW = Code(
    "policy.to-review", "warning", "to be reviewed: a statement's audience, roles or other field is still to be decided"
)
REVIEW_DATES_REVERSED = Code(
    "policy.review-dates-reversed", "error", "a register entry's next review is before its last review"
)
REVIEWED_IN_FUTURE = Code("policy.reviewed-in-future", "error", "a register entry's last review is dated in the future")
REVIEW_OVERDUE = Code("policy.review-overdue", "warning", "a document was due for review")
REVIEW_DUE_SOON = Code("policy.review-due-soon", "warning", "a document is due for review soon")
PAGE_TO_COMPLETE = Code(
    "policy.page-to-complete", "warning", 'to be completed: a hand-written page in docs/ says "to be completed"'
)
NONE_YET = Code("policy.none-yet", "warning", "to be completed: the handbook has no policies yet")
UNKNOWN_ROLE = Code("policy.unknown-role", "error", "a role, owner or statement names a role roles.yaml does not have")
ROLE_LOOP = Code("policy.role-loop", "error", "a role is part of itself (a loop in part_of)")
NOT_IN_REGISTER = Code("policy.not-in-register", "error", "a policy is not in register.yaml")
REGISTER_STATUS = Code("policy.register-status", "error", "register.yaml does not list a policy as in-handbook")
UNKNOWN_LINK = Code("policy.unknown-link", "error", "a policy links to a document register.yaml does not have")
STAFF_WITHOUT_ROLE = Code(
    "policy.staff-without-role", "error", "a statement is for staff but names no role that must read it"
)
REVIEW_NOTE_STALE = Code(
    "policy.review-note-stale", "warning", "a review note quotes words its statement no longer has"
)
REVIEW_NOTE = Code("policy.review-note", "note", "a review note on a statement's source words, for the policy's owner")
UNKNOWN_PLACEHOLDER = Code(
    "policy.unknown-placeholder",
    "warning",
    "a statement has a {placeholder} other than the setting's name, printed as it is",
)

REGISTER_DOCUMENT_MISSING = Code(
    "register.document-missing", "error", "register.yaml marks a document in-handbook but the handbook does not have it"
)
REGISTER_OWNER_UNSET = Code(
    "register.owner-unset", "warning", "to be completed: a document in the handbook has no owner"
)
REGISTER_REVIEW_CYCLE_UNSET = Code(
    "register.review-cycle-unset", "warning", "to be completed: a document in the handbook has no review cycle"
)
REGISTER_NEXT_REVIEW_UNSET = Code(
    "register.next-review-unset", "warning", "to be completed: a document in the handbook has no next review date"
)

SETTING_FACT_UNSET = Code(
    "setting.fact-unset",
    "warning",
    "to be completed: setting.yaml does not give the setting's address, phone, email or ICO registration",
)
SETTING_DPO_UNSET = Code(
    "setting.dpo-unset",
    "warning",
    "to be completed: setting.yaml does not give the Data Protection Officer's name or email",
)
SETTING_KIND_UNSET = Code("setting.kind-unset", "warning", "to be completed: the kind of setting (kind:) is not set")
SETTING_UNKNOWN_KIND = Code(
    "setting.unknown-kind", "warning", "setting.yaml names a kind of setting the kinds table does not have"
)
SETTING_NATION_UNSUPPORTED = Code(
    "setting.nation-unsupported", "warning", "the setting is in a nation whose law this tool does not know yet"
)
SETTING_NOUN_UNSET = Code(
    "setting.noun-unset", "warning", "to be completed: what the handbook calls the setting in its sentences (noun:)"
)
SETTING_KIND_ASSUMED = Code("setting.kind-assumed", "note", "the duties the tool assumes from the kind of setting")

DRAFTED_ABSOLUTE_CLAIM = Code(
    "drafted.absolute-claim",
    "error",
    "drafted words make an absolute claim (never, always) that no statement they cite makes",
)
DRAFTED_REGULATOR_NAMED = Code(
    "drafted.regulator-named", "warning", "drafted words name the regulator in their own words instead of {regulator}"
)
