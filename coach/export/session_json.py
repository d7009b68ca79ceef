"""Sessions as JSON: the saved report, the history list, the full export."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from coach.session.scored_by import scored_by_person
from coach.store.db import Entry, HistoryRow, SessionRecord

__all__ = ["not_graded_why", "session_export", "session_row"]

_TYPED_KINDS = frozenset({"answer", "probe_answer", "draft", "question"})


def not_graded_why(record: SessionRecord, entries: list[Entry]) -> str | None:
    """Why a session has no grade to show (None: it has one). An export shows the
    grade the session was given when it finished; it does not grade again."""
    if record.status == "skipped":
        return "every phase was skipped"
    if scored_by_person(record.report):
        return None  # scored from an interviewer's ticks (`coach interviewer`), not typed
    if not any(e.kind in _TYPED_KINDS and e.text.strip() for e in entries):
        return "nothing was typed"
    if record.report is None:
        return f"the session has not finished; `coach resume {record.id}` finishes and grades it"
    return None


def session_row(record: SessionRecord | HistoryRow) -> dict[str, Any]:
    return {
        "id": record.id,
        "question": record.question_id,
        "playbook": record.playbook,
        "status": record.status,
        "started_at": record.started_at,
        "finished_at": record.finished_at,
        "score": record.score,
        "verdict": record.verdict,
    }


def session_export(
    record: SessionRecord, entries: list[Entry], seconds: Mapping[str, float]
) -> dict[str, Any]:
    out = session_row(record)
    out["plan"] = record.plan
    out["seconds"] = dict(seconds)
    # nothing graded (every phase skipped, nothing typed): null, not a 0/100
    graded = not_graded_why(record, entries) is None
    out["report"] = record.report if graded else None
    out["transcript"] = [{k: v for k, v in asdict(e).items() if k != "session_id"} for e in entries]
    return out
