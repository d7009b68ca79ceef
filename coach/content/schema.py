"""The content model: questions, frameworks, checklist items, mistake rules, banks.

The classes are plain frozen dataclasses so that reading them back from the
cache costs no pydantic import; pydantic validates them (via TypeAdapter) only
when a YAML file is read fresh. `__pydantic_config__` forbids unknown keys and inf/nan, and
`__post_init__` checks what a type cannot say (slugs, ranges); pydantic reports
those errors at the field's location like any other.

The meaning of match patterns and rule kinds belongs to `coach.engine`;
docs/content.md describes both for bank authors. The concept quiz's classes are in
`coach.content.concept_schema`; the shared checks in `coach.content.fields`.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Literal

from coach.common.frozen import frozen
from coach.content.fields import (
    FORBID,
    ITEM_ID,
    MAX_WEIGHT,
    RULE_CODE,
    SLUG,
    Countable,
    Difficulty,
    Level,
    Need,
    RuleKind,
    check,
    nonblank,
    reflow,
)

__all__ = [
    "Bank",
    "Category",
    "ChecklistItem",
    "Condition",
    "Example",
    "Fact",
    "Framework",
    "Grading",
    "ItemExamples",
    "Phase",
    "Question",
    "Rubric",
    "Rule",
    "RuleDocs",
    "RuleExamples",
    "Signal",
    "Verdict",
]

# --- questions -------------------------------------------------------------


@frozen
class Fact:
    """Something the interviewer knows and tells when asked."""

    __pydantic_config__ = FORBID
    topic: str
    triggers: tuple[str, ...]
    answer: str

    def __post_init__(self) -> None:
        nonblank(self.answer, "answer")
        check(len(self.triggers) > 0, "a fact needs at least one trigger term")


@frozen
class Signal:
    """One way a sentence can make a checklist point (see docs/content.md)."""

    __pydantic_config__ = FORBID
    any: tuple[str, ...]
    near: tuple[str, ...] = ()
    needs: Need | None = None

    def __post_init__(self) -> None:
        check(len(self.any) > 0, "a signal needs at least one phrase in 'any'")


@frozen
class ItemExamples:
    """Sentences that must earn an item and sentences that must not: its tests."""

    __pydantic_config__ = FORBID
    credited: tuple[str, ...] = ()
    not_credited: tuple[str, ...] = ()


@frozen
class StageSequence:
    """Words that open the lines of a staged design, in order: notes or a diagram that
    lay a point out as steps ("- find candidates" ... "- scoring") make it, though no
    one line does. A word ending in "*" is a prefix."""

    __pydantic_config__ = FORBID
    first: tuple[str, ...]
    then: tuple[str, ...]

    def __post_init__(self) -> None:
        for words in (self.first, self.then):
            check(len(words) > 0, "a stage needs at least one word")
            for word in words:
                check(bool(re.fullmatch(r"[^\s|.]+\*?", word)), f"{word!r} is not one word")


@frozen
class ChecklistItem:
    """A point an interviewer listens for, graded per phase."""

    __pydantic_config__ = FORBID
    id: str
    phase: str
    title: str
    why: str
    hint: str
    probe: str
    match: tuple[Signal, ...]
    weight: float = 1.0
    categories: tuple[str, ...] = ()
    # Word stems of a label or heading that says what the short line under it is
    # about: under "Offline metrics:" (or in "Loss: focal loss") the line "NDCG"
    # makes the point it could not make alone.
    context: tuple[str, ...] = ()
    # A labelled list naming more of this item's terms than this is a catalogue, not
    # the point: "Model: BERT, GNNs, XGBoost, CatBoost" chooses no model (0: no limit).
    max_listed: int = 0
    # Whether a short label that names this point ("Features:", "Preprocessing:", "Online
    # metrics:") makes each list line under it the point, in whatever words: "- History:
    # withdrawals lagged 7, 14 and 28 days" under "Features:" is a feature.
    label_suffices: bool = False
    # Categories whose questions must make this point (empty: every question). For
    # any other question, and for an answer graded with no question, the point is
    # optional: credited when made, never expected, probed or counted as missed
    # (a funnel for a churn classifier).
    expected_for: tuple[str, ...] = ()
    # Steps that make the point when list lines, sub-headings or diagram lines open
    # with them in this order (see StageSequence).
    stages: tuple[StageSequence, ...] = ()
    examples: ItemExamples = field(default_factory=ItemExamples)

    def expected_by(self, question: Question | None) -> bool:
        """Whether an answer to this question (None: the generic rubric, whose
        category is "general") must make the point."""
        if not self.expected_for:
            return True
        categories = question.categories if question else frozenset({"general"})
        return not categories.isdisjoint(self.expected_for)

    def __post_init__(self) -> None:
        check(bool(ITEM_ID.match(self.id)), f"item id {self.id!r} is not like 'data.labels'")
        check(0 < self.weight <= MAX_WEIGHT, f"weight must be above 0 and at most {MAX_WEIGHT}")
        check(len(self.match) > 0, "an item needs at least one match signal")


@frozen
class Question:
    """A design question with what the interviewer knows about it."""

    __pydantic_config__ = FORBID
    id: str
    title: str
    prompt: str
    category: str
    difficulty: Difficulty
    facts: tuple[Fact, ...]
    tags: tuple[str, ...] = ()
    items: tuple[ChecklistItem, ...] = ()
    source: str = ""
    # Deliberately takes the place of the question with this id from a bank loaded
    # before (the shipped one): without it a repeated id is an error.
    replaces: bool = False

    def __post_init__(self) -> None:
        check(bool(SLUG.match(self.id)), f"question id {self.id!r} is not a kebab-case slug")
        nonblank(self.title, "title")
        nonblank(self.prompt, "prompt")
        check(len(self.facts) > 0, "a question needs at least one fact for the interviewer to tell")
        # A YAML block keeps the line breaks its author typed near 78 columns; shown at
        # another width they would break lines early, so a paragraph is one line.
        object.__setattr__(self, "prompt", reflow(self.prompt))

    @property
    def categories(self) -> frozenset[str]:
        """The category and tags: any that names a rubric category switches it on."""
        return frozenset((self.category, *self.tags))


# --- the rubric ------------------------------------------------------------


@frozen
class Phase:
    """A step of an interview framework with its time budget."""

    __pydantic_config__ = FORBID
    id: str
    name: str
    min_minutes: float
    max_minutes: float
    goal: str
    covers: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check(bool(SLUG.match(self.id)), f"phase id {self.id!r} is not a slug")
        check(self.min_minutes >= 0, "min_minutes must not be negative")
        check(
            self.min_minutes <= self.max_minutes,
            f"min_minutes ({self.min_minutes:g}) is more than max_minutes ({self.max_minutes:g})",
        )

    @property
    def item_phases(self) -> tuple[str, ...]:
        """The canonical phases whose checklist items this phase grades."""
        return self.covers or (self.id,)


@frozen
class Framework:
    """An interview framework: an ordered list of timed phases."""

    __pydantic_config__ = FORBID
    id: str
    name: str
    phases: tuple[Phase, ...]
    description: str = ""

    def __post_init__(self) -> None:
        check(len(self.phases) > 0, "a framework needs at least one phase")

    def phase(self, phase_id: str) -> Phase:
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)


@frozen
class Category:
    __pydantic_config__ = FORBID
    id: str
    title: str
    description: str = ""


@frozen
class Condition:
    """Holds when any listed item is covered or any phrase is mentioned."""

    __pydantic_config__ = FORBID
    items: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check(bool(self.items or self.mentions), "a condition needs 'items' or 'mentions'")


@frozen
class RuleDocs:
    __pydantic_config__ = FORBID
    what: str
    why: str
    fix: str


@frozen
class Example:
    """An answer used to show and test a rule; minutes feed timing rules."""

    __pydantic_config__ = FORBID
    text: str
    minutes: dict[str, float] = field(default_factory=dict)


@frozen
class RuleExamples:
    __pydantic_config__ = FORBID
    bad: Example
    good: Example


@frozen
class Rule:
    """A classic mistake, detected by one of a closed set of kinds."""

    __pydantic_config__ = FORBID
    code: str
    name: str
    level: Level
    kind: RuleKind
    message: str
    docs: RuleDocs
    examples: RuleExamples
    categories: tuple[str, ...] = ()
    phase: str | None = None
    # missing: fires when none of these items is covered
    items: tuple[str, ...] = ()
    # when / order / forbid
    trigger: Condition | None = None
    require: Condition | None = None
    unless: Condition | None = None
    # limit
    count: Countable | None = None
    minimum: float | None = None
    maximum: float | None = None
    # timing: budget side and slack in minutes
    per_phase: bool = False  # limit: count in each phase section the answer has
    budget: Literal["over", "under"] | None = None
    slack_minutes: float = 0.0
    session_only: bool = False

    def __post_init__(self) -> None:
        check(bool(RULE_CODE.match(self.code)), f"rule code {self.code!r} is not like 'MSD101'")
        check(bool(SLUG.match(self.name)), f"rule name {self.name!r} is not kebab-case")
        needed: dict[str, tuple[str, ...]] = {
            "missing": ("items",),
            "when": ("trigger", "require"),
            "order": ("trigger", "require"),
            "forbid": ("trigger",),
            "limit": ("count",),
            "timing": ("budget",),
        }
        for name in needed[self.kind]:
            check(bool(getattr(self, name)), f"a '{self.kind}' rule needs '{name}'")
        if self.kind == "limit":
            check(
                self.minimum is not None or self.maximum is not None,
                "a 'limit' rule needs 'minimum' or 'maximum'",
            )


@frozen
class Verdict:
    __pydantic_config__ = FORBID
    name: str
    min_score: float


@frozen
class Grading:
    """Scoring knobs; every threshold lives here, not in code."""

    __pydantic_config__ = FORBID
    verdicts: tuple[Verdict, ...]
    penalties: dict[str, float]
    min_support: int = 1
    support_per_extra_item: int = 1
    max_penalty: float = 40.0
    phase_weights: dict[str, float] = field(default_factory=dict)
    # Words that never count as content: padding that sounds good and says nothing.
    filler_words: tuple[str, ...] = ()
    # A question ("What is the latency budget?") earns items only in these phases.
    question_phases: tuple[str, ...] = ("clarify",)
    # A labelled list that names this many points or more is a dump of buzzwords.
    dump_items: int = 3
    # A point made only in passing (one sentence, no reason, no figure) earns this
    # share of its weight; made with substance, all of it.
    mention_credit: float = 1.0
    # Findings of these rule kinds cost points: real mistakes (a model before any
    # metric, state of the art with no baseline, a random split of time data, time
    # badly spent). A "missing" or "limit" finding explains a gap the coverage
    # already charges, so it costs nothing more.
    charged_kinds: tuple[str, ...] = ("missing", "when", "order", "forbid", "limit", "timing")
    # Points of these phases said in one sentence are one point: a requirement and
    # its metric ("cut fraud losses") go together; a model and a store do not.
    joint_phases: tuple[str, ...] = ("clarify",)
    # An answer with at least this share of one-to-three-word lines is a bare outline:
    # labels and headings do not turn its lines into statements.
    outline_share: float = 0.55


@frozen
class Rubric:
    """The whole grading content: frameworks, items, rules, scoring."""

    __pydantic_config__ = FORBID
    frameworks: tuple[Framework, ...]
    categories: tuple[Category, ...]
    items: tuple[ChecklistItem, ...]
    rules: tuple[Rule, ...]
    grading: Grading
    version: int = 1


@frozen
class Bank:
    """A question bank file: questions, plus optional categories and items."""

    __pydantic_config__ = FORBID
    questions: tuple[Question, ...] = ()
    categories: tuple[Category, ...] = ()
    items: tuple[ChecklistItem, ...] = ()
