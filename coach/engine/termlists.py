"""Lists of terms: "Bagging, boosting, variance, errors." names things, says nothing."""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.engine.tokens import Token

__all__ = ["is_term_list"]

_LIST_SEPARATOR = re.compile(r"[,;/|+]|\s(?:and|or|&)\s", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")


def _too_long_for_a_list(text: str, tokens: Sequence[Token]) -> bool:
    """A cheap sure "no" for is_term_list, without splitting the text.

    A list of k parts holds at most 2k + 3 words (lead-in 4, middle parts 2,
    last 3) and k is at most one more than the separators. The words of the
    parts are at least the tokens less the "and"/"or" used as separators.
    """
    conjunctions = sum(1 for token in tokens if token.lower in ("and", "or"))
    separators = sum(map(text.count, ",;/|+&")) + conjunctions
    return len(tokens) - conjunctions > 2 * (separators + 1) + 3


def is_term_list(text: str, tokens: Sequence[Token]) -> bool:
    """Three or more parts, each one or two words, after at most a short lead-in.

    "Bagging, boosting, variance, errors." and "We'll use BERT, GNNs, A/B testing"
    are lists; "The error decomposes into bias, variance and noise." is a statement.
    `tokens` are the text's tokens.
    """
    return not _too_long_for_a_list(text, tokens) and _splits_into_terms(text)


def _splits_into_terms(text: str) -> bool:
    """The definition of a list of terms, on the parts between separators."""
    counts = [n for n in map(len, map(_WORD.findall, _LIST_SEPARATOR.split(text))) if n]
    if len(counts) < 3:
        return False
    lead, rest = counts[0], counts[1:]
    return lead <= 4 and all(n <= 2 for n in rest[:-1]) and rest[-1] <= 3
