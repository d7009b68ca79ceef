"""What a session needs from the terminal, as protocols: tests pass scripted ones.

`coach.ui` implements them (TerminalPrompter, RichPresenter).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from coach.common.frozen import frozen
from coach.content.schema import ChecklistItem
from coach.session.plan import PhasePlan, SessionPlan
from coach.store.db import Entry

if TYPE_CHECKING:
    from coach.engine.grading import Report

__all__ = ["AnswerRequest", "Presenter", "Prompter"]


def _keep_nothing(text: str) -> None:
    pass


@frozen
class AnswerRequest:
    phase: PhasePlan
    message: str
    elapsed: Callable[[], float]  # seconds spent in the phase, for the live timer
    default: str = ""
    probe: bool = False
    # saves what is typed so far as a draft; the prompter calls it before the editor opens
    save_draft: Callable[[str], None] = _keep_nothing
    # keeps what is typed so far in the recovery file; the answer box calls it as it changes
    autosave: Callable[[str], object] = _keep_nothing


class Prompter(Protocol):
    def answer(self, request: AnswerRequest) -> str | None:
        """The text submitted; None when the candidate skips (Ctrl-D).

        Raises Interrupted (with the partial text) on Ctrl-C.
        """
        ...


class Presenter(Protocol):
    def phase_intro(self, plan: SessionPlan, index: int, items: list[ChecklistItem]) -> None: ...
    def reply(self, question: str, answer: str) -> None: ...
    def phase_feedback(self, phase: PhasePlan, report: Report) -> None: ...
    def probe(self, text: str) -> None: ...
    def final(
        self, session_id: str, plan: SessionPlan, report: Report, seconds: Mapping[str, float]
    ) -> None: ...
    def skipped(self, session_id: str) -> None: ...
    def recovered(self, path: str) -> None: ...
    def earlier(self, entries: list[Entry]) -> None:
        """On resume: what the phase already holds (answers, questions, replies, probe)."""
        ...
