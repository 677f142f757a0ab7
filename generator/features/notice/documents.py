"""The parent notices as documents the setting approves: each notice and each translation of a
notice the data holds, fingerprinted on everything a parent reads (content.py)."""

from __future__ import annotations

from collections.abc import Iterable

from generator.core.documents import Document

from .content import NoticeViewsData as Handbook
from .content import kept_view_fingerprint, notice_fingerprint, notice_view
from .model import notice_document_id


def notice_documents(hb: Handbook) -> Iterable[Document]:
    for notice in hb.notices.values():
        yield Document(
            notice_document_id(notice),
            "notice",
            notice.title,
            notice_fingerprint(hb, notice),
            notice.version,
            notice.where("id"),
            True,
        )
    for tr in hb.translations:
        if tr.translation is None or tr.translation.of not in hb.notices:
            continue  # reported by the notice check; it is not built
        title = f"{tr.title} ({tr.translation.language_name})"
        fingerprint = kept_view_fingerprint(hb, notice_document_id(tr), notice_view(hb, tr))
        yield Document(notice_document_id(tr), "notice", title, fingerprint, tr.version, tr.where("translation"), True)
