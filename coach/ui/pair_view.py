"""What the interviewer sees in `coach interviewer`: each phase's sheet, and the report.

The sheet is printed before the tick list opens (rich never draws during a prompt):
the facts to tell when asked, the follow-up probes, and each point to tick with what a
strong answer does and, from the reference answer, how one sounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Console
from rich.panel import Panel

from coach.common.timefmt import budget_text, clock_text
from coach.content.schema import Question
from coach.session.pair_sheet import PhaseSheet
from coach.session.plan import SessionPlan
from coach.ui.console import print_phase_heading, shown

if TYPE_CHECKING:
    from coach.engine.grading import ItemResult, Report

__all__ = ["RichPairPresenter", "tick_mark"]

_MARKS = {"substance": "✓", "mention": "~", "none": "✗"}


def tick_mark(depth: str) -> str:
    """✓ made, ~ made in passing, ✗ not heard."""
    return _MARKS.get(depth, "✗")


class RichPairPresenter:
    def __init__(self, console: Console, report_console: Console) -> None:
        self.console = console  # the interactive side (stderr when stdout is redirected)
        self.report_console = report_console  # the final report (stdout)

    def sheet(self, question: Question, sheet: PhaseSheet, index: int, count: int) -> None:
        c = self.console
        if index == 0:
            c.print(Panel(shown(question.prompt.strip()), title=shown(question.title)))
            c.print("[muted]Read the question out; the candidate answers out loud.[/]")
        print_phase_heading(c, sheet.phase, index, count)
        c.print("[title]Listen for[/]")
        for n, point in enumerate(sheet.points, 1):
            optional = "" if point.expected else " [muted](optional here)[/]"
            c.print(f"  {n}. [bold]{shown(point.item.title)}[/]{optional}")
            c.print(f"     [muted]{shown(point.listen_for)}[/]")
            for said in point.reference:
                c.print(f"     [info]strong answer:[/] {shown(said)}")
        if sheet.probes:
            c.print("[title]Follow-up probes[/] [muted](for a point not made)[/]")
            for probe in sheet.probes:
                c.print(f"  • {shown(probe)}")
        if sheet.facts:
            c.print("[title]Facts to reveal when asked[/]")
            for fact in sheet.facts:
                c.print(f"  • [bold]{shown(fact.topic)}[/]: {shown(fact.answer.strip())}")

    def final(
        self,
        session_id: str,
        plan: SessionPlan,
        report: Report,
        seconds: Mapping[str, float],
        notes: Mapping[str, str],
        rating: str | None,
    ) -> None:
        from coach.ui.pager import paged

        c = self.report_console
        with paged(c):  # a report of 60-90 lines: a pager on a terminal, like git
            c.print()
            c.rule("[title]Report · scored by the interviewer[/]")
            shown_ids: set[str] = set()
            scored = {p.id for p in report.phases}  # fewer than planned: stopped early
            for phase in plan.phases:
                if not scored.intersection(phase.item_phases):
                    continue
                used = clock_text(seconds.get(phase.id, 0.0))
                budget = budget_text(phase.min_minutes, phase.max_minutes)
                c.print()
                c.print(f"[title]{shown(phase.name)}[/]  [muted]{used} of {budget}[/]")
                results = [
                    r
                    for r in report.shown_items
                    if r.item.phase in phase.item_phases and r.item.id not in shown_ids
                ]
                shown_ids.update(r.item.id for r in results)
                for r in results:
                    _point(c, r)
                if phase.id in notes:
                    c.print(f"  [info]note:[/] {shown(notes[phase.id])}")
            c.print()
            c.print(
                f"[title]Score {report.score}/100[/] · {shown(report.verdict)}  "
                f"[muted](from the ticks, with the grader's weights; coverage "
                f"{report.coverage:.0%})[/]"
            )
            if rating:
                c.print(f"[title]Interviewer's rating:[/] {shown(rating)}")
            steps = report.next_steps()
            if steps:
                c.print("[title]Practise next[/]")
                for n, step in enumerate(steps, 1):
                    c.print(f"  {n}. {shown(step)}")
        c.print(
            f"[muted]Saved as session {session_id}: `coach export {session_id}` writes it "
            "as markdown.[/]"
        )

    def skipped(self, session_id: str) -> None:
        self.report_console.print()
        self.report_console.print(
            f"Stopped before anything was ticked or noted: nothing to score. Saved as "
            f"session {session_id}, marked skipped; it does not count in `coach stats`."
        )


def _point(c: Console, r: ItemResult) -> None:
    passing = " · in passing" if r.depth == "mention" else ""
    style = "covered" if r.covered else "missing"
    c.print(
        f"  [{style}]{tick_mark(r.depth)}[/] {shown(r.item.title)} [muted]({r.item.id}{passing})[/]"
    )
    if not r.covered:
        c.print(f"      [muted]{shown(r.item.hint)}[/]")
