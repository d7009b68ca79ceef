"""A grade from a person's ticks: what an interviewer heard, scored like a written answer.

`coach interviewer` lets a second person tick the checklist while the candidate talks.
The ticks become a Report with the grader's own arithmetic: each point's weight, the
three quarters a point made in passing earns, the phase weights and the verdict bands,
so a score from ticks and a score from text mean the same. Nothing reads text here, so
no mistake rule fires and nothing is charged: the penalty is 0.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from coach.content.library import Library
from coach.content.schema import Question
from coach.engine.grading import Depth, Evidence, ItemResult, PhaseResult, Report, verdict_for

__all__ = ["TICK_DEPTHS", "score_ticks"]

# What a tick says: the point was made with substance, or only in passing.
TICK_DEPTHS: tuple[Depth, ...] = ("substance", "mention")


def score_ticks(
    library: Library,
    question: Question,
    ticks: Mapping[str, Depth],
    *,
    phases: Collection[str] | None = None,
    reference: Mapping[str, tuple[Evidence, ...]] | None = None,
) -> Report:
    """The report the ticks give: `ticks` maps a ticked item id to its depth.

    `phases` limits the grade to some canonical phases (those reached); `reference`
    holds the reference answer's sentences per item, kept for each point not made with
    substance, as the grader keeps them.
    """
    grading = library.rubric.grading
    items = [item for item in library.items_for(question) if phases is None or item.phase in phases]
    results = []
    for item in items:
        depth: Depth = ticks.get(item.id, "none")
        if depth not in TICK_DEPTHS:
            depth = "none"
        said = (reference or {}).get(item.id, ()) if depth != "substance" else ()
        results.append(
            ItemResult(item, depth != "none", (), depth, item.expected_by(question), said)
        )
    phase_results = tuple(
        _phase(p.id, p.name, results, grading.mention_credit)
        for p in library.framework.phases
        if phases is None or p.id in phases
    )
    weights = grading.phase_weights
    counted = [p for p in phase_results if p.total_weight]
    total = sum(weights.get(p.id, 1.0) for p in counted)
    coverage = sum(weights.get(p.id, 1.0) * p.coverage for p in counted) / total if total else 0.0
    score = max(0, min(100, round(100 * coverage)))
    return Report(
        question=question.id,
        score=score,
        verdict=verdict_for(score, library),
        coverage=coverage,
        penalty=0.0,
        phases=phase_results,
        items=tuple(results),
        findings=(),
    )


def _phase(phase_id: str, name: str, results: list[ItemResult], mention: float) -> PhaseResult:
    """A phase's weighted coverage, as the grader counts it (an optional point only
    when it is made)."""
    mine = [r for r in results if r.item.phase == phase_id and (r.expected or r.covered)]
    total = sum(r.item.weight for r in mine)
    covered = sum(
        r.item.weight * (1.0 if r.depth == "substance" else mention) for r in mine if r.covered
    )
    return PhaseResult(phase_id, name, covered / total if total else 0.0, covered, total, 0)
