"""Phrases (docs/content.md) compiled to token matchers, and an index to run them.

A phrase is a sequence of positions; each position is a set of alternatives,
an exact stem or a prefix of the lower-cased word; `..` between two positions
allows up to three other words. Phrases are indexed by what their first
position accepts, so matching a sentence costs a few dict look-ups per token,
not one scan per phrase.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from coach.content.phrases import split_words
from coach.engine.regex_code import compiled_pattern, compiled_regex, digit_first
from coach.engine.regexneeds import Candidates, Need, needs_of
from coach.engine.text import Sentence
from coach.engine.tokens import TOKEN, Token, count_tokens, stem
from coach.errors import PhraseError

__all__ = ["Hit", "Phrase", "PhraseIndex", "compile_phrase", "compiled_regex", "digit_first"]

GAP = 3  # words allowed by `..`
_PREFIX_KEY = 3
_MEMO_LIMIT = 200_000  # word forms remembered per index


# Alt, Position and Phrase are named tuples rather than frozen dataclasses: a
# cached matcher (about 6,000 of them) is unpickled at the start of every
# `coach score` and `coach mock`, and a frozen dataclass unpickles through a
# Python-level __setstate__, five times slower.


class Alt(NamedTuple):
    value: str
    prefix: bool

    def accepts(self, token: Token) -> bool:
        if self.prefix:
            return token.lower.startswith(self.value) or token.stem.startswith(self.value)
        return token.stem == self.value


class Position(NamedTuple):
    alts: tuple[Alt, ...]
    gap_before: int  # words allowed between the previous position and this one
    # The alternatives split once for speed: exact stems, and prefixes for str.startswith.
    exact: frozenset[str]
    prefixes: tuple[str, ...]

    @classmethod
    def of(cls, alts: tuple[Alt, ...], gap_before: int) -> Position:
        exact = frozenset(a.value for a in alts if not a.prefix)
        return cls(alts, gap_before, exact, tuple(a.value for a in alts if a.prefix))

    def accepts(self, token: Token) -> bool:
        """Same as any(alt.accepts(token) for alt in self.alts)."""
        if token.stem in self.exact:
            return True
        prefixes = self.prefixes
        return bool(prefixes) and (
            token.lower.startswith(prefixes) or token.stem.startswith(prefixes)
        )


class Phrase(NamedTuple):
    source: str
    positions: tuple[Position, ...] = ()
    # A `re:` phrase's pattern, as source: the rubric holds about 80 of them and a
    # process needs only its question's, so each is compiled when first indexed
    # (compiling them all made every `coach score` ~40 ms slower).
    regex: str | None = None
    # For each later position that takes exact stems only: those stems. A sentence
    # lacking any one of them cannot match, which is checked with a set look-up
    # before walking the tokens (most multi-word phrases fail right there).
    required: tuple[frozenset[str], ...] = ()

    @classmethod
    def of(cls, source: str, positions: tuple[Position, ...]) -> Phrase:
        needed = tuple(p.exact for p in positions[1:] if p.exact and not p.prefixes)
        return cls(source, positions, None, needed)

    def match_at(self, tokens: Sequence[Token], i: int) -> int | None:
        """End index (exclusive) when the phrase matches starting at token i."""
        if not self.positions[0].accepts(tokens[i]):
            return None
        return self.match_rest(tokens, i)

    def match_rest(self, tokens: Sequence[Token], i: int) -> int | None:
        """Like match_at, for a token i already known to fit the first position."""
        j = i + 1
        n = len(tokens)
        for pos in self.positions[1:]:
            limit = j + pos.gap_before + 1
            if limit > n:
                limit = n
            exact, prefixes = pos.exact, pos.prefixes
            while j < limit:  # Position.accepts, inlined: this loop is the hot one
                tok = tokens[j]
                if tok.stem in exact or (
                    prefixes and (tok.lower.startswith(prefixes) or tok.stem.startswith(prefixes))
                ):
                    break
                j += 1
            else:
                return None
            j += 1
        return j


def compile_phrase(source: str) -> Phrase:
    text = source.strip()
    if text.startswith("re:"):
        try:
            compiled_regex(text[3:])  # a bad pattern is a content error now, not at grading
            return Phrase(source, regex=text[3:])
        except re.error as exc:
            raise PhraseError(f"bad regex in {source!r}: {exc}") from None
    positions: list[Position] = []
    gap = 0
    for word in split_words(text):
        if word == "..":
            gap = GAP
            continue
        alts = tuple(_alt(part) for part in word.split("|") if part)
        if not alts:
            raise PhraseError(f"empty alternative in {source!r}")
        positions.append(_position(alts, gap))
        gap = 0
    if not positions:
        raise PhraseError(f"empty phrase {source!r}")
    return Phrase.of(source, tuple(positions))


# Equal positions and alternatives are one object each: the rubric's ~6,000 positions
# hold ~1,800 different ones, and a cached matcher then unpickles a third as many.
_interned: dict[object, Any] = {}


def _position(alts: tuple[Alt, ...], gap: int) -> Position:
    key = (alts, gap)
    found = _interned.get(key)
    if found is None:
        if len(_interned) >= _MEMO_LIMIT:
            _interned.clear()
        alts = tuple(_interned.setdefault(alt, alt) for alt in alts)
        found = _interned[key] = Position.of(alts, gap)
    return found


def _alt(part: str) -> Alt:
    part = part.lower()
    if part.endswith("*"):
        value = part[:-1]
        if not value:
            raise PhraseError("a lone '*' is not a word")
        return Alt(value, prefix=True)
    if part.startswith("a/b"):
        return Alt("a/b", prefix=False)
    return Alt(stem(part), prefix=False)


class Hit(NamedTuple):  # a named tuple: thousands are made per answer, and cheaply
    key: Any  # whatever the caller registered the phrase under
    start: int  # token index
    end: int  # token index, exclusive


# Hit((key, start, end)) without the Python-level __new__ of a named tuple:
# half the cost, and the matching loop makes one per matched word.
_hit = functools.partial(tuple.__new__, Hit)


class PhraseIndex:
    """Many phrases, each registered under a caller's key, matched together."""

    def __init__(self) -> None:
        self._exact: dict[str, list[tuple[Phrase, object]]] = defaultdict(list)
        self._prefix: dict[str, list[tuple[Phrase, object]]] = defaultdict(list)
        self._short_prefix: list[tuple[Phrase, object]] = []
        # pattern -> the keys registered under it: an item and a rule often share a
        # pattern ("200 ms"), and it runs once for both
        # (as source: a cached index compiles only the patterns an answer may match)
        self._regex: dict[str, list[object]] = {}
        # and what each pattern's matches need (read once, and kept with a cached index)
        self._needs: dict[str, tuple[Need, ...]] = {}
        # A word form as written -> the phrases whose first position takes it,
        # for the forms met so far; `_starters` holds the forms with any.
        self._starts: dict[str, _Starts] = {}
        self._starters: set[str] = set()
        self._forms_starting: dict[object, set[str]] = {}  # key -> forms that start its phrases

    def add(self, phrase: Phrase, key: object) -> None:
        self._forget()
        if phrase.regex is not None:
            regex = compiled_regex(phrase.regex)
            self._regex.setdefault(regex.pattern, []).append(key)
            if regex.pattern not in self._needs:
                self._needs[regex.pattern] = needs_of(regex)
            return
        for alt in phrase.positions[0].alts:
            if not alt.prefix:
                self._exact[alt.value].append((phrase, key))
            elif len(alt.value) >= _PREFIX_KEY:
                self._prefix[alt.value[:_PREFIX_KEY]].append((phrase, key))
            else:
                self._short_prefix.append((phrase, key))

    def add_all(self, phrases: Iterable[Phrase], key: object) -> None:
        for phrase in phrases:
            self.add(phrase, key)

    def _forget(self) -> None:
        self._starts.clear()
        self._starters.clear()
        self._forms_starting.clear()

    def hits(self, sentence: Sentence) -> list[Hit]:
        """Every phrase match in the sentence, negated or not (the caller decides).

        `re:` phrases are not included: see regex_hits.
        """
        forms = sentence.forms
        self._know(sentence)
        present = self._starters.intersection(forms)
        if not present:
            return []
        tokens = sentence.tokens
        stems: set[str] | None = None
        found: list[Hit] = []
        for i, form in enumerate(forms):
            if form not in present:
                continue
            starts = self._starts[form]
            for key in starts.singles:
                found.append(_hit((key, i, i + 1)))
            if not starts.multis:
                continue
            if stems is None:
                stems = {tok.stem for tok in tokens}
            if starts.needed is not None and starts.needed.isdisjoint(stems):
                continue
            for phrase, key in starts.multis:
                for need in phrase.required:
                    if need.isdisjoint(stems):
                        break
                else:
                    end = phrase.match_rest(tokens, i)
                    if end is not None:
                        found.append(_hit((key, i, end)))
        return found

    def keys_in(self, sentence: Sentence, wanted: Iterable[object]) -> set[object]:
        """The wanted keys with a phrase in the sentence outside any negation.

        Like hits() without `re:` phrases, asked key by key: a key whose phrases'
        first words are all absent is ruled out by one set operation.
        """
        forms = sentence.forms
        self._know(sentence)
        tokens, negated = sentence.tokens, sentence.negated
        found: set[object] = set()
        for key in wanted:
            starting = self._forms_starting.get(key)
            if starting is None or starting.isdisjoint(forms):
                continue
            for i, form in enumerate(forms):
                if form not in starting:
                    continue
                for phrase, phrase_key, single in self._starts[form].every:
                    if phrase_key is not key:
                        continue
                    end = i + 1 if single else phrase.match_rest(tokens, i)
                    if end is not None and (not negated or negated.isdisjoint(range(i, end))):
                        found.add(key)
                        break
                if key in found:
                    break
        return found

    def regex_hits(self, sentences: Sequence[Sentence]) -> dict[int, list[Hit]]:
        """Matches of the `re:` phrases, by sentence index.

        A regex runs only on the sentences that hold what every match needs
        (see regexneeds): most need a digit or one of a few words, which a
        sentence lacks far more often than not.
        """
        if not self._regex or not sentences:
            return {}
        scope = Candidates([s.text for s in sentences], [bool(s.numbers) for s in sentences])
        found: dict[int, list[Hit]] = {}
        bounds: dict[int, _TokenBounds] = {}  # worked out once per sentence that matches
        for pattern, keys in self._regex.items():
            candidates = scope.matching(self._needs[pattern])
            if not candidates:
                continue
            regex = compiled_pattern(pattern)
            for n in candidates:
                sentence = sentences[n]
                for m in regex.finditer(sentence.text):
                    where = bounds.get(sentence.index)
                    if where is None:
                        where = bounds[sentence.index] = _TokenBounds(sentence.text)
                    span = _token_span(sentence, m.start(), m.end(), where)
                    if span is not None:
                        hits = found.setdefault(sentence.index, [])
                        hits.extend(Hit(key, *span) for key in keys)
        return found

    def _know(self, sentence: Sentence) -> None:
        """Make sure every word form of the sentence has been looked up."""
        if not self._starts.keys() >= set(sentence.forms):
            self._learn(sentence)

    def _learn(self, sentence: Sentence) -> None:
        """Note which phrases each new word form of the sentence can start."""
        if len(self._starts) > _MEMO_LIMIT:
            self._forget()
        for form, tok in zip(sentence.forms, sentence.tokens, strict=True):
            if form not in self._starts:
                starts = self._starting(tok)
                self._starts[form] = starts
                if starts.every:
                    self._starters.add(form)
                for _, key, _ in starts.every:
                    self._forms_starting.setdefault(key, set()).add(form)

    def _starting(self, tok: Token) -> _Starts:
        """The phrases (once each) whose first position accepts the token."""
        lower, stem = tok.lower[:_PREFIX_KEY], tok.stem[:_PREFIX_KEY]
        exact = self._exact.get(tok.stem, ())
        prefixed = (
            self._prefix.get(lower, ()),
            self._prefix.get(stem, ()) if stem != lower else (),
            self._short_prefix,
        )
        if not exact and not any(prefixed):
            return _NO_STARTS  # most words start no phrase
        every: list[tuple[Phrase, object, bool]] = []
        seen: set[tuple[int, int]] = set()
        for phrase, key in exact:  # filed under this very stem: its first position takes it
            mark = (id(phrase), id(key))
            if mark not in seen:
                seen.add(mark)
                every.append((phrase, key, len(phrase.positions) == 1))
        for group in prefixed:
            for phrase, key in group:
                mark = (id(phrase), id(key))
                if mark not in seen and phrase.positions[0].accepts(tok):
                    seen.add(mark)
                    every.append((phrase, key, len(phrase.positions) == 1))
        if not every:
            return _NO_STARTS
        multis = tuple((phrase, key) for phrase, key, single in every if not single)
        needed: frozenset[str] | None = None  # None: a phrase with no stem to rule it out by
        if all(phrase.required for phrase, _ in multis):
            needed = frozenset().union(*(phrase.required[0] for phrase, _ in multis))
        singles = tuple(key for _, key, single in every if single)
        return _Starts(tuple(every), singles, multis, needed)


