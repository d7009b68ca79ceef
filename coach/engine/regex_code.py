"""The rubric's `re:` patterns, compiled once per process, or revived from a cached matcher.

Python's `re` parses and compiles a pattern in Python code: the 20 rubric
patterns a typical answer needs took 5-9 ms of every `coach score`, and a pickled
`re.Pattern` is only its source, compiled again when read back. `save` keeps what
the compiler produced (the SRE code `_sre.compile` takes, which is what
`re.compile` itself ends with); `revive` hands it back to `_sre.compile`, which
takes microseconds.

That code is private to CPython and changes between versions, so each saved
pattern carries the Python version and SRE magic it was made by, and anything
else is a miss that compiles the pattern the ordinary way. `_sre.compile`
validates the code it is given, and a cache file is only read when it carries the
user's own signature (coach.common.signed_cache).
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any

try:
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: every pattern compiles
    _sre = None

__all__ = ["compiled_pattern", "compiled_regex", "digit_first", "revive", "save"]

# What must match for saved code to be used: the interpreter and the SRE engine.
_MADE_BY = (sys.implementation.name, sys.version_info[:2], getattr(_sre, "MAGIC", None))

Saved = tuple[Any, ...]


def save(pattern: str, flags: int) -> Saved | None:
    """What `revive` needs to rebuild `re.compile(pattern, flags)`; None when it cannot."""
    if _sre is None:
        return None
    try:
        tree = _parser.parse(pattern, flags)
        code = [int(op) for op in _compiler._code(tree, flags)]  # opcodes are int subclasses
        groupindex = dict(tree.state.groupdict)
        indexgroup: list[str | None] = [None] * tree.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        args = (pattern, int(flags | tree.state.flags), code, tree.state.groups - 1)
        return (_MADE_BY, *args, groupindex, tuple(indexgroup))
    except Exception:  # the private compiler changed shape: patterns just compile
        return None


def revive(saved: Saved, pattern: str, flags: int) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from `saved` when it was made for this pattern by
    this interpreter; compiled the ordinary way otherwise."""
    if _sre is not None and saved[0] == _MADE_BY and saved[1] == pattern:
        try:
            revived = _sre.compile(*saved[1:])
        except Exception:  # code this SRE engine refuses: compile instead
            revived = None
        if isinstance(revived, re.Pattern) and revived.pattern == pattern:
            return revived
    return re.compile(pattern, flags)


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
