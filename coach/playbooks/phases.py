"""Shared by the playbooks: framework phases as session phase plans."""

from __future__ import annotations

from coach.content.schema import Framework, Phase
from coach.session.plan import PhasePlan

__all__ = ["phase_plan", "phase_plans"]


def phase_plan(phase: Phase, *, scale: float = 1.0) -> PhasePlan:
    return PhasePlan(
        id=phase.id,
        name=phase.name,
        goal=phase.goal,
        min_minutes=round(phase.min_minutes * scale, 1),
        max_minutes=round(phase.max_minutes * scale, 1),
        item_phases=phase.item_phases,
        asks="clarify" in phase.item_phases,
    )


def phase_plans(framework: Framework, *, scale: float = 1.0) -> tuple[PhasePlan, ...]:
    return tuple(phase_plan(p, scale=scale) for p in framework.phases)
