"""The compiled rubric cached on disk, so a command does not recompile ~3,000 phrases.

The engine stays pure (no files): this module, outside it, pickles the
engine's compiled rubric into the cache folder keyed by the library's
signature (its files' paths, sizes, mtimes and the coach version).
"""

from __future__ import annotations

import os
import pickle

from coach import paths
from coach.content.library import Library
from coach.engine.compiled import CompiledRubric, compiled_for, use_compiled

__all__ = ["warm_engine"]


def warm_engine(library: Library) -> None:
    """Make the library's compiled rubric ready: from the cache, else compiled and cached."""
    if not library.signature:
        return
    path = paths.cache_dir() / f"compiled-{library.signature}.pickle"
    try:
        with path.open("rb") as handle:
            compiled = pickle.load(handle)  # our own file, written below
        if isinstance(compiled, CompiledRubric):
            use_compiled(library, compiled)
            return
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    compiled = compiled_for(library)
    try:  # best effort: a cache that cannot be written only costs speed
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(compiled, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
