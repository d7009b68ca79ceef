"""Words: the token pattern, Snowball stems, and one shared Token per word form.

A Token is made once per distinct word form in the process and shared by
every occurrence, so tokenising a sentence is one regex pass and one dict
look-up per word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from coach.common.regex_store import cached_regex

__all__ = [
    "TOKEN",
    "Token",
    "count_tokens",
    "form_set",
    "gap_before",
    "stem",
    "token_spans",
    "tokens_of",
]

TOKEN = cached_regex(r"a\s?/\s?b(?![^\W_])|[^\W_]+(?:['’](?:t|s|ll|re|ve|d)\b)?", re.IGNORECASE)
_BRITISH = cached_regex(r"^(\w{3,})is(ation|ations|e|ed|es|ing)$")
_stem_memo: dict[str, str] = {}
_stemmer: Callable[[str], str] | None = None


def stem(word: str) -> str:
    """Lower-cased Snowball stem, memoised for the process ("labelled" → "label")."""
    cached = _stem_memo.get(word)
    if cached is not None:
        return cached
    global _stemmer
    if _stemmer is None:
        _stemmer = _english_stemmer()
    lowered = word.lower().replace("’", "'")
    if lowered.startswith("a") and "/" in lowered:
        result = "a/b"
    elif "'" in lowered:
        result = lowered  # contractions stay whole: "don't", "won't"
    else:
        if "is" in lowered:  # a British -ise form: stemmed as its -ize spelling
            lowered = _BRITISH.sub(r"\1iz\2", lowered)
        result = _stemmer(lowered)
    if len(_stem_memo) < 200_000:
        _stem_memo[word] = result
    return result


def _english_stemmer() -> Callable[[str], str]:
    """Snowball's English stemmer: PyStemmer's C build, as snowballstemmer itself picks
    when it is installed (importing it directly skips snowballstemmer's own import),
    else snowballstemmer's pure Python."""
    try:
        import Stemmer  # type: ignore[import-not-found]

        return Stemmer.Stemmer("english").stemWord  # type: ignore[no-any-return]
    except ImportError:
        import snowballstemmer

        return snowballstemmer.stemmer("english").stemWord  # type: ignore[no-any-return]


class Token(NamedTuple):
    """One word form, shared by all its occurrences (no offsets: see token_spans)."""

    stem: str
    lower: str


def count_tokens(text: str, start: int = 0, end: int | None = None) -> int:
    """How many tokens text[start:end] holds, without building them or the slice."""
    return len(TOKEN.findall(text, start, len(text) if end is None else end))


# Word form as written -> its Token, for the process. Alongside, sets of the
# forms that play a part in some scan (a negating word, a digit, "and"), kept
# up to date as forms are learned, so a sentence without any of them is
# cleared by one set operation instead of a walk over its words.
_forms: dict[str, Token] = {}
_form_sets: list[tuple[Callable[[Token], bool], set[str]]] = []
_MEMO_LIMIT = 200_000


def form_set(belongs: Callable[[Token], bool]) -> set[str]:
    """A set, kept up to date, of the word forms seen whose Token `belongs`."""
    forms = {word for word, token in _forms.items() if belongs(token)}
    _form_sets.append((belongs, forms))
    return forms


def _learn(word: str) -> Token:
    token = _forms[word] = Token(stem(word), word.lower())
    for belongs, forms in _form_sets:
        if belongs(token):
            forms.add(word)
    return token


def tokens_of(words: Sequence[str]) -> tuple[Token, ...]:
    """The Token of each word form (as found by _TOKEN), in order."""
    try:
        return tuple(map(_forms.__getitem__, words))
    except KeyError:  # a form not seen before in this process
        if len(_forms) + len(words) > _MEMO_LIMIT:  # bounded: start over rather than grow
            _forms.clear()
            for _, forms in _form_sets:
                forms.clear()
        return tuple(_forms.get(word) or _learn(word) for word in words)


def token_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of each token of text[start:end], in text's coordinates."""
    return [m.span() for m in TOKEN.finditer(text, start, len(text) if end is None else end)]


def gap_before(spans: Sequence[tuple[int, int]], text: str, j: int) -> str:
    """The text between token j-1 and token j (spaces, punctuation), given token_spans."""
    return text[spans[j - 1][1] : spans[j][0]]
