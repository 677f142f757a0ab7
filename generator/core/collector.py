"""Python's cyclic garbage collector held off while a large, short-lived structure is built.

Loading the data and laying out a printed document each make many thousands of small objects
that live until the work is done; every automatic full collection walks all of them again, so
the cost of the work grows faster than its size.  Reference counting still frees what it can."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(collect_after: bool = False) -> Iterator[None]:
    """Hold the collector off inside the block; put its previous state back after.  With
    `collect_after`, one collection of the youngest generation then frees the reference cycles
    the block made, walking only what it made (a printed document's layout)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            if collect_after:
                gc.collect(0)
