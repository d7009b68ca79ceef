"""The rich consoles coach prints with."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.markup import escape
from rich.theme import Theme

from coach.common.textsafe import printable

if TYPE_CHECKING:
    from coach.session.plan import PhasePlan

__all__ = ["make_console", "print_phase_heading", "print_table", "shown"]

THEME = Theme(
    {
        "covered": "green",
        "missing": "yellow",
        "error": "bold red",
        "warning": "yellow",
        "info": "cyan",
        "muted": "dim",
        "title": "bold",
    }
)


def shown(text: str) -> str:
    """Text from outside coach (a history, an answer, a bank) for rich markup: its
    control characters made visible and its brackets escaped, so it can neither send an
    escape sequence to the terminal nor be read as markup ("[link=...]")."""
    return escape(printable(text))


# The widths a COLUMNS value may ask for. rich takes any number it finds there: 0 made
# every command print nothing at all, and 10**9 would draw a rule of a billion dashes.
MIN_WIDTH, MAX_WIDTH = 20, 1000


def make_console(*, stderr: bool = False) -> Console:
    """Colour only on a terminal; NO_COLOR and TERM=dumb are honoured by rich."""
    return Console(theme=THEME, stderr=stderr, highlight=False, width=_width(stderr))


def _width(stderr: bool) -> int | None:
    """None when rich may choose (COLUMNS if sane, else the terminal's width, else 80);
    for a COLUMNS it would misuse, the width it would choose without one."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None  # unset, or not a number: rich ignores it too
    if MIN_WIDTH <= columns <= MAX_WIDTH:
        return None
    stream = sys.__stderr__ if stderr else sys.__stdout__
    try:
        terminal = os.get_terminal_size(stream.fileno()).columns if stream else 0
    except (OSError, ValueError):
        terminal = 0
    return min(max(terminal, MIN_WIDTH), MAX_WIDTH) if terminal else 80


def print_table(console: Console, table: RenderableType) -> None:
    """A table on a terminal as rich draws it; piped or redirected, the same lines
    without the padding rich leaves at their ends (a script reads clean lines)."""
    if console.is_terminal:
        console.print(table)
        return
    with console.capture() as captured:
        console.print(table)
    for line in captured.get().splitlines():
        console.out(line.rstrip(), highlight=False)


def print_phase_heading(console: Console, phase: PhasePlan, index: int, count: int) -> None:
    """ "2/5 · Data (10 min)" as a rule, then the phase's goal."""
    from coach.common.timefmt import budget_text

    console.print()
    console.rule(
        f"[title]{index + 1}/{count} · {shown(phase.name)}[/] "
        f"[muted]({budget_text(phase.min_minutes, phase.max_minutes)})[/]"
    )
    if phase.goal:
        console.print(shown(phase.goal))
