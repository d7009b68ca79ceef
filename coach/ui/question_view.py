"""Rich views of questions: the list and one question in full."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from coach.common.textsafe import printable
from coach.content.schema import Question
from coach.store.attempts import Attempts
from coach.ui.console import make_console, print_table, shown
from coach.ui.question_text import attempts_text

__all__ = ["render_question_table"]

# Below this width a title column would wrap into a word a line: each question takes
# two lines instead, its id and level, then its title across the width.
TABLE_WIDTH = 110


def render_question_table(
    questions: Sequence[Question], attempts: Mapping[str, Attempts] | None = None
) -> None:
    """The list; with `attempts` (a history), how often each was practised and its best."""
    console = make_console()
    attempts = attempts or {}
    if not questions:
        console.print("No questions match. Try `coach questions` without filters.")
        return
    console.print(f"{len(questions)} questions", style="title")
    if console.width >= TABLE_WIDTH:
        print_table(console, _table(questions, attempts))
    else:
        _listed(console, questions, attempts)
    console.print("[muted]Show one with `coach show ID`.[/]")


def _table(questions: Sequence[Question], attempts: Mapping[str, Attempts]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("level", no_wrap=True)
    table.add_column("category", no_wrap=True)
    table.add_column("title", ratio=1)
    if attempts:
        table.add_column("practised", no_wrap=True)
    for q in questions:
        row = [shown(q.id), q.difficulty, shown(q.category), shown(q.title)]
        if attempts:
            row.append(attempts_text(attempts[q.id]) if q.id in attempts else "")
        table.add_row(*row)
    return table


def _listed(
    console: Console, questions: Sequence[Question], attempts: Mapping[str, Attempts]
) -> None:
    """Grouped by category, in the order the bank has them; ids are never cut."""
    by_category: dict[str, list[Question]] = {}
    for q in questions:
        by_category.setdefault(q.category, []).append(q)
    for category, members in by_category.items():
        console.print()
        console.print(f"{shown(category)} ({len(members)})", style="title")
        for q in members:
            done = f" · {attempts_text(attempts[q.id])}" if q.id in attempts else ""
            console.print(
                f"  [bold]{shown(q.id)}[/] [muted]· {q.difficulty}{done}[/]", overflow="fold"
            )
            indent = " " * 6
            title = textwrap.fill(
                printable(q.title),
                width=max(console.width - 1, 20),
                initial_indent=indent,
                subsequent_indent=indent,
            )
            console.print(escape(title), soft_wrap=True)
