"""Pickled cache files: read back only if intact and of the expected type; written atomically.

The files are coach's own, written from validated data into the user's cache
folder; a missing, stale, damaged or unreadable one is a miss, which only costs
the time to rebuild it (and the rebuilt value overwrites it). Each file starts
with a digest of the pickle that follows, so a damaged file is never unpickled:
a flipped byte can otherwise load as a different string without a sound, or
make pickle raise almost anything (UnicodeDecodeError, OverflowError, MemoryError).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import TypeVar

__all__ = ["LAYOUT", "prune", "read_cached", "write_cached"]

T = TypeVar("T")

# The layout of a cache file (2: a digest, then the pickle). Callers put it in
# the file's name, so a coach build that expects another layout (one sharing the
# folder, or an older checkout) looks for other files instead of misreading these.
LAYOUT = 2

_DIGEST_SIZE = 16


def read_cached(path: Path, kind: type[T]) -> T | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, payload = data[:_DIGEST_SIZE], data[_DIGEST_SIZE:]
    if digest != _digest(payload):
        return None
    try:
        value = pickle.loads(payload)
    except Exception:  # intact but unreadable (e.g. a class since renamed): still a miss
        return None
    return value if isinstance(value, kind) else None


def write_cached(path: Path, value: object) -> None:
    """Best effort: a cache that cannot be written only costs speed."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(_digest(payload) + payload)
        os.replace(tmp, path)
    except OSError:
        pass


def _digest(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_DIGEST_SIZE).digest()


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
