"""Progress over many sessions: score trend, coverage, time discipline, recurring gaps.

Pure computations over `SessionRecord`s (no terminal, no files). Only finished
sessions with a saved report count; `since` keeps those started on or after a
date (UTC, from `started_at`). Sessions are ordered oldest to newest.

`Stats.to_dict()` is the JSON form (`coach stats --format json`):

- `sessions` (int): how many finished sessions count; `since` ("YYYY-MM-DD" or null);
  `window` (int, 5): the size of the "last N vs the N before" windows.
- `scores`: one object per session, oldest first: `date` ("YYYY-MM-DD" it started),
  `score` (0-100), `question` (id), `playbook` (mock, drill, sprint...).
- `coverage`: one object per graded phase, in the order phases were first seen: `id`,
  `name`, `values` (coverage 0..1 of each session that graded the phase, oldest first),
  and, derived, `first`, `latest`, `average`.
- `time`: one object per session phase with a recorded time: `id`, `name`, `overruns`
  (minutes used minus the phase's max budget in that session's plan, one per session,
  oldest first), and, derived, `sessions`, `median_over_minutes`, `over_budget` (how many
  sessions went past the max budget) and `share_over_budget` (0..1).
- `missed_items`: checklist items missed at least once, most missed first: `id`, `phase`,
  `title`, `missed`, `applicable` (sessions that graded the item), `recent_missed` /
  `recent_applicable` (within the last `window` sessions), `previous_missed` /
  `previous_applicable` (within the `window` sessions before those) and, derived,
  `trend`: "worse", "better", "same", or null when a window never graded the item.
- `findings`: rules that fired, most frequent first: `code`, `name`, `count` (sessions in
  which the rule fired, however often), `recent` / `recent_sessions`, `previous` /
  `previous_sessions` (the same windows) and, derived, `trend`.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from coach.errors import UsageError
from coach.store.db import SessionRecord

__all__ = [
    "WINDOW",
    "FindingStat",
    "ItemStat",
    "PhaseCoverage",
    "PhaseTime",
    "ScorePoint",
    "Stats",
    "compute_stats",
    "parse_since",
]

WINDOW = 5
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_since(text: str) -> date:
    """A `--since` value: a calendar date written YYYY-MM-DD."""
    value = text.strip()
    try:
        if _DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    shown = " ".join(text.split())[:40]
    raise UsageError(f"--since takes a date as YYYY-MM-DD, like 2026-03-01 (got '{shown}')")


def _trend(recent: int, recent_of: int, previous: int, previous_of: int) -> str | None:
    """Compare rates, so windows with different denominators compare fairly."""
    if not recent_of or not previous_of:
        return None
    now, before = recent * previous_of, previous * recent_of  # recent/recent_of vs previous/...
    return "worse" if now > before else "better" if now < before else "same"


# --- the result ------------------------------------------------------------------------------


class ScorePoint(NamedTuple):
    date: str  # YYYY-MM-DD the session started (UTC)
    score: int
    question: str
    playbook: str


@dataclass(frozen=True, slots=True)
class PhaseCoverage:
    id: str
    name: str
    values: tuple[float, ...]  # one per session that graded the phase, oldest first

    @property
    def first(self) -> float:
        return self.values[0]

    @property
    def latest(self) -> float:
        return self.values[-1]

    @property
    def average(self) -> float:
        return sum(self.values) / len(self.values)


@dataclass(frozen=True, slots=True)
class PhaseTime:
    id: str
    name: str
    overruns: tuple[float, ...]  # minutes used − max budget, one per session, oldest first

    @property
    def sessions(self) -> int:
        return len(self.overruns)

    @property
    def median_over_minutes(self) -> float:
        return float(statistics.median(self.overruns))

    @property
    def over_budget(self) -> int:
        return sum(1 for m in self.overruns if m > 0)

    @property
    def share_over_budget(self) -> float:
        return self.over_budget / len(self.overruns)


@dataclass(frozen=True, slots=True)
class ItemStat:
    id: str
    phase: str
    title: str
    missed: int
    applicable: int
    recent_missed: int
    recent_applicable: int
    previous_missed: int
    previous_applicable: int

    @property
    def trend(self) -> str | None:
        return _trend(
            self.recent_missed,
            self.recent_applicable,
            self.previous_missed,
            self.previous_applicable,
        )


@dataclass(frozen=True, slots=True)
class FindingStat:
    code: str
    name: str
    count: int  # sessions in which it fired
    recent: int
    recent_sessions: int
    previous: int
    previous_sessions: int

    @property
    def trend(self) -> str | None:
        return _trend(self.recent, self.recent_sessions, self.previous, self.previous_sessions)


@dataclass(frozen=True, slots=True)
class Stats:
    sessions: int
    since: str | None
    window: int
    scores: tuple[ScorePoint, ...]
    coverage: tuple[PhaseCoverage, ...]
    time: tuple[PhaseTime, ...]
    missed_items: tuple[ItemStat, ...]
    findings: tuple[FindingStat, ...]

    @property
    def score_values(self) -> list[int]:
        return [p.score for p in self.scores]

    def to_dict(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "since": self.since,
            "window": self.window,
            "scores": [p._asdict() for p in self.scores],
            "coverage": [
                {
                    "id": c.id,
                    "name": c.name,
                    "values": list(c.values),
                    "first": c.first,
                    "latest": c.latest,
                    "average": c.average,
                }
                for c in self.coverage
            ],
            "time": [
                {
                    "id": t.id,
                    "name": t.name,
                    "overruns": list(t.overruns),
                    "sessions": t.sessions,
                    "median_over_minutes": t.median_over_minutes,
                    "over_budget": t.over_budget,
                    "share_over_budget": t.share_over_budget,
                }
                for t in self.time
            ],
            "missed_items": [
                {
                    "id": i.id,
                    "phase": i.phase,
                    "title": i.title,
                    "missed": i.missed,
                    "applicable": i.applicable,
                    "recent_missed": i.recent_missed,
                    "recent_applicable": i.recent_applicable,
                    "previous_missed": i.previous_missed,
                    "previous_applicable": i.previous_applicable,
                    "trend": i.trend,
                }
                for i in self.missed_items
            ],
            "findings": [
                {
                    "code": f.code,
                    "name": f.name,
                    "count": f.count,
                    "recent": f.recent,
                    "recent_sessions": f.recent_sessions,
                    "previous": f.previous,
                    "previous_sessions": f.previous_sessions,
                    "trend": f.trend,
                }
                for f in self.findings
            ],
        }


# --- computing ---------------------------------------------------------------------------------


def _finished(records: Iterable[SessionRecord], since: date | None) -> list[SessionRecord]:
    """Finished sessions with a report, oldest first.

    `records` come newest first (as `Store.sessions()` gives them); reversing before a
    stable sort keeps sessions that started in the same second in the order they began.
    """
    kept = [
        r
        for r in reversed(list(records))
        if r.status == "finished"
        and r.report is not None
        and (r.score is not None or r.report.get("score") is not None)  # graded, not skipped
        and (since is None or r.started_at[:10] >= since.isoformat())
    ]
    return sorted(kept, key=lambda r: r.started_at)


def _budgets(record: SessionRecord) -> dict[str, tuple[str, float]]:
    """Phase id → (name, max minutes) from the session's saved plan."""
    budgets: dict[str, tuple[str, float]] = {}
    for phase in record.plan.get("phases") or []:
        try:
            budgets[str(phase["id"])] = (
                str(phase.get("name", phase["id"])),
                float(phase["max_minutes"]),
            )
        except (KeyError, TypeError, ValueError):
            continue  # a plan written by something else: no budget to compare with
    return budgets


