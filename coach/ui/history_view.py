"""The history table."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from coach.store import SessionRecord

__all__ = ["render_history"]


def render_history(console: Console, records: Sequence[SessionRecord]) -> None:
    if not records:
        console.print("No sessions yet. Start one with `coach mock`.")
        return
    table = Table(title=f"{len(records)} sessions", title_justify="left")
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("started (UTC)", no_wrap=True)
    table.add_column("question")
    table.add_column("playbook")
    table.add_column("score", justify="right")
    table.add_column("status")
    for r in records:
        score = "" if r.score is None else f"{r.score} · {r.verdict}"
        table.add_row(r.id, r.started_at.replace("T", " ")[:16], r.question_id, r.playbook, score,
                      r.status)  # fmt: skip
    console.print(table)
