"""Spaced repetition and `coach next`, with a fake wall clock."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console

from coach.content.library import Library, load_library
from coach.playbooks import drill
from coach.practice.runner import run_and_record
from coach.progress.next_steps import choose_question, next_steps
from coach.progress.schedule import AGAIN, GOOD, Review, due_cards, record_reviews
from coach.session.clock import FakeClock
from coach.session.runtime import Session
from coach.store.db import Store, open_store
from coach.ui.presenter import RichPresenter
from tests.test_session import ScriptedPrompter, Step

LIBRARY: Library = load_library(include_user=False)
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class WallClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def wall() -> WallClock:
    return WallClock()


@pytest.fixture
def store(tmp_path: Path, wall: WallClock) -> Store:
    with open_store(tmp_path / "home", now=wall) as opened:
        yield opened  # type: ignore[misc]


def practise(store: Store, question_id: str, phase: str, answer: str) -> None:
    question = LIBRARY.question(question_id)
    out = Console(file=io.StringIO())
    session = Session.start(
        plan=drill.plan(LIBRARY, question, phase),
        library=LIBRARY,
        store=store,
        prompter=ScriptedPrompter(FakeClock(), [Step(answer)]),
        presenter=RichPresenter(out, out, question),
        clock=FakeClock(),
    )
    run_and_record(session)  # as the runner does: the review cards follow


def test_a_new_user_gets_a_first_plan(store: Store) -> None:
    steps = next_steps(LIBRARY, store, START)
    assert [s.command.split()[:2] for s in steps] == [["coach", "mock"], ["coach", "drill"],
                                                      ["coach", "quiz"]]  # fmt: skip
    assert all(s.why for s in steps)
    assert steps[0].question in LIBRARY.questions


def test_missed_points_become_cards_due_tomorrow(store: Store, wall: WallClock) -> None:
    practise(store, "video-recommendations", "evaluate", "We deploy the model behind an API.")
    cards = {c.id: c for c in store.cards()}
    assert "item:monitor.drift" in cards and "question:video-recommendations" in cards
    assert "item:data.labels" not in cards  # a drill of evaluate grades only evaluate points
    assert due_cards(store, START) == []  # nothing is due the same day
    assert "nothing is due" in next_steps(LIBRARY, store, START)[0].why

    tomorrow = START + timedelta(days=1)
    due = {d.card.id for d in due_cards(store, tomorrow)}
    assert "item:monitor.drift" in due
    steps = next_steps(LIBRARY, store, tomorrow)
    evaluate = next(s for s in steps if s.kind == "item")
    assert evaluate.command.startswith("coach drill evaluate ")
    assert evaluate.why == f"missed {evaluate.ref} in 1 of the last 1 sessions"
    assert "monitor.drift" in (evaluate.ref, *evaluate.also)  # one drill for every missed point
    assert len([s for s in steps if s.command == evaluate.command]) == 1


def test_due_dates_move_out_after_a_good_review_and_back_after_a_bad_one(store: Store) -> None:
    item = Review("item", "monitor.drift", AGAIN)
    record_reviews(store, [item], source="s1", now=START)
    first_due = datetime.fromisoformat(store.card(item.card_id).due)  # type: ignore[union-attr]
    assert first_due == START + timedelta(days=1)

    record_reviews(store, [Review("item", "monitor.drift", GOOD)], source="s2", now=first_due)
    good_due = datetime.fromisoformat(store.card(item.card_id).due)  # type: ignore[union-attr]
    assert good_due - first_due > timedelta(days=1)

    record_reviews(store, [Review("item", "monitor.drift", GOOD)], source="s3", now=good_due)
    better_due = datetime.fromisoformat(store.card(item.card_id).due)  # type: ignore[union-attr]
    assert better_due - good_due > good_due - first_due  # intervals grow while it sticks

    record_reviews(store, [item], source="s4", now=better_due)
    lapse_due = datetime.fromisoformat(store.card(item.card_id).due)  # type: ignore[union-attr]
    assert lapse_due - better_due == timedelta(days=1)  # a miss brings it straight back
    assert [r.rating for r in store.reviews(item.card_id)] == [AGAIN, GOOD, GOOD, AGAIN]


def test_a_strong_session_schedules_its_question_later_than_a_weak_one(store: Store) -> None:
    strong = ("The main trade-off is freshness against latency: rebuilding the candidate index "
              "hourly costs compute but keeps new videos visible.")  # fmt: skip
    practise(store, "video-recommendations", "wrapup", strong)
    practise(store, "news-feed-ranking", "wrapup", "Done.")
    strong_due = store.card("question:video-recommendations").due  # type: ignore[union-attr]
    weak_due = store.card("question:news-feed-ranking").due  # type: ignore[union-attr]
    assert strong_due > weak_due


def test_a_point_made_later_is_reviewed_as_good(store: Store, wall: WallClock) -> None:
    practise(store, "video-recommendations", "evaluate", "We deploy the model behind an API.")
    wall.now = START + timedelta(days=2)
    practise(store, "news-feed-ranking", "evaluate",
             "We monitor feature drift daily with PSI and alert the on-call when it jumps.")  # fmt: skip
    ratings = [r.rating for r in store.reviews("item:monitor.drift")]
    assert ratings == [AGAIN, GOOD]


def test_plain_coach_practises_what_next_suggests_first(store: Store, wall: WallClock) -> None:
    practise(store, "video-recommendations", "evaluate", "We deploy the model behind an API.")
    wall.now = START + timedelta(days=3)
    first = next_steps(LIBRARY, store, wall.now)[0]
    assert first.question is not None
    assert choose_question(LIBRARY, store, wall.now).id == first.question


def test_next_json_from_the_cli(store: Store) -> None:
    from tests.helpers import invoke

    result = invoke("next", "--format", "json")
    assert result.exit_code == 0, result.output
    steps = json.loads(result.stdout)
    assert len(steps) == 3 and {"kind", "ref", "title", "why", "command"} <= set(steps[0])
    text = invoke("next")
    assert "Practise next" in text.stdout and "coach mock" in text.stdout


def test_what_keeps_being_missed_comes_first_the_same_day(store: Store) -> None:
    # The repro: four sessions that kept missing the same points, then `next`
    # offered a new mock, a generic drill and a quiz, because no card was due yet.
    for _ in range(4):
        practise(store, "video-recommendations", "evaluate", "We deploy the model behind an API.")
    steps = next_steps(LIBRARY, store, START)
    first = steps[0]
    assert first.kind in ("item", "rule")
    assert first.command.startswith("coach drill ")
    refs = [ref for s in steps for ref in (s.ref, *s.also)]
    assert "monitor.drift" in refs
    assert re.fullmatch(r"missed \S+ in 4 of the last 4 sessions", first.why), first.why
    assert not any(s.kind == "start" for s in steps)  # no generic first plan


def test_a_point_missed_once_waits_for_its_card(store: Store) -> None:
    practise(store, "video-recommendations", "evaluate", "We deploy the model behind an API.")
    assert next_steps(LIBRARY, store, START)[0].kind == "start"  # nothing repeated, nothing due