def _ordered(found: Mapping[str, object], orders: Sequence[Sequence[str]]) -> list[str]:
    """Phase ids in the order of the newest session with the most phases (a mock, usually);
    phases it lacks follow in the order they were first seen."""
    fullest = max(reversed(orders), key=len, default=[])
    rank = {pid: i for i, pid in enumerate(fullest)}
    seen = {pid: i for i, pid in enumerate(found)}
    return sorted(found, key=lambda pid: (rank.get(pid, len(rank)), seen[pid]))


def _values(entry: tuple[str, list[float]]) -> tuple[str, tuple[float, ...]]:
    return entry[0], tuple(entry[1])


def _score(record: SessionRecord, report: Mapping[str, Any]) -> int:
    return int(record.score if record.score is not None else report.get("score", 0))


@dataclass
class _ItemCounts:
    phase: str
    title: str
    missed: list[bool]  # one per session that graded the item, oldest first
    at: list[int]  # those sessions' indexes


def compute_stats(
    records: Iterable[SessionRecord], since: date | None = None, window: int = WINDOW
) -> Stats:
    """Stats over the finished sessions among `records` (newest first, as the store lists them)."""
    sessions = _finished(records, since)
    n = len(sessions)
    recent = range(max(0, n - window), n)
    previous = range(max(0, n - 2 * window), max(0, n - window))

    scores: list[ScorePoint] = []
    coverage: dict[str, tuple[str, list[float]]] = {}
    time: dict[str, tuple[str, list[float]]] = {}
    items: dict[str, _ItemCounts] = {}
    findings: dict[str, tuple[str, list[int]]] = {}  # code → (name, session indexes)
    coverage_orders: list[list[str]] = []  # each session's phases, in its own order
    time_orders: list[list[str]] = []

    for index, record in enumerate(sessions):
        report: Mapping[str, Any] = record.report or {}
        scores.append(
            ScorePoint(
                record.started_at[:10], _score(record, report), record.question_id, record.playbook
            )
        )
        graded = [p for p in report.get("phases") or [] if p.get("total_weight", 1) != 0]
        for phase in graded:  # a phase with nothing to cover was not really graded
            entry = coverage.setdefault(phase["id"], (phase.get("name", phase["id"]), []))
            entry[1].append(float(phase["coverage"]))
        coverage_orders.append([p["id"] for p in graded])
        budgets = _budgets(record)
        seconds = report.get("seconds") or {}
        for phase_id, (name, max_minutes) in budgets.items():
            if seconds.get(phase_id) is None:
                continue  # the phase kept no time (not reached, or an old report)
            entry = time.setdefault(phase_id, (name, []))
            entry[1].append(float(seconds[phase_id]) / 60 - max_minutes)
        time_orders.append(list(budgets))
        for item in report.get("items") or []:
            if item.get("expected") is False:
                continue  # optional for that question: never counted as missed
            counts = items.setdefault(
                item["id"], _ItemCounts(item.get("phase", ""), item.get("title", ""), [], [])
            )
            counts.at.append(index)
            counts.missed.append(not item["covered"])
        for code, name in {
            f["code"]: f.get("name", "") for f in report.get("findings") or []
        }.items():
            findings.setdefault(code, (name, []))[1].append(index)

    def missed_in(counts: _ItemCounts, span: range) -> tuple[int, int]:
        hits = [m for i, m in zip(counts.at, counts.missed, strict=True) if i in span]
        return sum(hits), len(hits)

    item_stats = []
    for item_id, counts in items.items():
        if not any(counts.missed):
            continue
        recent_missed, recent_applicable = missed_in(counts, recent)
        previous_missed, previous_applicable = missed_in(counts, previous)
        item_stats.append(
            ItemStat(
                item_id,
                counts.phase,
                counts.title,
                sum(counts.missed),
                len(counts.at),
                recent_missed,
                recent_applicable,
                previous_missed,
                previous_applicable,
            )
        )
    item_stats.sort(key=lambda s: (-s.missed, s.applicable, s.id))

    finding_stats = [
        FindingStat(
            code,
            name,
            len(at),
            sum(1 for i in at if i in recent),
            len(recent),
            sum(1 for i in at if i in previous),
            len(previous),
        )
        for code, (name, at) in findings.items()
    ]
    finding_stats.sort(key=lambda s: (-s.count, s.code))

    return Stats(
        sessions=n,
        since=since.isoformat() if since else None,
        window=window,
        scores=tuple(scores),
        coverage=tuple(
            PhaseCoverage(pid, *_values(coverage[pid]))
            for pid in _ordered(coverage, coverage_orders)
        ),
        time=tuple(PhaseTime(pid, *_values(time[pid])) for pid in _ordered(time, time_orders)),
        missed_items=tuple(item_stats),
        findings=tuple(finding_stats),
    )
