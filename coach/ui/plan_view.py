"""The practice plan, as a short numbered list of commands."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape

from coach.plan import Suggestion

__all__ = ["render_plan"]


def render_plan(console: Console, steps: Sequence[Suggestion]) -> None:
    console.print("[title]Practise next[/]")
    for n, step in enumerate(steps, 1):
        console.print(f"{n:>2}. [bold]{escape(step.command)}[/]")
        console.print(f"    {escape(step.title)} [muted]— {escape(step.reason)}[/]")
