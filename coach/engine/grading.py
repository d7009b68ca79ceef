"""Grade a document: coverage per phase, findings, a 0-100 score and a verdict.

score = 100 × weighted phase coverage − penalties (capped), clamped to 0..100.
Every number traces back: coverage to items and their evidence, penalties
to findings and their rule codes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Literal

from coach.common.frozen import frozen
from coach.content.headings import heading_mapper
from coach.content.library import Library
from coach.content.schema import ChecklistItem, Question, Rule
from coach.engine.compiled import compiled_for
from coach.engine.coverage import Analysis, analyse
from coach.engine.language import language_problem
from coach.engine.rules import Finding, RuleContext, run_rules
from coach.engine.text import Document, parse_document

__all__ = [
    "NOT_GRADED",
    "Depth",
    "Evidence",
    "ItemResult",
    "PhaseResult",
    "Report",
    "grade",
    "grade_text",
    "heading_mapper",
    "verdict_for",
]


@frozen
class Evidence:
    line: int
    col: int
    text: str
    phase: str | None = None  # the phase section the sentence sits in, if any


Depth = Literal["none", "mention", "substance"]


@frozen
class ItemResult:
    item: ChecklistItem
    covered: bool
    evidence: tuple[Evidence, ...]  # the sentences that make the point best, best first
    depth: Depth = "none"  # "mention": made in passing; "substance": with a reason or figure
    expected: bool = True  # False: optional for this question, never counted as missed
    # For a point missed or made in passing: what the reference answer says for it.
    reference: tuple[Evidence, ...] = ()

    @property
    def missed(self) -> bool:
        """Expected and not made: what the report, the probes and the stats chase."""
        return self.expected and not self.covered


@frozen
class PhaseResult:
    id: str
    name: str
    coverage: float  # 0..1, weighted
    covered_weight: float
    total_weight: float
    words: int


NOT_GRADED = "not graded"


@frozen
class Report:
    question: str | None
    score: int | None  # None: not graded (see `warning`)
    verdict: str
    coverage: float  # 0..1, weighted over phases
    penalty: float
    phases: tuple[PhaseResult, ...]
    items: tuple[ItemResult, ...]
    findings: tuple[Finding, ...]
    warning: str | None = None  # why the answer was not graded (it is not in English)

    @property
    def shown_items(self) -> tuple[ItemResult, ...]:
        """The points a report lists: every expected one, and optional ones made."""
        return tuple(r for r in self.items if r.expected or r.covered)

    @property
    def has_errors(self) -> bool:
        return any(f.level == "error" for f in self.findings)

    def next_steps(self, count: int = 3) -> list[str]:
        """The few things most worth practising: worst findings, then heaviest gaps."""
        if self.warning is not None:
            return []  # not graded: there is nothing to practise from it
        steps: list[str] = []
        order = {"error": 0, "warning": 1, "info": 2}
        for finding in sorted(self.findings, key=lambda f: order.get(f.level, 3)):
            if len(steps) < count:
                steps.append(f"{finding.message} [{finding.code} {finding.name}]")
        missing = sorted((r for r in self.items if r.missed), key=lambda r: -r.item.weight)
        for result in missing:
            if len(steps) < count:
                steps.append(f"{result.item.title}: {result.item.hint} [{result.item.id}]")
        return steps


def grade_text(
    text: str,
    library: Library,
    question: Question | None = None,
    *,
    minutes: Mapping[str, float] | None = None,
    budgets: Mapping[str, tuple[float, float]] | None = None,
    reference: str | None = None,
) -> Report:
    doc = parse_document(text, heading_mapper(library.framework))
    return grade(doc, library, question, minutes=minutes, budgets=budgets, reference=reference)


def grade(
    doc: Document,
    library: Library,
    question: Question | None = None,
    *,
    minutes: Mapping[str, float] | None = None,
    budgets: Mapping[str, tuple[float, float]] | None = None,
    phases: Collection[str] | None = None,
    reference: str | None = None,
) -> Report:
    """Pure: the same document, library, question and times give the same report.

    `phases` limits grading to some canonical phases (a drill): their items, and
    the rules that belong to them. `reference` is the question's reference answer:
    each point missed or made in passing then carries what it says for that point.
    """
    compiled = compiled_for(library)
    rubric = library.rubric
    items = library.items_for(question)
    rules = rubric.rules
    if phases is not None:
        items = [item for item in items if item.phase in phases]
        item_phase = {item.id: item.phase for item in library.items_for(question)}
        rules = tuple(r for r in rules if _home_phase(r, item_phase) in phases)
    analysis = analyse(doc, compiled, items)
    categories = question.categories if question else frozenset({"general"})
    framework = library.framework
    ctx = RuleContext(
        doc=doc,
        analysis=analysis,
        categories=categories,
        item_phase={item.id: item.phase for item in items},
        applicable_items=frozenset(item.id for item in items),
        minutes=minutes,
        budgets=budgets or {p.id: (p.min_minutes, p.max_minutes) for p in framework.phases},
        full_budgets={p.id: (p.min_minutes, p.max_minutes) for p in framework.phases},
    )
    findings = sorted(run_rules(rules, ctx), key=lambda f: (f.line, f.col, f.code))

    results = tuple(_item_result(item, analysis, question) for item in items)
    if reference is not None and question is not None:
        results = _with_reference(results, reference, library, question, phases)
    phase_results = tuple(
        _phase_result(p.id, p.name, results, doc, rubric.grading.mention_credit)
        for p in framework.phases
        if phases is None or p.id in phases
    )
    weights = rubric.grading.phase_weights
    total = sum(weights.get(p.id, 1.0) for p in phase_results if p.total_weight)
    coverage = (
        sum(weights.get(p.id, 1.0) * p.coverage for p in phase_results if p.total_weight) / total
        if total
        else 0.0
    )
    penalties = rubric.grading.penalties
    kind = {rule.code: rule.kind for rule in rubric.rules}
    charged = [f for f in findings if kind.get(f.code) in rubric.grading.charged_kinds]
    penalty = min(rubric.grading.max_penalty, sum(penalties.get(f.level, 0.0) for f in charged))
    score = max(0, min(100, round(100 * coverage - penalty)))
    problem = language_problem(doc)
    if problem is not None:  # the rubric reads English: any score would mean nothing
        return Report(
            question=question.id if question else None,
            score=None,
            verdict=NOT_GRADED,
            coverage=0.0,
            penalty=0.0,
            phases=phase_results,
            items=results,
            findings=(),
            warning=f"This answer does not look like English ({problem}); "
            "coach grades English answers only, so it has no score.",
        )
    return Report(
        question=question.id if question else None,
        score=score,
        verdict=verdict_for(score, library),
        coverage=coverage,
        penalty=penalty,
        phases=phase_results,
        items=results,
        findings=tuple(findings),
    )


def _home_phase(rule: Rule, item_phase: Mapping[str, str]) -> str | None:
    """The phase a rule is about: its own, or that of the first item it names."""
    if rule.phase is not None:
        return rule.phase
    named = [
        *rule.items,
        *(rule.require.items if rule.require else ()),
        *(rule.trigger.items if rule.trigger else ()),
    ]
    return next((item_phase[i] for i in named if i in item_phase), None)


def _item_result(item: ChecklistItem, analysis: Analysis, question: Question | None) -> ItemResult:
    covered = analysis.covered(item.id)
    depth: Depth = "none"
    if covered:
        depth = "substance" if analysis.made_with_substance(item.id) else "mention"
    evidence = tuple(Evidence(s.line, s.col, s.text, s.phase) for s in analysis.best(item.id))
    return ItemResult(item, covered, evidence, depth, item.expected_by(question))


REFERENCE_SENTENCES = 2  # what a report quotes from the reference for one point


def _with_reference(
    results: tuple[ItemResult, ...],
    reference: str,
    library: Library,
    question: Question,
    phases: Collection[str] | None,
) -> tuple[ItemResult, ...]:
    """The reference's best sentences for each point missed or made in passing: the
    grader reads the reference answer as it reads the candidate's."""
    model = grade(
        parse_document(reference, heading_mapper(library.framework)),
        library,
        question,
        phases=phases,
    )
    said = {r.item.id: r.evidence[:REFERENCE_SENTENCES] for r in model.items if r.covered}
    return tuple(
        replace(r, reference=said.get(r.item.id, ()))
        if r.expected and r.depth != "substance"
        else r
        for r in results
    )


def _phase_result(
    phase_id: str, name: str, results: tuple[ItemResult, ...], doc: Document, mention: float
) -> PhaseResult:
    """Weighted coverage of a phase: an optional point counts only when it is made,
    and a point made in passing earns `mention` of its weight."""
    mine = [r for r in results if r.item.phase == phase_id and (r.expected or r.covered)]
    total = sum(r.item.weight for r in mine)
    covered = sum(
        r.item.weight * (1.0 if r.depth == "substance" else mention) for r in mine if r.covered
    )
    return PhaseResult(
        id=phase_id,
        name=name,
        coverage=covered / total if total else 0.0,
        covered_weight=covered,
        total_weight=total,
        words=doc.words_in(phase_id) if doc.has_phase_headings else 0,
    )


def verdict_for(score: int, library: Library) -> str:
    for band in sorted(library.rubric.grading.verdicts, key=lambda v: -v.min_score):
        if score >= band.min_score:
            return band.name
    return library.rubric.grading.verdicts[-1].name
