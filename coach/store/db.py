"""The history store: practice sessions, their entries and phase times, in SQLite.

One file, `coach.db`, in the coach home. Every write is its own short
`BEGIN IMMEDIATE` transaction, so two coach processes can share the file
(WAL journal; see FIELD-NOTES, SQLite). Times are ISO-8601 UTC strings.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import stat
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from coach.common.files import link_new, private_dir
from coach.common.textsafe import printable, storable, storable_value
from coach.errors import NotFoundError, StoreError

__all__ = [
    "CARD_KINDS",
    "DB_NAME",
    "ENTRY_KINDS",
    "MIGRATIONS",
    "STATUSES",
    "CardRecord",
    "Entry",
    "ReviewRecord",
    "SessionRecord",
    "Store",
    "m001_sessions",
    "m002_review_cards",
    "open_store",
    "schema_version",
]

DB_NAME = "coach.db"
# skipped: every phase was skipped (nothing to grade); like active and interrupted, it
# has no score and does not count in the stats
STATUSES = frozenset({"active", "interrupted", "finished", "skipped"})
ENTRY_KINDS = frozenset({"answer", "question", "reply", "probe", "probe_answer", "draft"})
CARD_KINDS = frozenset({"question", "item", "rule", "concept"})
MIN_PREFIX = 4
# SQLite errors that come from around the file (another coach holds the lock, the disk is
# full or read-only, the file cannot be read), not from what is in it.
_NOT_DAMAGE = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_READONLY",
    "SQLITE_FULL",
    "SQLITE_IOERR",
    "SQLITE_CANTOPEN",
    "SQLITE_PERM",
    "SQLITE_NOMEM",
    "SQLITE_INTERRUPT",
)

Clock = Callable[[], datetime]
Migration = Callable[[sqlite3.Connection], None]


# --- records -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionRecord:
    id: str
    question_id: str
    playbook: str
    plan: dict[str, Any]
    status: str
    current_phase: int
    started_at: str
    updated_at: str
    finished_at: str | None
    score: int | None
    verdict: str | None
    report: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class CardRecord:
    id: str
    kind: str
    ref: str
    state: dict[str, Any]
    due: str
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    id: int
    card_id: str
    rating: int
    source: str
    note: dict[str, Any]
    reviewed_at: str


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    session_id: str
    phase: str
    kind: str
    text: str
    at: str
    elapsed: float


@dataclass(frozen=True, slots=True)
class _PhaseTime:
    """A phase_times row, read through `_record` so its values are checked like the others."""

    session_id: str
    phase: str
    seconds: float


def _columns(kind: type) -> str:
    return ", ".join(f.name for f in fields(kind))


_SESSION_COLUMNS = _columns(SessionRecord)
_ENTRY_COLUMNS = _columns(Entry)


# Columns that hold JSON text (an object); every other column maps to its field as it is.
_JSON_COLUMNS = frozenset({"plan", "report", "state", "note"})
# What a value read back must be, by its field's type: SQLite keeps whatever a damaged
# file or a hand edit puts in a column, so a score can come back as 'abc'.
_FIELD_TYPES: dict[str, tuple[type | tuple[type, ...], str]] = {
    "str": (str, "text"),
    "int": (int, "an integer"),
    "float": ((int, float), "a number"),
    "dict[str, Any]": (dict, "a JSON object"),
}
R = TypeVar("R")


class _Damaged(Exception):
    """A value coach cannot have written; the store reports it as a damaged database."""


def _brief(value: object, limit: int = 30) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _record(kind: type[R], row: sqlite3.Row) -> R:
    """A record from a row whose columns are named like the record's fields.

    Raises _Damaged when a JSON column is not a JSON object or a value is not of its
    field's type.
    """
    values: dict[str, Any] = {}
    for f in fields(kind):  # type: ignore[arg-type]
        value = row[f.name]
        if f.name in _JSON_COLUMNS and isinstance(value, str):
            try:
                value = json.loads(value)
            except (ValueError, RecursionError):
                raise _Damaged(f"{f.name} of row {_brief(row[0])} is not valid JSON") from None
        annotation = str(f.type)
        expected, what = _FIELD_TYPES[annotation.removesuffix(" | None")]
        if not isinstance(value, expected) and not (value is None and annotation.endswith("None")):
            raise _Damaged(f"{f.name} of row {_brief(row[0])} is {_brief(value)}, not {what}")
        values[f.name] = value
    return kind(**values)


# Each table with the record its rows are read into and the order an archive lists them,
# in the order `import_rows` inserts them (parents first).
_ARCHIVE: dict[str, tuple[type, str]] = {
    "sessions": (SessionRecord, "started_at, rowid"),
    "entries": (Entry, "id"),
    "phase_times": (_PhaseTime, "rowid"),
    "cards": (CardRecord, "id"),
    "reviews": (ReviewRecord, "id"),
}


# --- migrations ----------------------------------------------------------------------------------


def m001_sessions(conn: sqlite3.Connection) -> None:
    # One statement per execute(): executescript() would commit the open transaction.
    conn.execute(
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            question_id TEXT NOT NULL,
            playbook TEXT NOT NULL,
            plan TEXT NOT NULL,                -- JSON
            status TEXT NOT NULL,              -- active|interrupted|finished
            current_phase INTEGER NOT NULL DEFAULT 0,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            finished_at TEXT,
            score INTEGER,
            verdict TEXT,
            report TEXT                        -- JSON
        )"""
    )
    conn.execute(
        """CREATE TABLE entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            kind TEXT NOT NULL,                -- answer|question|reply|probe|probe_answer|draft
            text TEXT NOT NULL,
            at TEXT NOT NULL,
            elapsed REAL NOT NULL DEFAULT 0
        )"""
    )
    conn.execute(
        """CREATE TABLE phase_times (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            seconds REAL NOT NULL,
            PRIMARY KEY (session_id, phase)
        )"""
    )
    conn.execute("CREATE INDEX entries_by_session ON entries(session_id, id)")
    conn.execute("CREATE INDEX sessions_by_start ON sessions(started_at)")


