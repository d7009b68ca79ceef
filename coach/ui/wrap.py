"""Word wrapping for the answer box: where each row of a typed line starts and ends.

prompt_toolkit wraps a long line where the window ends, which cuts words in two
("dail / y batch"). `wrap_rows` says where the rows of one line should break instead,
at word boundaries, and `soft_wrap` lays the line out so that prompt_toolkit's own
wrapping breaks exactly there: each row but the last is padded with display-only
spaces to the full width. The text itself is never changed; the layout is recomputed
at every redraw, so it follows the terminal when it is resized.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from coach.common.frozen import frozen

__all__ = ["Layout", "soft_wrap", "wrap_rows"]

Cell = Callable[[str], int]  # how many terminal columns a character takes

_TOKENS = re.compile(r" +|[^ ]+")


def _one(char: str) -> int:
    return 1


def wrap_rows(
    text: str, width: int, cell: Cell = _one, *, indent: int = 0
) -> list[tuple[int, int]]:
    """The rows of one line (no newline in it) at `width` columns, as (start, end) slices.

    A row breaks before a word that would not fit; the spaces before that word stay at
    the end of the row as far as they fit, and the rest are not shown (the gap between one
    row's end and the next row's start holds only spaces). A word longer than a whole row
    is cut where the rows end, as a terminal would. Always at least one row. With
    `indent`, every row but the first has that many columns less (a hanging indent).
    """
    if width < 1:
        return [(0, len(text))]
    rows: list[tuple[int, int]] = []
    start, col, room_of_row = 0, 0, width

    def next_row(end: int, new_start: int, new_col: int) -> None:
        nonlocal start, col, room_of_row
        rows.append((start, end))
        start, col, room_of_row = new_start, new_col, max(1, width - indent)

    for token in _TOKENS.finditer(text):
        begin, end = token.span()
        if text[begin] == " ":
            room = max(0, room_of_row - col)  # a wide character may overfill a narrow row
            if end - begin <= room:
                col += end - begin
            else:  # the spaces end this row; the next word starts the next one
                next_row(begin + room, end, 0)
            continue
        word = sum(cell(char) for char in token.group())
        if col + word <= room_of_row:
            col += word
        elif col > 0 and word <= max(1, width - indent):  # the whole word moves on
            next_row(begin, begin, word)
        else:  # longer than a row: cut where each row ends
            for index in range(begin, end):
                columns = cell(text[index])
                if col + columns > room_of_row and col > 0:
                    next_row(index, index, 0)
                col += columns
    rows.append((start, len(text)))
    return rows


@frozen
class Layout:
    """A line as shown: `shown[d]` is the index of the character at display position d, or
    None for a padding space; `to_display[i]` is where source position i is shown (also
    for i == len(text), the end); `to_source[d]` is the source position for display
    position d."""

    shown: list[int | None]
    to_display: list[int]
    to_source: list[int]


def soft_wrap(text: str, width: int, cell: Cell = _one) -> Layout:
    """The line laid out for a window that cuts it every `width` columns: the rows of
    `wrap_rows`, each but the last padded to the full width. A hidden space is shown at the
    start of the next row, which is where the next character typed will appear."""
    rows = wrap_rows(text, width, cell)
    shown: list[int | None] = []
    to_display = [0] * (len(text) + 1)
    to_source: list[int] = []
    for number, (start, end) in enumerate(rows):
        for index in range(start, end):
            to_display[index] = len(shown)
            shown.append(index)
            to_source.append(index)
        if number == len(rows) - 1:
            break
        used = sum(cell(text[index]) for index in range(start, end))
        padding = max(0, width - used)
        shown.extend([None] * padding)
        to_source.extend([end] * padding)  # a click in the padding: the end of the row
        for index in range(end, rows[number + 1][0]):
            to_display[index] = len(shown)
    to_display[len(text)] = len(shown)
    to_source.append(len(text))
    return Layout(shown, to_display, to_source)
