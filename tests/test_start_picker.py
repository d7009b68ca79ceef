"""Attempts beside the bank, and the picker's search: `questions`, `show`, plain `coach`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from coach.content.library import load_library
from coach.store.db import open_store, read_attempts
from coach.ui.start_picker import QuestionCompleter
from tests.helpers import flat, invoke
from tests.terminal import COACH, Terminal

LIBRARY = load_library(include_user=False)


def practised(home: Path, question_id: str, scores: list[int | None]) -> None:
    with open_store(home) as store:
        for score in scores:
            record = store.create_session(question_id, "mock", {})
            store.finish(record.id, score, "lean hire", {})
        store.create_session(question_id, "mock", {})  # unfinished: not an attempt


def test_attempts_count_finished_sessions_and_keep_the_best(coach_home: Path) -> None:
    assert read_attempts(coach_home) == {}
    assert not (coach_home / "coach.db").exists()  # reading them created nothing
    practised(coach_home, "realtime-payment-fraud", [41, 77, None])
    seen = read_attempts(coach_home)["realtime-payment-fraud"]
    assert (seen.count, seen.best) == (3, 77)


def test_questions_and_show_say_how_often_and_how_well(coach_home: Path) -> None:
    practised(coach_home, "realtime-payment-fraud", [41, 77])
    for width in (60, 80, 120):
        listed = flat(invoke("questions", "--category", "fraud", width=width).stdout)
        assert "2 attempts, best 77" in listed
        assert listed.count("attempt") == 1  # the others were never practised
    shown = flat(invoke("show", "realtime-payment-fraud").stdout)
    assert re.search(r"Practised: 2 attempts, best 77, last on \d{4}-\d\d-\d\d", shown)
    assert "Practised" not in invoke("show", "ad-click-fraud").stdout
    as_json = json.loads(invoke("questions", "--format", "json").stdout)
    assert "attempts" not in as_json[0]  # the JSON a script reads is unchanged


def completions(typed: str, attempts: dict | None = None) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    completer = QuestionCompleter(list(LIBRARY.questions.values()), attempts or {})
    found = completer.get_completions(Document(typed), CompleteEvent())
    return [(c.text, c.display_meta_text) for c in found]


def test_the_search_matches_every_word_in_id_title_category_or_level() -> None:
    hard_fraud = completions("fraud hard")
    assert hard_fraud and all("hard" in meta for _, meta in hard_fraud)
    assert all("fraud" in (qid + meta).lower() for qid, meta in hard_fraud)
    assert len(completions("")) == len(LIBRARY.questions)
    assert completions("no-such-words-anywhere") == []
    assert "video-recommendations" in dict(completions("VIDEO recommendations"))  # any case


def test_the_search_shows_attempts_beside_a_practised_question(coach_home: Path) -> None:
    practised(coach_home, "realtime-payment-fraud", [64])
    found = dict(completions("realtime payment", read_attempts(coach_home)))
    assert found["realtime-payment-fraud"].endswith("1 attempt, best 64")


@pytest.mark.slow
@pytest.mark.skipif(not Path(COACH).exists(), reason="coach is not installed")
@pytest.mark.parametrize("cols", [60, 80, 120])
def test_plain_coach_picks_a_question_by_searching_the_bank(tmp_path: Path, cols: int) -> None:
    term = Terminal(home=tmp_path, cols=cols)
    term.wait_for("Pick a question")
    term.type("\x1b[B\x1b[B\r")  # down twice to "Pick a question…", Enter
    term.wait_for("Question:")
    term.type("payment fraud")
    term.wait_for("realtime-payment-fraud")
    term.type("\t")  # the first match
    term.type("\r")  # takes it: the offer now shows that question
    term.wait_until(
        lambda: (
            term.text.count("Practise this question?") >= 2
            and "(realtime-payment-fraud)" in term.text
        ),
        "the picked question offered",
    )
    term.type("\r")  # "Start the mock"
    term.wait_for("Your answer")
    term.type("\x03")
    term.wait_for("Resume with: coach resume")
    assert term.finish() == 130
    result = invoke("history", "--format", "json", home=tmp_path)
    assert json.loads(result.stdout)[0]["question"] == "realtime-payment-fraud"
