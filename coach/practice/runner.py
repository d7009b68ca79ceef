"""Starting and resuming practice sessions: what the practice commands call.

Dependencies (prompter, clock, consoles, whether a person is at a terminal)
come in a `Deps`, so tests pass a scripted prompter and a fake clock.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from coach import paths
from coach.content.library import Library, load_library
from coach.content.schema import Question
from coach.errors import SessionInterrupted, SessionPaused, UsageError
from coach.session.clock import Clock, SystemClock
from coach.session.plan import SessionPlan, bank_option, seen_question
from coach.session.ports import Prompter
from coach.session.runtime import Session
from coach.store.db import Attempts, SessionRecord, Store, open_store

if TYPE_CHECKING:
    from rich.console import Console

    from coach.engine.grading import Report
    from coach.session.quiz import Rater

__all__ = [
    "Deps",
    "PlanMaker",
    "QuestionChoice",
    "choose_question_for",
    "extra_bank",
    "prepare_start",
    "resume_session",
    "run_and_record",
    "signals_stop_like_ctrl_c",
    "start_session",
]

PlanMaker = Callable[[Library, Question], SessionPlan]


@dataclass
class Deps:
    """What a session needs from the outside world; tests replace any of it."""

    prompter: Prompter | None = None
    rater: Rater | None = None
    clock: Clock = field(default_factory=SystemClock)
    console: Console | None = None
    report_console: Console | None = None
    interactive: bool | None = None
    start_picker: StartPicker | None = None

    def make_start_picker(self) -> StartPicker:
        if self.start_picker is not None:
            return self.start_picker
        from coach.ui.start_picker import TerminalStartPicker

        return TerminalStartPicker(self.consoles()[0])

    def require_terminal(self) -> None:
        interactive = sys.stdin.isatty() if self.interactive is None else self.interactive
        if not interactive:
            raise UsageError(
                "a practice session needs a terminal to type in; "
                "to grade a written answer use `coach score FILE`"
            )

    def make_prompter(self) -> Prompter:
        if self.prompter is not None:
            return self.prompter
        from coach.ui.prompter import TerminalPrompter

        return TerminalPrompter()

    def make_rater(self, prompter: Prompter) -> Rater:
        from coach.session.quiz import Rater

        if self.rater is not None:
            return self.rater
        if isinstance(prompter, Rater):  # the terminal prompter rates too
            return prompter
        raise TypeError("no rater: pass Deps(rater=...)")

    def consoles(self) -> tuple[Console, Console]:
        from coach.ui.console import make_console

        report = self.report_console or make_console()
        # With stdout redirected, the conversation stays on the terminal (stderr)
        # and only the final report goes to stdout.
        console = self.console or make_console(stderr=not sys.stdout.isatty())
        return console, report


@dataclass(frozen=True)
class QuestionChoice:
    question_id: str | None = None
    category: str | None = None
    difficulty: str | None = None
    seed: int | None = None
    confirm: bool = False  # plain `coach`, `coach mock`: show the question first


class StartPicker(Protocol):
    def confirm(self, question: Question, plan: SessionPlan, attempts: Attempts | None) -> str:
        """'start', 'another', 'pick' or 'quit' (coach.ui.start_picker)."""
        ...

    def pick(self, questions: Sequence[Question], attempts: Mapping[str, Attempts]) -> str | None:
        """The id of the question chosen, or None to go back."""
        ...


def prepare_start(
    deps: Deps,
    make_plan: PlanMaker,
    choice: QuestionChoice,
    *,
    banks: Sequence[Path],
    export: Path | None,
    force: bool,
) -> Library:
    """What every session start checks, in this order: the export destination, the
    content, the arguments against it, and only then that there is a terminal."""
    _check_export(export, force)
    library = load_library(banks)
    _check_arguments(library, make_plan, choice)
    deps.require_terminal()
    return library


def start_session(
    deps: Deps,
    make_plan: PlanMaker,
    choice: QuestionChoice,
    *,
    banks: Sequence[Path] = (),
    export: Path | None = None,
    force: bool = False,
    reference: bool = True,
) -> None:
    library = prepare_start(deps, make_plan, choice, banks=banks, export=export, force=force)
    _warm(library)
    with open_store(paths.coach_home()) as store:
        question = choose_question_for(library, store, choice)
        if choice.confirm:
            picked = _confirmed(deps, library, store, choice, question, make_plan)
            if picked is None:
                return
            question = picked
        plan = make_plan(library, question)
        session = Session.start(
            plan=plan,
            library=library,
            store=store,
            bank=extra_bank(library, question, banks),
            **_session_deps(deps, library, question, reference),
        )
        _run(session, store, export, banks, force)


def resume_session(
    deps: Deps,
    session_id: str | None,
    *,
    banks: Sequence[Path] = (),
    export: Path | None = None,
    force: bool = False,
    reference: bool = True,
) -> None:
    _check_export(export, force)
    deps.require_terminal()
    library = load_library(banks)
    _warm(library)
    with open_store(paths.coach_home()) as store:
        record = (
            store.get(session_id)
            if session_id
            else store.latest("interrupted") or store.latest("active")
        )
        if record is None:
            raise UsageError("no interrupted session to resume; start one with `coach mock`")
        if record.playbook == "interviewer":  # coach.playbooks.pair: a person's ticks
            raise UsageError(
                f"session {record.id} was scored by an interviewer (`coach interviewer`) and "
                f"cannot be resumed; `coach export {record.id}` shows it"
            )
        if record.status in ("finished", "skipped"):
            raise UsageError(
                f"session {record.id} is {record.status}; `coach export {record.id}` shows it"
            )
        if record.question_id not in library.questions:
            raise UsageError(_needs_bank(record))
        question = library.question(record.question_id)
        session = Session.resume(
            record=record,
            library=library,
            store=store,
            **_session_deps(deps, library, question, reference),
        )
        _run(session, store, export, banks, force)


def extra_bank(library: Library, question: Question, banks: Sequence[Path]) -> str | None:
    """The --bank file the question came from (absolute), or None for a bank loaded anyway."""
    origin = library.origin.get(question.id)
    if origin is None or Path(origin).resolve() not in {Path(b).resolve() for b in banks}:
        return None
    return str(Path(origin).resolve())


def _needs_bank(record: SessionRecord) -> str:
    """Why a session cannot resume: its question is in no loaded bank."""
    bank = seen_question(record.plan).get("bank")
    where = f" from {bank}" if bank else ""
    how = (
        f"resume with: coach resume {record.id} {bank_option(bank)}"
        if bank
        else "add its bank with --bank PATH"
    )
    return (
        f"session {record.id} is on question '{record.question_id}'{where}, "
        f"which is not in the loaded banks; {how}"
    )


def _check_export(path: Path | None, force: bool) -> None:
    """Say that --export cannot be written before the interview, not after it."""
    if path is not None:
        from coach.export.destination import check_destination

        check_destination(path, force=force)


def _check_arguments(library: Library, make_plan: PlanMaker, choice: QuestionChoice) -> None:
    """A wrong question id, phase, framework, category or --minutes is said as such, and
    before the terminal check: `coach drill deploy` in a script learns what is wrong."""
    from coach.content.browse import filter_questions

    if choice.question_id:
        question = library.question(choice.question_id)
    else:
        candidates = filter_questions(
            library.questions.values(), category=choice.category, difficulty=choice.difficulty
        )
        if not candidates:
            raise UsageError("no question matches that --category and --difficulty")
        question = candidates[0]
    make_plan(library, question)  # the plan's own arguments: phase, framework, minutes


def _warm(library: Library) -> None:
    from coach.engine.cache import warm_engine

    warm_engine(library)


def choose_question_for(library: Library, store: Store, choice: QuestionChoice) -> Question:
    """The named question, else the one `coach next` would practise first."""
    if choice.question_id:
        return library.question(choice.question_id)
    from coach.progress.next_steps import choose_question

    return choose_question(
        library,
        store,
        store.now(),
        category=choice.category,
        difficulty=choice.difficulty,
        seed=choice.seed,
    )


def _confirmed(
    deps: Deps,
    library: Library,
    store: Store,
    choice: QuestionChoice,
    question: Question,
    make_plan: PlanMaker,
) -> Question | None:
    """Plain `coach`: the question it would start, another one, one picked from the
    bank, or none (quit)."""
    from coach.content.browse import filter_questions
    from coach.playbooks.pick import pick_question

    picker = deps.make_start_picker()
    attempts = store.attempts()
    offered = {question.id}
    while True:
        answer = picker.confirm(question, make_plan(library, question), attempts.get(question.id))
        if answer == "start":
            return question
        if answer == "pick":
            among = filter_questions(
                library.questions.values(), category=choice.category, difficulty=choice.difficulty
            )
            picked = picker.pick(among, attempts)
            if picked is not None:
                question = library.question(picked)
            continue
        if answer != "another":
            return None
        seen = store.practised_question_ids() | offered
        question = pick_question(
            library, seen, category=choice.category, difficulty=choice.difficulty
        )
        if question.id in offered:  # every question offered once: start over
            offered.clear()
        offered.add(question.id)


def _session_deps(
    deps: Deps, library: Library, question: Question, reference: bool
) -> dict[str, object]:
    from coach.content.references import load_reference
    from coach.ui.presenter import RichPresenter

    console, report_console = deps.consoles()
    return {
        "prompter": deps.make_prompter(),
        "presenter": RichPresenter(console, report_console, question),
        "clock": deps.clock,
        # the reference answer, shown against the gaps in the final report
        "reference": load_reference(library, question) if reference else None,
    }


@contextlib.contextmanager
def signals_stop_like_ctrl_c() -> Iterator[None]:
    """SIGTERM and SIGHUP (the terminal was closed) save and stop the session as Ctrl-C
    does, instead of ending the process with it left `active` and the typing lost."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {number: signal.signal(number, stop) for number in wanted}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _run(
    session: Session, store: Store, export: Path | None, banks: Sequence[Path], force: bool
) -> None:
    try:
        with signals_stop_like_ctrl_c():
            run_and_record(session)
    except SessionInterrupted as stop:
        bank = extra_bank(session.library, session.question, banks)
        raise SessionPaused(
            f"\nSaved: every submitted answer and what you were typing. "
            f"Resume with: coach resume {stop.session_id}"
            + (f" {bank_option(bank)}" if bank else "")
        ) from None
    if export is not None:
        from coach.export.history_export import write_export

        try:
            write_export(store, session.library, session.id, export, force=force)
        except UsageError as exc:
            raise UsageError(
                f"{exc}; the session is saved: `coach export {session.id} -o FILE` writes it"
            ) from None


