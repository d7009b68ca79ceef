"""Which question to practise when the user names none."""

from __future__ import annotations

import random
from collections.abc import Collection

from coach.content.browse import filter_questions
from coach.content.library import Library
from coach.content.schema import Question
from coach.errors import UsageError

__all__ = ["pick_question"]


def pick_question(
    library: Library,
    practised: Collection[str],
    *,
    category: str | None = None,
    difficulty: str | None = None,
    seed: int | None = None,
) -> Question:
    """A random question not practised yet (all of them once each has been)."""
    candidates = filter_questions(
        library.questions.values(), category=category, difficulty=difficulty
    )
    if not candidates:
        raise UsageError("no question matches those filters; see `coach questions`")
    fresh = [q for q in candidates if q.id not in practised]
    return random.Random(seed).choice(fresh or candidates)
