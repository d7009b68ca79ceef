"""The concept quiz, with a scripted prompter, a scripted rater and a fake clock."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from pydantic import TypeAdapter
from rich.console import Console

from coach.content.concept_schema import ConceptBank
from coach.content.library import load_library
from coach.errors import Interrupted
from coach.progress.reviews import pick_concepts, record_quiz_card
from coach.progress.schedule import AGAIN, EASY, GOOD, HARD
from coach.session.clock import FakeClock
from coach.session.quiz import run_quiz, suggested_rating
from coach.store.db import Store, open_store
from coach.ui.quiz_view import RichQuizPresenter
from tests.test_session import ScriptedPrompter, Step

GRADING = load_library(include_user=False).rubric.grading
BANK = TypeAdapter(ConceptBank).validate_python(
    {
        "concepts": [
            {
                "id": "bagging-vs-boosting",
                "topic": "ensembles",
                "question": "Compare bagging and boosting.",
                "points": [
                    {"id": "bagging-variance", "text": "Bagging averages independent models to cut variance.",
                     "weight": 2, "match": [{"any": ["bagging", "bootstrap*"],
                                              "near": ["variance", "parallel", "averag*"]}]},
                    {"id": "boosting-sequential", "text": "Boosting fits models in sequence on the errors.",
                     "weight": 2, "match": [{"any": ["boosting"], "near": ["sequen*", "errors", "residual*"]}]},
                ],
            },
            {
                "id": "precision-recall",
                "topic": "metrics",
                "question": "When would you favour recall over precision?",
                "points": [
                    {"id": "missed-cost", "text": "When a missed positive costs more than a false alarm.",
                     "match": [{"any": ["recall"], "near": ["miss*", "false negative*", "cost*"]}]},
                    {"id": "threshold", "text": "Move the decision threshold to trade one for the other.",
                     "match": [{"any": ["threshold"], "near": ["lower", "raise", "move", "trade*"]}]},
                ],
            },
            {
                "id": "data-drift",
                "topic": "monitoring",
                "question": "What is data drift?",
                "points": [
                    {"id": "inputs-change", "text": "The input distribution changes after training.",
                     "match": [{"any": ["distribution", "inputs"], "near": ["chang*", "shift*"]}]},
                    {"id": "detect", "text": "Detect it by comparing live and training distributions.",
                     "match": [{"any": ["psi", "ks test", "compar*"], "near": ["distribution*", "training"]}]},
                ],
            },
        ]
    }
)  # fmt: skip
NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
GOOD_ANSWER = (
    "Bagging trains models in parallel on bootstrap samples and averages them to reduce variance. "
    "Boosting trains models in sequence, each one fitting the errors of the previous ones."
)


@dataclass
class ScriptedRater:
    overrides: list[int | None] = field(default_factory=list)
    seen: list[int] = field(default_factory=list)

    def rate(self, suggested: int) -> int:
        self.seen.append(suggested)
        chosen = self.overrides.pop(0) if self.overrides else None
        return suggested if chosen is None else chosen


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "home", now=lambda: NOW) as opened:
        yield opened  # type: ignore[misc]


def quiz(store: Store, concepts, steps, rater=None, cram=False):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    clock = FakeClock()  # shared: the prompter's typing time is the quiz's time
    run = run_quiz(concepts, grading=GRADING,
                       prompter=ScriptedPrompter(clock, list(steps)),
                       rater=rater or ScriptedRater(), presenter=RichQuizPresenter(Console(file=out, width=100)),
                       clock=clock, on_card=None if cram else partial(record_quiz_card, store))  # fmt: skip
    return run, out.getvalue()


def test_suggested_rating_follows_coverage() -> None:
    assert [suggested_rating(c) for c in (0.0, 0.29, 0.3, 0.6, 0.89, 0.9, 1.0)] == [
        AGAIN, AGAIN, HARD, GOOD, GOOD, EASY, EASY,
    ]  # fmt: skip


def test_a_good_answer_makes_every_point_and_is_scheduled(store: Store) -> None:
    concept = BANK.concepts[0]
    run, shown = quiz(store, [concept], [Step(GOOD_ANSWER, 90)])
    (result,) = run.results
    assert all(r.covered for r in result.report.items)
    assert result.suggested == EASY and result.rating == EASY
    assert "✓ Bagging averages independent models" in shown
    card = store.card("concept:bagging-vs-boosting")
    assert card is not None and datetime.fromisoformat(card.due) > NOW + timedelta(days=2)
    (review,) = store.reviews("concept:bagging-vs-boosting")
    assert review.note["answer"] == GOOD_ANSWER and review.note["seconds"] == 90


def test_buzzwords_do_not_make_the_points(store: Store) -> None:
    run, shown = quiz(store, [BANK.concepts[0]], [Step("Bagging, boosting, variance, errors.")])
    assert not any(r.covered for r in run.results[0].report.items)
    assert run.results[0].suggested == AGAIN
    assert "✗ Boosting fits models in sequence" in shown


def test_the_candidate_can_override_the_rating(store: Store) -> None:
    rater = ScriptedRater([HARD])
    run, _ = quiz(store, [BANK.concepts[0]], [Step(GOOD_ANSWER)], rater=rater)
    assert rater.seen == [EASY] and run.results[0].rating == HARD
    assert [r.rating for r in store.reviews("concept:bagging-vs-boosting")] == [HARD]


def test_cram_changes_nothing_and_asks_for_no_rating(store: Store) -> None:
    rater = ScriptedRater()
    steps = [Step(GOOD_ANSWER), Step("no idea")]
    run, shown = quiz(store, BANK.concepts[:2], steps, rater=rater, cram=True)
    assert len(run.results) == 2
    assert store.cards() == [] and store.reviews() == []
    assert "Cram mode" in shown
    assert rater.seen == []  # a rating would schedule nothing: it is not asked for
    assert [r.rating for r in run.results] == [r.suggested for r in run.results]


def test_ctrl_c_ends_the_quiz_keeping_earlier_ratings(store: Store) -> None:
    steps = [Step(GOOD_ANSWER), Step(Interrupted(""))]
    run, _ = quiz(store, BANK.concepts[:2], steps)
    assert [r.concept.id for r in run.results] == ["bagging-vs-boosting"]
    assert run.stopped and run.skipped == []
    assert [c.id for c in store.cards()] == ["concept:bagging-vs-boosting"]


def test_ctrl_c_mid_answer_keeps_what_was_typed(store: Store) -> None:
    steps = [Step(GOOD_ANSWER), Step(Interrupted("Recall is the share of real positives"))]
    run, shown = quiz(store, BANK.concepts[:2], steps)
    assert [(r.concept.id, r.rated) for r in run.results] == [
        ("bagging-vs-boosting", True),
        (BANK.concepts[1].id, False),
    ]
    (review,) = store.reviews(f"concept:{BANK.concepts[1].id}")
    assert review.note["answer"] == "Recall is the share of real positives"
    assert review.note["rated"] is False
    assert "saved with the suggested rating" in shown


def test_ctrl_c_at_the_rating_keeps_the_answer_with_the_suggested_rating(store: Store) -> None:
    class StopsAtTheRating(ScriptedRater):
        def rate(self, suggested: int) -> int:
            raise Interrupted("")

    run, shown = quiz(store, BANK.concepts[:2], [Step(GOOD_ANSWER)], rater=StopsAtTheRating())
    assert [(r.concept.id, r.rating, r.rated) for r in run.results] == [
        ("bagging-vs-boosting", EASY, False)
    ]
    (review,) = store.reviews("concept:bagging-vs-boosting")
    assert review.rating == EASY and review.note["answer"] == GOOD_ANSWER
    assert review.note["rated"] is False
    assert "saved with the suggested rating (easy)" in shown
    assert "No answers rated" not in shown


def test_ctrl_d_or_an_empty_answer_skips_the_card_without_grade_rating_or_schedule(
    store: Store,
) -> None:
    rater = ScriptedRater()
    steps = [Step(None, 20), Step(GOOD_ANSWER, 60), Step("   \n", 5)]
    run, shown = quiz(store, BANK.concepts, steps, rater=rater)
    assert [c.id for c in run.skipped] == ["bagging-vs-boosting", "data-drift"]
    assert [r.concept.id for r in run.results] == ["precision-recall"]
    assert not run.stopped  # the last card skipped ends the quiz as usual
    assert len(rater.seen) == 1  # asked to rate only the card that was answered
    assert [c.id for c in store.cards()] == ["concept:precision-recall"]
    assert store.reviews("concept:bagging-vs-boosting") == []
    assert shown.count("Skipped: not graded, rated or scheduled.") == 2
    assert shown.count("key points · suggested rating") == 1  # a skipped card is not graded
    assert "1 skipped" not in shown and "2 skipped." in shown


def test_a_quiz_of_skipped_cards_grades_nothing(store: Store) -> None:
    run, shown = quiz(store, BANK.concepts[:2], [Step(None), Step(None)], cram=True)
    assert run.results == [] and len(run.skipped) == 2 and not run.stopped
    assert "Every card skipped: nothing graded." in shown
    assert "key points" not in shown


def test_due_concepts_come_first_then_new_ones(store: Store) -> None:
    quiz(store, [BANK.concepts[2]], [Step("no idea")])  # rated again: due tomorrow
    tomorrow = NOW + timedelta(days=1)
    picked = pick_concepts(BANK, store, tomorrow, count=3, seed=1)
    assert picked[0].id == "data-drift"
    assert {c.id for c in picked[1:]} == {"bagging-vs-boosting", "precision-recall"}
    assert [c.id for c in pick_concepts(BANK, store, tomorrow, topic="metrics", count=5)] == [
        "precision-recall"
    ]
    assert len(pick_concepts(BANK, store, tomorrow, count=2)) == 2
    assert GOOD not in {r.rating for r in store.reviews()}


def test_the_quiz_timer_is_calm_until_the_budget_and_red_past_it(store: Store) -> None:
    from coach.ui.prompter import toolbar_fragments

    clock = FakeClock()
    prompter = ScriptedPrompter(clock, [Step(GOOD_ANSWER), Step("no idea")])
    run_quiz(BANK.concepts[:2], grading=GRADING, prompter=prompter,
             rater=ScriptedRater(), presenter=RichQuizPresenter(Console(file=io.StringIO())),
             clock=clock)  # fmt: skip
    phase = prompter.requests[0].phase
    assert toolbar_fragments(phase, 0) == [("class:timer.ok", " Concept 1/2 · 0:00 / 3 min ")]
    assert toolbar_fragments(phase, 110)[0][0] == "class:timer.ok"
    assert toolbar_fragments(phase, 125)[0][0] == "class:timer.amber"  # its last minute
    assert toolbar_fragments(phase, 180)[0][0] == "class:timer.amber"
    assert toolbar_fragments(phase, 181) == [
        ("class:timer.red", " Concept 1/2 · 3:01 / 3 min  over budget ")
    ]


def test_ctrl_d_on_the_last_card_ends_the_quiz_as_usual() -> None:
    from tests.helpers import invoke
    from tests.test_cli_practice import deps

    for cram in ([], ["--cram"]):
        d, out = deps([Step(None)])
        d.rater = rater = ScriptedRater()
        result = invoke("quiz", "--topic", "ensembles", "--count", "1", "--seed", "5", *cram, obj=d)
        assert result.exit_code == 0, result.output
        assert "Quiz stopped" not in result.output and "How well" not in out.getvalue()
        assert "Every card skipped: nothing graded." in out.getvalue()
        assert rater.seen == []
    exported = invoke("export", "--all", "--format", "json")
    assert exported.exit_code == 0 and json.loads(exported.stdout)["reviews"] == []
