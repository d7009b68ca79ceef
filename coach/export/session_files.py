"""A practice session as markdown (for people, renders on GitHub) or JSON (for scripts).

Works for every session, finished, interrupted or killed mid-phase: the
report is recomputed from the saved transcript, which the engine grades
deterministically.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coach.common.textsafe import printable
from coach.common.timefmt import budget_text, clock_text
from coach.content.library import Library
from coach.content.schema import Question, Rule
from coach.export.md import cell, fence, quote
from coach.export.session_json import not_graded_why, session_export
from coach.export.stored_report import StoredReport, reference_section
from coach.session.plan import SessionPlan, bank_option, seen_question
from coach.session.scored_by import scored_by_person
from coach.store.db import Entry, SessionRecord, Store

__all__ = ["SessionView", "load_session_view", "session_markdown"]


@dataclass(frozen=True)
class SessionView:
    record: SessionRecord
    plan: SessionPlan
    question: Question | None  # None: not in the loaded banks
    entries: list[Entry]
    seconds: dict[str, float]
    report: dict[str, Any] | None  # what the store kept of the grade; None: not graded

    @property
    def title(self) -> str:
        if self.question is not None:
            return self.question.title
        return seen_question(self.record.plan).get("title", self.record.question_id)

    @property
    def prompt(self) -> str:
        if self.question is not None:
            return self.question.prompt
        return seen_question(self.record.plan).get("prompt", "")

    def to_json(self) -> dict[str, Any]:
        return session_export(self.record, self.entries, self.seconds)


def load_session_view(store: Store, library: Library, session_id: str) -> SessionView:
    record = store.get(session_id)
    plan = SessionPlan.of_record(record)
    # A question from a bank that is not loaded now (--bank): the core points only.
    question = library.questions.get(record.question_id)
    entries = store.entries(record.id)
    seconds = store.phase_times(record.id)
    return SessionView(record, plan, question, entries, seconds, record.report)


def session_markdown(view: SessionView, library: Library) -> str:
    record, report, plan = view.record, view.report, view.plan
    out = [f"# {cell(view.title)}", ""]
    out.append(
        f"- Session `{record.id}` · {record.playbook} · {record.status} · "
        f"started {record.started_at}"
    )
    if view.question is None:
        bank = seen_question(record.plan).get("bank")
        out.append(
            f"- Question `{record.question_id}` is not in the loaded banks, so only the core "
            f"points are graded; export with `{bank_option(bank)}` "
            "to grade its own too"
        )
    stored = StoredReport.of(report) if report is not None else None
    why_not = not_graded_why(record, view.entries) or (stored and stored.warning)
    if stored is not None and not why_not:
        by = " · scored by the interviewer" if scored_by_person(report) else ""
        out.append(
            f"- Score **{stored.score:g}/100** · {stored.verdict} "
            f"(coverage {stored.coverage:.0%}, penalties −{stored.penalty:g}){by}"
        )
    else:
        out.append(f"- Not graded: {why_not}")
    if view.prompt.strip():
        prompt = view.prompt.strip().splitlines()
        out += ["", "## Question", "", *(f"> {line}" if line else ">" for line in prompt)]

    out += ["", "## Time", "", "| phase | budget | used | |", "|---|---|---:|---|"]
    for phase in plan.phases:
        used = view.seconds.get(phase.id)
        if used is None:
            verdict, used_text = "not reached", "–"
        else:
            used_text = clock_text(used)
            over = used - phase.max_minutes * 60
            verdict = (
                f"+{clock_text(over)} over"
                if over > 0
                else "short"
                if used < phase.min_minutes * 60
                else "within"
            )
        out.append(
            f"| {cell(phase.name)} | {budget_text(phase.min_minutes, phase.max_minutes)} | "
            f"{used_text} | {verdict} |"
        )

    if report is not None and scored_by_person(report) and not why_not:
        from coach.export.pair_markdown import interviewer_sections

        out += interviewer_sections(report, plan, library)
    elif stored is not None and not why_not:
        out += _graded_sections(stored, library)
    out += ["", "## Transcript", ""]
    labels = {
        "question": "You asked",
        "reply": "Interviewer",
        "answer": "Your answer",
        "probe": "Interviewer follow-up",
        "probe_answer": "Your follow-up answer",
        "draft": "Unsubmitted draft (saved when the session stopped)",
        "interviewer_note": "Interviewer's note",
    }
    by_phase: dict[str, list[Entry]] = {}
    for entry in view.entries:
        by_phase.setdefault(entry.phase, []).append(entry)
    for phase in plan.phases:
        entries = by_phase.get(phase.id)
        if not entries:
            continue
        out += [f"### {cell(phase.name)}", ""]
        for entry in entries:
            out += [
                f"**{labels.get(entry.kind, entry.kind)}** ({clock_text(entry.elapsed)})",
                "",
                fence(entry.text),
                "",
            ]
    # Every string above came from the history or a bank: no escape sequence gets through.
    return printable("\n".join(out).rstrip() + "\n")


def _graded_sections(report: StoredReport, library: Library) -> list[str]:
    """Coverage, findings and what to practise next, as the session's report kept them."""
    out = ["", "## Coverage", "", "| phase | point | | evidence |", "|---|---|:-:|---|"]
    names = {p.id: p.name for p in library.framework.phases}
    hints = {item.id: item.hint for item in library.rubric.items}
    for r in report.shown_items:
        mark = "✓" if r.covered else "✗"
        evidence = quote(r.evidence[0]) if r.covered and r.evidence else cell(hints.get(r.id, ""))
        out.append(
            f"| {cell(names.get(r.phase, r.phase))} | {cell(r.title)} (`{r.id}`) | {mark} "
            f"| {evidence} |"
        )

    out += reference_section(report)

    out += ["", "## Findings", ""]
    rules = {rule.code: rule for rule in library.rubric.rules}
    if not report.findings:
        out.append("None.")
    for f in report.findings:
        out.append(f"- **{f.code}** `{f.name}` ({f.level}): {cell(f.message)}")
        rule: Rule | None = rules.get(f.code)
        if rule is not None:
            out.append(f"  - Why: {cell(rule.docs.why)}")
            out.append(f"  - Fix: {cell(rule.docs.fix)} (`coach rule {f.code}`)")

    out += ["", "## Practise next", ""]
    out += [f"{n}. {cell(step)}" for n, step in enumerate(report.next_steps, 1)] or ["Nothing."]
    return out
