"""Content fingerprints: a signature counts for the exact text that was read."""

from __future__ import annotations

import hashlib
import json

SHORT = 12  # characters shown on pages and paper; enough to tell versions apart by eye


def policy_fingerprint(policy) -> str:
    """SHA-256 of what a reader reads: titles, statement ids and texts, in order.

    Audience and role tags are left out on purpose: re-tagging who must sign a statement does
    not change the words anyone signed for.  Works for a Policy and for a ReleasedPolicy
    snapshot alike, so a release's stored fingerprint can be verified from its stored text.
    """
    content = {
        "id": policy.id,
        "title": policy.title,
        "sections": [
            {"title": s.title, "statements": [[st.id, st.text] for st in s.statements]} for s in policy.sections
        ],
    }
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def short(fingerprint: str) -> str:
    return fingerprint[:SHORT]
