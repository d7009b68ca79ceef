"""The rubric's `re:` patterns: digit first, and compiled through coach's regex store
(coach.common.regex_store), so the 20 a typical answer needs are not compiled again
by every `coach score` (that took 5-9 ms).
"""

from __future__ import annotations

import functools
import re

from coach.common.regex_store import cached_regex

__all__ = ["compiled_pattern", "compiled_regex", "digit_first"]


@functools.cache
def compiled_regex(pattern: str) -> re.Pattern[str]:
    """A `re:` phrase's pattern, compiled (once per process)."""
    return compiled_pattern(digit_first(pattern))


@functools.cache
def compiled_pattern(source: str) -> re.Pattern[str]:
    """A pattern as compiled_regex made it (digit first): what a cached index keeps."""
    return cached_regex(source, re.IGNORECASE)


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
