"""A pair-practice session (`coach interviewer`): a person ticks what the candidate says.

The candidate talks (or types somewhere else); the interviewer sees the sheet of each
phase (coach.session.pair_sheet), ticks the points as they are made, adds a note, and
at the end gives an overall rating. The phase timer runs while the tick list is open.
The ticks are scored with the grader's weights (coach.engine.ticked) and stored as a
finished session like any other, its report marked `"scored_by": "interviewer"`, so
history, export, stats and the review cards (`coach next`) count it.

Each note is saved as the phase ends (an entry of kind `interviewer_note`); the ticks are saved
with the report. Ctrl-C ends the interview early: what was ticked is scored on the
phases reached, and nothing ticked or noted leaves the session `skipped`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from coach.common.frozen import frozen
from coach.content.library import Library
from coach.content.schema import Question
from coach.errors import Interrupted
from coach.session.clock import Clock
from coach.session.pair_sheet import PhaseSheet, build_sheets
from coach.session.plan import PhasePlan, SessionPlan
from coach.session.runtime import PhaseTimer
from coach.session.scored_by import SCORED_BY_INTERVIEWER
from coach.store.db import SessionRecord, Store

if TYPE_CHECKING:
    from coach.engine.grading import Depth, Evidence, Report

__all__ = [
    "PairPresenter",
    "PairPrompter",
    "PairSession",
    "TickRequest",
    "TickResult",
]


@frozen
class TickRequest:
    sheet: PhaseSheet
    index: int  # of the phase in the plan
    count: int  # phases in the plan
    ticks: Mapping[str, Depth]  # the sheet's points ticked so far (in an earlier step)
    elapsed: Callable[[], float]  # seconds spent in the phase, for the live timer


@frozen
class TickResult:
    ticks: dict[str, Depth]  # the sheet's points ticked, by item id
    stopped: bool = False  # Ctrl-C: the interview ends here


class PairPrompter(Protocol):
    def ticks(self, request: TickRequest) -> TickResult:
        """The points ticked when the interviewer moves on (or stops)."""
        ...

    def note(self, phase: PhasePlan) -> str | None:
        """A short note on the phase; None or blank for none. Raises Interrupted (with
        what was typed) on Ctrl-C."""
        ...

    def rating(self, verdicts: Sequence[str], suggested: str) -> str | None:
        """The interviewer's own overall verdict; None for none."""
        ...


class PairPresenter(Protocol):
    def sheet(self, question: Question, sheet: PhaseSheet, index: int, count: int) -> None: ...
    def final(
        self,
        session_id: str,
        plan: SessionPlan,
        report: Report,
        seconds: Mapping[str, float],
        notes: Mapping[str, str],
        rating: str | None,
    ) -> None: ...
    def skipped(self, session_id: str) -> None: ...


@dataclass
class PairSession:
    library: Library
    question: Question
    plan: SessionPlan
    store: Store
    record: SessionRecord
    sheets: list[PhaseSheet]
    prompter: PairPrompter
    presenter: PairPresenter
    clock: Clock
    reference: Mapping[str, tuple[Evidence, ...]] = field(default_factory=dict)
    ticks: dict[str, Depth] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        *,
        plan: SessionPlan,
        library: Library,
        store: Store,
        bank: str | None,
        reference: Mapping[str, tuple[Evidence, ...]],
        **deps: Any,
    ) -> PairSession:
        """A new session; `reference` holds the reference answer's sentences per point."""
        question = library.question(plan.question_id)
        seen = {"title": question.title, "prompt": question.prompt, "bank": bank}
        record = store.create_session(
            question.id, plan.playbook, {**plan.to_dict(), "question": seen}
        )
        sheets = build_sheets(library, question, plan, reference)
        return cls(
            library=library,
            question=question,
            plan=plan,
            store=store,
            record=record,
            sheets=sheets,
            reference=reference,
            **deps,
        )

    @property
    def id(self) -> str:
        return self.record.id

    def run(self) -> Report | None:
        """Every phase, then the rating; the report, or None when nothing was ticked or
        noted before the interview stopped."""
        reached: list[PhasePlan] = []
        stopped = False
        try:
            for index, sheet in enumerate(self.sheets):
                reached.append(sheet.phase)
                if not self._run_phase(index, sheet):
                    stopped = True
                    break
        except KeyboardInterrupt:  # Ctrl-C outside a prompt: what was ticked is kept
            stopped = True
        if stopped and not self.ticks and not self.notes:
            self.store.set_progress(self.id, len(reached) - 1, "skipped")
            self.presenter.skipped(self.id)
            return None
        return self._finish(reached if stopped else None)

    def _run_phase(self, index: int, sheet: PhaseSheet) -> bool:
        """One phase: the sheet, the ticks, the note; False when the interview stops."""
        phase = sheet.phase
        self.store.set_progress(self.id, index, "active")
        self.presenter.sheet(self.question, sheet, index, len(self.sheets))
        mine = [p.item.id for p in sheet.points]
        timer = PhaseTimer(self.clock, self.seconds.get(phase.id, 0.0))
        request = TickRequest(
            sheet, index, len(self.sheets), {i: self.ticks[i] for i in mine if i in self.ticks},
            timer.elapsed,
        )  # fmt: skip
        timer.start()
        try:
            result = self.prompter.ticks(request)
        finally:
            timer.stop()
            self.seconds[phase.id] = timer.elapsed()
            self.store.set_phase_time(self.id, phase.id, self.seconds[phase.id])
        for item_id in mine:
            self.ticks.pop(item_id, None)
        self.ticks.update({i: d for i, d in result.ticks.items() if i in mine})
        if result.stopped:
            return False
        try:
            note, stopped = self.prompter.note(phase) or "", False
        except Interrupted as stop:
            note, stopped = stop.partial, True
        if note.strip():
            self.notes[phase.id] = note.strip()
            self.store.add_entry(
                self.id, phase.id, "interviewer_note", note.strip(), self.seconds[phase.id]
            )
        self.store.set_progress(self.id, index + 1, "active")
        return not stopped

    def _finish(self, reached: list[PhasePlan] | None) -> Report:
        """Score the ticks (on the phases reached, when the interview stopped early)."""
        from coach.engine.ticked import score_ticks
        from coach.session.transcript import report_summary

        phases = None if reached is None else {p for phase in reached for p in phase.item_phases}
        report = score_ticks(
            self.library, self.question, self.ticks, phases=phases, reference=self.reference
        )
        rating = None
        if reached is None:
            verdicts = [v.name for v in self.library.rubric.grading.verdicts]
            try:
                rating = self.prompter.rating(verdicts, report.verdict)
            except (Interrupted, KeyboardInterrupt):
                rating = None
        summary = report_summary(report, self.seconds)
        summary.update(scored_by=SCORED_BY_INTERVIEWER, rating=rating, notes=dict(self.notes))
        self.store.finish(self.id, report.score, report.verdict, summary)
        self.presenter.final(self.id, self.plan, report, self.seconds, self.notes, rating)
        return report
