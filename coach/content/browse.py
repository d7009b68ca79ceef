"""Choosing and describing questions for listing and display."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from coach.content.library import Library
from coach.content.schema import Question

if TYPE_CHECKING:
    from coach.content.listing import QuestionEntry

__all__ = ["filter_questions", "question_detail", "question_summary"]


class Listed(Protocol):
    """What filtering reads of a question: a Question, or a listing's QuestionEntry."""

    @property
    def categories(self) -> frozenset[str]: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def difficulty(self) -> str: ...


Q = TypeVar("Q", bound=Listed)


def filter_questions(
    questions: Iterable[Q],
    *,
    category: str | None = None,
    tag: str | None = None,
    difficulty: str | None = None,
) -> list[Q]:
    """Questions matching every given filter; a category also matches tags.

    A filter value that no question could ever match is a UsageError naming the
    known values, not an empty list.
    """
    questions = list(questions)
    _known("difficulty", difficulty, ("easy", "medium", "hard"))
    _known("category", category, {c for q in questions for c in q.categories})
    _known("tag", tag, {t for q in questions for t in q.tags})
    return [
        q
        for q in questions
        if (category is None or category in q.categories)
        and (tag is None or tag in q.tags)
        and (difficulty is None or q.difficulty == difficulty)
    ]


def _known(what: str, value: str | None, known: Iterable[str]) -> None:
    if value is None or value in known:
        return
    from coach.content.library import suggest
    from coach.errors import UsageError

    names = sorted(known)
    hint = suggest(value, names)
    listing = "" if hint or len(names) > 12 else f" ({', '.join(names)})"
    raise UsageError(f"no {what} '{value}'{hint}{listing}")


def question_summary(question: Question | QuestionEntry) -> dict[str, Any]:
    return {
        "id": question.id,
        "title": question.title,
        "category": question.category,
        "tags": list(question.tags),
        "difficulty": question.difficulty,
    }


def question_detail(library: Library, question: Question, *, with_facts: bool) -> dict[str, Any]:
    detail = question_summary(question)
    detail["prompt"] = question.prompt
    detail["source"] = question.source
    detail["phases"] = [
        {
            "id": phase.id,
            "name": phase.name,
            "min_minutes": phase.min_minutes,
            "max_minutes": phase.max_minutes,
            "goal": phase.goal,
        }
        for phase in library.framework.phases
    ]
    detail["checklist"] = [
        {"id": item.id, "phase": item.phase, "title": item.title, "weight": item.weight}
        for item in library.items_for(question)
    ]
    if with_facts:
        detail["facts"] = [asdict(fact) for fact in question.facts]
    return detail
