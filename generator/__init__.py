"""Policy handbook generator: one set of YAML policies, many outputs."""

__version__ = "0.1.0"
