"""The whole history as one file: `coach export --all` writes it, `coach import` restores it.

JSON (format "coach-history", version 1) keeps every column of every table, ids and
timestamps included, so exporting an imported history gives the same bytes:

    {"format": "coach-history", "version": 1, "exported_by": "coach 0.1.0",
     "sessions": [{<sessions row: plan and report as objects>,
                   "entries": [{id, phase, kind, text, at, elapsed}, ...],   # by id
                   "phase_times": {phase: seconds}}, ...],                   # oldest first
     "cards": [{id, kind, ref, state (object), due, created_at, updated_at}, ...],
     "reviews": [{id, card_id, rating, source, note (object), reviewed_at}, ...]}

CSV is for spreadsheets, not for restoring: one row per entry with its session's columns.
Reading one back, with every value checked, is coach.store.archive_read. No terminal here.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import (
    Any,
    TypeVar,
)

from coach import __version__
from coach.common.textsafe import printable
from coach.errors import UsageError
from coach.store.db import SessionRecord, Store

__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "VERSION",
    "ImportCounts",
    "build_document",
    "document_text",
    "history_csv",
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


def build_document(store: Store) -> dict[str, Any]:
    """Every session with its entries and phase times, every card and review."""
    rows = store.export_rows()
    entries: dict[str, list[dict[str, Any]]] = {}
    for entry in rows["entries"]:
        entry = dict(entry)
        entries.setdefault(entry.pop("session_id"), []).append(entry)
    times: dict[str, dict[str, float]] = {}
    for row in rows["phase_times"]:
        times.setdefault(row["session_id"], {})[row["phase"]] = row["seconds"]
    sessions = [
        {**s, "entries": entries.get(s["id"], []), "phase_times": times.get(s["id"], {})}
        for s in rows["sessions"]
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_by": f"coach {__version__}",
        "sessions": sessions,
        "cards": rows["cards"],
        "reviews": rows["reviews"],
    }


def document_text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def history_csv(store: Store, session_id: str | None = None) -> str:
    """One row per entry, oldest session first; a session with no entries gets one row."""
    records: list[SessionRecord] = (
        list(reversed(store.sessions())) if session_id is None else [store.get(session_id)]
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in records:
        head: list[object] = [r.id, r.question_id, r.playbook, r.status, r.started_at]
        head += [r.finished_at, r.score, r.verdict]
        entries = store.entries(r.id)
        if not entries:
            writer.writerow(_cells([*head, None, None, None, None, None]))
        for e in entries:
            writer.writerow(_cells([*head, e.phase, e.kind, e.text, e.at, e.elapsed]))
    return out.getvalue()


def _cells(row: list[object]) -> list[object]:
    """A CSV row that a terminal or a spreadsheet shows as text: control characters in
    the history's text are made visible (JSON, the restorable export, keeps them)."""
    return [printable(v) if isinstance(v, str) else v for v in row]


# --- import --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
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
