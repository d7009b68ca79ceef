"""`coach interviewer`: starts a pair-practice session and wires the terminal into it.

The question is chosen as `coach mock` chooses it; the sheet is built from the
question, its rubric points and its reference answer; after the interview the
ticks feed the review cards (`coach next`) as a graded session's report does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coach import paths
from coach.content.library import Library
from coach.content.schema import Question
from coach.practice.runner import (
    Deps,
    QuestionChoice,
    choose_question_for,
    extra_bank,
    prepare_start,
    signals_stop_like_ctrl_c,
)
from coach.session.pair import PairPrompter, PairSession
from coach.store.db import open_store

if TYPE_CHECKING:
    from coach.engine.grading import Evidence

__all__ = ["PairDeps", "start_interviewer"]


@dataclass
class PairDeps(Deps):
    """Deps, with the interviewer's prompter; tests pass a scripted one."""

    pair_prompter: PairPrompter | None = None

    def make_pair_prompter(self) -> PairPrompter:
        if self.pair_prompter is not None:
            return self.pair_prompter
        from coach.ui.pair_prompter import TerminalPairPrompter

        return TerminalPairPrompter()


def start_interviewer(
    deps: PairDeps,
    choice: QuestionChoice,
    *,
    framework: str | None = None,
    banks: Sequence[Path] = (),
    export: Path | None = None,
    force: bool = False,
) -> None:
    """Run `coach interviewer` to its report; Ctrl-C ends it early, scored as far as it got."""
    from functools import partial

    from coach.playbooks import pair

    make_plan = partial(pair.plan, framework=framework)
    library = prepare_start(deps, make_plan, choice, banks=banks, export=export, force=force)
    with open_store(paths.coach_home()) as store:
        question = choose_question_for(library, store, choice)
        session = PairSession.start(
            plan=make_plan(library, question),
            library=library,
            store=store,
            bank=extra_bank(library, question, banks),
            reference=_reference(library, question),
            **_pair_deps(deps),
        )
        with signals_stop_like_ctrl_c():
            report = session.run()
        if report is not None:  # None: stopped before anything was ticked
            from coach.progress.reviews import record_session

            record_session(store, library, question, report, session.id)
        if export is not None:
            from coach.export.history_export import write_export

            write_export(store, library, session.id, export, force=force)


def _reference(library: Library, question: Question) -> dict[str, tuple[Evidence, ...]]:
    """The reference answer's sentences for each point (none: the question has none)."""
    from coach.content.references import load_reference
    from coach.session.pair_sheet import reference_sentences

    return reference_sentences(library, question, load_reference(library, question))


def _pair_deps(deps: PairDeps) -> dict[str, object]:
    from coach.ui.pair_view import RichPairPresenter

    console, report_console = deps.consoles()
    return {
        "prompter": deps.make_pair_prompter(),
        "presenter": RichPairPresenter(console, report_console),
        "clock": deps.clock,
    }
