"""Quantities in a sentence: "200 ms", "100M DAU", "10k QPS", "5%", "millions of users"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.common.regex_store import cached_regex
from coach.engine.tokens import form_set

__all__ = ["DIGIT_FORMS", "count_digits", "count_quantities"]

_QUANTITY = cached_regex(
    r"(?<![\w.])(?:~|≈|<|>|≤|≥)?\$?\d[\d,]*(?:\.\d+)?\s?"
    r"(?:%|percent|k\b|m\b|mm\b|b\b|bn\b|x\b|thousands?|millions?|billions?|trillions?|"
    r"[kmgtp]i?b\b|bytes?|ms\b|milliseconds?|µs|us\b|s\b|secs?|seconds?|min\b|mins|minutes?|"
    r"h\b|hrs?|hours?|days?|weeks?|months?|years?|qps|rps|tps|requests?|queries|users?|"
    r"dau|mau|items?|videos?|events?|transactions?|docs?|documents?|products?|images?|"
    r"rows?|records?|ads?|clicks?|impressions?|gpus?|nodes?|servers?|cores?|tokens?|"
    r"posts?|messages?|listings?|songs?|tracks?|accounts?|sessions?|calls?|orders?|"
    r"[a-z]+\s?(?:per|/)\s?(?:s|sec|second|day|minute|hour))"
    r"|\b(?:hundreds|thousands|millions|billions|tens)\s+of\b"
    r"|\b(?:a|one|a few|several)\s+(?:thousand|million|billion|trillion)\b"
    r"|\bp(?:50|90|95|99|999)\b",
    re.IGNORECASE,
)
_NUMBER = cached_regex(r"\d")
# Words that make a quantity without a digit ("millions of users", "a few thousand").
_QUANTITY_WORDS = frozenset(
    "hundreds thousands millions billions tens thousand million billion trillion".split()
)
DIGIT_FORMS = form_set(lambda token: bool(_NUMBER.search(token.lower)))
_QUANTITY_WORD_FORMS = form_set(lambda token: token.lower in _QUANTITY_WORDS)
# Where a quantity without such a word can start: a sign, a "$", "p99", or the
# first digit of a run (the pattern's look-behind rules out a digit after a digit).
_QUANTITY_START = cached_regex(r"[~≈<>≤≥$]|\d+|p(?=\d)", re.IGNORECASE)


def _count_from_starts(text: str, forms: Sequence[str]) -> int:
    """len(_QUANTITY.findall(text)), trying the full pattern only where one can start.

    The pattern scans slowly (four alternatives at every character); without a
    quantity word, a match can only start at a _QUANTITY_START, so the scan
    jumps between those. Non-ASCII text takes the full scan: case-insensitive
    matching has special cases there ("ſ" matches "s").
    """
    if not _QUANTITY_WORD_FORMS.isdisjoint(forms) or not text.isascii():
        return len(_QUANTITY.findall(text))
    count = end = 0
    for start in _QUANTITY_START.finditer(text):
        if start.start() >= end:
            found = _QUANTITY.match(text, start.start())
            if found:
                count += 1
                end = found.end()
    return count


def count_quantities(text: str, forms: Sequence[str]) -> int:
    """How many quantities the text states; `forms` are its tokens as written."""
    if not DIGIT_FORMS.isdisjoint(forms):
        return _count_from_starts(text, forms)
    if not _QUANTITY_WORD_FORMS.isdisjoint(forms):
        return len(_QUANTITY.findall(text))
    return 0


def count_digits(text: str, forms: Sequence[str]) -> int:
    return len(_NUMBER.findall(text)) if not DIGIT_FORMS.isdisjoint(forms) else 0
