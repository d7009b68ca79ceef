"""The rich consoles coach prints with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.markup import escape
from rich.theme import Theme

from coach.common.textsafe import printable
from coach.ui.styled import MAX_WIDTH, MIN_WIDTH, STYLES, sane_columns, screen_width

if TYPE_CHECKING:
    from coach.session.plan import PhasePlan

__all__ = ["MAX_WIDTH", "MIN_WIDTH", "make_console", "print_phase_heading", "print_table", "shown"]

THEME = Theme({name: codes[0] for name, codes in STYLES.items()})


def shown(text: str) -> str:
    """Text from outside coach (a history, an answer, a bank) for rich markup: its
    control characters made visible and its brackets escaped, so it can neither send an
    escape sequence to the terminal nor be read as markup ("[link=...]")."""
    return escape(printable(text))


def make_console(*, stderr: bool = False) -> Console:
    """Colour only on a terminal; NO_COLOR and TERM=dumb are honoured by rich."""
    # emoji=False: ":rocket:" in an answer or a bank is text, not 🚀
    return Console(theme=THEME, stderr=stderr, highlight=False, emoji=False, width=_width(stderr))


def _width(stderr: bool) -> int | None:
    """None when rich may choose (COLUMNS if sane, else the terminal's width, else 80);
    for a COLUMNS it would misuse, the width it would choose without one."""
    return None if sane_columns() else screen_width(stderr=stderr)


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
