"""What the candidate sees in the concept quiz."""

from __future__ import annotations

from rich.console import Console

from coach.content.concept_schema import Concept
from coach.engine.grading import Report
from coach.session.quiz import QuizRun
from coach.session.ratings import RATING_NAMES
from coach.ui.console import shown

__all__ = ["RichQuizPresenter"]


class RichQuizPresenter:
    def __init__(self, console: Console) -> None:
        self.console = console

    def question(self, concept: Concept, number: int, total: int) -> None:
        c = self.console
        c.print()
        c.rule(
            f"[title]{number}/{total} · {shown(concept.topic)}[/] [muted]({concept.minutes:g} min)[/]"
        )
        c.print(f"[title]{shown(concept.question)}[/]")
        c.print("[muted]Esc then Enter submits · Ctrl-D skips · Ctrl-C ends the quiz[/]")

    def skip(self, concept: Concept) -> None:
        self.console.print("[muted]Skipped: not graded, rated or scheduled.[/]")

    def feedback(self, concept: Concept, report: Report, suggested: int) -> None:
        c = self.console
        for result in report.items:
            if result.covered:
                c.print(f"  [covered]✓[/] {shown(result.item.title)}")
            else:
                c.print(f"  [missing]✗[/] {shown(result.item.title)}")
        made = sum(1 for r in report.items if r.covered)
        c.print(
            f"[muted]{made}/{len(report.items)} key points · suggested rating: "
            f"{RATING_NAMES[suggested]}[/]"
        )

    def summary(self, run: QuizRun, cram: bool) -> None:
        c = self.console
        results = run.results
        c.print()
        skipped = f" {len(run.skipped)} skipped." if run.skipped else ""
        if not results:
            c.print("Every card skipped: nothing graded." if run.skipped else "No answers rated.")
            return
        points = sum(sum(1 for r in res.report.items if r.covered) for res in results)
        total = sum(len(res.report.items) for res in results)
        c.print(
            f"[title]Quiz done:[/] {len(results)} concept(s), {points}/{total} key points."
            + skipped
        )
        if not results[-1].rated and not cram:
            c.print(
                "You stopped before rating your last answer: it is saved with the suggested "
                f"rating ({RATING_NAMES[results[-1].rating]})."
            )
        if cram:
            c.print("[muted]Cram mode: the review schedule was not changed.[/]")
        else:
            c.print("[muted]Ratings saved; `coach next` shows what is due.[/]")
