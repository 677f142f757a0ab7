"""How a statement's id travels invisibly through a Word document: as a bookmark.

A bookmark is a named, invisible range that Word and LibreOffice both keep when a document is
edited and saved as .docx (Word shows them only in Insert > Bookmark, or as grey brackets when
"Show bookmarks" is on).  Word allows names of at most 40 letters, digits and underscores, not
starting with a digit; statement ids have capitals, digits and hyphens (CONF-AIM-01), so a
hyphen becomes an underscore and back.  Names starting with an underscore are "hidden" in Word,
and LibreOffice treats some of those (_GoBack, _Toc...) as its own, so ours start with a letter.

The document's title carries the policy id the same way ("policy_" + id), so importing a
document into the wrong policy is refused.
"""

from __future__ import annotations

import re

MAX_NAME = 40  # Word's limit for a bookmark name
POLICY_MARK = "policy_"
_STATEMENT_NAME = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")


def statement_bookmark(statement_id: str) -> str | None:
    """The bookmark name for a statement id, or None when Word could not hold it (over 40)."""
    name = statement_id.replace("-", "_")
    return name if len(name) <= MAX_NAME else None


def statement_id_of(bookmark: str) -> str | None:
    """The statement id a bookmark carries, if it is one of ours."""
    return bookmark.replace("_", "-") if _STATEMENT_NAME.match(bookmark) else None


def policy_bookmark(policy_id: str) -> str:
    """The title's bookmark; a policy id longer than Word allows is cut (compare with this)."""
    return (POLICY_MARK + policy_id.replace("-", "_"))[:MAX_NAME]


def policy_id_of(bookmark: str) -> str | None:
    """The (possibly cut) policy id a title bookmark carries."""
    if not bookmark.startswith(POLICY_MARK):
        return None
    return bookmark[len(POLICY_MARK) :].replace("_", "-") or None