class _Starts(NamedTuple):
    """The phrases a word form can start, split for the matching loop."""

    every: tuple[tuple[Phrase, object, bool], ...]  # (phrase, key, single word?)
    singles: tuple[object, ...]  # keys of the one-word phrases: a hit right there
    multis: tuple[tuple[Phrase, object], ...]
    # Stems one of which each multi-word phrase needs (its first requirement):
    # a sentence with none of them skips them all. None when one needs no stem.
    needed: frozenset[str] | None


_NO_STARTS = _Starts((), (), (), frozenset())


class _TokenBounds:
    """Where each token of a text starts and ends, found once: a regex that matches
    a thousand times in a one-line answer must not count from the start each time."""

    __slots__ = ("ends", "starts")

    def __init__(self, text: str) -> None:
        spans = [m.span() for m in TOKEN.finditer(text)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def before(self, text: str, at: int) -> int:
        """count_tokens(text, 0, at), without counting from the start: the tokens
        that start before `at`, where a token cut by `at` counts as what its cut
        piece holds."""
        j = bisect.bisect_right(self.starts, at) - 1
        if j >= 0 and self.starts[j] < at < self.ends[j]:  # `at` cuts token j
            return j + count_tokens(text, self.starts[j], at)
        return bisect.bisect_left(self.starts, at)


def _token_span(
    sentence: Sentence, start: int, end: int, bounds: _TokenBounds | None = None
) -> tuple[int, int] | None:
    """Token indexes covering a character span of the sentence's normalised text.

    The regex runs on `sentence.text` (whitespace folded), so we map by counting
    tokens before the span rather than by offsets; with the sentence's token
    bounds, the tokens before are found by bisection, not counted from the start.
    """
    if bounds is not None:
        before = bounds.before(sentence.text, start)
    else:
        before = count_tokens(sentence.text, 0, start)
    inside = count_tokens(sentence.text, start, end)  # as long as the match: cheap
    if inside == 0:
        return (before, min(before + 1, len(sentence.tokens))) if sentence.tokens else None
    return (before, min(before + inside, len(sentence.tokens)))
