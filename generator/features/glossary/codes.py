"""The codes of what the glossary's checks report."""

from generator.core.findings import Code

DUPLICATE_ENTRY = Code("glossary.duplicate-entry", "error", "a term or abbreviation is already in the glossary")
LISTED_TWICE = Code("glossary.listed-twice", "error", "a term lists the same name twice")
SHARED_NAME = Code("glossary.shared-name", "error", "one name belongs to two terms")
UNKNOWN_RELATED = Code("glossary.unknown-related", "error", "a term is related to a name that is not in the glossary")
RELATED_TO_ITSELF = Code("glossary.related-to-itself", "error", "a term is related to itself")
