"""The questions as `coach questions` lists them, without loading whole banks.

Listing a bank shows five fields of each question; loading the library reads
everything else too (prompts, facts, checklists): 185 ms for a bank of 10,000
questions before a line was printed. After a library has loaded (and so passed
validation), its entries are cached as plain tuples under the library's signature
(its files' paths, mtimes and sizes, and coach's version), and a later listing of
the same files reads only those: a few milliseconds. Any change to a file is a
new signature, so a listing never shows what the files no longer say.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from sys import intern
from typing import NamedTuple

from coach import paths
from coach.common.long_lived import long_lived
from coach.common.signed_cache import LAYOUT, prune, read_cached, write_cached
from coach.content.library import files_signature, library_files, load_library

__all__ = ["QuestionEntry", "question_entries"]

_FORMAT = 2  # the shape of a row; part of the cache file's name
_KEPT = 6  # listings of different sets of banks (--bank) kept side by side


class QuestionEntry(NamedTuple):
    """What a listing shows of a question, and what it filters on."""

    id: str
    title: str
    category: str
    tags: tuple[str, ...]
    difficulty: str

    @property
    def categories(self) -> frozenset[str]:
        """The category and tags, as Question.categories."""
        return frozenset((self.category, *self.tags))


# An entry from a cached row without the Python-level __new__ of a named tuple: the
# cache holds plain tuples, which unpickle in C (a listing of 10,000 in a few ms).
_entry = functools.partial(tuple.__new__, QuestionEntry)


def question_entries(extra_banks: Sequence[Path] = ()) -> list[QuestionEntry]:
    """Every question of the library (shipped, user and `extra_banks`), in bank order."""
    rubric, banks, _ = library_files(extra_banks)
    try:
        signature = files_signature([rubric, *banks])
    except OSError:  # a bank that is not there: loading says so, with its path
        signature = None
    cache = paths.cache_dir() / f"listing-v{_FORMAT}-{LAYOUT}-{signature}.pickle"
    if signature is not None:
        with long_lived():  # a listing of 10,000 reads twice as fast
            rows = read_cached(cache, list)
        if rows is not None:
            return [_entry(row) for row in rows]
    library = load_library(extra_banks)
    # the few categories, levels and tags as one string each: a smaller, quicker cache
    rows = [
        (q.id, q.title, intern(q.category), tuple(map(intern, q.tags)), intern(q.difficulty))
        for q in library.questions.values()
    ]
    if signature is not None:
        write_cached(cache, rows)
        prune(cache.parent, f"listing-v{_FORMAT}-*.pickle", keep=_KEPT)
    return [_entry(row) for row in rows]
