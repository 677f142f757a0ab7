"""The codes of what a setting's checks report (its overrides of the model, its adopted release)."""

from generator.core.findings import Code

CHECKLIST_ON_REPLACED = Code(
    "settings.checklist-on-replaced",
    "warning",
    "a model checklist item is based on a statement the setting words its own way",
)
NOTICE_ON_REPLACED = Code(
    "settings.notice-on-replaced", "warning", "the model's notice quotes a statement the setting words its own way"
)
CONFLICT_REMOVED = Code(
    "settings.conflict-removed",
    "warning",
    "the model dropped a statement the setting words its own way: decide with handbook resolve",
)
CONFLICT = Code(
    "settings.conflict", "warning", "the model changed a statement the setting changed: decide with handbook resolve"
)
OWN_COPY_OF_MODEL_POLICY = Code(
    "settings.own-copy-of-model-policy",
    "warning",
    "a setting keeps its own copy of a model policy, which the model's updates no longer reach",
)
ADOPTED_UNKNOWN_RELEASE = Code(
    "settings.adopted-unknown-release", "error", "overrides.yaml's adopted: names no release of the model"
)
RELEASE_NOT_ADOPTED = Code(
    "settings.release-not-adopted", "note", "the model has a newer release than the one the setting records adopting"
)
UNKNOWN_IN_MODEL = Code(
    "settings.unknown-in-model",
    "error",
    "an override names a document, retention entry or notice the model does not have",
)
CHANGED_TWICE = Code("settings.changed-twice", "error", "the overrides change one statement twice")
UNKNOWN_STATEMENT = Code(
    "settings.unknown-statement", "error", "an override changes a statement the model does not have"
)
ADDITION_ID = Code(
    "settings.addition-id",
    "error",
    "a statement the setting adds has the model's id or prefix, or not the setting's prefix",
)
ADDITION_PLACE = Code(
    "settings.addition-place",
    "error",
    "a statement the setting adds names a policy, section or statement to follow that the model does not have",
)
MODEL_ROLE_TITLE = Code(
    "settings.model-role-title",
    "warning",
    "words in the setting's handbook use the model's title for a role the setting names differently",
)
MODEL_NOUN = Code(
    "settings.model-noun",
    "warning",
    "words in the setting's handbook call it by another kind of setting's noun (the centre, the school ...)",
)
FOREIGN_ROLE_TITLE = Code(
    "settings.foreign-role-title",
    "warning",
    "a role, or words, of the setting's handbook use another kind of setting's role title (Headteacher ...)",
)
FOREIGN_DUTY = Code(
    "settings.foreign-duty",
    "warning",
    "words in the setting's handbook name a law the kinds table says does not apply to its kind (FOI)",
)
