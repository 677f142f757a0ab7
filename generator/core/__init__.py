"""Core: safe loading, the model base, findings, templating, PDF, output writing and the cache.
Nothing here knows about policies, notices or any other feature."""
