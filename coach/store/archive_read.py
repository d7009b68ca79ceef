"""Reading a history export back (`coach import`): every value checked, within limits.

A document is read only if it is what `coach export --all` writes (coach.store.archive):
its header, the shape of every row (the row TypedDicts below), the ids, kinds,
statuses and timestamps, and the JSON columns coach reads later (coach.store.jsonshapes).
A problem is one UsageError that says where in the file it is.
"""

from __future__ import annotations

import json
import math
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import (
    Any,
    NotRequired,  # pydantic needs it on Python < 3.12
    TypeVar,
)

from pydantic import ConfigDict, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict

from coach.common.bytepos import line_col
from coach.common.files import read_regular
from coach.errors import FileRefused, UsageError
from coach.store.archive import FORMAT, MAX_DEPTH, MAX_FILE, MAX_TEXT, VERSION
from coach.store.db import CARD_KINDS, ENTRY_KINDS, STATUSES
from coach.store.jsonshapes import CARD_STATE, PLAN, REPORT, Name

__all__ = ["read_document"]

T = TypeVar("T")


def read_document(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Read and check an export; its rows, flattened the way `Store.import_rows` takes them.

    Everything a later command reads is checked (see coach.store.jsonshapes), within limits:
    a file of at most MAX_FILE bytes, values nested at most MAX_DEPTH levels, strings of
    at most MAX_TEXT characters.
    """
    try:
        data = read_regular(path, MAX_FILE)
    except FileRefused as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = line_col(data, exc.start)
        raise UsageError(f"{path}:{line}:{col}: not UTF-8 text") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise UsageError(f"{path}: JSON nested too deeply") from None
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise UsageError(
            f"{path}{_long_number_at(text)}: a number with more than "
            f"{sys.get_int_max_str_digits()} digits"
        ) from None
    _check_header(path, document)
    try:
        _check_values(document)
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
        if "transcript" in document and "plan" in document:  # `coach export ID --format json`
            raise UsageError(
                f"{path} is not a coach history export: this looks like a single-session "
                "export; import takes the file `coach export --all` writes"
            )
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
#
# pydantic checks the shape (fields, types, no unknown or missing fields, strictly: "3" is
# not a number); the checks across rows (unique ids, known statuses and kinds, reviews of
# cards that exist) are below it.


def _long_number_at(text: str) -> str:
    """Where the first run of digits too long to convert starts (":line:col"), or ""."""
    limit = sys.get_int_max_str_digits()
    found = re.search(rf"[0-9]{{{limit + 1},}}", text) if limit else None
    if found is None:
        return ""
    line_start = text.rfind("\n", 0, found.start()) + 1
    return f":{text.count(chr(10), 0, found.start()) + 1}:{found.start() - line_start + 1}"


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


_ROW = ConfigDict(extra="forbid", strict=True)


@with_config(_ROW)
class _EntryRow(TypedDict):
    id: int
    phase: Name
    kind: str
    text: str
    at: str
    elapsed: float


@with_config(_ROW)
class _SessionRow(TypedDict):
    id: str
    question_id: Name
    playbook: Name
    plan: dict[str, Any]
    status: str
    current_phase: int
    started_at: str
    updated_at: str
    finished_at: str | None
    score: int | None
    verdict: Name | None
    report: dict[str, Any] | None
    entries: list[_EntryRow]
    phase_times: dict[Name, float]


@with_config(_ROW)
class _CardRow(TypedDict):
    id: Name
    kind: str
    ref: Name
    state: dict[str, Any]
    due: str
    created_at: str
    updated_at: str


@with_config(_ROW)
class _ReviewRow(TypedDict):
    id: int
    card_id: Name
    rating: int
    source: Name
    note: dict[str, Any]
    reviewed_at: str


@with_config(_ROW)
class _Document(TypedDict):
    format: str
    version: int
    exported_by: NotRequired[str]
    sessions: list[_SessionRow]
    cards: list[_CardRow]
    reviews: list[_ReviewRow]


def _validated(document: dict[str, Any]) -> _Document:
    return _shaped(TypeAdapter(_Document), document, [])


def _shaped(adapter: TypeAdapter[T], value: Any, at: list[int | str]) -> T:
    """`value` checked by `adapter`; the first problem, located under `at`, as _Invalid."""
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        loc = [*at, *error["loc"]]
        if error["type"] == "missing":
            raise _Invalid(_where(loc[:-1]), f"missing field {json.dumps(loc[-1])}") from None
        if error["type"] == "extra_forbidden":
            raise _Invalid(_where(loc[:-1]), f"unknown field {_shown(loc[-1])}") from None
        raise _Invalid(_where(loc), str(error["msg"])) from None


def _where(loc: list[int | str]) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "document"


def _one_of(value: str, allowed: frozenset[str], where: str) -> None:
    if value not in allowed:
        raise _Invalid(where, f"{_shown(value)} is not one of {', '.join(sorted(allowed))}")


def _unique(value: object, seen: set[Any], where: str) -> None:
    if value in seen:
        raise _Invalid(where, f"{_shown(value)} appears twice")
    seen.add(value)


# SQLite's INTEGER is a signed 64-bit number.
_INTEGERS = range(-(2**63), 2**63)
# The ids coach makes (4 random bytes in hex); anything else did not come from coach.
_SESSION_ID = re.compile(r"[0-9a-f]{8}")
_UTC = timedelta(0)
_FSRS_STATES = (1, 2, 3)


def _check_values(document: Any) -> None:
    """Every key and value can be stored and read back: text without lone surrogates
    (JSON's "\\ud800" parses, UTF-8 cannot encode it) and within MAX_TEXT, integers SQLite
    holds, finite numbers (JSON's NaN and Infinity parse too), nesting within MAX_DEPTH."""
    stack: list[tuple[list[int | str], Any]] = [([], document)]
    while stack:
        loc, value = stack.pop()
        if len(loc) > MAX_DEPTH:
            raise _Invalid(_where(loc[:MAX_DEPTH]), f"nested more than {MAX_DEPTH} levels deep")
        children: list[tuple[list[int | str], Any]] = []
        if isinstance(value, dict):
            for key, child in value.items():
                _check_text(key, loc, "a key")
                children.append(([*loc, key], child))
        elif isinstance(value, list):
            children = [([*loc, n], child) for n, child in enumerate(value)]
        elif isinstance(value, str):
            _check_text(value, loc, "text")
        elif isinstance(value, bool):
            pass
        elif isinstance(value, int) and value not in _INTEGERS:
            raise _Invalid(_where(loc), "a whole number too large to store (over 64 bits)")
        elif isinstance(value, float) and not math.isfinite(value):
            raise _Invalid(_where(loc), "must be a finite number")
        stack.extend(reversed(children))  # depth first, in the file's order


def _check_text(text: str, loc: list[int | str], what: str) -> None:
    if len(text) > MAX_TEXT:
        raise _Invalid(_where(loc), f"{what} longer than {MAX_TEXT:,} characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _Invalid(
            _where(loc),
            f"{what} with a lone surrogate (U+{ord(text[exc.start]):04X} at character "
            f"{exc.start + 1}), which is not Unicode text",
        ) from None


def _check_time(value: str | None, where: str) -> None:
    """A time as coach writes them: ISO-8601 in UTC (2026-03-02T09:00:20+00:00)."""
    if value is None:
        return
    try:
        utc = datetime.fromisoformat(value).utcoffset() == _UTC
    except ValueError:
        utc = False
    if not utc:
        raise _Invalid(where, f"{_shown(value)} is not a UTC time like 2026-03-02T09:00:20+00:00")


def _rows_of(raw: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The document's rows for `Store.import_rows`, after checking every field."""
    document = _validated(raw)
    rows: dict[str, list[dict[str, Any]]] = {
        "sessions": [],
        "entries": [],
        "phase_times": [],
        "cards": [],
        "reviews": [],
    }
    session_ids: set[str] = set()
    entry_ids: set[int] = set()
    for n, session in enumerate(document["sessions"]):
        where = f"sessions[{n}]"
        sid = session["id"]
        if not _SESSION_ID.fullmatch(sid):
            raise _Invalid(f"{where}.id", f"{_shown(sid)} is not a session id (8 hex digits)")
        _unique(sid, session_ids, f"{where}.id")
        _one_of(session["status"], STATUSES, f"{where}.status")
        _check_time(session["started_at"], f"{where}.started_at")
        _check_time(session["updated_at"], f"{where}.updated_at")
        _check_time(session["finished_at"], f"{where}.finished_at")
        if session["current_phase"] < 0:
            raise _Invalid(f"{where}.current_phase", "must not be negative")
        _shaped(PLAN, session["plan"], ["sessions", n, "plan"])
        if session["report"] is not None:
            _shaped(REPORT, session["report"], ["sessions", n, "report"])
        for m, entry in enumerate(session["entries"]):
            at = f"{where}.entries[{m}]"
            _unique(entry["id"], entry_ids, f"{at}.id")
            _one_of(entry["kind"], ENTRY_KINDS, f"{at}.kind")
            _check_time(entry["at"], f"{at}.at")
            rows["entries"].append({**entry, "session_id": sid, "elapsed": float(entry["elapsed"])})
        for phase, seconds in session["phase_times"].items():
            rows["phase_times"].append({"session_id": sid, "phase": phase, "seconds": seconds})
        rows["sessions"].append(
            {k: v for k, v in session.items() if k not in ("entries", "phase_times")}
        )
    card_ids: set[str] = set()
    for n, card in enumerate(document["cards"]):
        _unique(card["id"], card_ids, f"cards[{n}].id")
        _one_of(card["kind"], CARD_KINDS, f"cards[{n}].kind")
        _check_time(card["due"], f"cards[{n}].due")
        _check_time(card["created_at"], f"cards[{n}].created_at")
        _check_time(card["updated_at"], f"cards[{n}].updated_at")
        state = _shaped(CARD_STATE, card["state"], ["cards", n, "state"])
        if state["state"] not in _FSRS_STATES:
            raise _Invalid(
                f"cards[{n}].state.state", "must be 1, 2 or 3 (learning, review, relearning)"
            )
        _check_time(state["due"], f"cards[{n}].state.due")
        _check_time(state["last_review"], f"cards[{n}].state.last_review")
        rows["cards"].append(dict(card))
    review_ids: set[int] = set()
    for n, review in enumerate(document["reviews"]):
        _unique(review["id"], review_ids, f"reviews[{n}].id")
        if review["card_id"] not in card_ids:
            raise _Invalid(f"reviews[{n}].card_id", f"no card {_shown(review['card_id'])}")
        if review["rating"] not in (1, 2, 3, 4):
            raise _Invalid(f"reviews[{n}].rating", "must be 1, 2, 3 or 4")
        _check_time(review["reviewed_at"], f"reviews[{n}].reviewed_at")
        rows["reviews"].append(dict(review))
    return rows
