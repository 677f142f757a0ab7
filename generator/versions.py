"""Which version of a policy a page or a piece of paper shows."""

from __future__ import annotations

from dataclasses import dataclass

from .fingerprint import policy_fingerprint, short


@dataclass(frozen=True)
class PolicyVersion:
    label: str  # what a reader sees, e.g. "draft (not yet released)"
    fingerprint: str  # full SHA-256

    @property
    def short(self) -> str:
        return short(self.fingerprint)


def policy_version(handbook, policy) -> PolicyVersion:
    return PolicyVersion(label="draft (not yet released)", fingerprint=policy_fingerprint(policy))
