"""Pair practice (`coach interviewer`): the full mock's phases, scored by a person."""

from __future__ import annotations

from coach.content.library import Library
from coach.content.schema import Question
from coach.playbooks.phases import phase_plans
from coach.session.plan import SessionPlan

NAME = "interviewer"


def plan(library: Library, question: Question, framework: str | None = None) -> SessionPlan:
    chosen = library.framework_named(framework) if framework else library.framework
    return SessionPlan(NAME, question.id, phase_plans(chosen))
