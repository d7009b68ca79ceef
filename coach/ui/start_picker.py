"""What plain `coach` and `coach mock` ask before the clock starts: this question,
another, one picked from the bank, or quit."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from rich.console import Console

from coach.common.timefmt import budget_text
from coach.content.schema import Question
from coach.session.plan import SessionPlan
from coach.store.attempts import Attempts
from coach.ui.console import shown
from coach.ui.question_text import attempts_text

__all__ = ["ANOTHER", "PICK", "QUIT", "START", "QuestionCompleter", "TerminalStartPicker"]

START, ANOTHER, PICK, QUIT = "start", "another", "pick", "quit"


class TerminalStartPicker:
    """Shows the question it would start with its budgets, and lets the candidate take
    it, ask for another, or search the bank for one."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def confirm(self, question: Question, plan: SessionPlan, attempts: Attempts | None) -> str:
        import questionary  # only a terminal session pays for it

        c = self.console
        c.print()
        c.print(f"[title]{shown(question.title)}[/] [muted]({shown(question.id)})[/]")
        c.print(
            f"[muted]{shown(question.category)} · {question.difficulty} · "
            f"{attempts_text(attempts)}[/]"
        )
        budgets = ", ".join(
            f"{shown(p.name)} {budget_text(p.min_minutes, p.max_minutes)}" for p in plan.phases
        )
        c.print(f"[muted]{budgets}[/]")
        minutes = sum(p.max_minutes for p in plan.phases)
        choices = [
            questionary.Choice(f"Start the mock ({minutes:g} min)", START),
            questionary.Choice("Another question", ANOTHER),
            questionary.Choice("Pick a question…", PICK),
            questionary.Choice("Quit", QUIT),
        ]
        try:
            chosen = questionary.select(
                "Practise this question?", choices=choices, qmark="›", **_output()
            ).unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            return QUIT
        return str(chosen or QUIT)

    def pick(self, questions: Sequence[Question], attempts: Mapping[str, Attempts]) -> str | None:
        import questionary

        ids = {q.id for q in questions}
        self.console.print(
            "[muted]Type words of an id, title, category or level (e.g. fraud hard); "
            "Tab or the arrows choose, Enter takes it, Ctrl-C goes back.[/]"
        )
        try:
            picked = questionary.autocomplete(
                "Question:",
                choices=sorted(ids),
                completer=QuestionCompleter(questions, attempts),
                validate=lambda text: text.strip() in ids or "type or choose a question id",
                qmark="›",
                **_output(),
            ).unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            return None
        return str(picked).strip() or None


def _output() -> dict[str, Any]:
    if sys.stdout.isatty():
        return {}
    from prompt_toolkit.output import create_output  # the conversation stays on the terminal

    return {"output": create_output(stdout=sys.stderr)}


class QuestionCompleter(Completer):
    """Questions whose id, title, category and level hold every word typed, with the
    title, level and attempts beside each id. The menu scrolls, so a bank of thousands
    costs what the words typed match."""

    def __init__(self, questions: Sequence[Question], attempts: Mapping[str, Attempts]) -> None:
        self._entries = [
            (
                f"{q.id} {q.title} {q.category} {' '.join(q.tags)} {q.difficulty}".lower(),
                q.id,
                f"{q.title} · {q.category} · {q.difficulty}"
                + (f" · {attempts_text(attempts[q.id])}" if q.id in attempts else ""),
            )
            for q in questions
        ]

    def get_completions(self, document: Document, event: CompleteEvent) -> Iterable[Completion]:
        words = document.text_before_cursor.lower().split()
        for haystack, question_id, meta in self._entries:
            if all(word in haystack for word in words):
                yield Completion(question_id, -len(document.text_before_cursor), display_meta=meta)
