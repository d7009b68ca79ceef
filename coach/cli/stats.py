"""`coach stats`: progress over many sessions."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli import app
from coach.cli.options import Format, StatsFormatOpt


@app.command("stats")
def stats_command(
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Only sessions started on or after YYYY-MM-DD."
        ),
    ] = None,
    fmt: StatsFormatOpt = Format.text,
) -> None:
    """Progress over your sessions: score trend, coverage, timing, recurring gaps.

    Example: coach stats --format markdown
    """
    from coach import paths
    from coach.progress.stats import compute_stats, parse_since
    from coach.store.db import open_store

    start = parse_since(since) if since is not None else None
    with open_store(paths.coach_home(), read_only=True) as store:
        # The terminal shows no per-session series: it reads only aggregates.
        stats = compute_stats(store, since=start, detail=fmt is not Format.text)
    if fmt is Format.json:
        from coach.cli.jsonout import print_json

        print_json(stats.to_dict())
    elif fmt is Format.markdown:
        from coach.export.stats_markdown import stats_markdown

        typer.echo(stats_markdown(stats), nl=False)
    else:
        from coach.ui.console import make_console
        from coach.ui.stats_view import render_stats

        render_stats(make_console(), stats)
