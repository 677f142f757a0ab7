"""The codes of what the privacy notice's checks report (UK GDPR Articles 13 and 14, readability,
translations)."""

from generator.core.findings import Code

ELEMENT_EMPTY = Code(
    "notice.element-empty", "warning", "to be completed: a required element of the notice lists nothing yet"
)
ELEMENT_MISSING = Code("notice.element-missing", "warning", "to be completed: the notice is missing a required element")
UNKNOWN_STATEMENT = Code(
    "notice.unknown-statement", "error", "the notice quotes a statement the handbook does not have"
)
NOT_FOR_PARENTS = Code("notice.not-for-parents", "error", "the notice quotes a statement that is not for parents")
UNKNOWN_RETENTION = Code(
    "notice.unknown-retention", "error", "the notice names a retention entry retention.yaml does not have"
)
CONTROLLER_CONTACT_UNSET = Code(
    "notice.controller-contact-unset",
    "warning",
    "to be completed: setting.yaml gives no address, phone or email for the notice",
)
CONTROLLER_PROVIDER_UNSET = Code(
    "notice.controller-provider-unset",
    "warning",
    "to be completed: setting.yaml does not name who runs the setting, the data controller the notice names",
)
CONTROLLER_NAMED_TWICE = Code(
    "notice.controller-named-twice",
    "warning",
    "the notice's own words under its controller heading name the data controller too, beside who runs the setting",
)
DPO_LEFT_OUT = Code(
    "notice.dpo-left-out",
    "note",
    "the DPO's contact is left out: this kind of setting need not have a DPO and names none",
)
DPO_CONTACT_UNSET = Code(
    "notice.dpo-contact-unset", "warning", "to be completed: setting.yaml gives no contact for the DPO"
)
BASIS_UNSET = Code("notice.basis-unset", "warning", "to be completed: a purpose has no lawful basis")
ARTICLE9_UNSET = Code(
    "notice.article9-unset",
    "warning",
    "to be completed: a purpose uses sensitive information but names no Article 9 condition",
)
APPROPRIATE_POLICY_DOCUMENT = Code(
    "notice.appropriate-policy-document",
    "note",
    "a purpose's health condition is one of Schedule 1's that need an appropriate policy document",
)
PUBLIC_TASK_NOT_PUBLIC_AUTHORITY = Code(
    "notice.public-task-not-public-authority",
    "warning",
    "a purpose relies on public task, but the setting is not a public authority",
)
INTERESTS_UNSET = Code(
    "notice.interests-unset",
    "warning",
    "to be completed: a purpose relies on legitimate interests but does not say what they are",
)
RECIPIENTS_BY_LAW_UNSET = Code(
    "notice.recipients-by-law-unset",
    "warning",
    "to be completed: whom the law requires the setting to share information with",
)
RETENTION_UNSET = Code(
    "notice.retention-unset", "warning", "to be completed: retention.yaml gives no period for records the notice names"
)
RIGHTS_MISSING = Code(
    "notice.rights-missing", "warning", "to be completed: the notice does not list every right parents have"
)
ELEMENT_TEXT_UNSET = Code(
    "notice.element-text-unset", "warning", "to be completed: a required element of the notice has no words"
)
PART_EMPTY = Code(
    "notice.part-empty", "warning", "to be completed: a part of the notice has a heading but says nothing"
)
OTHER_FORMATS_IGNORED = Code(
    "notice.other-formats-ignored",
    "warning",
    "other_formats: is no longer printed; the line is made from what the setting offers",
)
VERSION_UNSET = Code(
    "notice.version-unset", "warning", "to be completed: the notice has no version number and issue date"
)
COMPLAINTS_TEXT_UNSET = Code(
    "notice.complaints-text-unset", "warning", "to be completed: the notice does not say how to complain to the setting"
)
COMPLAINTS_CONTACT_UNSET = Code(
    "notice.complaints-contact-unset",
    "warning",
    "to be completed: setting.yaml gives no complaints_email or complaints_form",
)
REGULATOR_TEXT_UNSET = Code(
    "notice.regulator-text-unset",
    "warning",
    "to be completed: the notice does not say parents can complain to the regulator",
)
REGULATOR_MISSING = Code("notice.regulator-missing", "warning", "to be completed: regulator.yaml is missing")
REGULATOR_ADDRESS_UNSOURCED = Code(
    "notice.regulator-address-unsourced",
    "error",
    "the regulator's address does not say where it was read (address_source)",
)
REGULATOR_CONTACT_UNSET = Code(
    "notice.regulator-contact-unset", "warning", "to be completed: regulator.yaml gives no web address or phone number"
)
TRANSLATION_OF_UNKNOWN = Code(
    "notice.translation-of-unknown", "error", "a translation is of a notice the handbook does not have"
)
TRANSLATION_ID = Code("notice.translation-id", "error", "a translation does not keep the English notice's id")
TRANSLATION_STALE = Code(
    "notice.translation-stale", "warning", "the English notice changed since a translation was made"
)
TRANSLATION_UNTRANSLATED = Code(
    "notice.translation-untranslated", "warning", "a translation has entries still in English"
)
GLANCE_TOO_LONG = Code(
    "notice.glance-too-long", "warning", "the notice's first page (at a glance) is longer than the aim"
)
HARD_TO_READ = Code("notice.hard-to-read", "warning", "the notice's Flesch reading ease is below the aim")
CATEGORY_UNKNOWN_RECORD = Code(
    "notice.category-unknown-record", "error", "a category of the notice lists a record retention.yaml does not have"
)
CATEGORY_MISSING = Code(
    "notice.category-missing", "warning", "the policies say the setting holds a record no category of the notice covers"
)
REGULATOR_RENAME_UNCHECKED = Code(
    "notice.regulator-rename-unchecked",
    "warning",
    "the day the regulator's new name comes into force is unrecorded past its check-again date",
)
