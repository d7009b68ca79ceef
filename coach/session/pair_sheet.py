"""The interviewer's sheet for `coach interviewer`: per phase, what to tell and what to
listen for.

A second person plays the interviewer while the candidate talks. For each phase of the
plan the sheet holds the question's facts (told when the candidate asks; in the phases
where the candidate asks), the follow-up probes of the phase's points (the questions the
session itself asks when a point is missing), and the checklist to tick: each point with
its hint and, where the question has a reference answer, the reference's own sentences
for it, found by the grader as a report finds them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from coach.common.frozen import frozen
from coach.content.library import Library
from coach.content.schema import ChecklistItem, Fact, Question
from coach.session.plan import PhasePlan, SessionPlan

if TYPE_CHECKING:  # the engine is imported when the sheet is built, not at start
    from coach.engine.grading import Evidence

__all__ = ["PhaseSheet", "SheetPoint", "build_sheets", "reference_sentences"]

REFERENCE_SENTENCES = 2  # as many as a report quotes for a point


@frozen
class SheetPoint:
    item: ChecklistItem
    expected: bool  # False: optional for this question, credited when made
    reference: tuple[str, ...] = ()  # what the reference answer says for it

    @property
    def listen_for(self) -> str:
        """What a strong answer does for this point (the rubric's hint)."""
        return self.item.hint


@frozen
class PhaseSheet:
    phase: PhasePlan
    facts: tuple[Fact, ...]  # to reveal when asked
    probes: tuple[str, ...]  # follow-ups, heaviest point first
    points: tuple[SheetPoint, ...]  # to tick, in rubric order


def build_sheets(
    library: Library,
    question: Question,
    plan: SessionPlan,
    reference: Mapping[str, tuple[Evidence, ...]] | None = None,
) -> list[PhaseSheet]:
    """A sheet for each phase of the plan. Several phases of a framework may share a
    canonical phase (the seven-step flow clarifies in three steps): each lists its points,
    and a tick in one shows in the others."""
    items = library.items_for(question)
    said = reference or {}
    sheets = []
    for phase in plan.phases:
        mine = [i for i in items if i.phase in phase.item_phases]
        points = tuple(
            SheetPoint(i, i.expected_by(question), tuple(e.text for e in said.get(i.id, ())))
            for i in mine
        )
        expected = [p.item for p in points if p.expected]
        probes = tuple(i.probe for i in sorted(expected, key=lambda i: -i.weight))
        facts = question.facts if phase.asks else ()
        sheets.append(PhaseSheet(phase, facts, probes, points))
    if sheets and not any(sheet.facts for sheet in sheets):  # no phase asks: tell them first
        sheets[0] = PhaseSheet(sheets[0].phase, question.facts, sheets[0].probes, sheets[0].points)
    return sheets


def reference_sentences(
    library: Library, question: Question, reference: str | None
) -> dict[str, tuple[Evidence, ...]]:
    """The reference answer's best sentences for each point it makes (none: no reference)."""
    if reference is None:
        return {}
    from coach.engine.grading import grade_text

    model = grade_text(reference, library, question)
    return {r.item.id: r.evidence[:REFERENCE_SENTENCES] for r in model.items if r.covered}
