"""The history table."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table

from coach.store.db import SessionRecord
from coach.ui.console import shown

__all__ = ["render_history"]


def render_history(console: Console, records: Sequence[SessionRecord]) -> None:
    if not records:
        console.print("No sessions yet. Start one with `coach mock`.")
        return
    noun = "session" if len(records) == 1 else "sessions"
    table = Table(title=f"{len(records)} {noun}", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("id", style="bold", no_wrap=True, min_width=8)
    table.add_column("started (UTC)", no_wrap=True, min_width=16)
    table.add_column("question", overflow="fold")
    table.add_column("playbook", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for r in records:
        score = "" if r.score is None else str(r.score)
        # Every cell comes from the history, which an import or a hand edit may have filled.
        table.add_row(
            *map(shown, (r.id, r.started_at.replace("T", " ")[:16], r.question_id, r.playbook)),
            score,
            shown(r.status),
        )
    console.print(table)
