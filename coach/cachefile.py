"""Pickled cache files: read back only if they hold the expected type; written atomically.

The files are coach's own, written from validated data into the user's cache
folder; a missing, stale or unreadable one only costs the time to rebuild it.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import TypeVar

__all__ = ["prune", "read_cached", "write_cached"]

T = TypeVar("T")


def read_cached(path: Path, kind: type[T]) -> T | None:
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return value if isinstance(value, kind) else None


def write_cached(path: Path, value: object) -> None:
    """Best effort: a cache that cannot be written only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Best effort: remove all but the `keep` newest files of `folder` matching `pattern`.

    Each edit of a content file or new coach version writes a new cache file;
    without this the old ones would pile up in the cache folder forever.
    """
    try:
        files = sorted(folder.glob(pattern), key=lambda f: f.stat().st_mtime_ns, reverse=True)
        for stale in files[keep:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass
