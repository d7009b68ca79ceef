"""Progress over many sessions, for the terminal (`coach stats`)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from coach.common.glyphs import sparkline, trend_arrow
from coach.common.textsafe import printable
from coach.common.timefmt import overrun_text
from coach.progress.stats import Stats
from coach.ui.console import print_table, shown

__all__ = ["TOP", "empty_message", "render_stats"]

TOP = 8


def empty_message(stats: Stats) -> str:
    if stats.since:
        return f"No finished sessions since {stats.since}; start one with `coach mock`."
    return "No finished sessions yet; start one with `coach mock`."


def of(count: int, total: int) -> str:
    """ "3 of 5", or "–" when there was nothing to count."""
    return f"{count} of {total}" if total else "–"


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", title_style="title", box=box.SIMPLE_HEAD)


def render_stats(console: Console, stats: Stats) -> None:
    if not stats.sessions:
        console.print(shown(empty_message(stats)))
        return
    noun = "session" if stats.sessions == 1 else "sessions"
    since = f" since {stats.since}" if stats.since else ""
    console.print(f"[title]Practice stats[/] · {stats.sessions} finished {noun}{since}")
    # One line per playbook: a drill grades one phase, so its scores are never drawn
    # in the same line as full mocks. The bars take what room the numbers leave.
    width = max(len(x.playbook) for x in stats.trends)
    for n, trend in enumerate(stats.trends):
        label = f"{'Score' if n == 0 else '':<5}  {printable(trend.playbook):<{width}}  "
        noun = "session" if trend.sessions == 1 else "sessions"
        numbers = (
            f"first {trend.first} · last {trend.last} · best {trend.best} · {trend.sessions} {noun}"
        )
        room = max(10, console.width - len(label) - len(numbers) - 3)
        bars = sparkline(trend.recent[-room:], 0, 100)
        console.print(f"{escape(label)}{bars}  {numbers}", overflow="fold")
    console.print("[muted]bars on a 0–100 scale, oldest first: each playbook's latest sessions[/]")

    if stats.coverage:
        table = _table("Coverage by phase")
        table.add_column("phase", overflow="fold")
        for name in ("sessions", "first", "latest", "average"):
            table.add_column(name, justify="right", no_wrap=True)
        for c in stats.coverage:
            table.add_row(
                shown(c.name),
                str(c.sessions),
                f"{c.first:.0%}",
                f"{c.latest:.0%}",
                f"{c.average:.0%}",
            )
        console.print()
        print_table(console, table)

    if stats.time:
        table = _table("Time discipline (median time against each phase's max budget)")
        table.add_column("phase", overflow="fold")
        for name in ("sessions", "median", "over budget"):
            table.add_column(name, justify="right", no_wrap=True)
        for t in stats.time:
            table.add_row(
                shown(t.name),
                str(t.sessions),
                overrun_text(t.median_over_minutes),
                f"{of(t.over_budget, t.sessions)} ({t.share_over_budget:.0%})",
            )
        console.print()
        print_table(console, table)

    window = stats.window
    if stats.missed_items:
        rows = [
            (
                f"{shown(i.title)} [muted]({shown(i.id)})[/]",
                of(i.missed, i.applicable),
                of(i.recent_missed, i.recent_applicable),
                of(i.previous_missed, i.previous_applicable),
                trend_arrow(i.trend),
            )
            for i in stats.missed_items[:TOP]
        ]
        _print_trend_table(console, "Most missed points", ("point", "missed"), window, rows)
    if stats.findings:
        rows = [
            (
                f"{shown(f.code)} [muted]{shown(f.name)}[/]",
                of(f.count, stats.sessions),
                of(f.recent, f.recent_sessions),
                of(f.previous, f.previous_sessions),
                trend_arrow(f.trend),
            )
            for f in stats.findings[:TOP]
        ]
        _print_trend_table(console, "Most frequent findings", ("rule", "sessions"), window, rows)
    if stats.missed_items or stats.findings:
        console.print(
            "[muted]trend: ↑ worse, ↓ better, → same, · nothing earlier to compare with[/]"
        )


def _print_trend_table(
    console: Console,
    title: str,
    first: tuple[str, str],
    window: int,
    rows: list[tuple[str, str, str, str, str]],
) -> None:
    """What is counted, its count overall, in the last `window` sessions, in the
    `window` before, and the trend between those two."""
    table = _table(title)
    table.add_column(first[0], overflow="fold")
    for name in (first[1], f"last {window}", f"{window} before", "trend"):
        table.add_column(name, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    console.print()
    print_table(console, table)
