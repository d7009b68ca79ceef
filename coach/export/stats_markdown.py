"""Progress over many sessions as GitHub-flavoured markdown, with a mermaid score chart."""

from __future__ import annotations

from coach.common.glyphs import trend_arrow
from coach.common.textsafe import printable
from coach.common.timefmt import overrun_text
from coach.export.md import cell
from coach.progress.stats import Stats

__all__ = ["TOP", "score_chart", "stats_markdown"]

TOP = 8


def _plural(n: int) -> str:
    return f"{n} session" if n == 1 else f"{n} sessions"


def _of(count: int, total: int) -> str:
    return f"{count} of {total}" if total else "–"


def score_chart(scores: list[int], title: str = "Score per session") -> str:
    """A mermaid xychart-beta block: one point per session, x = session number."""
    numbers = ", ".join(str(n) for n in range(1, len(scores) + 1))
    return "\n".join(
        [
            "```mermaid",
            "xychart-beta",
            f'    title "{title}"',
            f"    x-axis [{numbers}]",
            '    y-axis "score" 0 --> 100',
            f"    line [{', '.join(str(s) for s in scores)}]",
            "```",
        ]
    )


def stats_markdown(stats: Stats) -> str:
    out = ["# Practice stats", ""]
    since = f" since {stats.since}" if stats.since else ""
    if not stats.sessions:
        out.append(f"No finished sessions{since}; start one with `coach mock`.")
        return printable("\n".join(out) + "\n")
    noun = "session" if stats.sessions == 1 else "sessions"
    out.append(f"{stats.sessions} finished {noun}{since}.")
    # A chart per playbook: a drill grades one phase, so it never shares a line with mocks.
    for trend in stats.trends:
        scores = [p.score for p in stats.scores if p.playbook == trend.playbook]
        out += [
            "",
            f"**{cell(trend.playbook)}**: {_plural(trend.sessions)}, first score {trend.first}, "
            f"last {trend.last}, best {trend.best}.",
        ]
        out += [
            "",
            score_chart(scores, f"Score per {printable(trend.playbook)}"[:60].replace('"', "'")),
        ]
    out += ["", "| # | date | question | playbook | score |", "|---:|---|---|---|---:|"]
    for n, p in enumerate(stats.scores, 1):
        out.append(f"| {n} | {p.date} | {cell(p.question)} | {cell(p.playbook)} | {p.score} |")

    if stats.coverage:
        out += ["", "## Coverage by phase", ""]
        out += ["| phase | sessions | first | latest | average |", "|---|---:|---:|---:|---:|"]
        for c in stats.coverage:
            out.append(
                f"| {cell(c.name)} | {c.sessions} | {c.first:.0%} | {c.latest:.0%} "
                f"| {c.average:.0%} |"
            )

    if stats.time:
        out += ["", "## Time discipline", ""]
        out.append("Median time against each phase's max budget, and how often it ran over.")
        out += ["", "| phase | sessions | median | over budget |", "|---|---:|---:|---:|"]
        for t in stats.time:
            out.append(
                f"| {cell(t.name)} | {t.sessions} | {overrun_text(t.median_over_minutes)} "
                f"| {_of(t.over_budget, t.sessions)} ({t.share_over_budget:.0%}) |"
            )

    window = stats.window
    trend_note = "Trend: ↑ worse, ↓ better, → same, · nothing earlier to compare with."
    if stats.missed_items:
        out += ["", "## Most missed points", "", trend_note, ""]
        out.append(f"| point | missed | last {window} | {window} before | trend |")
        out.append("|---|---:|---:|---:|:---:|")
        for i in stats.missed_items[:TOP]:
            out.append(
                f"| {cell(i.title)} (`{cell(i.id)}`) | {_of(i.missed, i.applicable)} "
                f"| {_of(i.recent_missed, i.recent_applicable)} "
                f"| {_of(i.previous_missed, i.previous_applicable)} | {trend_arrow(i.trend)} |"
            )

    if stats.findings:
        out += ["", "## Most frequent findings", ""]
        if not stats.missed_items:
            out += [trend_note, ""]
        out.append(f"| rule | name | sessions | last {window} | {window} before | trend |")
        out.append("|---|---|---:|---:|---:|:---:|")
        for f in stats.findings[:TOP]:
            out.append(
                f"| {cell(f.code)} | {cell(f.name)} | {_of(f.count, stats.sessions)} "
                f"| {_of(f.recent, f.recent_sessions)} | {_of(f.previous, f.previous_sessions)} "
                f"| {trend_arrow(f.trend)} |"
            )
    return printable("\n".join(out) + "\n")
