"""Run-on "sentences" cut into pieces a reader would see as several.

Notes typed without punctuation, or pasted with it stripped, reach the engine as
one sentence per paragraph: a megabyte of them was one sentence, which every
regex of the rubric then scanned whole (what sentence a figure or a word is in
can no longer rule anything out), and grading took twice as long as the same
words written as prose. A sentence of more than MAX_WORDS words is cut where a
writer paused, at the last line break, else semicolon, else comma, in the second
half of each stretch of MAX_WORDS words, and only between words when there is
none. Of the 4,400 sentences of the published answers and the fixtures, five are
longer (81 to 245 words, lists of steps run together) and are cut at their
semicolons and commas; the calibration's marks are unchanged.
"""

from __future__ import annotations

from coach.common.regex_store import cached_regex

__all__ = ["MAX_WORDS", "split_long"]

MAX_WORDS = 80
_WORD = cached_regex(r"\S+")
_PAUSES = ("\n", ";", ",")  # best first
_SPACES = (" ", "\n", "\t", "\u00a0")  # what words are most often separated by


def split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the pieces of the sentence text[start:end]; itself when short."""
    gaps = sum(text.count(space, start, end) for space in _SPACES)
    if gaps < MAX_WORDS:
        return [(start, end)]  # cannot hold MAX_WORDS words: the common case, at once
    words = [m.span() for m in _WORD.finditer(text, start, end)]
    if len(words) <= MAX_WORDS:
        return [(start, end)]
    pieces = []
    first = 0  # index of the piece's first word
    while len(words) - first > MAX_WORDS:
        cut = _cut(text, words, first)
        pieces.append((words[first][0], words[cut - 1][1]))
        first = cut
    pieces.append((words[first][0], end))
    return pieces


def _cut(text: str, words: list[tuple[int, int]], first: int) -> int:
    """Index of the word that starts the next piece: after the best pause found in the
    second half of the MAX_WORDS words from `first`, else right after them."""
    last = first + MAX_WORDS
    for pause in _PAUSES:
        for k in range(last, first + MAX_WORDS // 2, -1):
            # the pause lies in the word before k or in the gap after it
            if pause in text[words[k - 1][1] - 1 : words[k][0]]:
                return k
    return last
