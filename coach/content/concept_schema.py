"""The concept quiz's content model: short conceptual questions and their key points."""

from __future__ import annotations

from coach.common.frozen import frozen
from coach.content.fields import FORBID, MAX_WEIGHT, SLUG, check, nonblank
from coach.content.schema import Signal

__all__ = ["Concept", "ConceptBank", "ConceptPoint"]


@frozen
class ConceptPoint:
    """A key point an interviewer expects in a short concept answer."""

    __pydantic_config__ = FORBID
    id: str
    text: str  # the point itself, shown when it was missed
    match: tuple[Signal, ...]
    weight: float = 1.0

    def __post_init__(self) -> None:
        check(bool(SLUG.match(self.id)), f"point id {self.id!r} is not a kebab-case slug")
        nonblank(self.text, "text")
        check(len(self.match) > 0, "a point needs at least one match signal")
        check(0 < self.weight <= MAX_WEIGHT, f"weight must be above 0 and at most {MAX_WEIGHT}")


@frozen
class Concept:
    """A short conceptual question (bagging vs boosting, drift...) with its key points."""

    __pydantic_config__ = FORBID
    id: str
    topic: str
    question: str
    points: tuple[ConceptPoint, ...]
    minutes: float = 3.0

    def __post_init__(self) -> None:
        check(bool(SLUG.match(self.id)), f"concept id {self.id!r} is not a kebab-case slug")
        check(bool(SLUG.match(self.topic)), f"topic {self.topic!r} is not a kebab-case slug")
        check(len(self.points) >= 2, "a concept needs at least two key points")
        check(self.minutes > 0, "minutes must be positive")


@frozen
class ConceptBank:
    __pydantic_config__ = FORBID
    concepts: tuple[Concept, ...] = ()
