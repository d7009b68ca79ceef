"""The syntax of match phrases (docs/content.md), checked when content loads.

Matching them is the engine's job (`coach.engine.patterns`); here we only
split a phrase into words and say what is wrong with one, without stemming,
so that loading stays cheap.
"""

from __future__ import annotations

import re
import re._parser as sre  # type: ignore[import-not-found,unused-ignore]  # the stdlib's regex parser
from typing import Any

__all__ = ["phrase_problem", "split_words"]


def split_words(text: str) -> list[str]:
    """Words of a phrase; hyphens and slashes split words outside alternatives.

    "time-based split" → ["time", "based", "split"]; "a/b test" keeps "a/b";
    "batch|offline" stays one position with two alternatives.
    """
    words: list[str] = []
    for chunk in text.split():
        if "|" in chunk or chunk == "..":
            words.append(chunk.replace("-", ""))
        elif chunk.lower() in ("a/b", "a/b*"):
            words.append(chunk.lower())
        else:
            words.extend(part for part in re.split(r"[-/]", chunk) if part)
    return words


def phrase_problem(source: str) -> str | None:
    """What is wrong with a phrase, or None."""
    text = source.strip()
    if text.startswith("re:"):
        try:
            re.compile(text[3:])
        except re.error as exc:
            return f"bad regex {text[3:]!r}: {exc}"
        if _repeats_a_repeat(sre.parse(text[3:])):
            return (
                f"regex {text[3:]!r} repeats a repeat, as in (a+)+: a sentence it does not"
                " match can take minutes to reject; drop the inner or the outer repeat"
            )
        return None
    words = [w for w in split_words(text) if w != ".."]
    if not words:
        return f"empty phrase {source!r}"
    for word in words:
        if any(not part or part == "*" for part in word.split("|")):
            return f"empty alternative or lone '*' in {source!r}"
    return None


# --- catastrophic backtracking -----------------------------------------------
# `(a+)+$` tries every way to split a run of a's between the two repeats before
# it gives up: 28 characters took 20 s. The cheap, common shapes are refused: an
# unbounded repeat whose body is itself an unbounded repeat, give or take parts
# that may match nothing (`(a*)*`, `(\w+\s?)+`, `(?:a+|b)+`). Rounds that must
# end on something else, as in `(?:\w+\s+)*` or `(\w+,)+`, are fine and allowed.
# Overlapping alternatives such as `(a|aa)+` are not detected.

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)  # the backtracking ones, not possessive


def _repeats_a_repeat(items: Any) -> bool:
    for op, av in items:
        if op in _REPEATS and av[1] == sre.MAXREPEAT and _loops(av[2]):
            return True
        if any(_repeats_a_repeat(part) for part in _parts(op, av)):
            return True
    return False


def _parts(op: Any, av: Any) -> list[Any]:
    """The sub-patterns directly inside one item of a parsed regex."""
    if op in _REPEATS or op is sre.POSSESSIVE_REPEAT:
        return [av[2]]
    if op is sre.SUBPATTERN:
        return [av[3]]
    if op is sre.BRANCH:
        return list(av[1])
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op is sre.ATOMIC_GROUP:
        return [av]
    if op is sre.GROUPREF_EXISTS:
        return [part for part in av[1:] if part is not None]
    return []


def _loops(items: Any) -> bool:
    """Whether a sequence is one unbounded repeat, with all else able to match nothing."""
    items = list(items)
    return any(
        _unbounded(op, av) and all(_optional(*other) for other in items[:i] + items[i + 1 :])
        for i, (op, av) in enumerate(items)
    )


def _unbounded(op: Any, av: Any) -> bool:
    if op in _REPEATS:
        return bool(av[1] == sre.MAXREPEAT)
    if op is sre.SUBPATTERN:
        return _loops(av[3])
    if op is sre.BRANCH:
        return any(_loops(branch) for branch in av[1])
    return False


def _optional(op: Any, av: Any) -> bool:
    """Whether an item can match the empty string."""
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return True
    if op in _REPEATS or op is sre.POSSESSIVE_REPEAT:
        return av[0] == 0 or all(_optional(*item) for item in av[2])
    if op is sre.SUBPATTERN:
        return all(_optional(*item) for item in av[3])
    if op is sre.BRANCH:
        return any(all(_optional(*item) for item in branch) for branch in av[1])
    return False
