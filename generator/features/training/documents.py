"""The September training packs as documents the setting approves, fingerprinted on what the
printed pack is made of."""

from __future__ import annotations

from collections.abc import Iterable

from generator.core.documents import Document, content_fingerprint
from generator.features.policies.review_notes import one_line, review_notes
from generator.features.releases.versions import policy_version

from .calendar import review_calendar
from .changes import compare
from .data import TrainingData as Handbook
from .model import training_document_id


def training_content(hb: Handbook, pack) -> dict:
    """What the printed pack is made of (the date it is printed on aside)."""

    statements = hb.statements_by_id()
    quoted = sorted({sid for *_, sid in pack.statement_refs() if sid in statements})
    calendar = review_calendar(hb, pack)
    changes = compare(hb, pack)
    # previous_session_date is newer than most approvals: unset, it is left out, so a pack whose
    # printed words did not change keeps the fingerprint it was approved with.
    exclude = {"previous_session_date"} if pack.previous_session_date is None else set()
    return {
        "pack": pack.model_dump(mode="json", exclude=exclude),
        "setting": hb.setting.name,
        "led_by": hb.roles[pack.session.led_by].name if pack.session.led_by in hb.roles else None,
        "quoted": {sid: statements[sid].text for sid in quoted},
        "policies": [
            (
                p,
                hb.policies[p].title,
                policy_version(hb, hb.policies[p]).record,
                policy_version(hb, hb.policies[p]).fingerprint,
            )
            for p in pack.policies
            if p in hb.policies
        ],
        "changes": {
            "since": changes.since,
            "baseline": changes.baseline.date if changes.baseline else None,
            "policies": changes.policies,
        },
        "reviews": [(e.id, e.title, e.next_review) for e in calendar.due + calendar.unknown],
        "review_notes": [one_line(n) for n in review_notes(hb, pack.policies)],
    }


def training_documents(hb: Handbook) -> Iterable[Document]:
    for pack in hb.training:
        title = pack.title or f"September {pack.year} training"
        yield Document(
            training_document_id(pack),
            "training",
            title,
            content_fingerprint(training_content(hb, pack)),
            None,
            pack.where("year"),
        )
