"""Which name the notice gives the data protection regulator: the one it has on the day the
notice is issued (regulator.yaml's `renamed`, once a source gives the day the Data (Use and
Access) Act 2025 s.119 is in force), so a reprint of an old notice keeps the old name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Notice

if TYPE_CHECKING:
    from generator.features.notice.data import NoticeData as Handbook
    from generator.features.policies.model import Regulator


def regulator_for(hb: Handbook, notice: Notice) -> Regulator | None:
    """The regulator as named on the day the notice is issued (a draft, not yet issued: the
    day of the build)."""
    if hb.regulator is None:
        return None
    return hb.regulator.on(notice.issued or hb.as_of)
