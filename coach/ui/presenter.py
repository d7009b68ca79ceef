"""What the candidate sees around the prompts: phase intros, replies, feedback, the report.

rich is used before and after a prompt, never during one (a live display
would fight prompt_toolkit for the screen; the timer lives in the toolbar).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Console
from rich.panel import Panel

from coach.common.timefmt import budget_text, clock_text
from coach.content.schema import ChecklistItem, Question
from coach.session.plan import PhasePlan, SessionPlan
from coach.store.db import Entry
from coach.ui.console import print_phase_heading, shown

if TYPE_CHECKING:
    from coach.engine.grading import Report

__all__ = ["RichPresenter"]


class RichPresenter:
    def __init__(self, console: Console, report_console: Console, question: Question) -> None:
        self.console = console  # the interactive side (stderr when stdout is redirected)
        self.report_console = report_console  # the final report (stdout)
        self.question = question
        self._intro_shown = False

    def phase_intro(self, plan: SessionPlan, index: int, items: list[ChecklistItem]) -> None:
        c = self.console
        if not self._intro_shown:
            self._intro_shown = True
            c.print(
                Panel(
                    shown(self.question.prompt.strip()),
                    title=shown(self.question.title),
                    title_align="left",
                )
            )
        phase = plan.phases[index]
        print_phase_heading(c, phase, index, len(plan.phases))
        if items:
            c.print("[muted]Think about:[/] " + shown("; ".join(i.title for i in items)))
        if phase.asks:
            c.print(
                "[muted]Ask the interviewer: end a line with ? and submit; then write your "
                "answer.[/]"
            )
        c.print(
            "[muted]Esc then Enter submits · Ctrl-E opens $EDITOR · Ctrl-D on an empty "
            "answer skips · Ctrl-C saves and quits[/]"
        )

    def reply(self, question: str, answer: str) -> None:
        self.console.print(f"[muted]You:[/] {shown(question)}")
        self.console.print(f"[title]Interviewer:[/] {shown(answer)}")

    def phase_feedback(self, phase: PhasePlan, report: Report) -> None:
        c = self.console
        results = [r for r in report.shown_items if r.item.phase in phase.item_phases]
        covered = [r for r in results if r.covered]
        c.print()
        c.print(f"[title]{shown(phase.name)}[/]: {len(covered)}/{len(results)} points made")
        for r in results:
            mark = "[covered]✓[/]" if r.covered else "[missing]✗[/]"
            c.print(f"  {mark} {shown(r.item.title)}")
        for f in report.findings:
            if f.phase in phase.item_phases:
                c.print(f"  [{f.level}]{f.code}[/] {shown(f.message)} [muted]({f.name})[/]")

    def probe(self, text: str) -> None:
        self.console.print()
        self.console.print(f"[title]Interviewer:[/] {shown(text)}")

    def final(
        self, session_id: str, plan: SessionPlan, report: Report, seconds: Mapping[str, float]
    ) -> None:
        from rich.table import Table

        from coach.ui.pager import paged
        from coach.ui.report_view import render_report

        c = self.report_console
        with paged(c):  # about 150 lines: a pager on a terminal, like git
            c.print()
            c.rule("[title]Report[/]")
            table = Table(title="Time", title_justify="left")
            table.add_column("phase")
            table.add_column("budget")
            table.add_column("used", justify="right")
            table.add_column("")
            for phase in plan.phases:
                used = seconds.get(phase.id, 0.0)
                table.add_row(
                    shown(phase.name),
                    budget_text(phase.min_minutes, phase.max_minutes),
                    clock_text(used),
                    _time_verdict(used, phase),
                )
            c.print(table)
            graded = None if plan.graded_phases is None else list(plan.graded_phases)
            render_report(
                c,
                report,
                f"{self.question.title} ({plan.playbook})",
                phases=graded,
                cite_lines=False,
            )
        c.print(
            f"[muted]Saved as session {session_id}: `coach export {session_id}` writes it "
            "as markdown.[/]"
        )

    def earlier(self, entries: list[Entry]) -> None:
        """On resume, the phase so far, so the candidate picks up where they were."""
        labels = {
            "answer": "Your answer (saved)",
            "question": "You asked",
            "reply": "Interviewer",
            "probe": "Interviewer follow-up",
            "probe_answer": "Your follow-up answer (saved)",
        }
        shown_entries = [e for e in entries if e.kind in labels]
        if not shown_entries:
            return
        c = self.console
        c.print("[muted]So far in this phase:[/]")
        for entry in shown_entries:
            c.print(f"[title]{labels[entry.kind]}:[/] {shown(entry.text.strip())}")

    def recovered(self, path: str) -> None:
        self.console.print(
            f"[warning]Recovered what you were typing when coach stopped[/] [muted]({shown(path)})[/]"
        )

    def skipped(self, session_id: str) -> None:
        self.report_console.print()
        self.report_console.print(
            f"Every phase was skipped: nothing to grade. Saved as session {session_id}, "
            "marked skipped; it does not count in `coach stats`."
        )


def _time_verdict(used_seconds: float, phase: PhasePlan) -> str:
    minutes = used_seconds / 60
    if minutes > phase.max_minutes:
        return f"[error]+{clock_text(used_seconds - phase.max_minutes * 60)} over[/]"
    if minutes < phase.min_minutes:
        return "[warning]short[/]"
    return "[covered]within[/]"
