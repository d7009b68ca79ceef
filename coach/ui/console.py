"""The rich consoles coach prints with."""

from __future__ import annotations

from rich.console import Console
from rich.theme import Theme

__all__ = ["make_console"]

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


def make_console(*, stderr: bool = False) -> Console:
    """Colour only on a terminal; NO_COLOR and TERM=dumb are honoured by rich."""
    return Console(theme=THEME, stderr=stderr, highlight=False)
