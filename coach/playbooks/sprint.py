"""A sprint: the full flow with every budget scaled to fit a total number of minutes."""

from __future__ import annotations

from coach.content.library import Library
from coach.content.schema import Question
from coach.errors import UsageError
from coach.playbooks.phases import phase_plans
from coach.session.plan import SessionPlan

NAME = "sprint"


def plan(
    library: Library, question: Question, minutes: float, framework: str | None = None
) -> SessionPlan:
    if not 1 <= minutes <= 240:
        raise UsageError(f"--minutes must be between 1 and 240 (got {minutes:g})")
    chosen = library.framework_named(framework) if framework else library.framework
    full = sum(p.max_minutes for p in chosen.phases)
    return SessionPlan(NAME, question.id, phase_plans(chosen, scale=minutes / full))
