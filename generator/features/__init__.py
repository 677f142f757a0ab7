"""Features: each owns its model, loading, checks, build stage and navigation entry."""
