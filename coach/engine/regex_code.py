"""The rubric's `re:` patterns: compiled once per process, digit first, or revived
from the code a cached matcher carries (coach.common.sre_code): the 20 a typical
answer needs took 5-9 ms of every `coach score` to compile.
"""

from __future__ import annotations

import functools
import re

from coach.common.sre_code import Saved, revive

__all__ = ["compiled_pattern", "compiled_regex", "digit_first"]


@functools.cache
def compiled_regex(pattern: str) -> re.Pattern[str]:
    """A `re:` phrase's pattern, compiled (once per process)."""
    return compiled_pattern(digit_first(pattern))


_patterns: dict[str, re.Pattern[str]] = {}  # source -> compiled, once per process


def compiled_pattern(source: str, saved: Saved | None = None) -> re.Pattern[str]:
    """A pattern as compiled_regex made it (digit first), compiled again in this
    process, or revived from the code a cached index saved for it."""
    found = _patterns.get(source)
    if found is None:
        found = revive(saved, source, re.IGNORECASE) if saved else re.compile(source, re.IGNORECASE)
        _patterns[source] = found
    return found


def digit_first(pattern: str) -> str:
    r"""The same regex, starting with the digit when it starts with `\b\d`.

    Python's regex engine skips ahead to the characters a match can start with
    only when the pattern starts with them; a leading `\b` hides the digit, and
    the figure-reading patterns of the rubric (`\b\d[\d,.]*...`) then try
    every position of every sentence with a number. `\d(?<!\w\d)` is a digit
    with no word character before it, which is what `\b\d` means.
    """
    if not pattern.startswith(r"\b\d"):
        return pattern
    rest = pattern[4:]
    if rest.startswith("+"):  # \b\d+ is a first digit, then \d*
        return r"\d(?<!\w\d)\d*" + rest[1:]
    if rest[:1] in ("*", "?", "{"):
        return pattern
    return r"\d(?<!\w\d)" + rest
