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
import itertools
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from coach.content.phrases import split_words
from coach.engine.text import Sentence, Token, stem

__all__ = ["Hit", "Phrase", "PhraseIndex", "compile_phrase"]

GAP = 3  # words allowed by `..`
_PREFIX_KEY = 3
_MEMO_LIMIT = 200_000  # word forms remembered per index


@dataclass(frozen=True, slots=True)
class Alt:
    value: str
    prefix: bool

    def accepts(self, token: Token) -> bool:
        if self.prefix:
            return token.lower.startswith(self.value) or token.stem.startswith(self.value)
        return token.stem == self.value


@dataclass(frozen=True, slots=True)
class Position:
    alts: tuple[Alt, ...]
    gap_before: int  # words allowed between the previous position and this one
    # The alternatives split once for speed: exact stems, and prefixes for str.startswith.
    exact: frozenset[str] = field(init=False, repr=False, compare=False)
    prefixes: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "exact", frozenset(a.value for a in self.alts if not a.prefix))
        object.__setattr__(self, "prefixes", tuple(a.value for a in self.alts if a.prefix))

    def accepts(self, token: Token) -> bool:
        """Same as any(alt.accepts(token) for alt in self.alts)."""
        if token.stem in self.exact:
            return True
        prefixes = self.prefixes
        return bool(prefixes) and (
            token.lower.startswith(prefixes) or token.stem.startswith(prefixes)
        )


