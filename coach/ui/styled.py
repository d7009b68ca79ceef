"""Lines of styled text, and the two ways coach prints them.

A view that is printed both inside rich sessions and by one-shot commands builds
`Line`s once. `print_lines` hands them to a rich console (a session already has
one); `write_lines` writes them itself, with ANSI styles only where rich would use
them. `coach score` prints through `write_lines` because importing rich and
rendering through it cost about 35 ms of a command meant to start in about 120.

Styles are the names in `STYLES`, coach's theme; every text is
passed through `printable`, so an answer or a bank cannot send escape sequences.
A line wider than the screen wraps at word boundaries, its continuation rows
indented by the line's `hang`, so a ✓ or a numbered step keeps its column.
"""

from __future__ import annotations

import itertools
import os
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Literal

from coach.common.textsafe import printable
from coach.ui.wrap import wrap_rows

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "MAX_WIDTH",
    "MIN_WIDTH",
    "STYLES",
    "Line",
    "as_printed",
    "cells",
    "print_lines",
    "rule_line",
    "sane_columns",
    "screen_width",
    "styling_for",
    "wrap",
    "write_lines",
]

Span = tuple[str, str]  # (style, text); style "" is plain

# coach's theme: each style as rich names it (coach.ui.console.THEME), and the ANSI
# SGR codes `write_lines` gives it in colour and, under NO_COLOR, without colour (as
# rich does, bold and dim stay).
STYLES = {
    "covered": ("green", "32", ""),
    "missing": ("yellow", "33", ""),
    "error": ("bold red", "1;31", "1"),
    "warning": ("yellow", "33", ""),
    "info": ("cyan", "36", ""),
    "muted": ("dim", "2", "2"),
    "title": ("bold", "1", "1"),
}
Styling = Literal["colour", "mono", "plain"]
_SGR: dict[Styling, dict[str, str]] = {
    "colour": {name: codes[1] for name, codes in STYLES.items()},
    "mono": {name: codes[2] for name, codes in STYLES.items() if codes[2]},
    "plain": {},
}


class Line:
    """One logical line: its spans, and the indent of its wrapped rows."""

    __slots__ = ("hang", "spans")

    def __init__(self, *spans: Span, hang: int = 0) -> None:
        self.spans = spans
        self.hang = hang

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.spans)


def cells(text: str) -> int:
    """Terminal columns `text` takes: wide East Asian characters two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(_char_cells(char) for char in text)


def _char_cells(char: str) -> int:
    if unicodedata.combining(char) or char in "\u200b\u200c\u200d\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def wrap(line: Line, width: int) -> list[list[Span]]:
    """The rows of `line` at `width` columns, breaking between words; spaces at a break
    are dropped, a word longer than a row is cut, a newline in a text starts a row."""
    spans = [(style, as_printed(text)) for style, text in line.spans]
    if sum(cells(text) for _, text in spans) <= width and not any("\n" in t for _, t in spans):
        whole = [span for span in spans if span[1]]
        _drop_trailing_spaces(whole)
        return [whole]  # most lines fit: no need to look at each word
    hang = min(line.hang, max(0, width - 10))  # a row keeps ten columns for its text
    joined = "".join(text for _, text in spans)
    ends = list(itertools.accumulate(len(text) for _, text in spans))
    rows: list[list[Span]] = []
    offset = 0
    for piece in joined.split("\n"):  # a newline starts a row, at the hang like the others
        first = width if not rows else width - hang
        for start, end in wrap_rows(piece, first, _char_cells, indent=hang if not rows else 0):
            row: list[Span] = [("", " " * hang)] if rows and hang else []
            for style, part in _pieces(spans, ends, offset + start, offset + end):
                _add(row, style, part)
            _drop_trailing_spaces(row)  # a row never ends in spaces
            rows.append(row)
        offset += len(piece) + 1
    return rows


def _pieces(spans: list[Span], ends: list[int], start: int, end: int) -> Iterator[Span]:
    """The parts of `spans` between offsets `start` and `end` of their joined text."""
    for (style, text), span_end in zip(spans, ends, strict=True):
        span_start = span_end - len(text)
        if span_end <= start or span_start >= end:
            continue
        yield style, text[max(start, span_start) - span_start : min(end, span_end) - span_start]


def as_printed(text: str) -> str:
    """Text as printed: control characters made visible, a tab as four spaces (the
    columns it takes are then known; a terminal's tab stops depend on where it falls)."""
    return printable(text).replace("\t", "    ")


def _add(row: list[Span], style: str, text: str) -> None:
    """`text` at the end of `row`, one span with the last when they share a style."""
    if row and row[-1][0] == style:
        row[-1] = (style, row[-1][1] + text)
    else:
        row.append((style, text))


def _drop_trailing_spaces(row: list[Span]) -> None:
    while row:
        style, text = row[-1]
        kept = text.rstrip(" \t")
        if kept:
            row[-1] = (style, kept)
            return
        row.pop()


def styling_for(stream: IO[str]) -> Styling:
    """What rich decides: styles on a terminal (or with FORCE_COLOR), none on a dumb
    terminal or elsewhere; NO_COLOR keeps bold and dim and drops the colours."""
    try:
        terminal = bool(os.environ.get("FORCE_COLOR", "")) or stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if not terminal or os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return "plain"
    return "mono" if os.environ.get("NO_COLOR", "") else "colour"


# The widths a COLUMNS value may ask for. rich takes any number it finds there: 0 made
# every command print nothing at all, and 10**9 would draw a rule of a billion dashes.
MIN_WIDTH, MAX_WIDTH = 20, 1000


def sane_columns() -> int | None:
    """COLUMNS, when it is a width coach can print at."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return columns if MIN_WIDTH <= columns <= MAX_WIDTH else None


def screen_width(*, stderr: bool = False) -> int:
    """The width rich would print at: COLUMNS when sane, else 80 on a dumb terminal,
    else the width of the terminal that stdout, stderr or stdin is (output piped to
    grep still fits the screen it came from), else 80."""
    columns = sane_columns()
    if columns:
        return columns
    out, err = sys.__stdout__, sys.__stderr__
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown") and _isatty(out):
        return 80
    for stream in (err, out, sys.__stdin__) if stderr else (out, err, sys.__stdin__):
        try:
            terminal = os.get_terminal_size(stream.fileno()).columns if stream else 0
        except (OSError, ValueError):
            continue
        if terminal:
            return min(max(terminal, MIN_WIDTH), MAX_WIDTH)
    return 80


def _isatty(stream: IO[str] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except ValueError:  # closed
        return False


def write_lines(lines: Iterable[Line], out: IO[str], *, styling: Styling, width: int) -> None:
    """`lines` as text on `out`, wrapped at `width`, styled as `styling` says."""
    codes = _SGR[styling]
    chunks: list[str] = []
    for line in lines:
        for row in wrap(line, width):
            for style, text in row:
                code = codes.get(style)
                chunks.append(f"\x1b[{code}m{text}\x1b[0m" if code else text)
            chunks.append("\n")
    out.write("".join(chunks))


def rule_line(width: int) -> Line:
    """A horizontal rule across the screen, between two reports."""
    return Line(("muted", "─" * width))


def print_lines(console: Console, lines: Iterable[Line]) -> None:
    """`lines` on a rich console, wrapped the same way at the console's width."""
    from rich.text import Text

    for line in lines:
        for row in wrap(line, console.width):
            console.print(Text.assemble(*((t, s) for s, t in row)), no_wrap=True, crop=False)
