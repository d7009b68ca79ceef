"""Review cards and the reviews that schedule them."""

from __future__ import annotations

from typing import Any

from coach.store.connection import StoreBase
from coach.store.records import CARD_KINDS, CardRecord, ReviewRecord, _columns, _record, _to_json


class CardQueries(StoreBase):
    """Review cards and their reviews (spaced repetition, `coach next`)."""

    def card(self, card_id: str) -> CardRecord | None:
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {_columns(CardRecord)} FROM cards WHERE id = ?", (card_id,)
            ).fetchone()
            return _record(CardRecord, row) if row else None

    def cards(self, kind: str | None = None) -> list[CardRecord]:
        sql = f"SELECT {_columns(CardRecord)} FROM cards"
        args: tuple[str, ...] = ()
        if kind is not None:
            sql, args = sql + " WHERE kind = ?", (kind,)
        with self._read() as conn:
            return [_record(CardRecord, r) for r in conn.execute(sql + " ORDER BY due, id", args)]

    def save_review(
        self,
        *,
        card_id: str,
        kind: str,
        ref: str,
        state: dict[str, Any],
        due: str,
        rating: int,
        source: str,
        reviewed_at: str,
        note: dict[str, Any] | None = None,
    ) -> None:
        """Upsert the card's new state and log the review, in one transaction."""
        if kind not in CARD_KINDS:
            raise ValueError(f"unknown card kind {kind!r}")
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1..4, got {rating!r}")
        with self._write() as conn:
            conn.execute(
                "INSERT INTO cards (id, kind, ref, state, due, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET state = excluded.state, due = excluded.due,"
                " updated_at = excluded.updated_at",
                (card_id, kind, ref, _to_json(state), due, reviewed_at, reviewed_at),
            )
            conn.execute(
                "INSERT INTO reviews (card_id, rating, source, note, reviewed_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (card_id, rating, source, _to_json(note or {}), reviewed_at),
            )

    def reviews(self, card_id: str | None = None) -> list[ReviewRecord]:
        sql = f"SELECT {_columns(ReviewRecord)} FROM reviews"
        args: tuple[str, ...] = ()
        if card_id is not None:
            sql, args = sql + " WHERE card_id = ?", (card_id,)
        with self._read() as conn:
            return [_record(ReviewRecord, r) for r in conn.execute(sql + " ORDER BY id", args)]
