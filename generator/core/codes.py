"""The codes of what the core reports: a data file that cannot be read, YAML it refuses, a value
its schema refuses, a hand-written page that must not be published, an unset fact printed."""

from .findings import Code

FILE_EMPTY = Code("file.empty", "error", "a data file is empty")
FILE_NOT_UTF8 = Code(
    "file.not-utf8", "error", 'a data file is not saved as UTF-8 text (Notepad\'s "Unicode", Latin-1 and the like)'
)
FILE_BINARY = Code("file.binary", "error", "a data file is not a text file (it contains NUL bytes)")
FILE_CONTROL_CHARACTER = Code("file.control-character", "error", "a data file contains a control or invalid character")
FILE_UNREADABLE = Code("file.unreadable", "error", "a data file cannot be read (permissions, a folder in its place)")
FILE_TOO_LARGE = Code("file.too-large", "error", "a data file is larger than the limit for one file")

YAML_SYNTAX = Code("yaml.syntax", "error", "the file is not valid YAML (indentation, tabs, an unclosed quote)")
YAML_NO_DATA = Code("yaml.no-data", "error", "the file holds only comments")
YAML_SEVERAL_DOCUMENTS = Code(
    "yaml.several-documents", "error", "the file holds more than one YAML document (a second ---)"
)
YAML_ALIAS = Code("yaml.alias", "error", "the file uses a YAML alias (*name), which policy data does not allow")
YAML_TOO_DEEP = Code("yaml.too-deep", "error", "the data is nested too deeply")
YAML_TOO_MANY_VALUES = Code("yaml.too-many-values", "error", "the file holds too many values")
YAML_TAG = Code("yaml.tag", "error", "the file uses a YAML tag (!!python/..., !custom) that is not allowed")
YAML_TAGGED_VALUE = Code(
    "yaml.tagged-value", "error", "a value with an explicit tag (!!int, !!bool) cannot be read as that type"
)
YAML_KEY_NOT_TEXT = Code("yaml.key-not-text", "error", "a mapping key is not plain text")
YAML_MERGE_KEY = Code("yaml.merge-key", "error", "the file uses a merge key (<<), which is not allowed")
YAML_DUPLICATE_KEY = Code("yaml.duplicate-key", "error", "a key is given twice in one mapping")

DATA_INVALID = Code(
    "data.invalid",
    "error",
    "a value does not fit the file's schema: an unknown or missing key, a wrong type, a bad date or id",
)

DOCS_BROKEN_LINK = Code("docs.broken-link", "error", "a link in docs/ points at nothing")
DOCS_LINK_OUTSIDE = Code(
    "docs.link-outside", "error", "a link in docs/ points outside the project, whose files would be published"
)
DOCS_PRIVATE = Code(
    "docs.private", "warning", "a file in docs/ is in (or links to) a records or private folder: left out of the site"
)

OUTPUT_TO_COMPLETE = Code(
    "output.to-complete", "warning", 'a built output prints "to be completed" for a fact the data leaves unset'
)

SOURCE_DUPLICATE_ID = Code(
    "source.duplicate-id", "error", "two data files give the same id (two policies, two notices)"
)
