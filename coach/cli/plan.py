"""`coach next`: what to practise now, and why."""

from __future__ import annotations

from coach.cli import app
from coach.cli.options import Format, ShowFormatOpt


@app.command("next")
def next_command(
    fmt: ShowFormatOpt = Format.text,
) -> None:
    """What to practise next, most urgent first, with why and the command to run.

    Example: coach next
    """
    from coach import paths
    from coach.content.library import load_library
    from coach.progress.next_steps import next_steps
    from coach.store.db import open_store

    library = load_library()
    with open_store(paths.coach_home(), read_only=True) as store:
        steps = next_steps(library, store, store.now())
    if fmt is Format.json:
        from coach.cli.jsonout import print_json

        print_json([step.to_dict() for step in steps])
        return
    from coach.ui.console import make_console
    from coach.ui.plan_view import render_plan

    render_plan(make_console(), steps)
