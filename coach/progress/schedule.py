"""Spaced repetition of what the candidate should practise, scheduled by FSRS.

Four kinds of card:
    question:ID   a design question, rated from the session's verdict
    item:ID       a checklist point; each miss is an "again", each later hit a "good"
    rule:CODE     a mistake rule; each time it fires is an "again"
    concept:ID    a concept-quiz question, rated by the candidate

The `fsrs` package does the scheduling; its state is kept in the store as JSON.
Intervals are in days (no same-day learning steps) and never fuzzed, so the
same history gives the same plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from coach.common.frozen import frozen
from coach.session.ratings import AGAIN, EASY, GOOD, HARD
from coach.store.db import CardRecord, Store

if TYPE_CHECKING:
    from fsrs import Scheduler

__all__ = [
    "AGAIN",
    "EASY",
    "GOOD",
    "HARD",
    "DueCard",
    "Review",
    "due_cards",
    "rating_for_verdict",
    "record_reviews",
]


@frozen
class Review:
    """One rating for one card, from a session or a quiz."""

    kind: str  # question | item | rule | concept
    ref: str
    rating: int
    note: dict[str, Any] | None = None

    @property
    def card_id(self) -> str:
        return f"{self.kind}:{self.ref}"


def _scheduler() -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for_verdict(verdict_rank: int, bands: int) -> int:
    """The best verdict band is 'easy', the worst 'again' (rank 0 = best)."""
    if bands <= 1:
        return GOOD
    scale = (EASY, GOOD, HARD, AGAIN)
    position = round(verdict_rank * (len(scale) - 1) / (bands - 1))
    return scale[position]


def record_reviews(store: Store, reviews: Iterable[Review], *, source: str, now: datetime) -> None:
    """Apply each review to its card (creating it on first sight) and save it."""
    from fsrs import Card, Rating

    scheduler = _scheduler()
    for review in reviews:
        existing = store.card(review.card_id)
        card = Card.from_dict(existing.state) if existing else Card(due=now)  # type: ignore[arg-type]
        card, _ = scheduler.review_card(card, Rating(review.rating), review_datetime=now)
        store.save_review(
            card_id=review.card_id,
            kind=review.kind,
            ref=review.ref,
            state=dict(card.to_dict()),
            due=card.due.isoformat(timespec="seconds"),
            rating=review.rating,
            source=source,
            reviewed_at=now.isoformat(timespec="seconds"),
            note=review.note,
        )


@frozen
class DueCard:
    card: CardRecord
    due: datetime
    retrievability: float  # 0..1: how likely it is still remembered now


def due_cards(store: Store, now: datetime, kinds: Iterable[str] | None = None) -> list[DueCard]:
    """Cards due now, the most forgotten first."""
    from fsrs import Card

    scheduler = _scheduler()
    wanted = set(kinds) if kinds is not None else None
    due = []
    for record in store.cards():
        if wanted is not None and record.kind not in wanted:
            continue
        when = datetime.fromisoformat(record.due)
        if when <= now:
            card = Card.from_dict(record.state)  # type: ignore[arg-type]
            chance = scheduler.get_card_retrievability(card, current_datetime=now)
            due.append(DueCard(record, when, chance))
    due.sort(key=lambda d: (d.retrievability, d.due, d.card.id))
    return due
