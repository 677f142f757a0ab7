"""The settings' slice of the handbook, over the approvals' (and so every feature's data):
a setting's model and its local changes."""

from __future__ import annotations

from dataclasses import dataclass

from generator.features.approvals.approvals import ApprovalsData

from .apply import Adopted


@dataclass(kw_only=True)
class SettingsData(ApprovalsData):
    adopted: Adopted | None = None  # a setting's model and its local changes (settings/<id>/)
