"""The terminal answer box in-process: keys from a pipe, the screen drawn by pyte at a
chosen width. Fast checks of what the pseudo-terminal tests (test_pty*) check end to end."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from unittest.mock import patch

import pyte
import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output.vt100 import Vt100_Output

from coach.errors import Interrupted
from coach.session.plan import PhasePlan
from coach.session.ports import AnswerRequest
from coach.ui.prompter import TerminalPrompter

PHASE = PhasePlan("clarify", "Problem clarification", "", 5, 10, ("clarify",), asks=True)
LABEL = "Your answer (end a line with ? to ask the interviewer)"
TYPED = (
    "The retention team needs a daily batch job that scores every subscriber overnight, "
    "and we monitor drift with PSI on the top twenty features."
)


class Tty(io.StringIO):
    def isatty(self) -> bool:  # the answer box draws on stdout only when it is a terminal
        return True


@dataclass
class Box:
    keys: PipeInput
    written: Tty
    saved: list[str] = field(default_factory=list)

    def ask(self, default: str = "", message: str = LABEL) -> str | None:
        request = AnswerRequest(
            PHASE, message, lambda: 0.0, default=default, autosave=self.saved.append
        )
        with patch.object(sys, "stdout", self.written):  # set here: pytest resets stdout
            return TerminalPrompter().answer(request)

    def screen(self, width: int) -> list[str]:
        screen = pyte.Screen(width, 30)
        pyte.Stream(screen).feed(self.written.getvalue())
        return [line.rstrip() for line in screen.display]


def box_at(width: int) -> Iterator[Box]:
    written = Tty()
    output = Vt100_Output(written, lambda: Size(rows=30, columns=width), enable_cpr=False)
    with create_pipe_input() as keys, create_app_session(input=keys, output=output):
        yield Box(keys, written)


@pytest.fixture
def box60() -> Iterator[Box]:
    yield from box_at(60)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_text_is_below_its_label_full_width_and_whole_words(width: int) -> None:
    for box in box_at(width):
        box.keys.send_text(TYPED + "\x1b\r")  # Esc then Enter submits
        assert box.ask() == TYPED
        lines = box.screen(width)
        top = next(n for n, line in enumerate(lines) if line.startswith("› Your answer"))
        rows = [line for line in lines[top + 1 :] if line.strip()]
        assert " ".join(rows).split() == TYPED.split()  # every word whole, in order
        assert all(len(row) <= width for row in rows)


def test_enter_is_a_new_line_and_esc_enter_submits(box60: Box) -> None:
    box60.keys.send_text("first line\rsecond line\x1b\r")
    assert box60.ask() == "first line\nsecond line"


def test_ctrl_d_on_an_empty_box_skips(box60: Box) -> None:
    box60.keys.send_text("\x04")
    assert box60.ask() is None


def test_ctrl_c_leaves_with_what_was_typed(box60: Box) -> None:
    box60.keys.send_text("half an answer\x03")
    with pytest.raises(Interrupted) as stopped:
        box60.ask()
    assert stopped.value.partial == "half an answer"
    assert box60.saved[:1] == ["h"]  # autosaved: the first change at once, the rest a second on


def test_a_draft_is_back_in_the_box_and_wrapped(box60: Box) -> None:
    box60.keys.send_text(" More.\x1b\r")
    assert box60.ask(default=TYPED) == TYPED + " More."
    lines = box60.screen(60)
    top = next(n for n, line in enumerate(lines) if line.startswith("› Your answer"))
    assert " ".join(lines[top + 1 :]).split() == (TYPED + " More.").split()


def test_a_long_label_wraps_at_words_above_the_text(box60: Box) -> None:
    question = (
        "Why use approximate nearest neighbour search, and how do ANN indexes like HNSW "
        "and IVF-PQ trade recall for latency?"
    )
    box60.keys.send_text("Exact search is linear in the corpus.\x1b\r")
    assert box60.ask(message=question) == "Exact search is linear in the corpus."
    lines = [line for line in box60.screen(60) if line.strip()]
    top = next(n for n, line in enumerate(lines) if line.startswith("› Why use"))
    end = next(n for n in range(top + 1, len(lines)) if not lines[n].startswith("  "))
    assert end - top >= 2  # the label takes lines of its own, wrapped at words
    assert " ".join(lines[top:end]).removeprefix("› ").split() == question.split()
    assert lines[end] == "Exact search is linear in the corpus."  # below, at the left edge
