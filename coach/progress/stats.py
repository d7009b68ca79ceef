"""Progress over many sessions: score trends, coverage, time discipline, recurring gaps.

Read from the summaries the store keeps of each graded session (coach.store.summaries;
no terminal, no files, no report read again): only finished sessions with a score
count; `since` keeps those started on or after a date (UTC, from `started_at`).
Sessions are ordered oldest to newest. With `detail=False` (the terminal view) the
per-session series (`scores`, `values`, `overruns`) are left empty and everything else
is the same: its cost does not grow with the history.

`Stats.to_dict()` is the JSON form (`coach stats --format json`):

- `sessions` (int): how many finished sessions count; `since` ("YYYY-MM-DD" or null);
  `window` (int, 5): the size of the "last N vs the N before" windows.
- `scores`: one object per session, oldest first: `date` ("YYYY-MM-DD" it started),
  `score` (0-100), `question` (id), `playbook` (mock, drill, sprint...).
- `trends`: one object per playbook (mock, sprint, drill, then any other by name): a
  drill grades one phase, so its scores are never drawn in the same line as full
  mocks: `playbook`, `sessions`, `first`, `last`, `best`, `recent` (its last 40
  scores, oldest first).
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
from dataclasses import asdict
from datetime import date
from typing import Any, NamedTuple

from coach.common.frozen import frozen
from coach.errors import UsageError
from coach.store.summary_queries import PhaseAggregate, PointTotal, SummaryQueries

__all__ = [
    "WINDOW",
    "FindingStat",
    "ItemStat",
    "PhaseCoverage",
    "PhaseTime",
    "ScorePoint",
    "ScoreTrend",
    "Stats",
    "compute_stats",
    "parse_since",
]

WINDOW = 5
SPARK = 40  # scores drawn per playbook
# Playbooks in the order their trends are shown; any other follows by name.
PLAYBOOK_ORDER = ("mock", "sprint", "drill")
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


@frozen
class ScoreTrend:
    """The scores of one playbook: drills and mocks are never one line."""

    playbook: str
    sessions: int
    first: int
    last: int
    best: int
    recent: tuple[int, ...]  # the last SPARK scores, oldest first


@frozen
class PhaseCoverage:
    id: str
    name: str
    sessions: int  # sessions that graded the phase
    first: float
    latest: float
    average: float
    values: tuple[float, ...] = ()  # one per session, oldest first (detail only)


@frozen
class PhaseTime:
    id: str
    name: str
    sessions: int
    median_over_minutes: float
    over_budget: int  # sessions that went past the max budget
    overruns: tuple[float, ...] = ()  # minutes used − max budget, oldest first (detail only)

    @property
    def share_over_budget(self) -> float:
        return self.over_budget / self.sessions


@frozen
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


@frozen
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


@frozen
class Stats:
    sessions: int
    since: str | None
    window: int
    scores: tuple[ScorePoint, ...]  # every session (detail only)
    trends: tuple[ScoreTrend, ...]
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
            "trends": [{**asdict(t), "recent": list(t.recent)} for t in self.trends],
            "coverage": [
                {
                    "id": c.id,
                    "name": c.name,
                    "sessions": c.sessions,
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


def compute_stats(
    store: SummaryQueries, since: date | None = None, window: int = WINDOW, *, detail: bool = True
) -> Stats:
    """Stats over the graded sessions in the store's summaries."""
    day = since.isoformat() if since else None
    n = store.graded_count(day)
    latest = store.score_rows(day, last=2 * window)  # the two windows, oldest first
    recent = [r.session_id for r in latest[-window:]] if n else []
    previous = [r.session_id for r in latest[: max(0, len(latest) - window)]]
    items = _item_stats(store, day, recent, previous)
    findings = _finding_stats(store, day, recent, previous)
    scores = tuple(
        ScorePoint(r.started_at[:10], r.score, r.question_id, r.playbook)
        for r in (store.score_rows(day) if detail else [])
    )
    return Stats(
        sessions=n,
        since=day,
        window=window,
        scores=scores,
        trends=_trends(store, day),
        coverage=tuple(
            PhaseCoverage(
                a.phase,
                a.name,
                a.sessions,
                a.first,
                a.latest,
                a.average,
                tuple(store.phase_values("coverage", a.phase, day)) if detail else (),
            )
            for a in _ordered(store, "coverage", day)
        ),
        time=tuple(
            PhaseTime(
                a.phase,
                a.name,
                a.sessions,
                a.median,
                a.over,
                tuple(store.phase_values("time", a.phase, day)) if detail else (),
            )
            for a in _ordered(store, "time", day)
        ),
        missed_items=tuple(items),
        findings=tuple(findings),
    )


def _trends(store: SummaryQueries, day: str | None) -> tuple[ScoreTrend, ...]:
    counts = store.playbook_counts(day)
    rank = {name: i for i, name in enumerate(PLAYBOOK_ORDER)}
    out = []
    for playbook in sorted(counts, key=lambda p: (rank.get(p, len(rank)), p)):
        sessions, best = counts[playbook]
        first = store.score_rows(day, playbook=playbook, first=1)[0].score
        recent = tuple(r.score for r in store.score_rows(day, playbook=playbook, last=SPARK))
        out.append(ScoreTrend(playbook, sessions, first, recent[-1], best, recent))
    return tuple(out)


def _ordered(store: SummaryQueries, kind: str, day: str | None) -> list[PhaseAggregate]:
    """Phases in the order of the newest session with the most of them (a mock, usually);
    phases it lacks follow in the order they were first seen."""
    found = store.phase_aggregates(kind, day)
    rank = {pid: i for i, pid in enumerate(store.fullest_phases(kind, day))}
    return sorted(found, key=lambda a: (rank.get(a.phase, len(rank)), a.seen))


class _Windowed(NamedTuple):
    total: PointTotal
    recent: tuple[int, int]  # (missed or fired, sessions that graded it) in the last window
    previous: tuple[int, int]  # the same in the window before


def _windowed(
    store: SummaryQueries, kind: str, day: str | None, recent: list[str], previous: list[str]
) -> list[_Windowed]:
    """Each point missed (or rule fired) at least once, with its counts in both windows."""
    spans = [store.points_of(ids, kind) for ids in (recent, previous)]
    out = []
    for total in store.point_totals(kind, day):
        if total.missed <= 0:
            continue
        counts = []
        for points in spans:
            hits = [p[total.ref] for p in points.values() if total.ref in p]
            counts.append((sum(hits), len(hits)))
        out.append(_Windowed(total, counts[0], counts[1]))
    return out


def _item_stats(
    store: SummaryQueries, day: str | None, recent: list[str], previous: list[str]
) -> list[ItemStat]:
    stats = [
        ItemStat(t.ref, t.phase, t.title, t.missed, t.applicable, *now, *before)
        for t, now, before in _windowed(store, "item", day, recent, previous)
    ]
    stats.sort(key=lambda s: (-s.missed, s.applicable, s.id))
    return stats


def _finding_stats(
    store: SummaryQueries, day: str | None, recent: list[str], previous: list[str]
) -> list[FindingStat]:
    stats = [
        FindingStat(t.ref, t.title, t.missed, now[0], len(recent), before[0], len(previous))
        for t, now, before in _windowed(store, "finding", day, recent, previous)
    ]
    stats.sort(key=lambda s: (-s.count, s.code))
    return stats
