"""Rich views of a graded answer (through its styled lines), and of the rule registry."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from coach.content.schema import Rule
from coach.engine.grading import Report
from coach.ui.console import print_table, shown
from coach.ui.report_lines import report_lines
from coach.ui.styled import print_lines

__all__ = ["render_report", "render_rule", "render_rules_table"]


def render_report(
    console: Console,
    report: Report,
    title: str,
    *,
    phases: list[str] | None = None,
    cite_lines: bool = True,
) -> None:
    """The report on a rich console: see `report_lines`."""
    print_lines(console, report_lines(report, title, phases=phases, cite_lines=cite_lines))


def render_rules_table(console: Console, rules: tuple[Rule, ...]) -> None:
    table = Table(title=f"{len(rules)} rules", title_justify="left")
    table.add_column("code", style="bold", no_wrap=True)
    table.add_column("name", no_wrap=True)
    table.add_column("level")
    table.add_column("kind")
    table.add_column("applies to")
    for rule in rules:
        scope = ", ".join(rule.categories) or "all"
        if rule.session_only:
            scope += " (timed sessions)"
        table.add_row(rule.code, rule.name, rule.level, rule.kind, scope)
    print_table(console, table)
    console.print("[muted]Read one with `coach rule CODE`.[/]")


def render_rule(console: Console, rule: Rule) -> None:
    console.print(f"[title]{rule.code} {rule.name}[/] [muted]({rule.level}, {rule.kind})[/]")
    console.print()
    console.print(shown(rule.message))
    if rule.categories:
        console.print(f"[muted]Applies to: {', '.join(rule.categories)}[/]")
    for heading, body in (
        ("What it checks", rule.docs.what),
        ("Why it matters", rule.docs.why),
        ("How to fix it", rule.docs.fix),
    ):
        console.print()
        console.print(f"[title]{heading}[/]")
        console.print(shown(body.strip()))
    for heading, example in (("Example", rule.examples.bad), ("Better", rule.examples.good)):
        console.print()
        console.print(f"[title]{heading}[/]")
        for line in example.text.strip().splitlines():
            console.print(f"  [muted]│[/] {shown(line)}")
        if example.minutes:
            spent = ", ".join(f"{k} {v:g} min" for k, v in example.minutes.items())
            console.print(f"  [muted](time spent: {spent})[/]")
