"""The concept quiz: short timed answers, graded on their key points, then scheduled.

Each concept is graded by the same engine as a design answer (its key points
are checklist items). The grade suggests a rating; the candidate may override
it; the rating schedules the concept's review card unless the quiz is a cram.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from coach.content.concept_schema import Concept
from coach.content.concepts import QUIZ_PHASE, concept_library
from coach.content.schema import Grading
from coach.engine.grading import Report, grade
from coach.engine.text import parse_document
from coach.errors import Interrupted
from coach.session.clock import Clock
from coach.session.plan import PhasePlan
from coach.session.ports import AnswerRequest, Prompter
from coach.session.ratings import AGAIN, EASY, GOOD, HARD

__all__ = ["QuizResult", "Rater", "run_quiz", "suggested_rating"]


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


def run_quiz(
    concepts: Sequence[Concept],
    *,
    grading: Grading,
    prompter: Prompter,
    rater: Rater,
    presenter: QuizPresenter,
    clock: Clock,
    on_card: Callable[[QuizResult, float], None] | None = None,
) -> list[QuizResult]:
    """Ask each concept; on Ctrl-C, stop and keep what was answered so far.

    Ctrl-C at the rating keeps the answer just given, and Ctrl-C in the middle of
    an answer keeps what was typed, both with the suggested rating. `on_card` gets
    each result with its seconds (the runner schedules it); None is a cram.
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
            if on_card is not None:
                on_card(result, timer.elapsed())
            if not rated:
                break
    except Interrupted:
        pass
    presenter.summary(results, on_card is None)
    return results
