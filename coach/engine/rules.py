"""Mistake rules: one function per kind, each returning the findings it makes.

The kinds are a closed set (missing, when, order, forbid, limit, timing);
a rule is data in data/rubrics.yaml, read by exactly one of these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import field

from coach.common.frozen import frozen
from coach.content.schema import Condition, Rule
from coach.engine.compiled import MentionKey
from coach.engine.coverage import Analysis
from coach.engine.text import Document, Sentence

__all__ = ["Finding", "RuleContext", "run_rules"]


@frozen
class Finding:
    code: str
    name: str
    level: str
    message: str
    line: int
    col: int
    phase: str | None


@frozen
class RuleContext:
    doc: Document
    analysis: Analysis
    categories: frozenset[str]
    item_phase: Mapping[str, str]
    applicable_items: frozenset[str]
    minutes: Mapping[str, float] | None  # phase id -> minutes spent (timed sessions only)
    budgets: Mapping[str, tuple[float, float]]  # phase id -> (min, max) minutes
    # the default framework's budgets, which a rule's slack_minutes is written for
    full_budgets: Mapping[str, tuple[float, float]] = field(default_factory=dict)


def run_rules(rules: tuple[Rule, ...], ctx: RuleContext) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        if rule.categories and not ctx.categories.intersection(rule.categories):
            continue
        if rule.session_only and ctx.minutes is None:
            continue
        findings.extend(_KINDS[rule.kind](rule, ctx))
    return findings


def _finding(rule: Rule, where: Sentence | None, phase: str | None, message: str = "") -> Finding:
    line, col = (where.line, where.col) if where else (1, 1)
    return Finding(rule.code, rule.name, rule.level, message or rule.message, line, col, phase)


def _first(cond: Condition | None, part: str, rule: Rule, ctx: RuleContext) -> Sentence | None:
    """The first sentence where a condition holds, or None when it never does."""
    if cond is None:
        return None
    candidates: list[Sentence] = []
    for item_id in cond.items:
        candidates.extend(ctx.analysis.evidence.get(item_id, ())[:1])
    candidates.extend(ctx.analysis.mentions.get(MentionKey(rule.code, part), ())[:1])
    in_scope = [s for s in candidates if rule.phase is None or s.phase in (None, rule.phase)]
    return min(in_scope, key=lambda s: s.index, default=None)


def _missing(rule: Rule, ctx: RuleContext) -> list[Finding]:
    relevant = [i for i in rule.items if i in ctx.applicable_items]
    if not relevant or any(ctx.analysis.covered(i) for i in relevant):
        return []
    phase = ctx.item_phase.get(relevant[0])
    return [_finding(rule, _section_start(ctx.doc, phase), phase)]


def _when(rule: Rule, ctx: RuleContext) -> list[Finding]:
    trigger = _first(rule.trigger, "trigger", rule, ctx)
    if trigger is None or _first(rule.require, "require", rule, ctx) is not None:
        return []
    if _first(rule.unless, "unless", rule, ctx) is not None:
        return []
    return [_finding(rule, trigger, trigger.phase)]


def _order(rule: Rule, ctx: RuleContext) -> list[Finding]:
    trigger = _first(rule.trigger, "trigger", rule, ctx)
    required = _first(rule.require, "require", rule, ctx)
    if trigger is None or required is None or required.index <= trigger.index:
        return []
    return [_finding(rule, trigger, trigger.phase)]


def _forbid(rule: Rule, ctx: RuleContext) -> list[Finding]:
    trigger = _first(rule.trigger, "trigger", rule, ctx)
    if trigger is None or _first(rule.unless, "unless", rule, ctx) is not None:
        return []
    return [_finding(rule, trigger, trigger.phase)]


def _limit(rule: Rule, ctx: RuleContext) -> list[Finding]:
    if rule.per_phase:
        scopes: list[str | None] = sorted({s.phase for s in ctx.doc.sections if s.phase}, key=str)
    else:
        scopes = [rule.phase]
    findings = []
    for phase in scopes:
        count = _count(rule, ctx, phase)
        low = rule.minimum is not None and count < rule.minimum
        high = rule.maximum is not None and count > rule.maximum
        if low or high:
            where = f" in {phase}" if phase else ""
            # "13 words in model" helps; "0 mentions" of a rule's own trigger does not.
            detail = f" ({count:g} {rule.count}{where})" if rule.count != "mentions" else ""
            message = f"{rule.message}{detail}"
            findings.append(_finding(rule, _section_start(ctx.doc, phase), phase, message))
    return findings


def _count(rule: Rule, ctx: RuleContext, phase: str | None) -> float:
    sentences = [
        s
        for s in ctx.doc.sentences
        if s.kind not in ("heading", "code") and (phase is None or s.phase == phase)
    ]
    if rule.count == "words":
        return float(ctx.doc.words_in(phase)) if phase else float(sum(s.words for s in sentences))
    if rule.count == "quantities":
        return float(sum(s.quantities for s in sentences))
    if rule.count == "questions":
        return float(sum(1 for s in sentences if s.is_question))
    mentioned = ctx.analysis.mentions.get(MentionKey(rule.code, "trigger"), [])
    return float(sum(1 for s in mentioned if phase is None or s.phase == phase))


def _timing(rule: Rule, ctx: RuleContext) -> list[Finding]:
    """Phase time against its budget; without a phase, every timed phase."""
    if ctx.minutes is None:
        return []
    phases = [rule.phase] if rule.phase is not None else list(ctx.minutes)
    findings = []
    for phase in phases:
        if phase not in ctx.minutes:
            continue
        spent = ctx.minutes[phase]
        low, high = ctx.budgets.get(phase, (0.0, float("inf")))
        slack = rule.slack_minutes * _shrink(high, ctx.full_budgets.get(phase))
        if rule.budget == "over" and spent > high + slack:
            message = f"{rule.message} ({phase}: {spent:.1f} min against {high:g})"
        elif rule.budget == "under" and spent < low - slack:
            message = f"{rule.message} ({phase}: {spent:.1f} min against at least {low:g})"
        else:
            continue
        findings.append(_finding(rule, _section_start(ctx.doc, phase), phase, message))
    return findings


def _shrink(high: float, full: tuple[float, float] | None) -> float:
    """How much smaller this budget is than the one the slack was written for: a sprint
    that gives clarify 1 minute of 10 gets a tenth of the slack. Never more than 1."""
    if full is None or full[1] <= 0 or high == float("inf"):
        return 1.0
    return min(1.0, high / full[1])


def _section_start(doc: Document, phase: str | None) -> Sentence | None:
    """The first sentence of a phase's section, to point a finding at."""
    for sentence in doc.sentences:
        if phase is not None and sentence.phase == phase:
            return sentence
    return None


_KINDS: dict[str, Callable[[Rule, RuleContext], list[Finding]]] = {
    "missing": _missing,
    "when": _when,
    "order": _order,
    "forbid": _forbid,
    "limit": _limit,
    "timing": _timing,
}
