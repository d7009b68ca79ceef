"""The history's schema, one migration per version (PRAGMA user_version).

A migration runs once, in its own transaction; an old database is brought up to
date in place when it is opened.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coach.errors import StoreError
from coach.store.records import Migration


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


def m003_session_summaries(conn: sqlite3.Connection) -> None:
    """What `coach stats` and `coach next` read (coach.store.summaries), backfilled from
    every graded session already in the history."""
    from coach.store.summaries import backfill

    backfill(conn)


# Append only: the position of a migration (1-based) is the user_version it produces.
MIGRATIONS: list[Migration] = [m001_sessions, m002_review_cards, m003_session_summaries]


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
