"""Putting a finished file in place without ever writing over one that is already there."""

from __future__ import annotations

import os
from pathlib import Path


def place_new(finished: Path, path: Path) -> None:
    """Give the complete file `finished` the name `path`; FileExistsError if `path` exists,
    even when it appeared a moment ago (another command run at the same time).  `finished`
    is left for the caller to remove."""
    try:
        os.link(finished, path)  # atomic, and refuses an existing name
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if path.exists() or path.is_symlink():
            raise FileExistsError(path) from None
        os.replace(finished, path)
