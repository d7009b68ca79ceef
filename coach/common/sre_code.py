"""A compiled regex as data a cache can keep, and the regex back from it in microseconds.

Python's `re` parses and compiles a pattern in Python code (about 0.1-1 ms for
each of coach's larger patterns, and coach needs some 70 of them to grade), and
a pickled `re.Pattern` is only its source, compiled again when read back. `save`
keeps what the compiler produced (the SRE code `_sre.compile` takes, which is
what `re.compile` itself ends with); `revive` hands it back to `_sre.compile`.

That code is private to CPython and changes between versions, so each saved
pattern carries the Python version and SRE magic it was made by, and anything
else is a miss that compiles the pattern the ordinary way. `_sre.compile`
validates the code it is given, and coach only reads cache files that carry the
user's own signature (coach.common.signed_cache).
"""

from __future__ import annotations

import re
import sys
import warnings
from typing import Any

try:
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: every pattern compiles
    _sre = None

__all__ = ["Saved", "revive", "save"]

# What must match for saved code to be used: the interpreter and the SRE engine.
_MADE_BY = (sys.implementation.name, sys.version_info[:3], getattr(_sre, "MAGIC", None))

Saved = tuple[Any, ...]


def save(pattern: str, flags: int) -> Saved | None:
    """What `revive` needs to rebuild `re.compile(pattern, flags)`; None when it cannot."""
    if _sre is None:
        return None
    try:
        with warnings.catch_warnings():  # re.compile has already said what it had to say
            warnings.simplefilter("ignore")
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
