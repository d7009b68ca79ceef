"""Sessions and their entries, drafts and phase times."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection, Sequence
from typing import Any

from coach.common.textsafe import storable
from coach.errors import NotFoundError
from coach.store.connection import StoreBase
from coach.store.records import (
    _ENTRY_COLUMNS,
    _SESSION_COLUMNS,
    MIN_PREFIX,
    Entry,
    HistoryRow,
    SessionRecord,
    _check_kinds,
    _check_status,
    _columns,
    _PhaseTime,
    _record,
    _to_json,
)
from coach.store.summaries import SUMMARY_SOURCE, drop_summary, summarise_rows


class SessionQueries(StoreBase):
    """Sessions, their entries, drafts and phase times."""

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
            candidate = os.urandom(4).hex()  # what secrets.token_hex does, without hmac
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
            if status != "finished":
                drop_summary(conn, session_id)  # it no longer counts as graded

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
            # In the same transaction: the stats never see a finish without its summary.
            summarise_rows(conn, conn.execute(SUMMARY_SOURCE + " WHERE id = ?", (session_id,)))

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

    def history(self, limit: int | None = None) -> list[HistoryRow]:
        """The newest `limit` sessions (None: all), newest first, as `coach history`
        lists them: off the start index, reading no plan, report or transcript."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT id, question_id, playbook, status, started_at, finished_at, score,"
                " verdict, (SELECT sum(seconds) FROM phase_times t WHERE t.session_id = s.id)"
                " AS seconds FROM sessions s ORDER BY started_at DESC, rowid DESC LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
            return [_record(HistoryRow, r) for r in rows]

    def session_count(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT count(*) FROM sessions").fetchone()[0])

    def practised_question_ids(self) -> set[str]:
        """Questions with at least one answer entry: per question, the first session of
        it that has one (an index probe each), not every session's entries."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT q.question_id FROM (SELECT DISTINCT question_id FROM sessions) q"
                " WHERE EXISTS (SELECT 1 FROM sessions s JOIN entries e ON e.session_id = s.id"
                " WHERE s.question_id = q.question_id AND e.kind = 'answer')"
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
