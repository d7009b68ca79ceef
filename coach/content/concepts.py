"""The concept-quiz bank, and each concept as a tiny rubric the engine can grade."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from coach import paths
from coach.content.concept_schema import Concept, ConceptBank
from coach.content.library import Library
from coach.content.loader import load_concept_file, read_text
from coach.content.schema import (
    ChecklistItem,
    Framework,
    Grading,
    Phase,
    Rubric,
)
from coach.errors import ContentError

__all__ = ["QUIZ_PHASE", "concept_library", "load_concepts"]

QUIZ_PHASE = "answer"


def load_concepts(path: Path | None = None, *, use_cache: bool = True) -> ConceptBank:
    source = path or paths.shipped_data("concepts.yaml")
    bank = load_concept_file(source, paths.cache_dir() if use_cache else None)
    seen: dict[str, int] = {}
    for i, concept in enumerate(bank.concepts):
        if concept.id in seen:
            from coach.content.yamlio import Locator

            locator = Locator(read_text(source), str(source))
            first, _ = locator.position(["concepts", seen[concept.id], "id"])
            message = f"concept id '{concept.id}' is already defined at line {first}"
            raise ContentError([locator.problem(["concepts", i, "id"], message)])
        seen[concept.id] = i
    return bank


def point_item_id(concept: Concept, point_id: str) -> str:
    return f"{concept.id.replace('-', '_')}.{point_id.replace('-', '_')}"


def concept_library(concept: Concept, grading: Grading) -> Library:
    """A one-phase rubric whose checklist items are the concept's key points."""
    items = tuple(
        ChecklistItem(
            id=point_item_id(concept, point.id),
            phase=QUIZ_PHASE,
            title=point.text,
            why=point.text,
            hint=point.text,
            probe=concept.question,
            match=point.match,
            weight=point.weight,
        )
        for point in concept.points
    )
    phase = Phase(QUIZ_PHASE, "Answer", 0, concept.minutes, concept.question)
    rubric = Rubric(
        frameworks=(Framework("quiz", "Concept quiz", (phase,)),),
        categories=(),
        items=items,
        rules=(),
        # A key point is one fact: stated once, it is made (no credit for depth).
        grading=replace(grading, mention_credit=1.0),
    )
    return Library(rubric=rubric, items={item.id: item for item in items})
