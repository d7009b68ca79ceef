"""What `coach stats` and `coach next` read: a summary of each graded session.

A graded session (finished, with a report and a score) gets, in the same transaction
that finishes it (`Store.finish`), an import (`Store.import_rows`) or the migration
that adds them (backfilled from existing rows):

- `summaries`: one row (started, question, playbook, score, verdict; `ord` is the
  session's rowid, so sessions started in the same second keep the order they began);
- `summary_phases`: per graded phase its coverage (kind `coverage`), per phase of
  the plan with a budget its overrun in minutes, null when it kept no time (`time`);
- `summary_points`: per expected checklist item whether it was missed (`item`), per
  rule that fired a row (`finding`);
- `summary_totals`: the item and finding counts over the whole history, so the
  everyday `coach stats` reads a few hundred rows, not a row per item per session.

Nothing here reads a report again after it is summarised: the stats cost what they
show, whatever the size of the history.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from coach.common.frozen import frozen

__all__ = [
    "SCHEMA",
    "SUMMARY_SOURCE",
    "Summary",
    "backfill",
    "drop_summary",
    "save_summary",
    "summarise_rows",
    "summary_of",
]

# The columns (no constraint that coach's own writes do not need):
# summaries: ord is the session's rowid (the order within one second); graded_phases and
#   budget_phases count its coverage and time rows.
# summary_phases: kind coverage|time; position in its report or plan; value is the
#   coverage 0..1, or minutes over the max budget (null: no time kept).
# summary_points: kind item|finding; ref the item id or rule code; title the item's
#   title or the rule's name; missed 1 when the item was missed or the rule fired.
# summary_totals: kind item|finding|coverage|time|playbook; phase and title as first
#   seen; missed (a phase: values above zero), applicable (rows), total (sum of values).
SCHEMA = (
    "CREATE TABLE summaries(started_at TEXT,ord INT,session_id TEXT,question_id TEXT,"
    "playbook TEXT,score INT,verdict TEXT,graded_phases INT,budget_phases INT,"
    "PRIMARY KEY(started_at,ord))WITHOUT ROWID",
    "CREATE INDEX summaries_by_session ON summaries(session_id)",
    "CREATE INDEX summaries_by_best ON summaries(playbook,score)",
    "CREATE INDEX summaries_by_question ON summaries(question_id,started_at,ord)",
    "CREATE INDEX summaries_by_graded ON summaries(graded_phases,started_at,ord)",
    "CREATE INDEX summaries_by_budgets ON summaries(budget_phases,started_at,ord)",
    "CREATE TABLE summary_phases(session_id TEXT,kind TEXT,position INT,phase TEXT,name TEXT,"
    "value REAL,started_at TEXT,ord INT,PRIMARY KEY(session_id,kind,position))WITHOUT ROWID",
    "CREATE INDEX summary_phases_by_time ON summary_phases(kind,phase,started_at,ord,value)",
    "CREATE INDEX summary_phases_by_value ON summary_phases(kind,phase,value,started_at)",
    "CREATE TABLE summary_points(session_id TEXT,kind TEXT,ref TEXT,phase TEXT,title TEXT,"
    "missed INT,PRIMARY KEY(session_id,kind,ref))WITHOUT ROWID",
    "CREATE TABLE summary_totals(kind TEXT,ref TEXT,phase TEXT,title TEXT,missed INT,"
    "applicable INT,total REAL,PRIMARY KEY(kind,ref))WITHOUT ROWID",
    # `coach next` asks which questions have an answer (an index probe each), `coach
    # questions` how often each was finished: off this index, not every session row.
    "CREATE INDEX sessions_by_question ON sessions(question_id,status,started_at,score)",
)


@frozen
class Summary:
    session_id: str
    started_at: str
    question_id: str
    playbook: str
    score: int
    verdict: str
    coverage: tuple[tuple[str, str, float], ...]  # (phase, name, coverage), report order
    time: tuple[tuple[str, str, float | None], ...]  # (phase, name, overrun), plan order
    points: tuple[tuple[str, str, str, str, int], ...]  # (kind, ref, phase, title, missed)


def summary_of(
    session_id: str,
    *,
    question_id: str,
    playbook: str,
    plan: Any,
    status: str,
    started_at: str,
    score: Any,
    verdict: Any,
    report: Any,
) -> Summary | None:
    """A session's summary, or None when it does not count (not finished, not graded).

    Reads the report the way `coach stats` always has: a phase with nothing to cover
    was not graded, an item that is optional for the question is never missed, a rule
    counts once per session however often it fired. A report or plan written by
    something else (values of the wrong type) gives no summary rather than an error.
    """
    if status != "finished" or not isinstance(report, dict):
        return None
    if score is None:
        score = report.get("score")
    if score is None:
        return None  # not graded (all skipped, or not in English)
    try:
        return Summary(
            session_id,
            started_at,
            question_id,
            playbook,
            int(score),
            str(verdict or report.get("verdict") or ""),
            _coverage(report),
            _time(plan, report),
            _points(report),
        )
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _coverage(report: Mapping[str, Any]) -> tuple[tuple[str, str, float], ...]:
    found: dict[str, tuple[str, str, float]] = {}
    for phase in report.get("phases") or []:
        if phase.get("total_weight", 1) == 0:
            continue  # nothing to cover: not really graded
        pid = str(phase["id"])
        found.setdefault(pid, (pid, str(phase.get("name", pid)), float(phase["coverage"])))
    return tuple(found.values())


def _time(plan: Any, report: Mapping[str, Any]) -> tuple[tuple[str, str, float | None], ...]:
    """Minutes used minus the phase's max budget, for each phase of the plan with one."""
    seconds = report.get("seconds") or {}
    budgets: dict[str, tuple[str, float]] = {}
    phases = plan.get("phases") if isinstance(plan, dict) else None
    for phase in phases or []:
        try:
            budgets[str(phase["id"])] = (
                str(phase.get("name", phase["id"])),
                float(phase["max_minutes"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # a plan written by something else: no budget to compare with
    out: list[tuple[str, str, float | None]] = []
    for pid, (name, max_minutes) in budgets.items():
        used = seconds.get(pid)
        out.append((pid, name, None if used is None else float(used) / 60 - max_minutes))
    return tuple(out)


def _points(report: Mapping[str, Any]) -> tuple[tuple[str, str, str, str, int], ...]:
    points: dict[tuple[str, str], tuple[str, str, str, str, int]] = {}
    for item in report.get("items") or []:
        if item.get("expected") is False:
            continue  # optional for that question: never counted as missed
        key = ("item", str(item["id"]))
        points.setdefault(
            key,
            (
                *key,
                str(item.get("phase", "")),
                str(item.get("title", "")),
                int(not item["covered"]),
            ),
        )
    names = {str(f["code"]): str(f.get("name", "")) for f in report.get("findings") or []}
    for code, name in names.items():
        points[("finding", code)] = ("finding", code, "", name, 1)
    return tuple(points.values())


def save_summary(conn: sqlite3.Connection, summary: Summary) -> None:
    """Replace the session's summary (inside the caller's transaction)."""
    drop_summary(conn, summary.session_id)
    row = conn.execute("SELECT rowid FROM sessions WHERE id = ?", (summary.session_id,)).fetchone()
    ord_ = int(row[0])
    s = summary
    conn.execute(
        "INSERT INTO summaries (session_id, ord, started_at, question_id, playbook, score,"
        " verdict, graded_phases, budget_phases) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            s.session_id,
            ord_,
            s.started_at,
            s.question_id,
            s.playbook,
            s.score,
            s.verdict,
            len(s.coverage),
            len(s.time),
        ),
    )
    phases: list[tuple[str, int, str, str, float | None]]
    phases = [("coverage", n, *c) for n, c in enumerate(s.coverage)]
    phases += [("time", n, *t) for n, t in enumerate(s.time)]
    conn.executemany(
        "INSERT INTO summary_phases (session_id, kind, position, phase, name, value,"
        " started_at, ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(s.session_id, *p, s.started_at, ord_) for p in phases],
    )
    conn.executemany(
        "INSERT INTO summary_points (session_id, kind, ref, phase, title, missed)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(s.session_id, *p) for p in s.points],
    )
    conn.executemany(
        "INSERT INTO summary_totals (kind, ref, phase, title, missed, applicable, total)"
        " VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (kind, ref) DO UPDATE"
        " SET missed = missed + excluded.missed, applicable = applicable + 1,"
        " total = total + excluded.total",
        _totals(s),
    )


def _totals(s: Summary) -> list[tuple[str, str, str, str, int, float]]:
    """What one session adds to the running totals: (kind, ref, phase, title, missed, value)."""
    out = [(*p, 0.0) for p in s.points]
    out += [("coverage", pid, "", name, int(v > 0), v) for pid, name, v in s.coverage]
    out += [("time", pid, "", name, int(v > 0), v) for pid, name, v in s.time if v is not None]
    out.append(("playbook", s.playbook, "", "", 0, 0.0))
    return out


def drop_summary(conn: sqlite3.Connection, session_id: str) -> None:
    """Take a session's summary out of the tables and the totals, if it has one."""
    added = conn.execute(
        "SELECT kind, ref, missed, 0.0 FROM summary_points WHERE session_id = ?"
        " UNION ALL SELECT kind, phase, value > 0, value FROM summary_phases"
        " WHERE session_id = ? AND value IS NOT NULL"
        " UNION ALL SELECT 'playbook', playbook, 0, 0.0 FROM summaries WHERE session_id = ?",
        (session_id, session_id, session_id),
    ).fetchall()
    conn.executemany(
        "UPDATE summary_totals SET missed = missed - ?, applicable = applicable - 1,"
        " total = total - ? WHERE kind = ? AND ref = ?",
        [(p[2], p[3], p[0], p[1]) for p in added],
    )
    conn.execute("DELETE FROM summary_totals WHERE applicable <= 0")
    conn.execute("DELETE FROM summary_phases WHERE session_id = ?", (session_id,))
    conn.execute("DELETE FROM summary_points WHERE session_id = ?", (session_id,))
    conn.execute("DELETE FROM summaries WHERE session_id = ?", (session_id,))


def summarise_rows(conn: sqlite3.Connection, rows: Iterable[sqlite3.Row | tuple[Any, ...]]) -> int:
    """Save the summary of each (id, question_id, playbook, plan, status, started_at,
    score, verdict, report) row whose plan and report are JSON text; how many counted."""
    saved = 0
    for sid, question_id, playbook, plan, status, started_at, score, verdict, report in rows:
        if status != "finished" or report is None:
            drop_summary(conn, sid)
            continue
        summary = summary_of(
            sid,
            question_id=question_id,
            playbook=playbook,
            plan=_loads(plan),
            status=status,
            started_at=started_at,
            score=score,
            verdict=verdict,
            report=_loads(report),
        )
        if summary is None:
            drop_summary(conn, sid)
        else:
            save_summary(conn, summary)
            saved += 1
    return saved


def _loads(text: Any) -> Any:
    if not isinstance(text, str):
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None  # damaged: the session does not count, as reading it would fail


SUMMARY_SOURCE = (
    "SELECT id, question_id, playbook, plan, status, started_at, score, verdict, report"
    " FROM sessions"
)


def backfill(conn: sqlite3.Connection) -> None:
    """The migration that adds the summaries: create them, then summarise every
    graded session already in the history, oldest first."""
    for statement in SCHEMA:
        conn.execute(statement)
    summarise_rows(
        conn,
        conn.execute(
            SUMMARY_SOURCE + " WHERE status = 'finished' AND report IS NOT NULL"
            " ORDER BY started_at, rowid"
        ),
    )
