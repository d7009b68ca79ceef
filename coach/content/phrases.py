"""The syntax of match phrases (docs/content.md), checked when content loads.

Matching them is the engine's job (`coach.engine.patterns`); here we only
split a phrase into words and say what is wrong with one, without stemming,
so that loading stays cheap.
"""

from __future__ import annotations

import re

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
        return None
    words = [w for w in split_words(text) if w != ".."]
    if not words:
        return f"empty phrase {source!r}"
    for word in words:
        if any(not part or part == "*" for part in word.split("|")):
            return f"empty alternative or lone '*' in {source!r}"
    return None
