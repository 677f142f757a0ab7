"""The September training packs as documents the setting approves, fingerprinted on the pack as
printed (render.py: fingerprint_of)."""

from __future__ import annotations

from collections.abc import Iterable

from generator.core.documents import Document

from .data import TrainingData as Handbook
from .model import training_document_id
from .render import pack_fingerprint


def training_documents(hb: Handbook) -> Iterable[Document]:
    for pack in hb.training:
        title = pack.title or f"September {pack.year} training"
        yield Document(
            training_document_id(pack),
            "training",
            title,
            pack_fingerprint(hb, pack),
            None,
            pack.where("year"),
        )
