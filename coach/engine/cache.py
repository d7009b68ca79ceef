"""The compiled rubric cached on disk, so a command does not recompile ~3,000 phrases.

The engine stays pure (no files): this module, outside it, pickles the
engine's compiled rubric into the cache folder keyed by the library's
signature (its files' paths, sizes, mtimes and the coach version).
"""

from __future__ import annotations

from coach import paths
from coach.common.signed_cache import LAYOUT, prune, read_cached, write_cached
from coach.content.library import Library
from coach.engine.compiled import FORMAT, CompiledRubric, compiled_for, use_compiled

__all__ = ["warm_engine"]

# Compiled rubrics kept: a few, so switching between banks (--bank) does not
# recompile every time, and old ones (other versions, edited files) go.
_KEPT = 4


def warm_engine(library: Library) -> None:
    """Make the library's compiled rubric ready: from the cache, else compiled and cached."""
    if not library.signature:
        return
    path = paths.cache_dir() / f"compiled-v{FORMAT}-{LAYOUT}-{library.signature}.pickle"
    cached = read_cached(path, CompiledRubric)
    if cached is not None:
        use_compiled(library, cached)
        return
    write_cached(path, compiled_for(library))
    prune(path.parent, "compiled-*.pickle", keep=_KEPT)
