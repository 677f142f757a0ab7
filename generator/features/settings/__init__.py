"""Settings that adopt a model: overrides, conflicts with model updates, the Local changes page."""
