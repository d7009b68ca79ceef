"""How often each question was practised to the end, and its best score."""

from __future__ import annotations

from coach.common.frozen import frozen
from coach.store.connection import StoreBase

__all__ = ["AttemptQueries", "Attempts"]


@frozen
class Attempts:
    count: int  # finished sessions on the question
    best: int | None  # their best score; None when none was graded
    last: str  # when the latest started (ISO 8601, UTC)


class AttemptQueries(StoreBase):
    def attempts(self) -> dict[str, Attempts]:
        """Finished sessions per question id: one grouped query, whatever the history's size."""
        sql = (
            "SELECT question_id, COUNT(*), MAX(score), MAX(started_at) FROM sessions"
            " WHERE status = 'finished' GROUP BY question_id"
        )
        with self._read() as conn:
            return {row[0]: Attempts(row[1], row[2], row[3]) for row in conn.execute(sql)}
