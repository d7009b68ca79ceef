"""The whole history as one file: `coach export --all` writes it, `coach import` restores it.

JSON (format "coach-history", version 1) keeps every column of every table, ids and
timestamps included, so exporting an imported history gives the same bytes. It is
written as it is read, a session at a time (memory stays flat however long the history),
one record a line:

    {"format": "coach-history", "version": 1, "exported_by": "coach 0.1.0",
    "sessions": [
    {<sessions row: plan and report as objects>,
     "entries": [{id, phase, kind, text, at, elapsed}, ...],    # by id
     "phase_times": {phase: seconds}},                           # oldest session first
    ...],
    "cards": [
    {id, kind, ref, state (object), due, created_at, updated_at},
    ...],
    "reviews": [
    {id, card_id, rating, source, note (object), reviewed_at},
    ...]}

(Exports before this layout were indented JSON; `coach import` reads both.) A plan,
report, state or note is written as the store holds it, which is what coach wrote
with json.dumps, not parsed and encoded again: that is what makes a year of history
export in seconds.

CSV is for spreadsheets, not for restoring: one row per entry with its session's columns.
Reading one back, with every value checked, is coach.store.archive_read. No terminal here.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import fields
from itertools import islice
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, TypeVar

from coach import __version__
from coach.common.frozen import frozen
from coach.common.textsafe import printable
from coach.errors import UsageError
from coach.store.db import SessionRecord, Store
from coach.store.records import _JSON_COLUMNS

__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "VERSION",
    "ImportCounts",
    "document_lines",
    "history_csv",
    "history_csv_lines",
    "import_history",
]

FORMAT = "coach-history"
VERSION = 1
T = TypeVar("T")

# Limits on what `coach import` reads: far above any real history (a 133 MB one imports),
# and low enough that nothing accepted can exhaust memory or the recursion limit later
# (a plan nested 900 levels deep made `coach export --all` fail).
MAX_FILE = 1_000_000_000
MAX_DEPTH = 32  # an export nests 9 levels deep
MAX_TEXT = 5_000_000  # characters in one string: an answer is at most 5 MB (coach score)

CSV_COLUMNS = (
    # the session's columns...
    "session_id",
    "question_id",
    "playbook",
    "status",
    "started_at",
    "finished_at",
    "score",
    "verdict",
    # ...then the entry's
    "phase",
    "kind",
    "text",
    "at",
    "elapsed",
)


# --- export --------------------------------------------------------------------------------------


def document_lines(store: Store) -> Iterator[str]:
    """The JSON export, a line at a time (see the module's docstring), from one snapshot."""
    with store.snapshot():
        yield (
            f'{{"format": {_str(FORMAT)}, "version": {VERSION}, '
            f'"exported_by": {_str(f"coach {__version__}")},\n'
        )
        yield from _listed("sessions", _sessions(store))
        yield from _listed("cards", _small(map(_card, store.raw_rows("cards"))))
        yield from _listed("reviews", _small(map(_review, store.raw_rows("reviews"))), last=True)


def _sessions(store: Store) -> Iterator[str]:
    """Each session with its entries and phase times: three reads side by side, in the
    same order, rather than two queries a session."""
    session = _session_encoder()
    entries = _grouped(store.raw_rows("entries", by_session=True), 1)
    times = _grouped(store.raw_rows("phase_times", by_session=True), 0)
    for row in store.raw_rows("sessions"):
        sid = row[0]
        listed = ", ".join(map(_entry, entries.take(sid)))
        timed = ", ".join(f"{_str(t[1])}: {_number(t[2])}" for t in times.take(sid))
        yield f'{session(row)}, "entries": [{listed}], "phase_times": {{{timed}}}}}'


class _grouped:
    """Rows that come grouped by session, taken a session at a time."""

    def __init__(self, rows: Iterator[tuple[Any, ...]], key: int) -> None:
        self._rows, self._key = rows, key
        self._next: tuple[Any, ...] | None = next(rows, None)

    def take(self, session_id: str) -> list[tuple[Any, ...]]:
        out = []
        while self._next is not None and self._next[self._key] == session_id:
            out.append(self._next)
            self._next = next(self._rows, None)
        return out


def _listed(name: str, records: Iterator[str], *, last: bool = False) -> Iterator[str]:
    """`"name": [` then one record a line, then `]` (and the document's end when last);
    about a megabyte a piece."""
    yield f"{_str(name)}: ["
    sep, batch, size = "\n", [], 0
    for record in records:
        batch.append(record)
        size += len(record)
        if size >= _PIECE:
            yield sep + ",\n".join(batch)
            sep, batch, size = ",\n", [], 0
    if batch:
        yield sep + ",\n".join(batch)
        sep = ",\n"
    yield ("\n" if sep != "\n" else "") + ("]}\n" if last else "],\n")


_PIECE = 1 << 20


def _small(records: Iterator[str]) -> Iterator[str]:
    """Records of a bounded size (cards, reviews) joined a few thousand at a time:
    hundreds of thousands of them are not each handled one by one."""
    while batch := ",\n".join(islice(records, 4000)):
        yield batch


def _session_encoder() -> Callable[[tuple[Any, ...]], str]:
    """Sessions by their record's fields, whatever columns a later schema adds; the
    entries and phase times follow (the closing brace is left off)."""
    parts = []
    for f in fields(SessionRecord):
        base = str(f.type).removesuffix(" | None")
        convert = str if f.name in _JSON_COLUMNS else _str if base == "str" else _number
        parts.append((f"{_str(f.name)}: ", convert))

    def encode(r: tuple[Any, ...]) -> str:
        pairs = zip(parts, r, strict=True)
        return "{" + ", ".join(k + ("null" if v is None else c(v)) for (k, c), v in pairs)

    return encode


# Entries, cards and reviews as json.dumps(ensure_ascii=False) writes them, their JSON
# columns as they are, in the order of the record's fields (test_archive checks): written
# out by hand, as a long history has hundreds of thousands of reviews.
def _entry(r: tuple[Any, ...]) -> str:
    return (
        f'{{"id": {r[0]}, "phase": {_str(r[2])}, "kind": {_str(r[3])}, "text": {_str(r[4])}, '
        f'"at": {_str(r[5])}, "elapsed": {_number(r[6])}}}'
    )


def _card(r: tuple[Any, ...]) -> str:
    return (
        f'{{"id": {_str(r[0])}, "kind": {_str(r[1])}, "ref": {_str(r[2])}, "state": {r[3]}, '
        f'"due": {_str(r[4])}, "created_at": {_str(r[5])}, "updated_at": {_str(r[6])}}}'
    )


def _review(r: tuple[Any, ...]) -> str:
    return (
        f'{{"id": {r[0]}, "card_id": {_str(r[1])}, "rating": {r[2]}, "source": {_str(r[3])}, '
        f'"note": {r[4]}, "reviewed_at": {_str(r[5])}}}'
    )


def _maybe(value: str | None) -> str:
    return "null" if value is None else _str(value)


def _null(value: object) -> str:
    return "null" if value is None else str(value)


def _number(value: float) -> str:
    """A number as json writes it: by repr, and NaN and the infinities by name."""
    return repr(value) if value - value == 0 else json.dumps(value)


_str: Callable[[str], str] = encode_basestring  # a JSON string, non-ASCII kept as it is


def history_csv(store: Store, session_id: str | None = None) -> str:
    """One row per entry, oldest session first; a session with no entries gets one row."""
    return "".join(history_csv_lines(store, session_id))


def history_csv_lines(store: Store, session_id: str | None = None) -> Iterator[str]:
    """`history_csv`, a session at a time, from one snapshot."""
    with store.snapshot():
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        one = (store.get(session_id).id,) if session_id else ()
        entries = _grouped(
            store.raw_rows("entries", "t.session_id = ?" if one else "", one, by_session=True), 1
        )
        at = {f.name: n for n, f in enumerate(fields(SessionRecord))}
        for r in store.raw_rows("sessions", "id = ?" if one else "", one):
            head: list[object] = [r[at[c]] for c in _CSV_SESSION]
            empty = True
            for e in entries.take(r[0]):
                # id, session_id, phase, kind, text, at, elapsed
                writer.writerow(_cells([*head, *e[2:]]))
                empty = False
            if empty:
                writer.writerow(_cells([*head, None, None, None, None, None]))
            yield out.getvalue()
            out.seek(0)
            out.truncate()
        yield out.getvalue()


# The session's columns of a CSV row, by their names in the store.
_CSV_SESSION = tuple("id question_id playbook status started_at finished_at score verdict".split())


def _cells(row: list[object]) -> list[object]:
    """A CSV row that a terminal or a spreadsheet shows as text: control characters in
    the history's text are made visible (JSON, the restorable export, keeps them)."""
    return [printable(v) if isinstance(v, str) else v for v in row]


# --- import --------------------------------------------------------------------------------------


@frozen
class ImportCounts:
    sessions: int
    entries: int
    cards: int
    reviews: int

    def summary(self) -> str:
        parts = [
            _plural(self.sessions, "session"),
            _plural(self.entries, "entry", "entries"),
            _plural(self.cards, "card"),
            _plural(self.reviews, "review"),
        ]
        return "imported " + ", ".join(parts)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def import_history(store: Store, rows: dict[str, list[dict[str, Any]]], path: Path) -> ImportCounts:
    """Restore rows read from the export at `path`: all in one transaction, or nothing."""
    try:
        counts = store.import_rows(rows)
    except UsageError as exc:
        raise UsageError(f"cannot import {path}: {exc}") from None
    return ImportCounts(counts["sessions"], counts["entries"], counts["cards"], counts["reviews"])
