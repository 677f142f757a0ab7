"""The codes of what the importer reports about a document it reads (it refuses by raising
`Refused`; everything else it has to say is a note)."""

from generator.core.findings import Code

IMPORT_NOTE = Code(
    "import.note",
    "note",
    "a note about a document being imported: text not read, a heading taken as a section, a link not found",
)
