"""What a finished session or quiz card says about what to review: the ratings
that feed the spaced-repetition cards (`coach next`).

The runner calls these after a session or a card ends; a session never does.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from datetime import datetime

from coach.content.concept_schema import Concept, ConceptBank
from coach.content.library import Library
from coach.content.schema import Question, Rule
from coach.engine.grading import Report
from coach.progress.schedule import (
    AGAIN,
    GOOD,
    Review,
    due_cards,
    rating_for_verdict,
    record_reviews,
)
from coach.session.quiz import QuizResult
from coach.store.db import Store

__all__ = ["pick_concepts", "record_quiz_card", "record_session", "reviews_for_session"]


def record_session(
    store: Store, library: Library, question: Question, report: Report, session_id: str
) -> None:
    """Turn what a graded session missed into review cards."""
    if report.score is None:
        return  # not graded (not in English): it says nothing about what was missed
    had = {card.id for card in store.cards()}
    reviews = reviews_for_session(library, question, report, had)
    record_reviews(store, reviews, source=session_id, now=store.now())


def reviews_for_session(
    library: Library, question: Question, report: Report, had_card: Collection[str]
) -> list[Review]:
    """The ratings a finished session gives: its question, missed points, mistakes made.

    A point that was made, or a rule that did not fire, is only rated when it
    already has a card: practice creates cards for weaknesses, not for everything.
    """
    bands = sorted(library.rubric.grading.verdicts, key=lambda v: -v.min_score)
    rank = next((i for i, band in enumerate(bands) if band.name == report.verdict), len(bands) - 1)
    reviews = [Review("question", question.id, rating_for_verdict(rank, len(bands)))]
    for result in report.items:
        card = f"item:{result.item.id}"
        if result.missed:
            reviews.append(Review("item", result.item.id, AGAIN))
        elif card in had_card:
            reviews.append(Review("item", result.item.id, GOOD))
    fired = {f.code for f in report.findings}
    for rule in library.rubric.rules:
        card = f"rule:{rule.code}"
        if rule.code in fired:
            reviews.append(Review("rule", rule.code, AGAIN))
        elif card in had_card and _rule_applies(rule, question):
            reviews.append(Review("rule", rule.code, GOOD))
    return reviews


def _rule_applies(rule: Rule, question: Question) -> bool:
    return not rule.categories or bool(question.categories.intersection(rule.categories))


# --- the plan ---------------------------------------------------------------


def record_quiz_card(store: Store, result: QuizResult, seconds: float) -> None:
    """Schedule a concept's card from the candidate's rating of their answer."""
    made = [r.item.title for r in result.report.items if r.covered]
    note = {
        "answer": result.answer,
        "points_made": made,
        "suggested": result.suggested,
        "rated": result.rated,
        "seconds": round(seconds, 1),
    }
    review = Review("concept", result.concept.id, result.rating, note)
    record_reviews(store, [review], source="quiz", now=store.now())


def pick_concepts(
    bank: ConceptBank,
    store: Store,
    now: datetime,
    *,
    topic: str | None = None,
    count: int = 5,
    seed: int | None = None,
) -> list[Concept]:
    """Due concepts first (most forgotten first), then new ones, then the rest."""
    pool = [c for c in bank.concepts if topic is None or c.topic == topic]
    by_id = {c.id: c for c in pool}
    due = [
        by_id[d.card.ref] for d in due_cards(store, now, kinds=["concept"]) if d.card.ref in by_id
    ]
    seen = {card.ref for card in store.cards("concept")}
    rng = random.Random(seed)
    fresh = [c for c in pool if c.id not in seen]
    rng.shuffle(fresh)
    rest = [c for c in pool if c.id in seen and c not in due]
    rng.shuffle(rest)
    return [*due, *fresh, *rest][:count]
