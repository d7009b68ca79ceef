"""Pickled cache files, signed with the user's own key: read back only if coach wrote them.

The files are coach's own, written from validated data into the user's cache
folder; a missing, stale, damaged, unsigned or unreadable one is a miss, which
only costs the time to rebuild it (and the rebuilt value overwrites it).

Unpickling runs code, so a cache file is trusted only when it starts with a keyed
BLAKE2b digest of the pickle that follows, made with a 32-byte key that only the
user can read (`paths.cache_key_file()`: 0600, owned by the user, beside the
history and not in the cache folder). Whoever can write to the cache folder but
cannot read the key cannot make coach unpickle anything; a flipped byte is a
miss too. (A format that cannot run code was measured first: marshal of plain
data rebuilt into the same objects took 60 ms instead of pickle's 20 ms for the
compiled rubric, on every `coach score` and `coach mock`.)

Folders are made 0700 and files 0600. A cache file is not written when it would
leave less than KEEP_FREE bytes on its disk (the history, often on the same disk,
needs the room more), and a write that fails anyway leaves no temporary file behind.
"""

from __future__ import annotations

import os
import pickle
import stat
import time
from pathlib import Path
from typing import TypeVar

from coach import paths
from coach.common.digest import blake2b, compare_digest
from coach.common.files import private_dir, read_regular, write_atomic
from coach.errors import FileRefused

__all__ = ["LAYOUT", "prune", "read_cached", "write_cached"]

T = TypeVar("T")

# The layout of a cache file (3: a keyed digest, then the pickle). Callers put it in
# the file's name, so a coach build that expects another layout (one sharing the
# folder, or an older checkout) looks for other files instead of misreading these.
LAYOUT = 3

_DIGEST_SIZE = 32
_KEY_SIZE = 32
_MAX_FILE = 256_000_000  # far above any cache file; a bound, not a budget
_STALE_TMP_SECONDS = 600  # a temporary file this old was left by a coach that was killed
KEEP_FREE = 20_000_000

_keys: dict[Path, bytes] = {}  # key file -> key, read once per process


def read_cached(path: Path, kind: type[T]) -> T | None:
    key = _key(create=False)
    if key is None:
        return None
    try:
        data = read_regular(path, _MAX_FILE)
    except (OSError, FileRefused):
        return None
    digest, payload = data[:_DIGEST_SIZE], data[_DIGEST_SIZE:]
    if not compare_digest(digest, _digest(key, payload)):
        return None
    try:
        value = pickle.loads(payload)
    except Exception:  # intact but unreadable (e.g. a class since renamed): still a miss
        return None
    return value if isinstance(value, kind) else None


def write_cached(path: Path, value: object) -> None:
    """Best effort: a cache that cannot be written only costs speed."""
    key = _key(create=True)
    if key is None:
        return
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        _private_folder(path.parent)
        disk = os.statvfs(path.parent)
        if disk.f_bavail * disk.f_frsize < len(payload) + KEEP_FREE:
            return
        write_atomic(path, _digest(key, payload) + payload)
    except OSError:
        pass


def _digest(key: bytes, payload: bytes) -> bytes:
    return blake2b(payload, key=key, digest_size=_DIGEST_SIZE).digest()


def _private_folder(folder: Path) -> None:
    """The cache folder, made 0700; one an older coach made 0755 is tightened."""
    private_dir(folder)
    info = os.stat(folder)
    if info.st_uid == os.getuid() and info.st_mode & 0o077:
        os.chmod(folder, 0o700)


def _key(*, create: bool) -> bytes | None:
    """The user's cache key; with create, made on first use. None: no caching this time."""
    path = paths.cache_key_file()
    key = _keys.get(path)
    if key is None:
        key = _read_key(path)
        if key is None and create:
            try:
                private_dir(path.parent)
                # A missing key is linked into place, so two coaches starting at once
                # keep the first one; one that others could read or write is replaced.
                write_atomic(path, os.urandom(_KEY_SIZE), replace=os.path.lexists(path))
            except FileExistsError:
                pass
            except OSError:
                return None
            key = _read_key(path)
        if key is not None:
            _keys[path] = key
    return key


def _read_key(path: Path) -> bytes | None:
    """The key, if the file is the user's own, readable by nobody else, and whole."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != os.getuid()
            or info.st_mode & 0o077
            or info.st_size != _KEY_SIZE
        ):
            return None
        key = os.read(fd, _KEY_SIZE + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return key if len(key) == _KEY_SIZE else None


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Best effort: remove all but the `keep` newest files of `folder` matching `pattern`,
    and the temporary files a killed coach left behind.

    Each edit of a content file or new coach version writes a new cache file;
    without this the old ones would pile up in the cache folder forever.
    """
    try:
        files = sorted(folder.glob(pattern), key=lambda f: f.stat().st_mtime_ns, reverse=True)
        for stale in files[keep:]:
            stale.unlink(missing_ok=True)
        old = time.time() - _STALE_TMP_SECONDS
        for tmp in folder.glob(f".{pattern}.*.tmp"):
            if tmp.stat().st_mtime < old:
                tmp.unlink(missing_ok=True)
    except OSError:
        pass
