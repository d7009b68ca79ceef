"""The rubric compiled for the process: the phrases of the items it grades, and the rules'.

Grading one answer needs only the phrases of the items that apply to its
question (and the rules' mentions), so those are compiled and indexed together,
once per set of items, in a Matcher; a Matcher is what the cache keeps.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection

from coach.common.frozen import frozen
from coach.common.regex_store import cached_regex
from coach.content.library import Library
from coach.content.schema import ChecklistItem, Condition
from coach.engine.patterns import Phrase, PhraseIndex, compile_phrase
from coach.engine.support import SupportWords

__all__ = [
    "AnyKey",
    "CompiledRubric",
    "Matcher",
    "MatcherKeeper",
    "MentionKey",
    "compiled_for",
]


@frozen(eq=False)  # one per signal per matcher: identity is enough
class AnyKey:
    """One signal of one item, with what its match needs besides the phrase."""

    item: str
    signal: int
    phase: str
    needs: str | None  # "number" | "quantity" | None
    near: bool  # a `near` term must be in the same sentence too


@frozen
class MentionKey:
    rule: str
    part: str  # trigger | require | unless


# An item's compiled signals: (signal number, its `any` phrases, its `near` phrases).
CompiledSignals = tuple[tuple[int, tuple[Phrase, ...], tuple[Phrase, ...]], ...]


@frozen
class Matcher:
    """The phrases that matter for one set of items: what counts and what is near."""

    terms: PhraseIndex  # items' `any` phrases (AnyKey) and rules' mentions (MentionKey)
    near: PhraseIndex  # items' `near` phrases, under the same AnyKey, looked at when needed
    support: SupportWords


MatcherKeeper = Callable[[tuple[str, ...], Callable[[], Matcher]], Matcher]


class CompiledRubric:
    """The rubric's phrases, compiled item by item as a matcher first needs them.

    A process grades against one question or two, so it compiles only their
    items' phrases; a Matcher made elsewhere (the cache) is adopted whole.
    """

    def __init__(self, library: Library) -> None:
        self.library = library
        self.items: dict[str, ChecklistItem] = {}
        self._signals: dict[str, CompiledSignals] = {}
        self._contexts: dict[str, re.Pattern[str] | None] = {}  # compiled when first asked
        self._mentions: list[tuple[MentionKey, tuple[Phrase, ...]]] | None = None
        self._filler: frozenset[str] | None = None
        self._matchers: dict[tuple[str, ...], Matcher] = {}
        # Where matchers are kept between processes (see coach.engine.cache): given
        # the items' ids and how to make their matcher, it returns one, made or kept.
        self.keeper: MatcherKeeper | None = None
        for item in library.items.values():
            self.items[item.id] = item
        for question in library.questions.values():
            for item in question.items:
                self.items[item.id] = item

    def signals(self, item_id: str) -> CompiledSignals:
        """An item's compiled signals: (signal number, `any` phrases, `near` phrases)."""
        found = self._signals.get(item_id)
        if found is None:
            match = self.items[item_id].match
            found = tuple(
                (n, _phrases(signal.any), _phrases(signal.near)) for n, signal in enumerate(match)
            )
            self._signals[item_id] = found
        return found

    @property
    def mentions(self) -> list[tuple[MentionKey, tuple[Phrase, ...]]]:
        """The rules' `mentions` phrases, under the rule and the part that holds them."""
        if self._mentions is None:
            self._mentions = []
            for rule in self.library.rubric.rules:
                for part in ("trigger", "require", "unless"):
                    cond: Condition | None = getattr(rule, part)
                    if cond is not None:
                        key = MentionKey(rule.code, part)
                        self._mentions.append((key, _phrases(cond.mentions)))
        return self._mentions

    @property
    def filler(self) -> frozenset[str]:
        """Stems of the words that pad a sentence without saying anything."""
        if self._filler is None:
            from coach.engine.tokens import stem

            grading = self.library.rubric.grading
            self._filler = frozenset(stem(w) for w in grading.filler_words)
        return self._filler

    def in_context(self, item_id: str, context: str) -> bool:
        """Whether a line's label or heading names what this item is about."""
        try:
            pattern = self._contexts[item_id]
        except KeyError:
            pattern = self._contexts[item_id] = _context_pattern(self.items[item_id])
        return pattern is not None and pattern.search(context) is not None

    def matcher(self, items: Collection[ChecklistItem]) -> Matcher:
        """The index for these items (made on first use, then kept for the process)."""
        ids = tuple(item.id for item in items)
        found = self._matchers.get(ids)
        if found is None:
            make = functools.partial(self._make_matcher, ids)
            found = self.keeper(ids, make) if self.keeper is not None else make()
            self._matchers[ids] = found
        return found

    def _make_matcher(self, ids: tuple[str, ...]) -> Matcher:
        terms, near = PhraseIndex(), PhraseIndex()
        for item_id in ids:
            item = self.items[item_id]
            for n, any_phrases, near_phrases in self.signals(item_id):
                signal = item.match[n]
                key = AnyKey(item_id, n, item.phase, signal.needs, bool(near_phrases))
                terms.add_all(any_phrases, key)
                near.add_all(near_phrases, key)
        for mention, phrases in self.mentions:
            terms.add_all(phrases, mention)
        return Matcher(terms, near, SupportWords(self.filler))


def _context_pattern(item: ChecklistItem) -> re.Pattern[str] | None:
    if not item.context:
        return None
    stems = "|".join(re.escape(stem.lower()) for stem in item.context)
    return cached_regex(rf"(?<![\w-])(?:{stems})")


def _phrases(sources: tuple[str, ...]) -> tuple[Phrase, ...]:
    return tuple(compile_phrase(source) for source in sources)


# The shape of a pickled Matcher; part of its cache file's name, so a cache
# written by an older engine is never read back into a newer one.
FORMAT = 11

_compiled: dict[int, tuple[Library, CompiledRubric]] = {}


def compiled_for(library: Library) -> CompiledRubric:
    """Compile a library once; later calls with the same library are free."""
    entry = _compiled.get(id(library))
    if entry is None or entry[0] is not library:
        entry = (library, CompiledRubric(library))
        _compiled[id(library)] = entry
    return entry[1]
