"""Escaping user text so it cannot break a markdown layout."""

from __future__ import annotations

__all__ = ["cell", "fence", "quote"]


def cell(text: str) -> str:
    """Safe inside a table cell or a list line: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def quote(text: str) -> str:
    """A short inline quotation."""
    return "“" + cell(text).replace("`", "'") + "”"


def fence(text: str, info: str = "text") -> str:
    """A fenced block long enough that the text cannot close it."""
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{text.rstrip()}\n{ticks}"
