"""Lists of terms: "Bagging, boosting, variance, errors." names things, says nothing."""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.common.regex_store import cached_regex
from coach.engine.tokens import Token

__all__ = ["is_term_list"]

# "/" separates "Flink/Spark" and "offline / online", not the letters of "A/B".
_LIST_SEPARATOR = cached_regex(
    r"[,;|+]|\s(?:and|or|&)\s|(?<![^\W\d_]\b)/|/(?![^\W\d_]\b)", re.IGNORECASE
)
# A word of a list part: "two-tower" and "A/B" are one word each.
_WORD = cached_regex(r"[^\W_]+(?:[-/][^\W_]+)*")
_LEAD_IN = 4  # words before the first term: "We'll use BERT, GNNs, ..."
_COLON_LEAD_IN = 12  # words before a colon that opens the list


def _too_long_for_a_list(text: str, tokens: Sequence[Token]) -> bool:
    """A cheap sure "no" for is_term_list, without splitting the text.

    A list of k parts holds at most 2k + L - 1 words (a lead-in of L words, middle
    parts 2, last 3; L is larger after a colon) and k is at most one more than the
    separators. The words of the
    parts are at least the tokens less the "and"/"or" used as separators.
    """
    conjunctions = sum(1 for token in tokens if token.lower in ("and", "or"))
    separators = sum(map(text.count, ",;/|+&")) + conjunctions
    joined = text.count("-") + text.count("/")  # "two-tower" is two tokens, one word
    lead_in = _COLON_LEAD_IN if ":" in text else _LEAD_IN
    return len(tokens) - conjunctions - joined > 2 * (separators + 1) + lead_in - 1


def is_term_list(text: str, tokens: Sequence[Token]) -> bool:
    """Three or more parts, each one or two words, after at most a short lead-in.

    "Bagging, boosting, variance, errors." and "We'll use BERT, GNNs, A/B testing"
    are lists; "The error decomposes into bias, variance and noise." is a statement.
    `tokens` are the text's tokens.
    """
    return not _too_long_for_a_list(text, tokens) and _splits_into_terms(text)


def _splits_into_terms(text: str) -> bool:
    """The definition of a list of terms, on the parts between separators."""
    parts = _LIST_SEPARATOR.split(text)
    lead_in = _LEAD_IN
    before, colon, after = parts[0].partition(":")
    if colon and len(_WORD.findall(before)) <= _COLON_LEAD_IN:
        # "The key idea is to combine the best techniques: transformers, GNNs, ..."
        parts[0], lead_in = after, 2
    counts = [n for n in map(len, map(_WORD.findall, parts)) if n]
    if len(counts) < 3:
        return False
    lead, rest = counts[0], counts[1:]
    return lead <= lead_in and all(n <= 2 for n in rest[:-1]) and rest[-1] <= 3
