"""What to practise next: due cards turned into concrete commands, each with a reason.

After every finished session its question, the checklist points it missed and
the mistakes it made become review cards (`coach.progress.schedule`). `next_steps`
lists first what this user keeps missing (in 2 or more of the last 5 graded
sessions, most often first, whether or not its card is due yet), then what is
due, each with why ("missed monitor.drift in 3 of the last 4 sessions") and the
command that practises it. A new user gets a first plan, never an empty screen.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from coach.common.frozen import frozen
from coach.content.browse import filter_questions
from coach.content.library import Library
from coach.content.schema import ChecklistItem, Question, Rule
from coach.progress.schedule import due_cards
from coach.store.db import Store

__all__ = ["Suggestion", "choose_question", "next_steps"]

RECENT = 5
REPEATED = 2  # missed this often in the last RECENT sessions: a weakness to work on


@frozen
class Suggestion:
    kind: str  # question | item | rule | concept | start
    ref: str
    title: str
    why: str
    command: str
    question: str | None = None
    also: tuple[str, ...] = ()  # other due points the same command practises

    @property
    def reason(self) -> str:
        return self.why + (f"; also {', '.join(self.also)}" if self.also else "")

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "also": list(self.also), "reason": self.reason}


class _Recent:
    """What the suggestions quote of the history, read once, from the summaries: the
    last RECENT graded sessions' items (missed or not) and the rules that fired in them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        ids = [r.session_id for r in reversed(store.score_rows(last=RECENT))]
        items, findings = store.points_of(ids, "item"), store.points_of(ids, "finding")
        self.items = [items[i] for i in ids]
        self.findings = [findings[i] for i in ids]
        self._newest: dict[str, tuple[str, int] | None] = {}

    def newest(self, question_id: str) -> tuple[str, int] | None:
        """When the question's newest graded session started (None: it has none)."""
        if question_id not in self._newest:
            found = self.store.last_practised([question_id])
            self._newest[question_id] = found.get(question_id)
        return self._newest[question_id]


def next_steps(
    library: Library, store: Store, now: datetime, *, limit: int = 8
) -> list[Suggestion]:
    """Read from the cards and the summaries of graded sessions (the last few of them
    and each question's newest), never from every report: it costs what it shows."""
    history = _Recent(store)
    practised = store.practised_question_ids()
    due = [(card.card.kind, card.card.ref) for card in due_cards(store, now)]
    weak = _keeps_missing(history)
    # What keeps being missed comes first, due or not (a card missed today is due only
    # tomorrow), the most often missed first; then the rest of what is due.
    order = weak + [ref for ref in due if ref not in set(weak)]
    by_command: dict[str, Suggestion] = {}
    for kind, ref in order:
        suggestion = _suggest(kind, ref, library, history, practised)
        if suggestion is None:
            continue
        same = by_command.get(suggestion.command)
        if same is not None:  # one drill practises several missed points
            by_command[suggestion.command] = _merge(same, suggestion)
        elif len(by_command) < limit:
            by_command[suggestion.command] = suggestion
    steps = list(by_command.values())
    if not steps:
        steps = _fresh_plan(library, store, now, practised)
    return steps


def _merge(first: Suggestion, other: Suggestion) -> Suggestion:
    return replace(first, also=(*first.also, other.ref))


def choose_question(
    library: Library,
    store: Store,
    now: datetime,
    *,
    category: str | None = None,
    difficulty: str | None = None,
    seed: int | None = None,
) -> Question:
    """The question plain `coach` and `coach mock` practise: the plan's first, else a new one."""
    candidates = {
        q.id
        for q in filter_questions(
            library.questions.values(), category=category, difficulty=difficulty
        )
    }
    for step in next_steps(library, store, now):
        if step.question in candidates:
            return library.question(step.question)
    from coach.playbooks.pick import pick_question

    return pick_question(
        library, store.practised_question_ids(), category=category, difficulty=difficulty, seed=seed
    )


def _keeps_missing(history: _Recent) -> list[tuple[str, str]]:
    """Points missed, and mistakes made, in at least REPEATED of the last sessions they
    applied to: most often first, then the most recent sessions' order."""
    counts: dict[tuple[str, str], int] = {}
    for items, fired in zip(history.items, history.findings, strict=True):
        for ref, missed in items.items():
            if missed:
                counts[("item", ref)] = counts.get(("item", ref), 0) + 1
        for ref in (ref for ref, made in fired.items() if made):
            counts[("rule", ref)] = counts.get(("rule", ref), 0) + 1
    repeated = [ref for ref, count in counts.items() if count >= REPEATED]
    return sorted(repeated, key=lambda ref: -counts[ref])