@dataclass(frozen=True, slots=True)
class Phrase:
    source: str
    positions: tuple[Position, ...] = ()
    regex: re.Pattern[str] | None = None
    # For each later position that takes exact stems only: those stems. A sentence
    # lacking any one of them cannot match, which is checked with a set look-up
    # before walking the tokens (most multi-word phrases fail right there).
    required: tuple[frozenset[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        needed = tuple(p.exact for p in self.positions[1:] if p.exact and not p.prefixes)
        object.__setattr__(self, "required", needed)

    def match_at(self, tokens: Sequence[Token], i: int) -> int | None:
        """End index (exclusive) when the phrase matches starting at token i."""
        if not self.positions[0].accepts(tokens[i]):
            return None
        return self.match_rest(tokens, i)

    def match_rest(self, tokens: Sequence[Token], i: int) -> int | None:
        """Like match_at, for a token i already known to fit the first position."""
        j = i + 1
        for pos in self.positions[1:]:
            limit = min(len(tokens), j + pos.gap_before + 1)
            while j < limit and not pos.accepts(tokens[j]):
                j += 1
            if j >= limit:
                return None
            j += 1
        return j


class PhraseError(ValueError):
    pass


def compile_phrase(source: str) -> Phrase:
    text = source.strip()
    if text.startswith("re:"):
        try:
            return Phrase(source, regex=re.compile(text[3:], re.IGNORECASE))
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
        positions.append(Position(alts, gap))
        gap = 0
    if not positions:
        raise PhraseError(f"empty phrase {source!r}")
    return Phrase(source, tuple(positions))


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
    key: object  # whatever the caller registered the phrase under
    start: int  # token index
    end: int  # token index, exclusive


class PhraseIndex:
    """Many phrases, each registered under a caller's key, matched together."""

    def __init__(self) -> None:
        self._exact: dict[str, list[tuple[Phrase, object]]] = defaultdict(list)
        self._prefix: dict[str, list[tuple[Phrase, object]]] = defaultdict(list)
        self._short_prefix: list[tuple[Phrase, object]] = []
        self._regex: list[tuple[Phrase, object]] = []
        # A word form as written -> the phrases whose first position takes it,
        # for the forms met so far; `_starters` holds the forms with any.
        self._starts: dict[str, tuple[tuple[Phrase, object, bool], ...]] = {}
        self._starters: set[str] = set()

    def add(self, phrase: Phrase, key: object) -> None:
        self._forget()
        if phrase.regex is not None:
            self._regex.append((phrase, key))
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

    def hits(self, sentence: Sentence) -> list[Hit]:
        """Every phrase match in the sentence, negated or not (the caller decides).

        `re:` phrases are not included: see regex_hits.
        """
        forms = sentence.forms
        if not self._starts.keys() >= set(forms):
            self._learn(sentence)
        present = self._starters.intersection(forms)
        if not present:
            return []
        tokens = sentence.tokens
        stems: set[str] | None = None
        found: list[Hit] = []
        for i, form in enumerate(forms):
            if form not in present:
                continue
            for phrase, key, single in self._starts[form]:
                if single:
                    found.append(Hit(key, i, i + 1))
                    continue
                if stems is None:
                    stems = {tok.stem for tok in tokens}
                for need in phrase.required:
                    if need.isdisjoint(stems):
                        break
                else:
                    end = phrase.match_rest(tokens, i)
                    if end is not None:
                        found.append(Hit(key, i, end))
        return found

    def keys_in(self, sentence: Sentence, wanted: Collection[object]) -> set[object]:
        """The wanted keys with a phrase in the sentence outside any negation.

        Like hits(), without `re:` phrases, but stops at the first match per key.
        """
        forms = sentence.forms
        if not self._starts.keys() >= set(forms):
            self._learn(sentence)
        present = self._starters.intersection(forms)
        found: set[object] = set()
        if not present:
            return found
        tokens, negated = sentence.tokens, sentence.negated
        for i, form in enumerate(forms):
            if form not in present:
                continue
            for phrase, key, single in self._starts[form]:
                if key in found or key not in wanted:
                    continue
                end = i + 1 if single else phrase.match_rest(tokens, i)
                if end is not None and (not negated or negated.isdisjoint(range(i, end))):
                    found.add(key)
        return found

    def regex_hits(self, sentences: Sequence[Sentence]) -> dict[int, list[Hit]]:
        """Matches of the `re:` phrases, by sentence index.

        A regex runs only on the sentences that can hold a match (see
        `_requirement`): most need a digit or one of a few words, which a
        sentence lacks far more often than not.
        """
        if not self._regex or not sentences:
            return {}
        with_digits = [n for n, sentence in enumerate(sentences) if sentence.numbers]
        lowered = "\n".join(s.text.lower() for s in sentences)
        starts: list[int] | None = None
        found: dict[int, list[Hit]] = {}
        for phrase, key in self._regex:
            assert phrase.regex is not None
            need = _requirement(phrase.regex)
            candidates: Iterable[int]
            if need is None:
                candidates = range(len(sentences))
            elif need == DIGIT:
                candidates = with_digits
            else:
                assert isinstance(need, frozenset)
                if not any(word in lowered for word in need):
                    continue  # a fast substring search rules out the whole answer
                if starts is None:
                    starts = list(
                        itertools.accumulate((len(s.text) + 1 for s in sentences[:-1]), initial=0)
                    )
                found_at = _any_of(need).finditer(lowered)
                candidates = sorted({bisect.bisect_right(starts, m.start()) - 1 for m in found_at})
            for n in candidates:
                sentence = sentences[n]
                for m in phrase.regex.finditer(sentence.text):
                    span = _token_span(sentence, m.start(), m.end())
                    if span is not None:
                        found.setdefault(sentence.index, []).append(Hit(key, *span))
        return found

    def _learn(self, sentence: Sentence) -> None:
        """Note which phrases each new word form of the sentence can start."""
        if len(self._starts) > _MEMO_LIMIT:
            self._forget()
        for form, tok in zip(sentence.forms, sentence.tokens, strict=True):
            if form not in self._starts:
                starts = self._starting(tok)
                self._starts[form] = starts
                if starts:
                    self._starters.add(form)

    def _starting(self, tok: Token) -> tuple[tuple[Phrase, object, bool], ...]:
        """The phrases (once each) whose first position accepts the token."""
        groups = (
            self._exact.get(tok.stem, ()),
            self._prefix.get(tok.lower[:_PREFIX_KEY], ()),
            self._prefix.get(tok.stem[:_PREFIX_KEY], ()) if tok.stem[:3] != tok.lower[:3] else (),
            self._short_prefix,
        )
        starts: list[tuple[Phrase, object, bool]] = []
        seen: set[tuple[int, int]] = set()
        for group in groups:
            for phrase, key in group:
                mark = (id(phrase), id(key))
                if mark not in seen and phrase.positions[0].accepts(tok):
                    seen.add(mark)
                    starts.append((phrase, key, len(phrase.positions) == 1))
        return tuple(starts)


def _token_span(sentence: Sentence, start: int, end: int) -> tuple[int, int] | None:
    """Token indexes covering a character span of the sentence's normalised text.

    The regex runs on `sentence.text` (whitespace folded), so we map by
    counting tokens before the span rather than by offsets.
    """
    from coach.engine.text import count_tokens

    before = count_tokens(sentence.text[:start])
    inside = count_tokens(sentence.text[start:end])
    if inside == 0:
        return (before, min(before + 1, len(sentence.tokens))) if sentence.tokens else None
    return (before, min(before + inside, len(sentence.tokens)))


# --- what a regex needs ------------------------------------------------------

DIGIT = "digit"
_requirements: dict[str, object] = {}


def _requirement(regex: re.Pattern[str]) -> object:
    """DIGIT, a frozenset of words one of which every match contains, or None.

    Read from the regex's own parse tree: the first element every match must
    contain that is a digit class or literal text. Used only to skip sentences
    that cannot match, so a None (unknown) is always safe.
    """
    cached = _requirements.get(regex.pattern, _requirements)
    if cached is _requirements:
        from re import _parser  # type: ignore[attr-defined]

        try:
            cached = _sequence_need(list(_parser.parse(regex.pattern, regex.flags)))
        except Exception:  # an exotic pattern: no prefilter, just a full scan
            cached = None
        _requirements[regex.pattern] = cached
    return cached


@functools.cache
def _any_of(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _sequence_need(items: list[tuple[Any, Any]]) -> object:
    from re import _constants as c  # type: ignore[attr-defined]

    i = 0
    while i < len(items):
        op, arg = items[i]
        if op is c.LITERAL:
            word = ""
            while i < len(items) and items[i][0] is c.LITERAL:
                word += chr(items[i][1])
                i += 1
            return frozenset({word.lower()})
        need: object = None
        if op is c.IN and arg == [(c.CATEGORY, c.CATEGORY_DIGIT)]:
            need = DIGIT
        elif op is c.BRANCH:
            options = [_sequence_need(list(branch)) for branch in arg[1]]
            if options and all(o == DIGIT for o in options):
                need = DIGIT
            elif options and all(isinstance(o, frozenset) for o in options):
                need = frozenset().union(*options)  # type: ignore[arg-type]
        elif op is c.SUBPATTERN:
            need = _sequence_need(list(arg[3]))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
            need = _sequence_need(list(arg[2]))
        if need is not None:
            return need
        i += 1
    return None
