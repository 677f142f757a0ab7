"""Approvals: which documents the centre has approved, for the exact words approved (approvals.yaml)."""
