"""The pipeline: every feature's sources loaded into one Handbook, then checked."""
