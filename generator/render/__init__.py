"""Renderers: each module turns the checked Handbook into one kind of output."""

# Feature modules add their handbook pages to site.SECTIONS here, so every way of building the
# site (handbook build, plain mkdocs, the golden tests) gets them.
from . import site, training  # noqa: E402

site.SECTIONS.append(training.training_section)
