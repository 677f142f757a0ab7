"""Per-role acknowledgement checklists: what each role signs."""
