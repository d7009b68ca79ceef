"""What every match of a regex must contain, read from the regex's own parse tree.

Used to skip sentences that cannot match before running a `re:` phrase on
them: most need a digit, or one of a few words, and usually both ("200 ms"
needs a digit and "ms"). A need is DIGIT or a set of lower-case texts one of
which every match contains. Needs only ever rule sentences out, so a regex
too exotic to read simply gets none and runs everywhere; so does a sentence
with non-ASCII letters, where case-insensitive matching has special cases
("ſ" matches "s") that a substring test would miss.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["DIGIT", "Candidates", "Need", "needs_of"]

DIGIT = "digit"
Need = str | frozenset[str]  # DIGIT, or texts (lower-case ASCII) one of which appears

_MOST_TEXTS = 12  # a need with more texts is not searched for across the answer
_FEW_CHECKS = 48  # up to this many (text, word) pairs are checked one by one
_cache: dict[tuple[str, int], tuple[Need, ...]] = {}


def needs_of(regex: re.Pattern[str]) -> tuple[Need, ...]:
    """Every need of the regex's top-level sequence (empty when none is known)."""
    key = (regex.pattern, regex.flags)
    found = _cache.get(key)
    if found is None:
        import re._parser as _parser  # type: ignore[import-not-found,unused-ignore]  # no stubs

        try:
            found = tuple(_sequence_needs(list(_parser.parse(regex.pattern, regex.flags))))
        except Exception:  # an exotic pattern: no prefilter, just a full scan
            found = ()
        _cache[key] = found
    return found


class Candidates:
    """Which of some texts can hold a match, need by need, with C-level searches.

    The texts are searched as one lower-cased string with str.find, jumping to
    the next text after each hit, so a need costs one search per text that has
    it, not a Python step per text; once a few candidates remain (after the
    digit need, say), they are checked one by one instead.
    """

    def __init__(self, texts: Sequence[str], has_digit: Sequence[bool]) -> None:
        lowered = self._lowered = [text.lower() for text in texts]
        self._joined = "\n".join(lowered)
        self._starts = list(itertools.accumulate((len(t) + 1 for t in lowered), initial=0))
        self._count = len(lowered)
        self._digits = frozenset(n for n, digit in enumerate(has_digit) if digit)
        self._non_ascii = frozenset(n for n, text in enumerate(texts) if not text.isascii())
        self._with: dict[str, frozenset[int]] = {}

    def matching(self, needs: Sequence[Need]) -> list[int]:
        """Indexes of the texts that meet every need, in order."""
        found = set(self._digits) if DIGIT in needs else None
        for need in needs:
            if isinstance(need, str):
                continue  # DIGIT, applied first: it costs nothing
            if found is not None and len(found) * len(need) <= _FEW_CHECKS:
                found = {n for n in found if self._holds_any(n, need)}
            elif len(need) <= _MOST_TEXTS:
                have = self._any_of(need)
                found = set(have) if found is None else found & have
            # else: searching for many texts costs more than running the regex
            if found is not None and not found:
                return []
        return sorted(found) if found is not None else list(range(self._count))

    def _holds_any(self, n: int, words: frozenset[str]) -> bool:
        lowered = self._lowered[n]
        return n in self._non_ascii or any(word in lowered for word in words)

    def _any_of(self, words: frozenset[str]) -> frozenset[int]:
        out: set[int] = set(self._non_ascii)
        for word in words:
            out.update(self._containing(word))
        return frozenset(out)

    def _containing(self, word: str) -> frozenset[int]:
        found = self._with.get(word)
        if found is None:
            hits: set[int] = set()
            joined, starts = self._joined, self._starts
            at = joined.find(word)
            while at != -1:
                n = bisect.bisect_right(starts, at) - 1
                hits.add(n)
                at = joined.find(word, starts[n + 1]) if n + 1 < self._count else -1
            found = self._with[word] = frozenset(hits)
        return found


def _sequence_needs(items: list[tuple[Any, Any]]) -> list[Need]:
    from re import _constants as c  # type: ignore[attr-defined]

    needs: list[Need] = []
    i = 0
    while i < len(items):
        op, arg = items[i]
        if op is c.LITERAL:
            word, i = _literal_run(items, i)
            # "m" then (s|sec|illisecond): the texts "ms", "msec", "millisecond"
            tails = _leading_texts(items[i : i + 1]) if i < len(items) else None
            texts = {word + tail for tail in tails} if tails else {word}
            i += 1 if tails else 0
            if all(_caseless_safe(text) for text in texts):
                needs.append(frozenset(text.lower() for text in texts))
            continue
        if op is c.IN and arg == [(c.CATEGORY, c.CATEGORY_DIGIT)]:
            needs.append(DIGIT)
        elif op is c.BRANCH:
            need = _one_of([_sequence_needs(list(branch)) for branch in arg[1]])
            if need is not None:
                needs.append(need)
        elif op is c.SUBPATTERN:
            needs.extend(_sequence_needs(list(arg[3])))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
            needs.extend(_sequence_needs(list(arg[2])))
        i += 1
    return needs


def _literal_run(items: list[tuple[Any, Any]], i: int) -> tuple[str, int]:
    """The text of the literals starting at i, and the index after them."""
    from re import _constants as c  # type: ignore[attr-defined]

    word = ""
    while i < len(items) and items[i][0] is c.LITERAL:
        word += chr(items[i][1])
        i += 1
    return word, i


def _leading_texts(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Texts one of which every match of the sequence starts with, or None."""
    from re import _constants as c  # type: ignore[attr-defined]

    if not items:
        return None
    op, arg = items[0]
    if op is c.LITERAL:
        return {_literal_run(items, 0)[0]}
    if op is c.BRANCH:
        options = [_leading_texts(list(branch)) for branch in arg[1]]
        if all(options):
            return set().union(*(o for o in options if o))
    if op is c.SUBPATTERN:
        return _leading_texts(list(arg[3]))
    return None


def _caseless_safe(text: str) -> bool:
    """Whether a substring test of lower-cased ASCII text is exact for this literal.

    ASCII is; so are characters without case ("≤", "%"). A cased non-ASCII
    letter may match an ASCII one case-insensitively ("ſ" and "s"), so no.
    """
    return all(ch.isascii() or ch.lower() == ch.upper() == ch for ch in text)


def _one_of(branches: list[list[Need]]) -> Need | None:
    """What every branch needs: a digit if all do, else texts if all need some."""
    if not branches or any(not needs for needs in branches):
        return None
    if all(DIGIT in needs for needs in branches):
        return DIGIT
    firsts = [next((n for n in needs if isinstance(n, frozenset)), None) for needs in branches]
    if any(first is None for first in firsts):
        return None
    return frozenset().union(*(f for f in firsts if f is not None))
