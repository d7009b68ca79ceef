"""A session's words as one markdown document, and its grade.

The transcript groups what the candidate typed by phase, under the phase names,
so the engine grades a session exactly as it grades a written answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from coach.content.library import Library
from coach.content.schema import Question
from coach.session.plan import CANDIDATE_KINDS, SessionPlan
from coach.store.db import Entry

if TYPE_CHECKING:  # the engine is imported when the first answer is graded, not at start
    from coach.engine.grading import Report

__all__ = ["grade_session", "report_summary", "split_questions", "transcript_text"]


def split_questions(text: str) -> tuple[list[str], str]:
    """Lines ending in '?' are questions for the interviewer; the rest is the answer."""
    questions, statements = [], []
    for line in text.strip().splitlines():
        stripped = line.strip()
        if stripped.endswith("?"):
            questions.append(stripped)
        else:
            statements.append(line.rstrip())
    return questions, "\n".join(statements).strip()


def transcript_text(
    plan: SessionPlan, entries: Iterable[Entry], kinds: Iterable[str] = CANDIDATE_KINDS
) -> str:
    """The candidate's words as markdown, one section per phase, for grading."""
    wanted = set(kinds)
    by_phase: dict[str, list[str]] = {}
    for entry in entries:
        if entry.kind in wanted:
            by_phase.setdefault(entry.phase, []).append(entry.text.strip())
    parts = []
    for phase in plan.phases:
        texts = by_phase.get(phase.id)
        if texts:
            parts.append(f"## {phase.name}\n\n" + "\n\n".join(texts))
    return "\n\n".join(parts) + "\n"


def grade_session(
    library: Library,
    question: Question | None,
    plan: SessionPlan,
    entries: Iterable[Entry],
    seconds: Mapping[str, float] | None,
    *,
    reference: str | None = None,
) -> Report:
    """Grade a session's transcript; with times, the timing rules apply too.

    Without the question (its bank is not loaded) only the rubric's core points apply.
    """
    from coach.engine.grading import grade
    from coach.engine.text import parse_document

    names = {phase.name: phase.id for phase in plan.phases}
    doc = parse_document(transcript_text(plan, entries), names.get)
    minutes: dict[str, float] | None = None
    if seconds is not None:
        minutes = {}
        for phase in plan.phases:
            if phase.id in seconds:
                key = phase.item_phases[0]
                minutes[key] = minutes.get(key, 0.0) + seconds[phase.id] / 60
    # Several phases of a framework may grade one canonical phase (the seven-step
    # flow clarifies in three steps): their times and budgets add up.
    budgets: dict[str, tuple[float, float]] = {}
    for p in plan.phases:
        low, high = budgets.get(p.item_phases[0], (0.0, 0.0))
        budgets[p.item_phases[0]] = (low + p.min_minutes, high + p.max_minutes)
    return grade(
        doc,
        library,
        question,
        minutes=minutes,
        budgets=budgets,
        phases=plan.graded_phases,
        reference=reference,
    )


def report_summary(report: Report, seconds: Mapping[str, float]) -> dict[str, Any]:
    """What the store keeps of a finished session's report: `coach export` renders it."""
    from coach.engine.report_json import report_to_dict

    summary = report_to_dict(report, None)
    summary.pop("file")
    summary["seconds"] = dict(seconds)
    return summary
