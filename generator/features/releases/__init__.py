"""Releases: recorded versions of every policy's words, and which version a text is."""
