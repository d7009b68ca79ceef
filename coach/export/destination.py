"""Where an export may go: never over coach's own files, never over anything else unasked.

`coach export -o FILE`, `coach export --all -o FILE` and `--export FILE` of the
practice commands all write through here:

- coach's own files (the history database and its journal, the cache, the
  recovery folder, the banks folder, the shipped content) are refused always,
  also with --force and also through a symbolic or hard link;
- an existing file is refused unless --force, and so is a symbolic link (with
  --force the export goes to the link's target, as a shell's `>` would put it);
- the text goes to a temporary file beside the target, then takes its place in
  one rename (see coach.common.files), so a full disk leaves the old file as it was.

A FIFO or a device named with --force (`-o /dev/stdout`) is written to as it is:
renaming a file over it would replace the device.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from coach.errors import UsageError
from coach.store.db import DB_NAME

__all__ = ["check_destination", "format_of_path", "write_export_lines", "write_export_text"]


def check_destination(path: Path, *, force: bool) -> Path:
    """The path an export to `path` will be written at; UsageError when it may not be."""
    target = Path(os.path.realpath(path)) if force else path
    if not force and os.path.islink(path):
        raise UsageError(
            f"cannot write {path}: it is a symbolic link (to {os.path.realpath(path)}); "
            "use --force to write there"
        )
    own = _coach_file(target)
    if own:
        raise UsageError(f"cannot write {path}: it is {own}; write the export somewhere else")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(f"cannot write {path}: it is a folder")
    if info is not None and not force:
        raise UsageError(f"cannot write {path}: it already exists; use --force to replace it")
    if not target.parent.is_dir():
        raise UsageError(f"cannot write {path}: no folder {path.parent}")
    if not os.access(target if info is not None else target.parent, os.W_OK):
        raise UsageError(f"cannot write {path}: permission denied")
    return target


def write_export_text(path: Path, text: str, *, force: bool) -> None:
    """Write an export exactly as given (UTF-8, no newline translation)."""
    write_export_lines(path, [text], force=force)


def write_export_lines(path: Path, pieces: Iterable[str], *, force: bool) -> None:
    """Write an export as its pieces come (UTF-8, no newline translation): a long one is
    never held in memory whole. It takes the file's place only once it is all written."""
    from coach.common.files import write_atomic_stream

    target = check_destination(path, force=force)
    data = (piece.encode("utf-8", errors="backslashreplace") for piece in pieces)
    try:
        info = os.stat(target)
    except OSError:
        info = None
    try:
        if info is not None and not stat.S_ISREG(info.st_mode):
            with open(target, "wb") as stream:  # a FIFO or a device: no rename over it
                for chunk in data:
                    stream.write(chunk)
        else:
            keep = 0o600 if info is None else stat.S_IMODE(info.st_mode)
            write_atomic_stream(target, data, replace=force, mode=keep)
    except FileExistsError:  # created by someone else since the check
        raise UsageError(
            f"cannot write {path}: it already exists; use --force to replace it"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _coach_file(path: Path) -> str:
    """What of coach's own `path` is ('the history database'), or '' for any other file."""
    from coach import paths

    real = Path(os.path.realpath(path))
    home = Path(os.path.realpath(paths.coach_home()))
    files = {home / f"{DB_NAME}{end}": "the history database" for end in _DATABASE_ENDINGS}
    files[Path(os.path.realpath(paths.cache_key_file()))] = "coach's cache key"
    folders = {
        Path(os.path.realpath(paths.cache_dir())): "in coach's cache",
        Path(os.path.realpath(paths.recovery_dir())): "in coach's recovery folder",
        Path(os.path.realpath(paths.user_banks_dir())): "in coach's banks folder",
        Path(os.path.realpath(paths.shipped_data("questions.yaml"))).parent: "coach's own content",
    }
    if real in files:
        return f"{files[real]} ({real})"
    for folder, what in folders.items():
        if real == folder or folder in real.parents:
            return f"{what} ({real})"
    for own, what in files.items():  # a hard link to the database
        try:
            if real.exists() and own.exists() and os.path.samefile(real, own):
                return f"{what} ({own})"
        except OSError:
            continue
    return ""


# The database and the files SQLite keeps beside it.
_DATABASE_ENDINGS = ("", "-wal", "-shm", "-journal")


_FORMAT_OF_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".csv": "csv"}


def format_of_path(path: Path) -> str | None:
    """The export format a file's extension names: "markdown", "json" or "csv" (None:
    it names none). An explicit --format always wins over it."""
    return _FORMAT_OF_SUFFIX.get(path.suffix.lower())
