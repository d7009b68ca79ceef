"""Files written without losing anything, folders private by default, reads with a bound.

- `write_atomic`: the bytes go to a temporary file in the same folder (mode 0600),
  which then takes the file's place with one rename, or with one hard link that
  refuses a file already there. Readers see the old file or the new one, never
  half of one, and the temporary file is removed on every failure path (a full
  disk leaves nothing behind).
- `private_dir`: missing folders are made 0700, every level of them (`mkdir -p`
  would make the parents 0755).
- `read_regular`: a regular file only (a FIFO would block forever, a device never
  ends) and at most `limit` bytes.

Failures are OSError, or FileRefused for a file that is not one coach reads; the
callers turn them into a sentence for a person.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from coach.errors import FileRefused

__all__ = ["link_new", "private_dir", "read_regular", "write_atomic", "write_atomic_stream"]

_CHUNK = 1 << 20
# What link() fails with on a file system that has no hard links (FAT, some network ones).
_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK}
)


def private_dir(path: Path) -> None:
    """Make `path` and its missing parents as 0700 folders; an existing one is left alone."""
    missing: list[Path] = []
    folder = path
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder)) from None
            continue  # made by another coach meanwhile
        os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask


def write_atomic(path: Path, data: bytes, *, replace: bool = True, mode: int = 0o600) -> None:
    """Put `data` at `path` in one step; with replace=False an existing file is refused
    (FileExistsError) and left as it is, even when another process creates it meanwhile."""
    write_atomic_stream(path, [data], replace=replace, mode=mode)


def write_atomic_stream(
    path: Path, chunks: Iterable[bytes], *, replace: bool = True, mode: int = 0o600
) -> None:
    """`write_atomic` of bytes that come in pieces, written as they come (a megabyte at a
    time): the file takes its place only once the last piece is written."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        try:
            pending: list[bytes] = []
            size = 0
            for chunk in chunks:
                pending.append(chunk)
                size += len(chunk)
                if size >= _CHUNK:
                    _write_all(fd, pending[0] if len(pending) == 1 else b"".join(pending))
                    pending, size = [], 0
            _write_all(fd, b"".join(pending))
        finally:
            os.close(fd)
        if mode != 0o600:
            os.chmod(tmp, mode)
        if replace:
            os.replace(tmp, path)
        else:
            link_new(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # gone already after a rename


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def link_new(source: Path, path: Path) -> None:
    """Give the file at `source` the name `path` too, refusing a name that is taken
    (FileExistsError). Without hard links (some file systems), `source` is renamed."""
    try:
        os.link(source, path)  # atomic, and fails when the name is taken
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(path):  # a file system without hard links: check, then rename
            raise FileExistsError(errno.EEXIST, "file exists", str(path)) from None
        os.replace(source, path)


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`; FileRefused when it is something else or
    larger than `limit` bytes. A symbolic link loop is an OSError (ELOOP) like any other."""
    # O_NONBLOCK: opening a FIFO does not wait for a writer; it is refused just below.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(_not_a_file(info.st_mode))
        if info.st_size > limit:
            raise FileRefused(f"larger than {_size(limit)}")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # the file may grow while it is read
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
        raise FileRefused(f"larger than {_size(limit)}")
    finally:
        os.close(fd)


def _not_a_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    return "is not a regular file"


def _size(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit:,} bytes"