def _suggest(
    kind: str, ref: str, library: Library, history: _Recent, practised: Collection[str]
) -> Suggestion | None:
    if kind == "question" and ref in library.questions:
        q = library.questions[ref]
        newest = history.store.score_rows(question=ref, last=1)
        last = newest[0] if newest else None
        why = (
            f"last scored {last.score} ({last.verdict}) on {last.started_at[:10]}; due for another go"
            if last
            else "due for review"
        )
        return Suggestion(kind, ref, q.title, why, f"coach mock {ref}", ref)
    if kind == "item" and ref in library.items:
        item = library.items[ref]
        q = _question_exercising(library, item.categories, practised, history)
        missed, seen = _miss_count(history, ref)
        why = f"missed {ref} in {missed} of the last {seen} sessions" if seen else f"missed {ref}"
        return Suggestion(kind, ref, item.title, why, f"coach drill {item.phase} {q.id}", q.id)
    if kind == "rule":
        rule = next((r for r in library.rubric.rules if r.code == ref), None)
        if rule is None:
            return None
        q = _question_exercising(library, rule.categories, practised, history)
        made, seen = _finding_count(history, ref)
        why = (
            f"{rule.name}: made in {made} of the last {seen} sessions"
            if seen
            else f"{rule.name}: made recently"
        )
        phase = _rule_phase(rule, library)
        command = f"coach drill {phase} {q.id}" if phase else f"coach mock {q.id}"
        return Suggestion(kind, ref, rule.message, why, command, q.id)
    if kind == "concept":
        return Suggestion(kind, ref, ref, "concept due for review", "coach quiz")
    return None


def _fresh_plan(
    library: Library, store: Store, now: datetime, practised: Collection[str]
) -> list[Suggestion]:
    """For a new user, or when nothing is due: a sensible next session."""
    fresh = [q for q in library.questions.values() if q.id not in practised] or list(
        library.questions.values()
    )
    rng = random.Random(len(practised))  # stable for a given history
    first, second = rng.sample(fresh, 2) if len(fresh) >= 2 else (fresh[0], fresh[0])
    upcoming = sorted(store.cards(), key=lambda c: c.due)
    when = f"; next review due {upcoming[0].due[:10]}" if upcoming else ""
    start_why = (
        "nothing is due" + when
        if upcoming or practised
        else "a first full mock shows where you stand in every phase"
    )
    return [
        Suggestion("start", first.id, first.title, start_why, f"coach mock {first.id}", first.id),
        Suggestion(
            "start",
            second.id,
            second.title,
            "clarifying well sets up every later phase; practise it on its own",
            f"coach drill clarify {second.id}",
            second.id,
        ),
        Suggestion(
            "start",
            "quiz",
            "Concept quiz",
            "warm up the ML concepts a design answer leans on",
            "coach quiz --count 5",
        ),
    ]


def _question_exercising(
    library: Library,
    categories: Iterable[str],
    practised: Collection[str],
    history: _Recent,
) -> Question:
    """A question whose categories exercise the point, preferring one not practised yet."""
    wanted = set(categories)
    fits = [q for q in library.questions.values() if not wanted or wanted & q.categories]
    fits = fits or list(library.questions.values())
    fresh = [q for q in fits if q.id not in practised]
    if fresh:
        return fresh[0]
    newest = {q.id: when for q in fits if (when := history.newest(q.id)) is not None}
    graded = [q for q in fits if q.id in newest]
    # the least recently practised; one never graded only when no other fits
    return min(graded, key=lambda q: newest[q.id]) if graded else fits[0]


def _miss_count(history: _Recent, item_id: str) -> tuple[int, int]:
    seen = [items[item_id] for items in history.items if item_id in items]
    return sum(seen), len(seen)


def _finding_count(history: _Recent, code: str) -> tuple[int, int]:
    return sum(code in fired for fired in history.findings), len(history.findings)


def _rule_phase(rule: Rule, library: Library) -> str | None:
    if rule.phase:
        return rule.phase
    for item_id in (*rule.items, *(rule.require.items if rule.require else ())):
        item: ChecklistItem | None = library.items.get(item_id)
        if item is not None:
            return item.phase
    return None
