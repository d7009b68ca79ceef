"""The answer box at 60, 80 and 120 columns, in a pseudo-terminal: a drill, the quiz and
a resume are usable at each width. What is typed is on screen below its label, whole
words on every row; the question above it is shown in full."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coach.content.concepts import load_concepts
from coach.content.library import load_library
from tests.helpers import invoke
from tests.terminal import COACH, CTRL_C, CTRL_D, ESC_ENTER, Terminal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(COACH).exists(), reason="coach is not installed"),
]

WIDTHS = [60, 80, 120]
QUESTION = "customer-churn-prediction"
TYPED = (
    "The retention team needs a daily batch job that scores every subscriber overnight; "
    "we retrain weekly on labels from the month after each snapshot, and we monitor "
    "drift with PSI on the top twenty features so that precision at the top decile "
    "stays above what the discount budget allows."
)
BOX = re.compile(r"[│╭╮╰╯─]")


def words(text: str) -> str:
    """The text as single-spaced words, boxes and rules taken out."""
    return " ".join(BOX.sub(" ", text).split())


def box_rows(term: Terminal, label: str) -> list[str]:
    """The non-blank rows of the answer box: below its label, above the timer."""
    lines = term.display.splitlines()
    tops = [n for n, line in enumerate(lines) if line.startswith(f"› {label}")]
    bottoms = [n for n, line in enumerate(lines) if re.search(r"· \d+:\d\d / ", line)]
    if not tops or not bottoms:
        return []
    return [line for line in lines[tops[-1] + 1 : bottoms[-1]] if line.strip()]


def assert_typed_is_shown(term: Terminal, label: str, typed: str, width: int) -> None:
    """Every word typed is on screen in the box, none cut in two, no row past the width."""
    wanted = words(typed)
    term.wait_until(lambda: words(" ".join(box_rows(term, label))) == wanted, "the typed text")
    rows = box_rows(term, label)
    assert len(rows) > 1 and all(len(row) <= width for row in rows)
    assert [w for row in rows for w in row.split()] == typed.split()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_drill_at_each_width(tmp_path: Path, width: int) -> None:
    term = Terminal("drill", "clarify", QUESTION, home=tmp_path, cols=width, rows=50)
    term.wait_for("Your answer")
    term.wait_for(" / 5–10 min")
    prompt = load_library(include_user=False).question(QUESTION).prompt
    assert words(prompt) in words(term.text)  # the whole question, above the box
    term.type(TYPED)
    assert_typed_is_shown(term, "Your answer", TYPED, width)
    term.type(ESC_ENTER)
    term.wait_for("Answer the follow-up")
    follow_up = "Precision at the top decile, because the team can call only so many people."
    term.type(follow_up)
    term.wait_until(lambda: "so many people." in term.display, "the follow-up on screen")
    assert words(follow_up) in words(" ".join(box_rows(term, "Answer the follow-up")))
    term.type(ESC_ENTER)
    term.wait_for("Score")
    assert term.finish() == 0
    exported = json.loads(invoke("export", "--last", "--format", "json", home=tmp_path).stdout)
    texts = {e["kind"]: e["text"] for e in exported["transcript"]}
    assert texts["answer"] == TYPED and texts["probe_answer"] == follow_up


@pytest.mark.parametrize("width", WIDTHS)
def test_the_quiz_at_each_width(tmp_path: Path, width: int) -> None:
    # the repro: at 80 columns nothing typed was shown
    term = Terminal("quiz", "--cram", "--count", "1", "--seed", "3", home=tmp_path, cols=width)
    term.wait_for("Concept 1/1 ·")  # the answer box's timer
    shown = words(term.text)
    asked = [c for c in load_concepts(use_cache=False).concepts if words(c.question) in shown]
    assert len(asked) == 1  # one question, shown in full
    answer = "Exact nearest neighbour search is too slow at " + TYPED
    term.type(answer)
    assert_typed_is_shown(term, "Your answer", answer, width)
    term.type(ESC_ENTER)
    term.wait_for("Quiz done")  # a cram asks for no rating: it would schedule nothing
    assert "How well did you know it?" not in term.text
    assert term.finish() == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_resume_at_each_width(tmp_path: Path, width: int) -> None:
    term = Terminal("drill", "clarify", QUESTION, home=tmp_path, cols=width)
    term.wait_for("Your answer")
    term.type(TYPED)
    term.wait_until(lambda: "discount budget allows." in term.display, "the typing on screen")
    term.type(CTRL_C)
    term.wait_for("Resume with: coach resume")
    assert term.finish() == 130

    again = Terminal("resume", home=tmp_path, cols=width)
    again.wait_for("Your answer")
    assert words(load_library(include_user=False).question(QUESTION).prompt) in words(again.text)
    assert_typed_is_shown(again, "Your answer", TYPED, width)  # the draft, back in the box
    more = " Churners are about three percent a month."
    again.type(more)
    assert_typed_is_shown(again, "Your answer", TYPED + more, width)
    again.type(ESC_ENTER)
    again.wait_for("Answer the follow-up")
    again.type(ESC_ENTER)
    again.wait_for("Score")
    assert again.finish() == 0
    exported = json.loads(invoke("export", "--last", "--format", "json", home=tmp_path).stdout)
    assert [e["text"] for e in exported["transcript"] if e["kind"] == "answer"] == [TYPED + more]


def test_ctrl_d_in_the_quiz_skips_the_card_and_ends_the_quiz(tmp_path: Path) -> None:
    term = Terminal("quiz", "--count", "1", "--seed", "3", home=tmp_path, cols=80)
    term.wait_for("Concept 1/1 ·")
    term.type(CTRL_D)
    term.wait_for("Every card skipped: nothing graded.")
    assert term.finish() == 0
    assert "How well did you know it?" not in term.text and "key points" not in term.text
    assert "Quiz stopped" not in term.text
    exported = json.loads(invoke("export", "--all", "--format", "json", home=tmp_path).stdout)
    assert exported["reviews"] == []


def test_the_box_reflows_when_the_terminal_is_resized(tmp_path: Path) -> None:
    term = Terminal("drill", "wrapup", QUESTION, home=tmp_path, cols=120)
    term.wait_for("Your answer")
    term.type(TYPED)
    assert_typed_is_shown(term, "Your answer", TYPED, 120)
    term.screen.resize(45, 60)
    term.child.setwinsize(45, 60)  # the window narrows: the kernel tells coach (SIGWINCH)
    assert_typed_is_shown(term, "Your answer", TYPED, 60)
    term.type(ESC_ENTER)
    term.wait_for("Answer the follow-up")
    term.type(ESC_ENTER)  # skipped
    term.wait_for("Score")
    assert term.finish() == 0
