"""The history store: practice sessions, their entries and phase times, in SQLite.

One file, `coach.db`, in the coach home. Every write is its own short
`BEGIN IMMEDIATE` transaction, so two coach processes can share the file
(WAL journal; see FIELD-NOTES, SQLite). Times are ISO-8601 UTC strings.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

from coach.common.files import link_new, private_dir
from coach.common.textsafe import printable
from coach.errors import StoreError

__all__ = [
    "CARD_KINDS",
    "DB_NAME",
    "ENTRY_KINDS",
    "MIGRATIONS",
    "STATUSES",
    "Attempts",
    "CardRecord",
    "Entry",
    "HistoryRow",
    "ReviewRecord",
    "SessionRecord",
    "Store",
    "m001_sessions",
    "m002_review_cards",
    "open_store",
    "read_attempts",
    "schema_version",
]

from coach.store.attempts import AttemptQueries, Attempts
from coach.store.cards import CardQueries
from coach.store.migrations import (
    MIGRATIONS,
    _check_owner,
    _migrate,
    m001_sessions,
    m002_review_cards,
    schema_version,
)
from coach.store.records import (
    CARD_KINDS,
    DB_NAME,
    ENTRY_KINDS,
    STATUSES,
    CardRecord,
    Clock,
    Entry,
    HistoryRow,
    ReviewRecord,
    SessionRecord,
    _utc_now,
)
from coach.store.rows import RowTransfer
from coach.store.sessions import SessionQueries
from coach.store.summary_queries import SummaryQueries


def _ensure_home(home: Path) -> None:
    if home.exists() and not home.is_dir():
        raise StoreError(f"{home} is not a folder; coach keeps its history there")
    try:
        private_dir(home)
    except OSError as exc:
        raise StoreError(f"cannot create {home}: {exc.strerror or exc}") from None


def _file_size(path: Path) -> int | None:
    """The database file's size (None: there is none); an existing one is made private.

    It is not opened for writing here: a read-only history is still read (SQLite opens
    it read-only by itself, and only a write fails).
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot open {path}: {exc.strerror or exc}") from None
    if info.st_mode & 0o077 and info.st_uid == os.getuid():
        with suppress(OSError):
            os.chmod(path, stat.S_IMODE(info.st_mode) & 0o700)
    return info.st_size


def _create(path: Path) -> None:
    """A new, fully migrated database (0600, WAL) at `path`, made under another name and
    linked into place: another coach never sees it half made (an empty file would look
    like a damaged one), and when two create it at once the first one's is kept."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.new")
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        conn = sqlite3.connect(tmp, timeout=5, isolation_level=None)
        try:
            _configure(conn, tmp)
            _migrate(conn)
        finally:
            conn.close()
        with suppress(FileExistsError):
            link_new(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot create {path}: {getattr(exc, 'strerror', None) or exc}") from None
    finally:
        for end in _SIDE_FILES:
            with suppress(OSError):
                os.unlink(f"{tmp}{end}")


# The files SQLite keeps beside a database, which belong with it.
_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def _set_aside(path: Path, why: str) -> str:
    """Move an empty or damaged database (and its journal) to a new name, never over
    anything; what happened, for a person. StoreError when it cannot be moved."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    for n in range(100):
        aside = path.with_name(f"{path.name}.damaged-{stamp}" + (f"-{n}" if n else ""))
        if any(os.path.lexists(f"{aside}{end}") for end in _SIDE_FILES):
            continue
        try:
            for end in _SIDE_FILES:
                with suppress(FileNotFoundError):
                    link_new(Path(f"{path}{end}"), Path(f"{aside}{end}"))
                    with suppress(FileNotFoundError):
                        os.unlink(f"{path}{end}")
        except OSError as exc:
            raise StoreError(
                f"{path} {why}; move it aside to start afresh "
                f"(coach could not: {exc.strerror or exc})"
            ) from None
        return f"{path} {why}; it is kept as {aside}, and a new history starts"
    raise StoreError(f"{path} {why}; move it aside to start afresh")


def _warn(message: str) -> None:
    print(printable(f"warning: {message}"), file=sys.stderr)


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 5000")
    if _check_owner(conn, path) == 0:  # a new database: WAL is persistent, set it once
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")


def _connect(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    target = f"{path.absolute().as_uri()}?immutable=1" if immutable else path
    try:
        conn = sqlite3.connect(target, timeout=5, isolation_level=None, uri=immutable)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    try:
        _configure(conn, path)
        _migrate(conn)
    except StoreError:
        conn.close()
        raise
    except sqlite3.OperationalError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorname", "") in _READ_ONLY_FOLDER and not immutable:
            # A read-only database in a read-only folder: SQLite cannot make the WAL's
            # shared-memory file beside it. Nobody can write it either, so it is read as
            # it is, without locks.
            return _connect(path, immutable=True)
        raise StoreError(f"cannot use {path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorname", "") in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
            raise _NotADatabase(str(exc)) from None
        raise StoreError(
            f"{path} is not a coach history database ({exc}); move it aside to start afresh"
        ) from None
    return conn


# What SQLite says when a WAL database cannot be opened for want of a writable folder.
_READ_ONLY_FOLDER = ("SQLITE_READONLY_DIRECTORY", "SQLITE_READONLY_CANTINIT")


class _NotADatabase(Exception):
    """The file is not an SQLite database, or its first pages are damaged."""


def open_store(
    home: Path,
    now: Clock = _utc_now,
    notice: Callable[[str], None] = _warn,
    *,
    read_only: bool = False,
) -> Store:
    """Open (creating and migrating as needed) the history database in `home`.

    With read_only (commands that only show the history), a home with no database yet
    is read as an empty history, and nothing is created on disk.

    A database that cannot be written is opened read-only: reading works, a write is a
    StoreError. One that is empty (0 bytes) or not a database is never written over:
    it is moved aside (`coach.db.damaged-<time>`), `notice` says where, and a new
    history starts. `now` must return an aware datetime; tests inject a fixed clock.
    """
    path = home / DB_NAME
    if read_only and not os.path.lexists(path) and not home.is_file():
        return _empty_store(path, now)
    _ensure_home(home)
    size = _file_size(path)
    if size == 0:
        notice(_set_aside(path, "was empty (0 bytes)"))
    if not size:
        _create(path)
    try:
        return Store(_connect(path), path, now)
    except _NotADatabase as exc:
        notice(_set_aside(path, f"is not a history database ({exc})"))
        _create(path)
        return Store(_connect(path), path, now)


def read_attempts(home: Path) -> dict[str, Attempts]:
    """Finished sessions per question, for views that show them beside the bank. No
    history shows none and creates nothing; one that cannot be read shows none
    rather than failing a view of the bank."""
    if not os.path.lexists(home / DB_NAME):
        return {}
    try:
        with open_store(home, read_only=True) as store:
            return store.attempts()
    except StoreError:
        return {}


def _empty_store(path: Path, now: Clock) -> Store:
    """An empty history in memory, as a new database would hold it."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    _migrate(conn)
    return Store(conn, path, now)


class Store(SessionQueries, SummaryQueries, CardQueries, AttemptQueries, RowTransfer):
    """The history of practice sessions. Not shared between threads."""
