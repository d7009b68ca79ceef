"""The rubric compiled once per process: every phrase of every item and rule.

Grading one answer needs only the phrases of the items that apply to its
question (and the rules' mentions), so those are indexed together, once per
set of items, in a Matcher.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from coach.content.library import Library
from coach.content.schema import ChecklistItem, Condition
from coach.engine.patterns import Phrase, PhraseIndex, compile_phrase
from coach.engine.support import SupportWords

__all__ = [
    "AnyKey",
    "CompiledRubric",
    "Matcher",
    "MentionKey",
    "compiled_for",
    "use_compiled",
]


@dataclass(frozen=True, slots=True, eq=False)  # one per signal per matcher: identity is enough
class AnyKey:
    """One signal of one item, with what its match needs besides the phrase."""

    item: str
    signal: int
    phase: str
    needs: str | None  # "number" | "quantity" | None
    near: bool  # a `near` term must be in the same sentence too


@dataclass(frozen=True, slots=True)
class MentionKey:
    rule: str
    part: str  # trigger | require | unless


# An item's compiled signals: (signal number, its `any` phrases, its `near` phrases).
CompiledSignals = tuple[tuple[int, tuple[Phrase, ...], tuple[Phrase, ...]], ...]


@dataclass(frozen=True, slots=True)
class Matcher:
    """The phrases that matter for one set of items: what counts and what is near."""

    terms: PhraseIndex  # items' `any` phrases (AnyKey) and rules' mentions (MentionKey)
    near: PhraseIndex  # items' `near` phrases, under the same AnyKey, looked at when needed
    support: SupportWords


class CompiledRubric:
    def __init__(self, library: Library) -> None:
        self.library = library
        self.items: dict[str, ChecklistItem] = {}
        self.signals: dict[str, CompiledSignals] = {}
        self.contexts: dict[str, re.Pattern[str]] = {}  # items that have `context` stems
        self.mentions: list[tuple[MentionKey, tuple[Phrase, ...]]] = []
        self.filler: frozenset[str] = frozenset()
        self._matchers: dict[tuple[str, ...], Matcher] = {}
        for item in library.items.values():
            self._add_item(item)
        for question in library.questions.values():
            for item in question.items:
                self._add_item(item)
        for rule in library.rubric.rules:
            for part in ("trigger", "require", "unless"):
                cond: Condition | None = getattr(rule, part)
                if cond is not None:
                    self.mentions.append((MentionKey(rule.code, part), _phrases(cond.mentions)))
        from coach.engine.tokens import stem

        grading = library.rubric.grading
        self.filler = frozenset(stem(w) for w in grading.filler_words)

    def _add_item(self, item: ChecklistItem) -> None:
        self.items[item.id] = item
        self.signals[item.id] = tuple(
            (n, _phrases(signal.any), _phrases(signal.near)) for n, signal in enumerate(item.match)
        )
        if item.context:
            stems = "|".join(re.escape(stem.lower()) for stem in item.context)
            self.contexts[item.id] = re.compile(rf"(?<![\w-])(?:{stems})")

    def in_context(self, item_id: str, context: str) -> bool:
        """Whether a line's label or heading names what this item is about."""
        pattern = self.contexts.get(item_id)
        return pattern is not None and pattern.search(context) is not None

    def matcher(self, items: Collection[ChecklistItem]) -> Matcher:
        """The index for these items (made on first use, then kept for the process)."""
        ids = tuple(item.id for item in items)
        found = self._matchers.get(ids)
        if found is None:
            terms, near = PhraseIndex(), PhraseIndex()
            for item_id in ids:
                item = self.items[item_id]
                for n, any_phrases, near_phrases in self.signals[item_id]:
                    signal = item.match[n]
                    key = AnyKey(item_id, n, item.phase, signal.needs, bool(near_phrases))
                    terms.add_all(any_phrases, key)
                    near.add_all(near_phrases, key)
            for mention, phrases in self.mentions:
                terms.add_all(phrases, mention)
            found = self._matchers[ids] = Matcher(terms, near, SupportWords(self.filler))
        return found

    def __getstate__(self) -> dict[str, object]:
        # The library is not part of the compiled state: whoever loads a pickled
        # CompiledRubric attaches the library it belongs to (use_compiled).
        # Matchers are cheap to rebuild from the compiled phrases.
        return {
            "items": self.items,
            "signals": self.signals,
            "contexts": self.contexts,
            "mentions": self.mentions,
            "filler": self.filler,
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._matchers = {}


def _phrases(sources: tuple[str, ...]) -> tuple[Phrase, ...]:
    return tuple(compile_phrase(source) for source in sources)


# The shape of a pickled CompiledRubric; part of its cache file's name, so a
# cache written by an older engine is never read back into a newer one.
FORMAT = 5

_compiled: dict[int, tuple[Library, CompiledRubric]] = {}


def use_compiled(library: Library, compiled: CompiledRubric) -> None:
    """Adopt a compiled rubric made earlier for this same library (e.g. from a cache)."""
    compiled.library = library
    _compiled[id(library)] = (library, compiled)


def compiled_for(library: Library) -> CompiledRubric:
    """Compile a library once; later calls with the same library are free."""
    entry = _compiled.get(id(library))
    if entry is None or entry[0] is not library:
        entry = (library, CompiledRubric(library))
        _compiled[id(library)] = entry
    return entry[1]
