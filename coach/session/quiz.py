"""The concept quiz: short timed answers, graded on their key points, then scheduled.

Each concept is graded by the same engine as a design answer (its key points
are checklist items). The grade suggests a rating; the candidate may override
it; the rating schedules the concept's review card unless the quiz is a cram.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from coach.content.concepts import QUIZ_PHASE, concept_library
from coach.content.schema import Concept, ConceptBank, Grading
from coach.engine.grading import Report, grade
from coach.engine.text import parse_document
from coach.errors import Interrupted
from coach.progress.schedule import AGAIN, EASY, GOOD, HARD, Review, due_cards, record_reviews
from coach.session.clock import Clock
from coach.session.runtime import AnswerRequest, PhasePlan, Prompter
from coach.store.db import Store

__all__ = ["QuizResult", "Rater", "pick_concepts", "run_quiz", "suggested_rating"]


@dataclass(frozen=True, slots=True)
class QuizResult:
    concept: Concept
    answer: str
    report: Report
    suggested: int
    rating: int
    rated: bool = True  # False: Ctrl-C at the rating; the suggested rating was used


@runtime_checkable
class Rater(Protocol):
    def rate(self, suggested: int) -> int:
        """The candidate's own rating, starting from the suggestion."""
        ...


class QuizPresenter(Protocol):
    def question(self, concept: Concept, number: int, total: int) -> None: ...
    def feedback(self, concept: Concept, report: Report, suggested: int) -> None: ...
    def summary(self, results: Sequence[QuizResult], cram: bool) -> None: ...


def suggested_rating(coverage: float) -> int:
    if coverage >= 0.9:
        return EASY
    if coverage >= 0.6:
        return GOOD
    if coverage >= 0.3:
        return HARD
    return AGAIN


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


def run_quiz(
    concepts: Sequence[Concept],
    *,
    grading: Grading,
    store: Store,
    prompter: Prompter,
    rater: Rater,
    presenter: QuizPresenter,
    clock: Clock,
    cram: bool = False,
) -> list[QuizResult]:
    """Ask each concept; on Ctrl-C, stop and keep what was answered so far.

    Ctrl-C at the rating keeps the answer just given, and Ctrl-C in the middle of
    an answer keeps what was typed, both with the suggested rating.
    """
    from coach.session.runtime import PhaseTimer

    results: list[QuizResult] = []
    try:
        for number, concept in enumerate(concepts, 1):
            presenter.question(concept, number, len(concepts))
            # One number, like a mock phase whose budget is one number: the toolbar is
            # calm until the budget and red past it (a minimum of 0 made it amber at 0:00).
            phase = PhasePlan(
                QUIZ_PHASE,
                f"Concept {number}/{len(concepts)}",
                concept.question,
                concept.minutes,
                concept.minutes,
                (QUIZ_PHASE,),
            )
            timer = PhaseTimer(clock)
            timer.start()
            request = AnswerRequest(phase, concept.question, timer.elapsed)
            try:
                answer, finished = prompter.answer(request) or "", True
            except Interrupted as stop:
                if not stop.partial.strip():
                    raise
                answer, finished = stop.partial, False  # never lose what was typed
            timer.stop()
            library = concept_library(concept, grading)
            report = grade(parse_document(answer), library)
            suggested = suggested_rating(report.coverage)
            presenter.feedback(concept, report, suggested)
            rating, rated = suggested, False  # kept unrated when the candidate stops
            if finished:
                with contextlib.suppress(Interrupted):  # Ctrl-C at the rating
                    rating, rated = rater.rate(suggested), True
            result = QuizResult(concept, answer, report, suggested, rating, rated)
            results.append(result)
            if not cram:
                _schedule(store, result, timer.elapsed())
            if not rated:
                break
    except Interrupted:
        pass
    presenter.summary(results, cram)
    return results


def _schedule(store: Store, result: QuizResult, seconds: float) -> None:
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
