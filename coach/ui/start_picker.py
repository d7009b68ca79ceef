"""What plain `coach` asks before a 40-minute mock starts: this question, another, or quit."""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console

from coach.content.schema import Question
from coach.ui.console import shown

__all__ = ["ANOTHER", "QUIT", "START", "TerminalStartPicker"]

START, ANOTHER, QUIT = "start", "another", "quit"


class TerminalStartPicker:
    """Shows the question it would start, and lets the candidate take it or another."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def confirm(self, question: Question, minutes: float) -> str:
        import questionary  # only a terminal session pays for it

        c = self.console
        c.print()
        c.print(f"[title]{shown(question.title)}[/] [muted]({shown(question.id)})[/]")
        c.print(f"[muted]{shown(question.category)} · {question.difficulty}[/]")
        kwargs: dict[str, Any] = {}
        if not sys.stdout.isatty():  # the conversation stays on the terminal
            from prompt_toolkit.output import create_output

            kwargs["output"] = create_output(stdout=sys.stderr)
        choices = [
            questionary.Choice(f"Start the mock ({minutes:g} min)", START),
            questionary.Choice("Another question", ANOTHER),
            questionary.Choice("Quit", QUIT),
        ]
        try:
            chosen = questionary.select(
                "Practise this question?", choices=choices, qmark="›", **kwargs
            ).unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            return QUIT
        return str(chosen or QUIT)
