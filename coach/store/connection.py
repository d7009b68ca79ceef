"""The store's connection: reads and short write transactions, failures as StoreError."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from coach.errors import StoreError
from coach.store.records import _NOT_DAMAGE, Clock, _Damaged, _utc_now


class StoreBase:
    """The connection and its read and write transactions, shared by every part of Store."""

    def __init__(self, conn: sqlite3.Connection, path: Path, now: Clock = _utc_now) -> None:
        self._conn = conn
        self.path = path
        self._now = now

    # context manager

    def __enter__(self) -> Self:
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
