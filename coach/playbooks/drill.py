"""A single-phase drill: one phase, its budget, graded on its items only."""

from __future__ import annotations

from coach.content.library import Library, suggest
from coach.content.schema import Question
from coach.errors import NotFoundError
from coach.playbooks.phases import phase_plan
from coach.session.plan import SessionPlan

NAME = "drill"


def plan(library: Library, question: Question, phase_id: str) -> SessionPlan:
    phases = {p.id: p for p in library.framework.phases}
    if phase_id not in phases:
        raise NotFoundError(
            f"no phase '{phase_id}'" + suggest(phase_id, phases) + f" (phases: {', '.join(phases)})"
        )
    chosen = phase_plan(phases[phase_id])
    return SessionPlan(NAME, question.id, (chosen,), graded_phases=chosen.item_phases)