def m002_review_cards(conn: sqlite3.Connection) -> None:
    """Spaced-repetition cards (questions, checklist items, rules, concepts) and reviews."""
    conn.execute(
        """CREATE TABLE cards (
            id TEXT PRIMARY KEY,               -- kind:ref, e.g. item:monitor.drift
            kind TEXT NOT NULL,                -- question|item|rule|concept
            ref TEXT NOT NULL,
            state TEXT NOT NULL,               -- JSON: the scheduler's card state
            due TEXT NOT NULL,                 -- ISO-8601 UTC
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    conn.execute(
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            card_id TEXT NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
            rating INTEGER NOT NULL,           -- 1 again, 2 hard, 3 good, 4 easy
            source TEXT NOT NULL,              -- a session id, or quiz
            note TEXT NOT NULL DEFAULT '{}',   -- JSON
            reviewed_at TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX cards_by_due ON cards(due)")
    conn.execute("CREATE INDEX reviews_by_card ON reviews(card_id, id)")


# Append only: the position of a migration (1-based) is the user_version it produces.
MIGRATIONS: list[Migration] = [m001_sessions, m002_review_cards]


def schema_version() -> int:
    """The user_version a fully migrated database has."""
    return len(MIGRATIONS)


def _user_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def _check_owner(conn: sqlite3.Connection, path: Path) -> int:
    """The database's schema version, refusing newer or foreign databases."""
    # One statement, so both values come from the same snapshot (another coach may be migrating).
    version, tables = conn.execute(
        "SELECT (SELECT user_version FROM pragma_user_version),"
        " (SELECT count(*) FROM sqlite_master WHERE type = 'table')"
    ).fetchone()
    if version > schema_version():
        raise StoreError(
            f"{path} was written by a newer coach (schema {version}, this coach knows "
            f"{schema_version()}); upgrade coach to use it"
        )
    if version == 0 and tables:
        raise StoreError(f"{path} is not a coach history database (it holds other tables)")
    return int(version)


def _migrate(conn: sqlite3.Connection) -> None:
    for version, migration in enumerate(MIGRATIONS, start=1):
        if _user_version(conn) >= version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if _user_version(conn) < version:
                migration(conn)
                conn.execute(f"PRAGMA user_version = {version:d}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


# --- opening -------------------------------------------------------------------------------------


def _utc_now() -> datetime:
    return datetime.now(UTC)


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
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.new")
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


def _empty_store(path: Path, now: Clock) -> Store:
    """An empty history in memory, as a new database would hold it."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    _migrate(conn)
    return Store(conn, path, now)


# --- the store -----------------------------------------------------------------------------------


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"unknown session status {status!r}; expected one of {sorted(STATUSES)}")


def _check_kinds(kinds: Collection[str]) -> None:
    unknown = set(kinds) - ENTRY_KINDS
    if unknown:
        raise ValueError(f"unknown entry kind(s) {sorted(unknown)}; expected {sorted(ENTRY_KINDS)}")


def _to_json(value: dict[str, Any]) -> str:
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in some string (a non-UTF-8 locale)
        text = json.dumps(storable_value(value), ensure_ascii=False)
    return text


class Store:
    """The history of practice sessions. Not shared between threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path, now: Clock = _utc_now) -> None:
        self._conn = conn
        self.path = path
        self._now = now

    # context manager

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    # plumbing

    def now(self) -> datetime:
        """The store's wall clock (injected in tests), timezone-aware UTC."""
        return self._now().astimezone(UTC)

    def _stamp(self) -> str:
        return self._now().astimezone(UTC).isoformat(timespec="seconds")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """Every read goes through here: a failure is one StoreError naming the file."""
        try:
            yield self._conn
        except (sqlite3.ProgrammingError, sqlite3.IntegrityError):
            raise  # a bug in coach, not something the file did
        except (sqlite3.DatabaseError, _Damaged) as exc:
            raise self._failure(exc, "read") from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, committed before the caller returns."""
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except (sqlite3.ProgrammingError, sqlite3.IntegrityError):
            raise  # a bug in coach, or a constraint the caller reports (import_rows)
        except (sqlite3.DatabaseError, _Damaged) as exc:
            raise self._failure(exc, "write") from None

    def _failure(self, exc: Exception, doing: str) -> StoreError:
        """Locked, full, read-only, unreadable: say so; anything else means a damaged file."""
        reason = " ".join(str(exc).split())  # one line, whatever text the error quotes
        reason = "".join(c if c.isprintable() else "?" for c in reason)
        if len(reason) > 100:
            reason = reason[:99] + "…"
        if (getattr(exc, "sqlite_errorname", None) or "").startswith(_NOT_DAMAGE):
            return StoreError(f"cannot {doing} {self.path}: {reason}")
        return StoreError(
            f"the history database {self.path} is damaged ({reason}); "
            "move it aside to start a new one"
        )

    def _touch(self, conn: sqlite3.Connection, session_id: str, at: str) -> None:
        """Bump updated_at; doubles as the check that the session exists."""
        cursor = conn.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (at, session_id))
        if cursor.rowcount == 0:
            raise NotFoundError(f"no session '{session_id}'")

    def _insert_entry(
        self,
        conn: sqlite3.Connection,
        session_id: str,
        phase: str,
        kind: str,
        text: str,
        elapsed: float,
        at: str,
    ) -> Entry:
        text = storable(text)  # typed in a non-UTF-8 locale: SQLite refuses lone surrogates
        cursor = conn.execute(
            "INSERT INTO entries (session_id, phase, kind, text, at, elapsed)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (session_id, phase, kind, text, at, float(elapsed)),
        )
        assert cursor.lastrowid is not None
        return Entry(cursor.lastrowid, session_id, phase, kind, text, at, float(elapsed))

    # sessions

    def create_session(
        self, question_id: str, playbook: str, plan: dict[str, Any]
    ) -> SessionRecord:
        at = self._stamp()
        with self._write() as conn:
            session_id = self._new_id(conn)
            conn.execute(
                "INSERT INTO sessions (id, question_id, playbook, plan, status, current_phase,"
                " started_at, updated_at) VALUES (?, ?, ?, ?, 'active', 0, ?, ?)",
                (session_id, storable(question_id), storable(playbook), _to_json(plan), at, at),
            )
        return self.get(session_id)

    def _new_id(self, conn: sqlite3.Connection) -> str:
        # 32 bits keeps ids short enough to type; collisions are rare but possible.
        while True:
            candidate = secrets.token_hex(4)
            if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (candidate,)).fetchone() is None:
                return candidate

    def set_progress(self, session_id: str, current_phase: int, status: str) -> None:
        _check_status(status)
        if current_phase < 0:
            raise ValueError(f"current_phase must be >= 0, got {current_phase}")
        with self._write() as conn:
            self._touch(conn, session_id, self._stamp())
            conn.execute(
                "UPDATE sessions SET current_phase = ?, status = ? WHERE id = ?",
                (current_phase, status, session_id),
            )

    def finish(
        self, session_id: str, score: int | None, verdict: str, report: dict[str, Any]
    ) -> None:
        at = self._stamp()
        with self._write() as conn:
            self._touch(conn, session_id, at)
            conn.execute(
                "UPDATE sessions SET status = 'finished', finished_at = ?, score = ?, verdict = ?,"
                " report = ? WHERE id = ?",
                (at, score, verdict, _to_json(report), session_id),
            )

    def get(self, session_id: str) -> SessionRecord:
        """A session by its id or by a unique prefix of at least 4 characters."""
        key = session_id.strip().lower()
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (key,)
            ).fetchone()
            if row is None and len(key) >= MIN_PREFIX:
                row = self._by_prefix(key)
            if row is None and len(key) < MIN_PREFIX:
                raise NotFoundError(
                    f"no session '{session_id}': a prefix needs at least {MIN_PREFIX} characters"
                )
            if row is None:
                raise NotFoundError(f"no session '{session_id}'")
            return _record(SessionRecord, row)

    def _by_prefix(self, prefix: str) -> sqlite3.Row | None:
        rows = self._conn.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE substr(id, 1, ?) = ?"
            " ORDER BY id LIMIT 6",
            (len(prefix), prefix),
        ).fetchall()
        if len(rows) > 1:
            shown = ", ".join(r["id"] for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
            raise NotFoundError(f"session prefix '{prefix}' is ambiguous: {shown}")
        return rows[0] if rows else None

    def latest(self, status: str | None = None) -> SessionRecord | None:
        """The most recently started session, optionally only one with `status`."""
        sql = f"SELECT {_SESSION_COLUMNS} FROM sessions"
        args: tuple[str, ...] = ()
        if status is not None:
            _check_status(status)
            sql, args = sql + " WHERE status = ?", (status,)
        with self._read() as conn:
            row = conn.execute(
                sql + " ORDER BY started_at DESC, rowid DESC LIMIT 1", args
            ).fetchone()
            return None if row is None else _record(SessionRecord, row)

    def sessions(self, limit: int | None = None) -> list[SessionRecord]:
        """Sessions, newest first."""
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions"
                " ORDER BY started_at DESC, rowid DESC LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
            return [_record(SessionRecord, r) for r in rows]

    def practised_question_ids(self) -> set[str]:
        """Questions with at least one answer entry."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT DISTINCT s.question_id FROM sessions s WHERE EXISTS"
                " (SELECT 1 FROM entries e WHERE e.session_id = s.id AND e.kind = 'answer')"
            ).fetchall()
        return {r[0] for r in rows}

    # entries

    def add_entry(
        self, session_id: str, phase: str, kind: str, text: str, elapsed: float = 0.0
    ) -> Entry:
        return self.add_entries(session_id, phase, [(kind, text)], elapsed)[0]

    def add_entries(
        self, session_id: str, phase: str, entries: Sequence[tuple[str, str]], elapsed: float = 0.0
    ) -> list[Entry]:
        """Several (kind, text) entries in one transaction: all of them are saved, or none."""
        _check_kinds([kind for kind, _ in entries])
        at = self._stamp()
        with self._write() as conn:
            self._touch(conn, session_id, at)
            return [
                self._insert_entry(conn, session_id, phase, kind, text, elapsed, at)
                for kind, text in entries
            ]

    def entries(self, session_id: str, kinds: Collection[str] | None = None) -> list[Entry]:
        """Entries of a session in insertion order, optionally only the given kinds."""
        sql = f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE session_id = ?"
        args: tuple[str, ...] = (session_id,)
        if kinds is not None:
            kind_list = sorted(set(kinds))
            _check_kinds(kind_list)
            sql += f" AND kind IN ({', '.join('?' * len(kind_list))})"
            args += tuple(kind_list)
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY id", args).fetchall()
            return [_record(Entry, r) for r in rows]

    # drafts: the unsent text of a phase, kept so an interrupted session can resume it

    def replace_draft(self, session_id: str, phase: str, text: str, elapsed: float = 0.0) -> Entry:
        at = self._stamp()
        with self._write() as conn:
            self._touch(conn, session_id, at)
            self._delete_drafts(conn, session_id, phase)
            return self._insert_entry(conn, session_id, phase, "draft", text, elapsed, at)

    def clear_drafts(self, session_id: str, phase: str) -> None:
        with self._write() as conn:
            self._delete_drafts(conn, session_id, phase)

    def draft(self, session_id: str, phase: str) -> str | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT text FROM entries WHERE session_id = ? AND phase = ? AND kind = 'draft'"
                " ORDER BY id DESC LIMIT 1",
                (session_id, phase),
            ).fetchone()
        return None if row is None else str(row["text"])

    @staticmethod
    def _delete_drafts(conn: sqlite3.Connection, session_id: str, phase: str) -> None:
        conn.execute(
            "DELETE FROM entries WHERE session_id = ? AND phase = ? AND kind = 'draft'",
            (session_id, phase),
        )

    # phase times

    def set_phase_time(self, session_id: str, phase: str, seconds: float) -> None:
        with self._write() as conn:
            self._touch(conn, session_id, self._stamp())
            conn.execute(
                "INSERT INTO phase_times (session_id, phase, seconds) VALUES (?, ?, ?)"
                " ON CONFLICT (session_id, phase) DO UPDATE SET seconds = excluded.seconds",
                (session_id, phase, float(seconds)),
            )

    def phase_times(self, session_id: str) -> dict[str, float]:
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_columns(_PhaseTime)} FROM phase_times WHERE session_id = ?"
                " ORDER BY rowid",
                (session_id,),
            ).fetchall()
            times = [_record(_PhaseTime, r) for r in rows]
        return {t.phase: t.seconds for t in times}

    # --- review cards ------------------------------------------------------------------------

    def card(self, card_id: str) -> CardRecord | None:
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {_columns(CardRecord)} FROM cards WHERE id = ?", (card_id,)
            ).fetchone()
            return _record(CardRecord, row) if row else None

    def cards(self, kind: str | None = None) -> list[CardRecord]:
        sql = f"SELECT {_columns(CardRecord)} FROM cards"
        args: tuple[str, ...] = ()
        if kind is not None:
            sql, args = sql + " WHERE kind = ?", (kind,)
        with self._read() as conn:
            return [_record(CardRecord, r) for r in conn.execute(sql + " ORDER BY due, id", args)]

    def save_review(
        self,
        *,
        card_id: str,
        kind: str,
        ref: str,
        state: dict[str, Any],
        due: str,
        rating: int,
        source: str,
        reviewed_at: str,
        note: dict[str, Any] | None = None,
    ) -> None:
        """Upsert the card's new state and log the review, in one transaction."""
        if kind not in CARD_KINDS:
            raise ValueError(f"unknown card kind {kind!r}")
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1..4, got {rating!r}")
        with self._write() as conn:
            conn.execute(
                "INSERT INTO cards (id, kind, ref, state, due, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET state = excluded.state, due = excluded.due,"
                " updated_at = excluded.updated_at",
                (card_id, kind, ref, _to_json(state), due, reviewed_at, reviewed_at),
            )
            conn.execute(
                "INSERT INTO reviews (card_id, rating, source, note, reviewed_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (card_id, rating, source, _to_json(note or {}), reviewed_at),
            )

    def reviews(self, card_id: str | None = None) -> list[ReviewRecord]:
        sql = f"SELECT {_columns(ReviewRecord)} FROM reviews"
        args: tuple[str, ...] = ()
        if card_id is not None:
            sql, args = sql + " WHERE card_id = ?", (card_id,)
        with self._read() as conn:
            return [_record(ReviewRecord, r) for r in conn.execute(sql + " ORDER BY id", args)]

    # --- archive: every row, for `coach export --all` and `coach import` ----------------------

    def export_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every table, JSON columns decoded, read from one snapshot.

        Sessions oldest first; entries, cards and reviews by id; phase times in the
        order `phase_times()` reads them back.
        """
        out: dict[str, list[dict[str, Any]]] = {}
        with self._read() as conn:
            conn.execute("BEGIN")  # a read transaction: one consistent snapshot
            try:
                for table, (kind, order) in _ARCHIVE.items():
                    sql = f"SELECT {_columns(kind)} FROM {table} ORDER BY {order}"
                    out[table] = [asdict(_record(kind, r)) for r in conn.execute(sql)]
            finally:
                conn.execute("COMMIT")
        return out

    def import_rows(self, rows: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
        """Insert rows shaped as `export_rows` returns them, all in one transaction.

        Ids and timestamps are kept. A session id already in the store refuses the whole
        import (UsageError). Entry and review ids are kept when none is taken, otherwise
        renumbered after the highest in use, in the same order. A card the store already
        has keeps whichever state was updated last. Returns the row count per table.
        """
        from coach.errors import UsageError  # (the module's import list is left as it is)

        try:
            with self._write() as conn:
                existing = {r[0] for r in conn.execute("SELECT id FROM sessions")}
                taken = sorted(existing & {s["id"] for s in rows["sessions"]})
                if taken:
                    shown = ", ".join(taken[:5]) + (", ..." if len(taken) > 5 else "")
                    verb = "is" if len(taken) == 1 else "are"
                    raise UsageError(
                        f"{len(taken)} of its sessions {verb} already in {self.path} ({shown}); "
                        "import into a fresh COACH_HOME"
                    )
                entry_ids = self._import_ids(conn, "entries", [e["id"] for e in rows["entries"]])
                review_ids = self._import_ids(conn, "reviews", [r["id"] for r in rows["reviews"]])
                renumbered = {
                    "entries": [{**e, "id": entry_ids[e["id"]]} for e in rows["entries"]],
                    "reviews": [{**r, "id": review_ids[r["id"]]} for r in rows["reviews"]],
                }
                for table, (kind, _) in _ARCHIVE.items():
                    columns = [f.name for f in fields(kind)]
                    values = [
                        tuple(
                            _to_json(row[c])
                            if c in _JSON_COLUMNS and row[c] is not None
                            else row[c]
                            for c in columns
                        )
                        for row in renumbered.get(table, rows[table])
                    ]
                    conn.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)})"
                        f" VALUES ({', '.join('?' * len(columns))}){self._import_conflict(table)}",
                        values,
                    )
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"cannot import into {self.path}: {exc}") from None
        return {table: len(rows[table]) for table in _ARCHIVE}

    @staticmethod
    def _import_ids(conn: sqlite3.Connection, table: str, ids: list[int]) -> dict[int, int]:
        """Old id -> new id: the same ids when all are free, else fresh ones in the same order."""
        in_use = {r[0] for r in conn.execute(f"SELECT id FROM {table}")}
        if in_use.isdisjoint(ids):
            return {i: i for i in ids}
        start = max(in_use)
        return {old: start + n for n, old in enumerate(sorted(ids), start=1)}

    @staticmethod
    def _import_conflict(table: str) -> str:
        """For cards the store already has: the state updated last wins."""
        if table != "cards":
            return ""
        newer = "excluded.updated_at > updated_at"
        return (
            " ON CONFLICT (id) DO UPDATE SET created_at = min(created_at, excluded.created_at),"
            f" state = CASE WHEN {newer} THEN excluded.state ELSE state END,"
            f" due = CASE WHEN {newer} THEN excluded.due ELSE due END,"
            " updated_at = max(updated_at, excluded.updated_at)"
        )
