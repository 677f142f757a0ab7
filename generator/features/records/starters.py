"""Who is a new starter.

The policy trains all staff "annually by the Head in September" (CONF-STR-05), and the EYFS
(2025) and KCSIE put safeguarding and child protection training into every new member of
staff's induction.  So a new starter is anyone who started after the last September session:
they have not had the Head's session yet, and their induction is what covers them until the
next one.  People who started before it and have no induction on record are a gap in the
records, not new starters, and are listed as such.

Their induction and their first signatures are due NEW_STARTER_DAYS after they start
(the ledger's "new starter: not yet due" window).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .ledger import NEW_STARTER_DAYS

# The rule, in the words the private training pack prints ("A new starter is anyone who ...").
NEW_STARTER_RULE = "started after last September's session"


def recorded_session_date(packs: Sequence[Any], year: int) -> dt.date | None:
    """The day of `year`'s September session as the training packs (features/training, above
    this one: its callers hand them) give it: that year's pack's date, or the next year's pack's
    `previous_session_date`; None when neither says (never assumed)."""
    for pack in packs:
        if pack.year == year and pack.session.date:
            return pack.session.date
    for pack in packs:
        if pack.year == year + 1 and pack.previous_session_date:
            return pack.previous_session_date
    return None


def session_date(packs: Sequence[Any], year: int) -> dt.date:
    """The day of `year`'s September session for counting who is a new starter: the recorded
    day, else 1 September (the printed pack says the day is to be completed)."""
    return recorded_session_date(packs, year) or dt.date(year, 9, 1)


def last_session(packs: Sequence[Any], on: dt.date) -> dt.date:
    """The latest September session on or before `on`."""
    this_year = session_date(packs, on.year)
    return this_year if this_year <= on else session_date(packs, on.year - 1)


def is_new_starter(member, since: dt.date) -> bool:
    """`since`: the last September session (see the module's docstring)."""
    return member.start_date > since


def induction_due(member) -> dt.date:
    return member.start_date + dt.timedelta(days=NEW_STARTER_DAYS)


def is_the_setting_herself(voice, member) -> bool:
    """Whether this member of staff is the setting itself (a childminder, in her own role,
    core/voice.py): nobody inducts her into her own setting."""
    return any(voice.is_itself(role) for role in member.roles)
