"""Rich views of questions: the list and one question in full."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from coach.content.schema import Question
from coach.ui.console import make_console, shown

__all__ = ["render_question_table"]


def render_question_table(questions: Sequence[Question]) -> None:
    console = make_console()
    if not questions:
        console.print("No questions match. Try `coach questions` without filters.")
        return
    table = Table(title=f"{len(questions)} questions", title_justify="left")
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("title")
    table.add_column("category")
    table.add_column("difficulty")
    for q in questions:
        table.add_row(shown(q.id), shown(q.title), shown(q.category), q.difficulty)
    console.print(table)
    console.print("[muted]Show one with `coach show ID`.[/]")
