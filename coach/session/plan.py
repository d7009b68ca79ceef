"""What a playbook decides for a session: its phases, their order and budgets.

A plan is saved with the session (as JSON), so a resume or an export reads the
plan the session ran with, whatever the playbooks say today.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import Any

from coach.common.frozen import frozen
from coach.errors import StoreError
from coach.store.db import SessionRecord

__all__ = ["CANDIDATE_KINDS", "PhasePlan", "SessionPlan", "bank_option", "seen_question"]

CANDIDATE_KINDS = ("answer", "question", "probe_answer")


@frozen
class PhasePlan:
    id: str
    name: str
    goal: str
    min_minutes: float
    max_minutes: float
    item_phases: tuple[str, ...]
    asks: bool = False  # the candidate may ask the interviewer in this phase

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "goal": self.goal,
            "min_minutes": self.min_minutes,
            "max_minutes": self.max_minutes,
            "item_phases": list(self.item_phases),
            "asks": self.asks,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PhasePlan:
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            goal=str(data.get("goal", "")),
            min_minutes=float(data["min_minutes"]),
            max_minutes=float(data["max_minutes"]),
            item_phases=tuple(data.get("item_phases") or (data["id"],)),
            asks=bool(data.get("asks", False)),
        )


@frozen
class SessionPlan:
    """What a playbook decided: which phases, in which order, with which budgets."""

    playbook: str
    question_id: str
    phases: tuple[PhasePlan, ...]
    graded_phases: tuple[str, ...] | None = None  # item phases graded; None = all

    def to_dict(self) -> dict[str, Any]:
        return {
            "playbook": self.playbook,
            "question_id": self.question_id,
            "phases": [p.to_dict() for p in self.phases],
            "graded_phases": list(self.graded_phases) if self.graded_phases is not None else None,
        }

    @classmethod
    def of_record(cls, record: SessionRecord) -> SessionPlan:
        """The plan a session saved. `coach import` checks plans (coach.store.jsonshapes); one
        edited by hand in the database may still be unreadable: a StoreError then."""
        try:
            return cls.from_dict(record.plan)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            reason = f"no {exc}" if isinstance(exc, KeyError) else str(exc)
            raise StoreError(
                f"session {record.id} has a plan coach cannot read ({reason[:80]}); "
                "`coach export --all` still backs it up"
            ) from None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SessionPlan:
        graded = data.get("graded_phases")
        return cls(
            playbook=str(data["playbook"]),
            question_id=str(data["question_id"]),
            phases=tuple(PhasePlan.from_dict(p) for p in data["phases"]),
            graded_phases=tuple(graded) if graded is not None else None,
        )


def bank_option(bank: str | None) -> str:
    """`--bank PATH` for a hint, quoted as a shell takes it (a placeholder when unknown)."""
    return f"--bank {shlex.quote(bank)}" if bank else "--bank PATH"


def seen_question(plan: Mapping[str, Any]) -> dict[str, str]:
    """What a session stored of its question (title, prompt, bank), as far as it did.

    Sessions started before coach stored it, or imported, may have none of it.
    """
    seen = plan.get("question")
    if not isinstance(seen, Mapping):
        return {}
    return {
        key: value
        for key, value in seen.items()
        if key in ("title", "prompt", "bank") and isinstance(value, str) and value.strip()
    }
