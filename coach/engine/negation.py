"""Which words of a sentence sit under a negation ("we won't monitor drift").

A negating word covers the rest of its clause, up to a few words; "X is not
needed" and "X is out of scope" reach back to the clause start instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from coach.engine.tokens import Token, form_set, gap_before, stem

__all__ = ["NEGATING_FORMS", "negated_tokens"]

_NEGATORS = frozenset(
    "no not never without neither nor none cannot lack lacks lacking skip skipping".split()
)
_NEG_SUFFIX = ("n't", "n’t")
_NEG_PHRASES = (("rather", "than"), ("instead", "of"))
_NEG_EXCEPTIONS = frozenset({"only", "just", "doubt", "matter", "longer"})
# "monitoring is not needed": the negation reaches back to the clause start.
_BACKWARD_AFTER = frozenset(
    "need needed necessary required requirement scope worth important priority planned".split()
)
_BACKWARD_WORDS = frozenset({"unnecessary", "overkill", "unneeded"})
# "Monitoring can be skipped for now" reaches back too, but only in the passive:
# "skipped songs are negatives" is data.
_PASSIVE_DISMISSALS = frozenset({"skipped", "skippable"})
_BE = frozenset({"be", "been", "is", "are", "was", "were"})
_CLAUSE_BREAK = frozenset(
    "but however although though yet whereas while instead so because since which where then unless except whereby".split()
)
_SCOPE = 12  # words; a clause break or punctuation ends the scope sooner


def _starts_negation(token: Token) -> bool:
    """Whether a word can open a negation scope (see negated_tokens)."""
    lower = token.lower
    return (
        lower in _NEGATORS
        or lower.endswith(_NEG_SUFFIX)
        or lower in _BACKWARD_WORDS
        or lower in _PASSIVE_DISMISSALS
        or lower in ("out", "rather", "instead")
    )


# The word forms that can open a negation: a sentence with none has no negation.
NEGATING_FORMS = form_set(_starts_negation)


def negated_tokens(
    tokens: Sequence[Token],
    spans: Sequence[tuple[int, int]],
    text: str,
    triggers: Iterable[int] | None = None,
) -> frozenset[int]:
    """Indexes of tokens under a negation, within their clause.

    `spans` are the tokens' offsets in `text`, to see punctuation between them;
    `triggers` the indexes of the tokens that may open a negation (default: all).
    """
    if triggers is None:
        triggers = range(len(tokens))
    out: set[int] = set()
    n = len(tokens)

    def punct_between(j: int) -> bool:  # between tokens j-1 and j
        gap = gap_before(spans, text, j)
        return any(ch in ",;:()[]—–" for ch in gap) or " - " in gap

    def clause_end(i: int) -> int:
        j = i + 1
        while j < n and j <= i + _SCOPE:
            if tokens[j].lower in _CLAUSE_BREAK or punct_between(j):
                break
            j += 1
        return j

    def clause_start(i: int) -> int:
        j = i
        while j > 0 and not punct_between(j):
            if tokens[j - 1].lower in _CLAUSE_BREAK:
                break
            j -= 1
        return j

    for i in triggers:
        word = tokens[i].lower
        is_neg = word in _NEGATORS or word.endswith(_NEG_SUFFIX)
        if is_neg and i + 1 < n and tokens[i + 1].lower in _NEG_EXCEPTIONS:
            continue
        if not is_neg and i + 1 < n and (word, tokens[i + 1].lower) in _NEG_PHRASES:
            out.update(range(i + 2, clause_end(i + 1)))
            continue
        if (
            word in _BACKWARD_WORDS
            or (word == "out" and _next_words(tokens, i, 2) == ["of", "scope"])
            or (word in _PASSIVE_DISMISSALS and i > 0 and tokens[i - 1].lower in _BE)
        ):
            out.update(range(clause_start(i), i))
            continue
        if not is_neg:
            continue
        following = _next_words(tokens, i, 3)
        if any(stem(w) in _BACKWARD_AFTER or w in _BACKWARD_AFTER for w in following):
            out.update(range(clause_start(i), i))
        out.update(range(i + 1, clause_end(i)))
    return frozenset(out)


def _next_words(tokens: Sequence[Token], i: int, count: int) -> list[str]:
    return [t.lower for t in tokens[i + 1 : i + 1 + count]]
