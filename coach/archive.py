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
No terminal here; the CLI is glue.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach import __version__
from coach.errors import UsageError
from coach.store import CARD_KINDS, ENTRY_KINDS, STATUSES, SessionRecord, Store

__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "VERSION",
    "ImportCounts",
    "build_document",
    "document_text",
    "history_csv",
    "import_history",
    "read_document",
    "write_text",
]

FORMAT = "coach-history"
VERSION = 1

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
            writer.writerow([*head, None, None, None, None, None])
        for e in entries:
            writer.writerow([*head, e.phase, e.kind, e.text, e.at, e.elapsed])
    return out.getvalue()


def write_text(path: Path, text: str) -> None:
    """Write an export exactly as given (no newline translation)."""
    try:
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


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


def read_document(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Read and check an export; its rows, flattened the way `Store.import_rows` takes them."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path} is not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise UsageError(f"{path}: JSON nested too deeply") from None
    _check_header(path, document)
    try:
        return _rows_of(document)
    except _Invalid as exc:
        raise UsageError(f"{path}: {exc.where}: {exc.problem}") from None


def _check_header(path: Path, document: Any) -> None:
    if not isinstance(document, dict):
        raise UsageError(
            f"{path} is not a coach history export (a JSON {_type_name(document)}, "
            f'expected an object with "format": "{FORMAT}")'
        )
    if "format" not in document:
        raise UsageError(f'{path} is not a coach history export (no "format" field)')
    if document["format"] != FORMAT:
        raise UsageError(
            f"{path} is not a coach history export "
            f'(format {_shown(document["format"])}, expected "{FORMAT}")'
        )
    version = document.get("version")
    if type(version) is int and version > VERSION:
        raise UsageError(
            f"{path} is a {FORMAT} export of version {version}; this coach reads version "
            f"{VERSION}: upgrade coach to import it"
        )
    if version != VERSION or type(version) is not int:
        raise UsageError(
            f"{path} has an unknown {FORMAT} version ({_shown(version)}); "
            f"this coach reads version {VERSION}"
        )


# --- checking the document -----------------------------------------------------------------------


class _Invalid(Exception):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


def _shown(value: Any, limit: int = 40) -> str:
    """A value as JSON on one short line, for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _type_name(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


# A field's kind: string, integer, number (finite), object or array; "?" adds null.
TOP_FIELDS = {
    "format": "string",
    "version": "integer",
    "exported_by": "string",
    "sessions": "array",
    "cards": "array",
    "reviews": "array",
}
SESSION_FIELDS = {
    "id": "string",
    "question_id": "string",
    "playbook": "string",
    "plan": "object",
    "status": "string",
    "current_phase": "integer",
    "started_at": "string",
    "updated_at": "string",
    "finished_at": "string?",
    "score": "integer?",
    "verdict": "string?",
    "report": "object?",
    "entries": "array",
    "phase_times": "object",
}
ENTRY_FIELDS = {
    "id": "integer",
    "phase": "string",
    "kind": "string",
    "text": "string",
    "at": "string",
    "elapsed": "number",
}
CARD_FIELDS = {
    "id": "string",
    "kind": "string",
    "ref": "string",
    "state": "object",
    "due": "string",
    "created_at": "string",
    "updated_at": "string",
}
REVIEW_FIELDS = {
    "id": "integer",
    "card_id": "string",
    "rating": "integer",
    "source": "string",
    "note": "object",
    "reviewed_at": "string",
}


def _fits(value: Any, kind: str) -> bool:
    if kind.endswith("?"):
        return value is None or _fits(value, kind[:-1])
    if kind == "integer":
        return type(value) is int
    if kind == "number":
        return type(value) in (int, float) and math.isfinite(value)
    return isinstance(value, {"string": str, "object": dict, "array": list}[kind])


def _check(value: Any, kind: str, where: str) -> None:
    if not _fits(value, kind):
        wanted = ("an " if kind[0] in "aeiou" else "a ") + kind.removesuffix("?")
        wanted += " or null" if kind.endswith("?") else ""
        raise _Invalid(where, f"expected {wanted}, found a {_type_name(value)}")


def _record(
    value: Any, fields: dict[str, str], where: str, optional: frozenset[str] = frozenset()
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(where, f"expected an object, found a {_type_name(value)}")
    for key in value:
        if key not in fields:
            raise _Invalid(where, f"unknown field {_shown(key)}")
    for key, kind in fields.items():
        if key in value:
            _check(value[key], kind, f"{where}.{key}")
        elif key not in optional:
            raise _Invalid(where, f"missing field {json.dumps(key)}")
    return value


def _one_of(value: str, allowed: frozenset[str], where: str) -> None:
    if value not in allowed:
        raise _Invalid(where, f"{_shown(value)} is not one of {', '.join(sorted(allowed))}")


def _unique(value: object, seen: set[Any], where: str) -> None:
    if value in seen:
        raise _Invalid(where, f"{_shown(value)} appears twice")
    seen.add(value)


def _rows_of(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The document's rows for `Store.import_rows`, after checking every field."""
    _record(document, TOP_FIELDS, "document", frozenset({"exported_by"}))
    rows: dict[str, list[dict[str, Any]]] = {
        "sessions": [],
        "entries": [],
        "phase_times": [],
        "cards": [],
        "reviews": [],
    }
    session_ids: set[str] = set()
    entry_ids: set[int] = set()
    for n, raw in enumerate(document["sessions"]):
        where = f"sessions[{n}]"
        session = _record(raw, SESSION_FIELDS, where)
        sid = session["id"]
        if not sid or sid != sid.strip().lower():
            raise _Invalid(f"{where}.id", f"{_shown(sid)} is not a session id")
        _unique(sid, session_ids, f"{where}.id")
        _one_of(session["status"], STATUSES, f"{where}.status")
        if session["current_phase"] < 0:
            raise _Invalid(f"{where}.current_phase", "must not be negative")
        for m, raw_entry in enumerate(session["entries"]):
            at = f"{where}.entries[{m}]"
            entry = _record(raw_entry, ENTRY_FIELDS, at)
            _unique(entry["id"], entry_ids, f"{at}.id")
            _one_of(entry["kind"], ENTRY_KINDS, f"{at}.kind")
            rows["entries"].append({**entry, "session_id": sid, "elapsed": float(entry["elapsed"])})
        for phase, seconds in session["phase_times"].items():
            _check(seconds, "number", f"{where}.phase_times[{_shown(phase)}]")
            rows["phase_times"].append(
                {"session_id": sid, "phase": phase, "seconds": float(seconds)}
            )
        rows["sessions"].append(
            {k: v for k, v in session.items() if k not in ("entries", "phase_times")}
        )
    card_ids: set[str] = set()
    for n, raw in enumerate(document["cards"]):
        card = _record(raw, CARD_FIELDS, f"cards[{n}]")
        _unique(card["id"], card_ids, f"cards[{n}].id")
        _one_of(card["kind"], CARD_KINDS, f"cards[{n}].kind")
        rows["cards"].append(card)
    review_ids: set[int] = set()
    for n, raw in enumerate(document["reviews"]):
        review = _record(raw, REVIEW_FIELDS, f"reviews[{n}]")
        _unique(review["id"], review_ids, f"reviews[{n}].id")
        if review["card_id"] not in card_ids:
            raise _Invalid(f"reviews[{n}].card_id", f"no card {_shown(review['card_id'])}")
        if review["rating"] not in (1, 2, 3, 4):
            raise _Invalid(f"reviews[{n}].rating", "must be 1, 2, 3 or 4")
        rows["reviews"].append(review)
    return rows
