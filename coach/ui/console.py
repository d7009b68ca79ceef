"""The rich consoles coach prints with."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.theme import Theme

from coach.textsafe import printable

__all__ = ["make_console", "shown"]

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


def make_console(*, stderr: bool = False) -> Console:
    """Colour only on a terminal; NO_COLOR and TERM=dumb are honoured by rich."""
    return Console(theme=THEME, stderr=stderr, highlight=False)
