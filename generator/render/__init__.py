"""Renderers: each module turns the checked Handbook into one kind of output."""
