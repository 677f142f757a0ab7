"""Approvals: which documents the setting has approved, for the exact words approved (approvals.yaml)."""
