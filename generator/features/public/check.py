"""What `handbook check` says about the public edition: a policy the setting wants published
whole that cannot be, since staff-only statements are never published."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.core.findings import Finding
from generator.features.public.codes import NOT_PUBLISHABLE

from .fields import for_the_public

if TYPE_CHECKING:
    from generator.features.settings.data import SettingsData as Handbook


def check(hb: Handbook) -> Iterable[Finding]:
    for policy in hb.policies.values():
        if policy.public != "whole":
            continue
        staff_only = [s.id for s in policy.statements() if not for_the_public(s)]
        if staff_only:
            shown = ", ".join(staff_only[:5]) + (", ..." if len(staff_only) > 5 else "")
            yield NOT_PUBLISHABLE(
                policy.where("public"),
                f"{policy.id} is not published on the public edition: its `public:` is `whole` but "
                f"{len(staff_only)} of its statements are for staff only ({shown}); set `public: part` "
                "to publish its statements for parents and the public, saying so",
            )
