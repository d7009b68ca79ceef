"""Every row of every table, out and in, in one transaction each."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from typing import Any

from coach.errors import StoreError
from coach.store.connection import StoreBase
from coach.store.records import _ARCHIVE, _JSON_COLUMNS, _columns, _record, _to_json
from coach.store.summaries import SUMMARY_SOURCE, summarise_rows


def _is_valid(column: str, annotation: str) -> str:
    """SQL that is 1 when the column holds what its field's type says (`_record`'s
    check, made by SQLite, so a long history is checked at C speed)."""
    base = annotation.removesuffix(" | None")
    if base == "str":
        test = f"typeof({column}) = 'text'"
    elif base == "int":
        test = f"typeof({column}) = 'integer'"
    elif base == "float":
        test = f"typeof({column}) IN ('integer', 'real')"
    else:  # a JSON object, as json.dumps writes one (anything else: Python reads it)
        test = f"(substr({column}, 1, 1) = '{{' AND json_valid({column}))"
    return f"({column} IS NULL OR {test})" if annotation.endswith("None") else test


class RowTransfer(StoreBase):
    """Every row of every table, out and in: `coach export --all`, `coach backup`, `coach import`."""

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: every read inside it sees the same history."""
        with self._read() as conn:
            conn.execute("BEGIN")
            try:
                yield
            finally:
                conn.execute("COMMIT")

    def raw_rows(
        self, table: str, where: str = "", args: tuple[Any, ...] = (), *, by_session: bool = False
    ) -> Iterator[tuple[Any, ...]]:
        """The rows of `table` in archive order, one at a time: the values of the
        record's fields in order, as `export_rows` gives them except that JSON columns
        stay JSON text (as coach wrote it with json.dumps; None stays None). Checked as
        `export_rows` checks them: a value coach cannot have written is the same
        StoreError. `by_session` (entries, phase times): grouped by session, the
        sessions in the order they are listed (`where` names columns as `t.`)."""
        kind, order = _ARCHIVE[table]
        names = [f.name for f in fields(kind)]
        valid = " AND ".join(_is_valid(f"t.{f.name}", str(f.type)) for f in fields(kind))
        sql = f"SELECT {', '.join('t.' + n for n in names)}, {valid} FROM {table} t"
        if by_session:  # each session's rows together, the sessions in archive order
            sql = sql.replace(f" FROM {table} t", f" FROM sessions s CROSS JOIN {table} t")
            sql += " ON s.id = t.session_id"
            order = f"s.started_at, s.rowid, t.{order}"
        sql += f" WHERE {where}" if where else ""
        with self._read() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None  # plain tuples: a long history has many rows
            for row in cursor.execute(sql + f" ORDER BY {order}", args):
                if row[-1] == 1:
                    yield row[:-1]
                    continue
                # The message names the value; or Python reads what SQLite would not.
                record = asdict(_record(kind, dict(zip(names, row, strict=False))))
                yield tuple(
                    _to_json(record[c])
                    if c in _JSON_COLUMNS and record[c] is not None
                    else record[c]
                    for c in names
                )

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
                # What `coach stats` and `coach next` read, in the same transaction.
                summarise_rows(
                    conn,
                    conn.execute(
                        SUMMARY_SOURCE + " WHERE id IN (SELECT value FROM json_each(?))"
                        " ORDER BY started_at, rowid",
                        (json.dumps([s["id"] for s in rows["sessions"]]),),
                    ),
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
