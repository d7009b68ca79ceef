"""A practice session, phase by phase: prompt, save, grade, probe, report.

The session depends on protocols, not on a terminal: a `Prompter` that
returns what the candidate typed, a `Presenter` that shows things, a `Clock`
and the `Store`. Every submitted text is committed to the store before it is
graded or shown; what is typed is kept as a draft on Ctrl-C and before the
editor opens.

Until the store has it, what is typed is also kept in the phase's recovery file
(coach.session.recovery): the answer box autosaves into it while the candidate types, and
the submitted text goes there before the store is written. A store that fails
(full disk, read-only) is one error that says where the text is, and the next
`coach resume` offers it in the answer box.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from coach.content.library import Library
from coach.content.schema import ChecklistItem, Question
from coach.errors import Interrupted, SessionInterrupted, StoreError
from coach.session.clock import Clock
from coach.session.plan import CANDIDATE_KINDS, PhasePlan, SessionPlan
from coach.session.ports import AnswerRequest, Presenter, Prompter
from coach.session.recovery import RecoveryFile, UnsavedText
from coach.session.transcript import grade_session, report_summary, split_questions
from coach.store.db import Entry, SessionRecord, Store

if TYPE_CHECKING:
    from coach.engine.grading import Report

__all__ = ["PhaseTimer", "Session"]


class PhaseTimer:
    """Time spent in a phase: runs only while a prompt is open."""

    def __init__(self, clock: Clock, already: float = 0.0) -> None:
        self.clock = clock
        self.total = already
        self.started: float | None = None

    def start(self) -> None:
        self.started = self.clock.now()

    def stop(self) -> None:
        if self.started is not None:
            self.total += self.clock.now() - self.started
            self.started = None

    def elapsed(self) -> float:
        running = self.clock.now() - self.started if self.started is not None else 0.0
        return self.total + running


@dataclass
class Session:
    library: Library
    question: Question
    plan: SessionPlan
    store: Store
    record: SessionRecord
    prompter: Prompter
    presenter: Presenter
    clock: Clock
    seconds: dict[str, float] = field(default_factory=dict)
    reference: str | None = None  # the question's reference answer, shown against the gaps
    # what was typed and is not in the store yet: its recovery file, the text, where it is kept
    _unsaved: UnsavedText = field(default_factory=UnsavedText, init=False)

    @classmethod
    def start(
        cls,
        *,
        plan: SessionPlan,
        library: Library,
        store: Store,
        bank: str | None = None,
        **deps: Any,
    ) -> Session:
        """A new session; `bank` is the extra bank (--bank) the question came from, if any."""
        question = library.question(plan.question_id)
        # The question as the session saw it, for an export or a resume without its bank.
        seen = {"title": question.title, "prompt": question.prompt, "bank": bank}
        record = store.create_session(
            question.id, plan.playbook, {**plan.to_dict(), "question": seen}
        )
        return cls(
            library=library, question=question, plan=plan, store=store, record=record, **deps
        )

    @classmethod
    def resume(
        cls, *, record: SessionRecord, library: Library, store: Store, **deps: Any
    ) -> Session:
        plan = SessionPlan.of_record(record)
        question = library.question(plan.question_id)
        seconds = store.phase_times(record.id)
        return cls(
            library=library,
            question=question,
            plan=plan,
            store=store,
            record=record,
            seconds=dict(seconds),
            **deps,
        )

    @property
    def id(self) -> str:
        return self.record.id

    def run(self) -> Report | None:
        """Run the remaining phases, then grade, save and show the report.

        None when every phase was skipped: there is nothing to grade, and a 0/100
        would count in the stats as if it were a score. When the store fails, the
        StoreError says where what was typed is kept.
        """
        try:
            return self._run()
        except StoreError as exc:
            raise self._unsaved.explain(exc, self.id) from None

    def _run(self) -> Report | None:
        index = self.record.current_phase
        try:
            while index < len(self.plan.phases):
                self._run_phase(index)
                index += 1
                self.store.set_progress(self.id, index, "active")
        except KeyboardInterrupt:
            # Ctrl-C outside a prompt: everything submitted is already saved.
            self.store.set_progress(self.id, index, "interrupted")
            raise SessionInterrupted(self.id) from None
        if not any(e.kind in CANDIDATE_KINDS for e in self._entries()):
            self.store.set_progress(self.id, index, "skipped")
            self.presenter.skipped(self.id)
            return None
        report = grade_session(
            self.library,
            self.question,
            self.plan,
            self._entries(),
            self.seconds,
            reference=self.reference,
        )
        self.store.finish(
            self.id, report.score, report.verdict, report_summary(report, self.seconds)
        )
        self.presenter.final(self.id, self.plan, report, self.seconds)
        return report

    # --- one phase ---------------------------------------------------------

    def _run_phase(self, index: int) -> None:
        phase = self.plan.phases[index]
        self.store.set_progress(self.id, index, "active")
        items = [i for i in self.library.items_for(self.question) if i.phase in phase.item_phases]
        self.presenter.phase_intro(self.plan, index, items)
        timer = PhaseTimer(self.clock, self.seconds.get(phase.id, 0.0))
        draft = self._recovered(phase) or self.store.draft(self.id, phase.id) or ""
        earlier = [e for e in self._entries() if e.phase == phase.id and e.kind != "draft"]
        if earlier:
            self.presenter.earlier(earlier)
        if earlier and earlier[-1].kind == "probe":
            # Stopped at the follow-up: the draft is its answer, and the phase resumes there.
            self._answer_probe(index, phase, timer, draft)
            self.store.clear_drafts(self.id, phase.id)
            return
        message = "Your answer" + (
            " (end a line with ? to ask the interviewer)" if phase.asks else ""
        )
        if any(e.phase == phase.id and e.kind == "answer" for e in self._entries()):
            # Resumed after this phase's answer was saved: no need to answer twice.
            message = "Your answer is saved; add to it, or submit empty to go on"
        while True:
            text = self._prompt(index, timer, AnswerRequest(phase, message, timer.elapsed, draft))
            draft = ""
            if text is None or not text.strip():
                break  # Ctrl-D or an empty answer: the phase is skipped
            if not self._save_submission(phase, text, timer):
                break
            message = "Ask more, or write your answer"
        self._save_time(phase, timer)
        if any(e.phase == phase.id and e.kind in CANDIDATE_KINDS for e in self._entries()):
            self._probe(index, phase, items, timer)
        # A draft is what was typed when the session stopped; this phase did not stop.
        self.store.clear_drafts(self.id, phase.id)

    def _recovered(self, phase: PhasePlan) -> str | None:
        """What a stopped session typed in this phase and the store never got."""
        recovery = self._recovery(phase)
        found = recovery.load()
        if found is None:
            return None
        text, path = found
        saved = {
            e.text for e in self._entries() if e.phase == phase.id and e.kind in CANDIDATE_KINDS
        }
        questions, statements = split_questions(text) if phase.asks else ([], text.strip())
        if text.strip() in saved or all(part in saved for part in (statements, *questions) if part):
            recovery.discard()  # stopped after the store had it, before the file went
            return None
        self.presenter.recovered(str(path))
        return text

    def _recovery(self, phase: PhasePlan) -> RecoveryFile:
        return RecoveryFile.of(self.store.path.parent, self.id, phase.id)

    def _save_submission(self, phase: PhasePlan, text: str, timer: PhaseTimer) -> bool:
        """Save first, then answer questions; True when the candidate asked something."""
        questions, statements = split_questions(text) if phase.asks else ([], text.strip())
        typed = [("answer", statements)] if statements else []
        typed += [("question", question) for question in questions]
        self.store.add_entries(self.id, phase.id, typed, timer.elapsed())  # all or none
        self._unsaved.kept()
        self.store.clear_drafts(self.id, phase.id)
        self._save_time(phase, timer)
        from coach.session.interviewer import reply_to

        for question in questions:
            answer = reply_to(question, self.question.facts)
            self.store.add_entry(self.id, phase.id, "reply", answer, timer.elapsed())
            self.presenter.reply(question, answer)
        return bool(questions) and not statements

    def _probe(
        self, index: int, phase: PhasePlan, items: list[ChecklistItem], timer: PhaseTimer
    ) -> None:
        report = grade_session(self.library, self.question, self.plan, self._entries(), None)
        self.presenter.phase_feedback(phase, report)
        missed = {r.item.id for r in report.items if r.missed}
        missing = [i for i in items if i.id in missed]
        if not missing:
            return
        item = max(missing, key=lambda i: i.weight)  # first of the heaviest, in rubric order
        self.store.add_entry(self.id, phase.id, "probe", item.probe, timer.elapsed())
        self.presenter.probe(item.probe)
        self._answer_probe(index, phase, timer)

    def _answer_probe(
        self, index: int, phase: PhasePlan, timer: PhaseTimer, draft: str = ""
    ) -> None:
        """The follow-up's answer box; on resume it holds what was being typed."""
        request = AnswerRequest(
            phase, "Answer the follow-up (empty to skip)", timer.elapsed, draft, probe=True
        )
        text = self._prompt(index, timer, request)
        if text and text.strip():
            self.store.add_entry(self.id, phase.id, "probe_answer", text.strip(), timer.elapsed())
            self._unsaved.kept()
        self._save_time(phase, timer)

    def _prompt(self, index: int, timer: PhaseTimer, request: AnswerRequest) -> str | None:
        """What the candidate submitted (kept in the recovery file until the caller has
        saved it); None or blank when the phase is skipped."""
        phase = self.plan.phases[index]
        recovery = self._recovery(phase)

        def before_editor(text: str) -> None:
            # Best effort: the text is in the recovery file, and a history that cannot
            # be written is no reason to keep the editor closed.
            if text.strip():
                text = self._unsaved.keep(recovery, text)
                with suppress(StoreError):
                    self.store.replace_draft(self.id, phase.id, text, timer.elapsed())

        timer.start()
        try:
            text = self.prompter.answer(
                replace(request, save_draft=before_editor, autosave=recovery.save)
            )
        except Interrupted as stop:
            timer.stop()
            if stop.partial.strip():
                partial = self._unsaved.keep(recovery, stop.partial)
                self.store.replace_draft(self.id, phase.id, partial, timer.elapsed())
            self._save_time(phase, timer)
            self.store.set_progress(self.id, index, "interrupted")
            self._unsaved.kept()
            raise SessionInterrupted(self.id) from None
        finally:
            timer.stop()
        if text is None or not text.strip():
            recovery.discard()  # nothing to keep: the phase is skipped
            self._unsaved.drop()
            return text
        return self._unsaved.keep(recovery, text)

    def _save_time(self, phase: PhasePlan, timer: PhaseTimer) -> None:
        self.seconds[phase.id] = timer.elapsed()
        self.store.set_phase_time(self.id, phase.id, self.seconds[phase.id])

    def _entries(self) -> list[Entry]:
        return self.store.entries(self.id)
