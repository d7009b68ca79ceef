"""Reading the summaries (coach.store.summaries): counts, firsts and lasts, medians and
totals that SQLite works out on its indexes, so a read costs what it returns.

`since` is an ISO date ("YYYY-MM-DD"): only sessions started on or after it count;
None counts them all. Sessions are ordered by (started_at, ord), oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from coach.store.connection import StoreBase

__all__ = ["PhaseAggregate", "PointTotal", "ScoreRow", "SummaryQueries"]


class ScoreRow(NamedTuple):
    session_id: str
    started_at: str
    question_id: str
    playbook: str
    score: int
    verdict: str


class PhaseAggregate(NamedTuple):
    phase: str
    name: str  # as first seen
    sessions: int  # sessions with a value
    first: float
    latest: float
    average: float
    median: float  # time phases only (a coverage phase: its average)
    over: int  # values above zero (a time phase: sessions over budget)
    seen: tuple[str, int, int]  # where it was first seen: (started_at, ord, position)


class PointTotal(NamedTuple):
    ref: str
    phase: str
    title: str
    missed: int
    applicable: int


_SCORE = "session_id, started_at, question_id, playbook, score, verdict"


def _since(since: str | None, column: str = "started_at") -> tuple[str, tuple[str, ...]]:
    return (f" AND {column} >= ?", (since,)) if since else ("", ())


class SummaryQueries(StoreBase):
    """The summaries of graded sessions, as `coach stats` and `coach next` read them."""

    def graded_count(self, since: str | None = None) -> int:
        where, args = _since(since)
        sql = f"SELECT count(*) FROM summaries WHERE 1{where}"
        if since is None:  # the running totals: one row per playbook
            sql = "SELECT coalesce(sum(applicable), 0) FROM summary_totals WHERE kind = 'playbook'"
        with self._read() as conn:
            row = conn.execute(sql, args).fetchone()
        return int(row[0])

    def score_rows(
        self,
        since: str | None = None,
        *,
        playbook: str | None = None,
        question: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> list[ScoreRow]:
        """Graded sessions oldest first; only the oldest `first` or the newest `last`."""
        where, args = _since(since)
        for column, value in (("playbook", playbook), ("question_id", question)):
            if value is not None:
                # `+`: not off an index (a sort of all of them), but in start order
                where, args = where + f" AND +{column} = ?", (*args, value)
        order = "DESC" if last is not None else ""
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_SCORE} FROM summaries WHERE 1{where}"
                f" ORDER BY started_at {order}, ord {order} LIMIT ?",
                (*args, last if last is not None else -1 if first is None else first),
            ).fetchall()
        out = [ScoreRow(*r) for r in rows]
        return out[::-1] if last is not None else out

    def playbook_counts(self, since: str | None = None) -> dict[str, tuple[int, int]]:
        """Playbook -> (graded sessions, best score)."""
        with self._read() as conn:
            if since is None:  # the running totals, and the best off an index
                rows = conn.execute(
                    "SELECT ref, applicable, (SELECT max(score) FROM summaries"
                    " WHERE playbook = ref) FROM summary_totals WHERE kind = 'playbook'"
                ).fetchall()
            else:
                rows = conn.execute(
                    "SELECT playbook, count(*), max(score) FROM summaries"
                    " WHERE started_at >= ? GROUP BY playbook",
                    (since,),
                ).fetchall()
        return {r[0]: (int(r[1]), int(r[2])) for r in rows if r[1]}

    def last_practised(self, question_ids: Iterable[str]) -> dict[str, tuple[str, int]]:
        """Question id -> (started_at, ord) of its newest graded session, for those of
        `question_ids` that have one: an index probe each."""
        out = {}
        with self._read() as conn:
            for qid in question_ids:
                row = conn.execute(
                    "SELECT started_at, ord FROM summaries WHERE question_id = ?"
                    " ORDER BY started_at DESC, ord DESC LIMIT 1",
                    (qid,),
                ).fetchone()
                if row is not None:
                    out[qid] = (str(row[0]), int(row[1]))
        return out

    # phases: coverage (kind 'coverage') and time over budget (kind 'time')

    def phase_aggregates(self, kind: str, since: str | None = None) -> list[PhaseAggregate]:
        """One aggregate per phase that has a value, in no particular order."""
        where, args = _since(since)
        out = []
        with self._read() as conn:
            totals = conn.execute(
                "SELECT ref, applicable, total, missed FROM summary_totals WHERE kind = ?",
                (kind,),
            ).fetchall()
            for phase, count, total, over in totals:
                key = (kind, phase, *args)
                average = total / count if count else 0.0
                if since is not None:
                    count, average, over = conn.execute(
                        "SELECT count(value), avg(value), count(CASE WHEN value > 0 THEN 1 END)"
                        " FROM summary_phases INDEXED BY summary_phases_by_time"
                        f" WHERE kind = ? AND phase = ?{where}",
                        key,
                    ).fetchone()
                if not count:
                    continue
                ends = [
                    conn.execute(
                        "SELECT value, name, started_at, ord, position FROM summary_phases"
                        " INDEXED BY summary_phases_by_time WHERE kind = ? AND phase = ?"
                        f" AND value IS NOT NULL{where}"
                        f" ORDER BY started_at {order}, ord {order} LIMIT 1",
                        key,
                    ).fetchone()
                    for order in ("", "DESC")
                ]
                middle = [(average,)]  # the median: only time phases show it
                if kind == "time":
                    middle = conn.execute(
                        "SELECT value FROM summary_phases INDEXED BY summary_phases_by_value"
                        f" WHERE kind = ? AND phase = ? AND value IS NOT NULL{where}"
                        " ORDER BY value LIMIT ? OFFSET ?",
                        (*key, 2 - count % 2, (count - 1) // 2),
                    ).fetchall()
                first, latest = ends
                out.append(
                    PhaseAggregate(
                        phase,
                        str(first[1]),
                        int(count),
                        float(first[0]),
                        float(latest[0]),
                        float(average),
                        sum(float(m[0]) for m in middle) / len(middle),
                        int(over),
                        (str(first[2]), int(first[3]), int(first[4])),
                    )
                )
        return out

    def phase_values(self, kind: str, phase: str, since: str | None = None) -> list[float]:
        """Every value of a phase, oldest session first."""
        where, args = _since(since)
        with self._read() as conn:
            rows = conn.execute(
                "SELECT value FROM summary_phases INDEXED BY summary_phases_by_time"
                f" WHERE kind = ? AND phase = ? AND value IS NOT NULL{where}"
                " ORDER BY started_at, ord",
                (kind, phase, *args),
            ).fetchall()
        return [float(r[0]) for r in rows]

    def fullest_phases(self, kind: str, since: str | None = None) -> list[str]:
        """The phases, in order, of the newest session with the most of them (a mock,
        usually): the order the stats list phases in."""
        column = "graded_phases" if kind == "coverage" else "budget_phases"
        where, args = _since(since)
        with self._read() as conn:
            row = conn.execute(
                f"SELECT session_id FROM summaries WHERE 1{where}"
                f" ORDER BY {column} DESC, started_at DESC, ord DESC LIMIT 1",
                args,
            ).fetchone()
            if row is None:
                return []
            rows = conn.execute(
                "SELECT phase FROM summary_phases WHERE session_id = ? AND kind = ?"
                " ORDER BY position",
                (row[0], kind),
            ).fetchall()
        return [r[0] for r in rows]

    # checklist items ('item') and rules that fired ('finding')

    def point_totals(self, kind: str, since: str | None = None) -> list[PointTotal]:
        """Per item or rule: times missed (or fired) and sessions that graded it. The whole
        history is kept as running totals; a `since` counts the sessions since then."""
        with self._read() as conn:
            if since is None:
                rows = conn.execute(
                    "SELECT ref, phase, title, missed, applicable FROM summary_totals"
                    " WHERE kind = ?",
                    (kind,),
                ).fetchall()
            else:
                rows = conn.execute(
                    "SELECT p.ref, t.phase, t.title, sum(p.missed), count(*)"
                    " FROM summaries s JOIN summary_points p ON p.session_id = s.session_id"
                    " JOIN summary_totals t ON t.kind = p.kind AND t.ref = p.ref"
                    " WHERE p.kind = ? AND s.started_at >= ? GROUP BY p.ref",
                    (kind, since),
                ).fetchall()
        return [PointTotal(r[0], r[1], r[2], int(r[3]), int(r[4])) for r in rows]

    def points_of(self, session_ids: Sequence[str], kind: str) -> dict[str, dict[str, int]]:
        """Session id -> {item id or rule code: missed (or fired)}."""
        out: dict[str, dict[str, int]] = {sid: {} for sid in session_ids}
        with self._read() as conn:
            for sid in session_ids:
                for ref, missed in conn.execute(
                    "SELECT ref, missed FROM summary_points WHERE session_id = ? AND kind = ?",
                    (sid, kind),
                ):
                    out[sid][ref] = int(missed)
        return out
