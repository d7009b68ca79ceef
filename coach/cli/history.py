"""`coach history` and `coach export`: past sessions."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from coach.cli import app
from coach.cli.options import BankOpt, ExportFormatOpt, ForceOpt, Format, ListFormatOpt


def _format_for(output: Path | None, fmt: Format | None, default: Format) -> Format:
    """--format when given, else what the file's extension says, else the default."""
    from coach.export.destination import format_of_path

    named = format_of_path(output) if output is not None and fmt is None else None
    return fmt or (Format(named) if named else default)


# How many sessions `coach history` shows on a terminal unless told otherwise.
DEFAULT_LIMIT = 20
_LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=1,
        help=f"Show the newest N sessions (default {DEFAULT_LIMIT}; json: all).",
        show_default=False,
    ),
]
_EveryOpt = Annotated[bool, typer.Option("--all", help="Show every session.")]


@app.command("history")
def history_command(
    fmt: ListFormatOpt = Format.table,
    limit: _LimitOpt = None,
    every: _EveryOpt = False,
) -> None:
    """List past sessions, newest first: date, question, playbook, score, status.

    Example: coach history --limit 50
    """
    from coach import paths
    from coach.errors import UsageError
    from coach.store.db import open_store

    if every and limit is not None:
        raise UsageError("--all shows every session; leave out --limit")
    if limit is None and not every and fmt is not Format.json:
        limit = DEFAULT_LIMIT
    with open_store(paths.coach_home(), read_only=True) as store:
        rows = store.history(limit)
        total = store.session_count() if limit is not None else len(rows)
    if fmt is Format.json:
        from coach.cli.jsonout import print_json
        from coach.export.session_json import session_row

        print_json([session_row(r) for r in rows])
        return
    from coach.ui.console import make_console
    from coach.ui.history_view import render_history

    render_history(make_console(), rows, total)


_SessionArg = Annotated[str | None, typer.Argument(metavar="ID", help="A session id or prefix.")]
_LastOpt = Annotated[bool, typer.Option("--last", help="The most recent session.")]
_AllOpt = Annotated[
    bool,
    typer.Option(
        "--all",
        help="Every session, card and review: json to back up (`coach import`), csv for a "
        "spreadsheet.",
    ),
]
_OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")]


@app.command("export")
def export_command(
    session_id: _SessionArg = None,
    last: _LastOpt = False,
    all_sessions: _AllOpt = False,
    output: _OutputOpt = None,
    fmt: ExportFormatOpt = None,
    bank: BankOpt = None,
    force: ForceOpt = False,
) -> None:
    """Export a session (finished, interrupted or killed) as markdown, JSON or CSV.

    With --all: the whole history, as JSON that `coach import` restores, or as CSV
    (one row per entry). An existing FILE is replaced only with --force.

    Example: coach export --last -o interview.md
    """
    from coach import paths
    from coach.content.library import load_library
    from coach.errors import UsageError
    from coach.export import history_export
    from coach.store.db import open_store

    _check_output(output, force)
    if all_sessions and (session_id is not None or last):
        raise UsageError("--all exports every session; leave out the session id and --last")
    chosen = _format_for(output, fmt, Format.json if all_sessions else Format.markdown)
    banks = not all_sessions and chosen is not Format.csv
    library = load_library(bank or []) if banks else None
    with open_store(paths.coach_home(), read_only=True) as store:
        if all_sessions:  # written as it is read: the history is never in memory whole
            _emit(history_export.everything_lines(store, chosen), output, force)
            return
        picked = history_export.pick_session(store, session_id, last)
        text = history_export.one_session(store, picked, chosen, library)
    _emit([text], output, force)


def _check_output(output: Path | None, force: bool) -> None:
    """Refuse a destination before anything is read."""
    if output is not None:
        from coach.export.destination import check_destination

        check_destination(output, force=force)


def _emit(pieces: Iterable[str], output: Path | None, force: bool) -> None:
    """Write an export to `output`, or to stdout without one, piece by piece."""
    if output is None:
        for piece in pieces:
            typer.echo(piece, nl=False)
        return
    from coach.export.destination import write_export_lines

    write_export_lines(output, pieces, force=force)
    typer.echo(f"wrote {output}", err=True)
