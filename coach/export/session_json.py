"""Sessions as JSON: the saved report, the history list, the full export."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from coach.engine.grading import Report
from coach.engine.report_json import report_to_dict
from coach.store.db import Entry, SessionRecord

__all__ = ["not_graded_why", "report_summary", "session_export", "session_row"]

_TYPED_KINDS = frozenset({"answer", "probe_answer", "draft", "question"})


def not_graded_why(record: SessionRecord, entries: list[Entry]) -> str | None:
    """Why a session has no grade to show (None: it has one). Grading an empty
    transcript would read as a 0/100 "no hire" that `history` does not show."""
    if record.status == "skipped":
        return "every phase was skipped"
    if not any(e.kind in _TYPED_KINDS and e.text.strip() for e in entries):
        return "nothing was typed"
    return None


def report_summary(report: Report, seconds: Mapping[str, float]) -> dict[str, Any]:
    """What the store keeps of a finished session's report."""
    summary = report_to_dict(report, None)
    summary.pop("file")
    summary["seconds"] = dict(seconds)
    return summary


def session_row(record: SessionRecord) -> dict[str, Any]:
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
    record: SessionRecord, report: Report, entries: list[Entry], seconds: Mapping[str, float]
) -> dict[str, Any]:
    out = session_row(record)
    out["plan"] = record.plan
    out["seconds"] = dict(seconds)
    # nothing graded (every phase skipped, nothing typed): null, not a 0/100
    graded = not_graded_why(record, entries) is None
    out["report"] = report_summary(report, seconds) if graded else None
    out["transcript"] = [{k: v for k, v in asdict(e).items() if k != "session_id"} for e in entries]
    return out
