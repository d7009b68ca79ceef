"""The practice plan, as a short numbered list of commands."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console

from coach.progress.next_steps import Suggestion
from coach.ui.console import shown

__all__ = ["render_plan"]


def render_plan(console: Console, steps: Sequence[Suggestion]) -> None:
    console.print("[title]Practise next[/]")
    for n, step in enumerate(steps, 1):
        console.print(f"{n:>2}. [bold]{shown(step.command)}[/]")
        console.print(f"    {shown(step.title)} [muted]— {shown(step.reason)}[/]")
