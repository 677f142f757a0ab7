"""The settings' slice of the handbook, over the approvals' (and so every feature's data):
a setting's model and its local changes."""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.sources import SourceKind
from generator.features.approvals.approvals import ApprovalsData

from .apply import Adopted
from .model import OVERRIDES_FILE, Overrides


@dataclass(kw_only=True)
class SettingsData(ApprovalsData):
    adopted: Adopted | None = None  # a setting's model and its local changes (settings/<id>/)


# A setting's overrides.yaml: read by its adoption of the model (apply.py), no field of its own.
SOURCES = (SourceKind("overrides", OVERRIDES_FILE, Overrides, "overrides", required=False, scope="setting"),)
