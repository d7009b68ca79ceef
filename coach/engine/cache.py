"""Compiled matchers cached on disk, so a command does not recompile ~3,000 phrases.

The engine stays pure (no files): this module, outside it, pickles the Matcher
of each set of items graded (a question's, or the generic rubric's) into the
cache folder, keyed by the library's signature (its files' paths, sizes, mtimes
and the coach version) and the items' ids. A command reads back only the
matchers it grades with: a fraction of the whole rubric.
"""

from __future__ import annotations

from collections.abc import Callable

from coach import paths
from coach.common.digest import short_digest
from coach.common.signed_cache import LAYOUT, prune, read_cached, write_cached
from coach.content.library import Library
from coach.content.schema import Question
from coach.engine.compiled import FORMAT, Matcher, compiled_for

__all__ = ["warm_engine"]

# Matchers kept: one per set of items graded against (shipped questions share one
# per set of categories, 21 in all), so switching questions or banks (--bank)
# seldom recompiles; old ones (other versions, edited files) go.
_KEPT = 12


def warm_engine(library: Library, question: Question | None = None) -> None:
    """Keep this library's matchers in the cache from now on, and make the one for
    this question (None: the generic rubric) ready: read back, else compiled and kept."""
    if not library.signature:
        return
    compiled = compiled_for(library)
    if compiled.keeper is None:
        compiled.keeper = _DiskKeeper(library.signature)
    compiled.matcher(library.items_for(question))


class _DiskKeeper:
    def __init__(self, signature: str) -> None:
        self.signature = signature

    def __call__(self, ids: tuple[str, ...], make: Callable[[], Matcher]) -> Matcher:
        digest = short_digest("\n".join(ids).encode())
        name = f"matcher-v{FORMAT}-{LAYOUT}-{self.signature}-{digest}.pickle"
        path = paths.cache_dir() / name
        cached = read_cached(path, Matcher)
        if cached is not None:
            return cached
        made = make()
        write_cached(path, made)
        prune(path.parent, "matcher-*.pickle", keep=_KEPT)
        # what other engines wrote: matchers of another shape, the whole rubric of old
        prune(path.parent, "compiled-*.pickle", keep=0)
        for other in range(FORMAT):
            prune(path.parent, f"matcher-v{other}-*.pickle", keep=0)
        return made
