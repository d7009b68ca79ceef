"""What the history holds, as records: sessions, entries, phase times, cards, reviews.

Each record is typed once, here; its columns are its fields, and `_record` reads a
row back with a StoreError naming the value when the file holds what coach cannot
have written.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Mapping
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, TypeVar

from coach.common.frozen import frozen
from coach.common.textsafe import storable_value

DB_NAME = "coach.db"
# skipped: every phase was skipped (nothing to grade); like active and interrupted, it
# has no score and does not count in the stats
STATUSES = frozenset({"active", "interrupted", "finished", "skipped"})
# interviewer_note: what an interviewer wrote about a phase (`coach interviewer`)
ENTRY_KINDS = frozenset(
    {"answer", "question", "reply", "probe", "probe_answer", "draft", "interviewer_note"}
)
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


def _utc_now() -> datetime:
    return datetime.now(UTC)


Migration = Callable[[sqlite3.Connection], None]


@frozen
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


@frozen
class HistoryRow:
    """A session as `coach history` lists it: its summary columns, never its plan,
    report or transcript. `seconds` is the time its phases kept (None: none)."""

    id: str
    question_id: str
    playbook: str
    status: str
    started_at: str
    finished_at: str | None
    score: int | None
    verdict: str | None
    seconds: float | None


@frozen
class CardRecord:
    id: str
    kind: str
    ref: str
    state: dict[str, Any]
    due: str
    created_at: str
    updated_at: str


@frozen
class ReviewRecord:
    id: int
    card_id: str
    rating: int
    source: str
    note: dict[str, Any]
    reviewed_at: str


@frozen
class Entry:
    id: int
    session_id: str
    phase: str
    kind: str
    text: str
    at: str
    elapsed: float


@frozen
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


def _record(kind: type[R], row: sqlite3.Row | Mapping[str, Any]) -> R:
    """A record from a row whose columns are named like the record's fields.

    Raises _Damaged when a JSON column is not a JSON object or a value is not of its
    field's type.
    """
    values: dict[str, Any] = {}
    key = fields(kind)[0].name  # type: ignore[arg-type]
    for f in fields(kind):  # type: ignore[arg-type]
        value = row[f.name]
        if f.name in _JSON_COLUMNS and isinstance(value, str):
            try:
                value = json.loads(value)
            except (ValueError, RecursionError):
                raise _Damaged(f"{f.name} of row {_brief(row[key])} is not valid JSON") from None
        annotation = str(f.type)
        expected, what = _FIELD_TYPES[annotation.removesuffix(" | None")]
        if not isinstance(value, expected) and not (value is None and annotation.endswith("None")):
            raise _Damaged(f"{f.name} of row {_brief(row[key])} is {_brief(value)}, not {what}")
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
