"""coach's regexes, compiled once per install rather than once per process.

The engine and the content schema compile some 50 patterns when imported (the
tokenizer, sentence ends, the quantity readers, heading names), and grading the
rubric's `re:` patterns an answer may match (about 20): 10-15 ms of every
`coach score`. `cached_regex()` takes the place of `re.compile` for them. The first
call reads the patterns' saved SRE code (coach.common.sre_code) from one signed
cache file; a pattern not in it is compiled the ordinary way, and when any was,
the file is written again as the process ends, so the next run finds them all.
The file's name holds coach's version and the Python's, and a failure to read or
write it only costs the compiling.
"""

from __future__ import annotations

import atexit
import re
import sys
from pathlib import Path

from coach.common.sre_code import Saved, revive, save

__all__ = ["cached_regex"]

_saved: dict[tuple[str, int], Saved] | None = None  # read at the first cached_regex()
_fresh: dict[tuple[str, int], re.Pattern[str]] = {}  # compiled in this process
_MAX_PATTERNS = 2000  # coach has ~60 of its own, and one per checklist item of a rubric


def cached_regex(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, revived from the store when it holds the pattern."""
    global _saved
    if _saved is None:
        _saved = _read()
    key = (source, int(flags))
    saved = _saved.get(key)
    if saved is not None:
        return revive(saved, source, flags)
    compiled = re.compile(source, flags)
    if not _fresh:
        atexit.register(_write)
    _fresh[key] = compiled
    return compiled


def _store_file() -> Path:
    from coach import __version__, paths
    from coach.common.signed_cache import LAYOUT

    python = sys.implementation.name + "-".join(map(str, sys.version_info[:3]))
    return paths.cache_dir() / f"regexes-{LAYOUT}-{python}-{__version__}.pickle"


def _read() -> dict[tuple[str, int], Saved]:
    from coach.common.signed_cache import read_cached

    try:
        found = read_cached(_store_file(), dict)
    except Exception:  # no usable cache folder: every pattern compiles
        return {}
    return found if found is not None else {}


def _write() -> None:
    """At exit, after a run that compiled patterns the store lacked: best effort."""
    from coach.common.signed_cache import prune, write_cached

    # a bound: patterns made from edited rubrics pile up; past it, start again
    merged = dict(_saved or {}) if len(_saved or ()) < _MAX_PATTERNS else {}
    for (source, flags), compiled in _fresh.items():
        code = save(compiled.pattern, flags)
        if code is not None:
            merged[(source, flags)] = code
    try:
        path = _store_file()
        write_cached(path, merged)
        prune(path.parent, "regexes-*.pickle", keep=2)
    except (Exception, KeyboardInterrupt):  # a cache is only ever a speed-up
        pass