def run_and_record(session: Session) -> Report | None:
    """Run a session to its end; a graded one turns what it missed into review cards."""
    report = session.run()
    if report is not None:
        from coach.progress.reviews import record_session

        record_session(session.store, session.library, session.question, report, session.id)
    return report


def run_concept_quiz(
    deps: Deps, *, topic: str | None, count: int, cram: bool, seed: int | None = None
) -> None:
    from coach.content.concepts import load_concepts
    from coach.progress.reviews import pick_concepts, record_quiz_card
    from coach.session.quiz import run_quiz
    from coach.ui.quiz_view import RichQuizPresenter

    bank = load_concepts()
    topics = sorted({c.topic for c in bank.concepts})
    if topic is not None and topic not in topics:
        from coach.content.library import suggest

        raise UsageError(
            f"no topic '{topic}'" + suggest(topic, topics) + f" (topics: {', '.join(topics)})"
        )
    deps.require_terminal()
    grading = load_library().rubric.grading
    with open_store(paths.coach_home()) as store:
        concepts = pick_concepts(bank, store, store.now(), topic=topic, count=count, seed=seed)
        prompter = deps.make_prompter()
        console, _ = deps.consoles()
        run = run_quiz(
            concepts,
            grading=grading,
            prompter=prompter,
            rater=deps.make_rater(prompter),
            presenter=RichQuizPresenter(console),
            clock=deps.clock,
            on_card=None if cram else partial(record_quiz_card, store),
        )
    if run.stopped:  # Ctrl-C; a skipped card (Ctrl-D) is no stop
        raise SessionPaused("Quiz stopped." + ("" if cram else " Your answers so far are saved."))
