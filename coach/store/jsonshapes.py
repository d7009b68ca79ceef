"""The JSON columns of the history, in the shape the commands that read them rely on.

A session's `plan` (`SessionPlan.from_dict`: export, resume, stats), its `report`
(stats, next) and a card's `state` (the FSRS scheduler: next, quiz). `coach import`
checks each against its shape, so that a file it accepts cannot break a later command.
Only what is read is checked, strictly ("3" is not a number); other keys are kept as
they are. Names and ids are at most MAX_NAME characters: they are printed in tables.
"""

from __future__ import annotations

from typing import (
    Annotated,
    NotRequired,  # pydantic needs it on Python < 3.12
)

from pydantic import ConfigDict, StringConstraints, TypeAdapter, with_config
from typing_extensions import TypedDict

__all__ = ["CARD_STATE", "MAX_NAME", "PLAN", "REPORT", "Name"]

MAX_NAME = 200
Name = Annotated[str, StringConstraints(max_length=MAX_NAME)]

_OPEN = ConfigDict(extra="allow", strict=True)


@with_config(_OPEN)
class _PlanPhase(TypedDict):
    id: Name
    name: Name
    min_minutes: float
    max_minutes: float
    goal: NotRequired[str]
    item_phases: NotRequired[list[Name] | None]
    asks: NotRequired[bool]


@with_config(_OPEN)
class _Plan(TypedDict):
    playbook: Name
    question_id: Name
    phases: list[_PlanPhase]
    graded_phases: NotRequired[list[Name] | None]


@with_config(_OPEN)
class _ReportPhase(TypedDict):
    id: Name
    coverage: float
    name: NotRequired[Name]
    total_weight: NotRequired[float]


@with_config(_OPEN)
class _ReportItem(TypedDict):
    id: Name
    covered: bool
    phase: NotRequired[Name]
    title: NotRequired[str]


@with_config(_OPEN)
class _ReportFinding(TypedDict):
    code: Name
    name: NotRequired[Name]


@with_config(_OPEN)
class _Report(TypedDict):
    score: NotRequired[int]
    phases: NotRequired[list[_ReportPhase]]
    items: NotRequired[list[_ReportItem]]
    findings: NotRequired[list[_ReportFinding]]
    seconds: NotRequired[dict[Name, float | None]]


@with_config(_OPEN)
class _CardState(TypedDict):
    """fsrs.Card.to_dict(), which fsrs.Card.from_dict reads back."""

    card_id: int
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: str
    last_review: str | None


PLAN = TypeAdapter(_Plan)
REPORT = TypeAdapter(_Report)
CARD_STATE = TypeAdapter(_CardState)
