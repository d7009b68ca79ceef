"""The concept quiz: short timed answers, graded on their key points, then scheduled.

Each concept is graded by the same engine as a design answer (its key points
are checklist items). The grade suggests a rating; the candidate may override
it; the rating schedules the concept's review card unless the quiz is a cram.
Ctrl-D or an empty answer skips a card: it is not graded, rated or scheduled.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from coach.common.frozen import frozen
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

__all__ = ["QuizResult", "QuizRun", "Rater", "run_quiz", "suggested_rating"]


@frozen
class QuizResult:
    concept: Concept
    answer: str
    report: Report
    suggested: int
    rating: int
    rated: bool = True  # False: Ctrl-C at the rating; the suggested rating was used


@frozen
class QuizRun:
    results: list[QuizResult]  # the cards answered, in order
    skipped: list[Concept]  # the cards skipped (Ctrl-D or an empty answer)
    stopped: bool  # Ctrl-C: the quiz ended before its last card was done


@runtime_checkable
class Rater(Protocol):
    def rate(self, suggested: int) -> int:
        """The candidate's own rating, starting from the suggestion."""
        ...


class QuizPresenter(Protocol):
    def question(self, concept: Concept, number: int, total: int) -> None: ...
    def feedback(self, concept: Concept, report: Report, suggested: int) -> None: ...
    def skip(self, concept: Concept) -> None: ...
    def summary(self, run: QuizRun, cram: bool) -> None: ...


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
) -> QuizRun:
    """Ask each concept; on Ctrl-C, stop and keep what was answered so far.

    Ctrl-D or an empty answer skips the card: no grade, no rating, nothing scheduled.
    Ctrl-C at the rating keeps the answer just given, and Ctrl-C in the middle of
    an answer keeps what was typed, both with the suggested rating. `on_card` gets
    each result with its seconds (the runner schedules it); None is a cram, which
    asks for no rating since it schedules nothing.
    """
    quiz = _Quiz(grading, prompter, rater, presenter, clock, rates=on_card is not None)
    results: list[QuizResult] = []
    skipped: list[Concept] = []
    stopped = False
    try:
        for number, concept in enumerate(concepts, 1):
            presenter.question(concept, number, len(concepts))
            result = quiz.ask(concept, number, len(concepts))
            if isinstance(result, Concept):
                skipped.append(result)
                presenter.skip(result)
                continue
            answered, seconds = result
            results.append(answered)
            if on_card is not None:
                on_card(answered, seconds)
            if not answered.rated:
                stopped = True
                break
    except Interrupted:
        stopped = True
    run = QuizRun(results, skipped, stopped)
    presenter.summary(run, on_card is None)
    return run


@frozen
class _Quiz:
    grading: Grading
    prompter: Prompter
    rater: Rater
    presenter: QuizPresenter
    clock: Clock
    rates: bool = True  # a cram schedules nothing, so it asks for no rating

    def ask(self, concept: Concept, number: int, total: int) -> tuple[QuizResult, float] | Concept:
        """One card: its result and seconds, or the concept itself when it was skipped.
        Raises Interrupted on Ctrl-C with nothing typed."""
        from coach.session.runtime import PhaseTimer

        # One number, like a mock phase whose budget is one number: the toolbar is
        # calm until the budget and red past it (a minimum of 0 made it amber at 0:00).
        phase = PhasePlan(
            QUIZ_PHASE,
            f"Concept {number}/{total}",
            concept.question,
            concept.minutes,
            concept.minutes,
            (QUIZ_PHASE,),
        )
        timer = PhaseTimer(self.clock)
        timer.start()
        # The question is on screen above the box (presenter.question), not its label.
        request = AnswerRequest(phase, "Your answer", timer.elapsed)
        try:
            answer, finished = self.prompter.answer(request), True
        except Interrupted as stop:
            if not stop.partial.strip():
                raise
            answer, finished = stop.partial, False  # never lose what was typed
        timer.stop()
        if answer is None or not answer.strip():
            return concept  # Ctrl-D or an empty answer: the card is skipped
        report = grade(parse_document(answer), concept_library(concept, self.grading))
        suggested = suggested_rating(report.coverage)
        self.presenter.feedback(concept, report, suggested)
        rating, rated = suggested, False  # kept unrated when the candidate stops
        if finished and not self.rates:
            rated = True  # nothing to schedule: the suggested rating stands
        elif finished:
            with contextlib.suppress(Interrupted):  # Ctrl-C at the rating
                rating, rated = self.rater.rate(suggested), True
        return QuizResult(concept, answer, report, suggested, rating, rated), timer.elapsed()
