"""Rich views of questions: the list and one question in full."""

from __future__ import annotations

from collections.abc import Sequence

from rich.markup import escape
from rich.table import Table

from coach.content.library import Library
from coach.content.schema import Question
from coach.ui.console import make_console
from coach.ui.timefmt import budget_text

__all__ = ["budget_text", "render_question", "render_question_table"]


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
        table.add_row(q.id, escape(q.title), q.category, q.difficulty)
    console.print(table)
    console.print("[muted]Show one with `coach show ID`.[/]")


def render_question(library: Library, question: Question, *, with_facts: bool) -> None:
    console = make_console()
    console.print(f"[title]{escape(question.title)}[/]  [muted]({question.id})[/]")
    tags = ", ".join(question.tags) or "-"
    console.print(f"[muted]{question.category} · {question.difficulty} · tags: {escape(tags)}[/]")
    console.print()
    console.print(escape(question.prompt.strip()))
    console.print()

    phases = Table(title="Phases", title_justify="left")
    phases.add_column("phase", style="bold")
    phases.add_column("budget", no_wrap=True)
    phases.add_column("goal")
    for phase in library.framework.phases:
        budget = budget_text(phase.min_minutes, phase.max_minutes)
        phases.add_row(escape(phase.name), budget, escape(phase.goal))
    console.print(phases)

    items = library.items_for(question)
    checklist = Table(title="Checklist", title_justify="left")
    checklist.add_column("phase", style="muted")
    checklist.add_column("id", no_wrap=True)
    checklist.add_column("point")
    for phase in library.framework.phases:
        for item in (i for i in items if i.phase == phase.id):
            checklist.add_row(phase.id, item.id, escape(item.title))
    console.print(checklist)

    if with_facts:
        facts = Table(title="Interviewer facts", title_justify="left")
        facts.add_column("topic", style="bold")
        facts.add_column("answer")
        for fact in question.facts:
            facts.add_row(escape(fact.topic), escape(fact.answer))
        console.print(facts)
    else:
        console.print("[muted]Interviewer facts are hidden; add --facts to see them.[/]")
