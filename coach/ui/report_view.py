"""Rich and concise views of a graded answer, and of the rule registry."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from coach.common.textsafe import printable
from coach.content.schema import Rule
from coach.engine.grading import Report
from coach.ui.console import print_table, shown

__all__ = ["concise_lines", "render_report", "render_rule", "render_rules_table"]

_LEVEL_STYLE = {"error": "error", "warning": "warning", "info": "info"}


def concise_lines(report: Report, path: str) -> list[str]:
    """`path:line:col: CODE message`, one per finding, like a linter."""
    if report.warning is not None:
        return [printable(f"{path}:1:1: warning: {report.warning}")]
    return [printable(f"{path}:{f.line}:{f.col}: {f.code} {f.message}") for f in report.findings]


def render_report(
    console: Console,
    report: Report,
    title: str,
    *,
    phases: list[str] | None = None,
    cite_lines: bool = True,
) -> None:
    """The report grouped by phase; `phases` limits it to some phases (a drill).

    A file's report cites line numbers, which the writer can open. A session's
    transcript is never shown as numbered lines, so there a point cites the phase
    it was said in (when that is not the phase it belongs to) and the sentence.
    """
    names = {p.id: p.name for p in report.phases}

    def where(line: int, phase: str | None, home: str | None) -> str:
        if cite_lines:
            return f"line {line}"
        return f"in {names.get(phase, phase)}" if phase and phase != home else ""

    console.print(f"[title]{shown(title)}[/]")
    if report.warning is not None:
        console.print(f"[warning]{shown(report.warning)}[/]")
        return
    for phase in report.phases:
        if phases is not None and phase.id not in phases:
            continue
        results = [r for r in report.shown_items if r.item.phase == phase.id]
        if not results:
            continue
        console.print()
        console.print(f"[title]{shown(phase.name)}[/]  [muted]{phase.coverage:.0%} covered[/]")
        for r in results:
            if r.covered:
                ev = r.evidence[0]
                passing = " · in passing" if r.depth == "mention" else ""
                console.print(
                    f"  [covered]✓[/] {shown(r.item.title)} [muted]({r.item.id}{passing})[/]"
                )
                cited = where(ev.line, ev.phase, phase.id)
                quoted = _clip(ev.text) if cite_lines else f"“{_clip(ev.text)}”"
                console.print(f"      [muted]{cited + ': ' if cited else ''}{shown(quoted)}[/]")
            else:
                console.print(f"  [missing]✗[/] {shown(r.item.title)} [muted]({r.item.id})[/]")
                console.print(f"      [muted]{shown(r.item.hint)}[/]")
            for said in r.reference:
                console.print(f"      [info]reference:[/] {shown(_clip(said.text))}")
        for f in (f for f in report.findings if f.phase == phase.id):
            _print_finding(console, f.level, f.code, f.name, f.message, where(f.line, None, None))
    others = [
        f
        for f in report.findings
        if f.phase is None or (phases is not None and f.phase not in phases)
    ]
    if others and phases is None:
        console.print()
        console.print("[title]Whole answer[/]")
        for f in others:
            cited = where(f.line, f.phase, None)
            _print_finding(console, f.level, f.code, f.name, f.message, cited)
    console.print()
    console.print(
        f"[title]Score {report.score}/100[/] · {shown(report.verdict)}  "
        f"[muted](coverage {report.coverage:.0%}, penalties −{report.penalty:g})[/]"
    )
    steps = report.next_steps()
    if steps:
        console.print("[title]Practise next[/]")
        for n, step in enumerate(steps, 1):
            console.print(f"  {n}. {shown(step)}")


def _print_finding(
    console: Console, level: str, code: str, name: str, message: str, where: str
) -> None:
    style = _LEVEL_STYLE.get(level, "info")
    place = f", {where}" if where else ""
    console.print(f"  [{style}]{code}[/] {shown(message)} [muted]({name}{place})[/]")


def _clip(text: str, width: int = 110) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


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
