"""`coach history` and `coach export`: past sessions."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coach.cli import app
from coach.cli.options import BankOpt, ForceOpt, ListFormat, ListFormatOpt


class ExportFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    csv = "csv"


def _format_for(
    output: Path | None, fmt: ExportFormat | None, default: ExportFormat
) -> ExportFormat:
    """--format when given, else what the file's extension says, else the default."""
    from coach.export.destination import format_of_path

    named = format_of_path(output) if output is not None and fmt is None else None
    return fmt or (ExportFormat(named) if named else default)


@app.command("history")
def history_command(fmt: ListFormatOpt = ListFormat.table) -> None:
    """List past sessions: date, question, playbook, score, status.

    Example: coach history --format json
    """
    from coach import paths
    from coach.store.db import open_store

    with open_store(paths.coach_home(), read_only=True) as store:
        records = store.sessions()
    if fmt is ListFormat.json:
        from coach.cli.jsonout import print_json
        from coach.export.session_json import session_row

        print_json([session_row(r) for r in records])
        return
    from coach.ui.console import make_console
    from coach.ui.history_view import render_history

    render_history(make_console(), records)


@app.command("export")
def export_command(
    session_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="A session id or prefix.")
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="The most recent session.")] = False,
    all_sessions: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every session, card and review: json to back up (`coach import`), csv for a "
            "spreadsheet.",
        ),
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format; by default the --output extension, else markdown (json with --all).",
            show_default=False,
        ),
    ] = None,
    bank: BankOpt = None,
    force: ForceOpt = False,
) -> None:
    """Export a session (finished, interrupted or killed) as markdown, JSON or CSV.

    With --all: the whole history, as JSON that `coach import` restores, or as CSV
    (one row per entry). An existing FILE is replaced only with --force.

    Example: coach export --last -o interview.md
    """
    import json

    from coach import paths
    from coach.content.library import load_library
    from coach.errors import UsageError
    from coach.export.destination import check_destination
    from coach.export.session_files import load_session_view, session_markdown, write_export
    from coach.store import archive
    from coach.store.db import open_store

    if output is not None:  # refused before anything is read
        check_destination(output, force=force)
    if all_sessions:
        if session_id is not None or last:
            raise UsageError("--all exports every session; leave out the session id and --last")
        fmt = _format_for(output, fmt, ExportFormat.json)
        if fmt is ExportFormat.markdown:
            raise UsageError("--all exports json or csv: use --format, or a .json or .csv file")
        with open_store(paths.coach_home(), read_only=True) as store:
            text = (
                archive.document_text(archive.build_document(store))
                if fmt is ExportFormat.json
                else archive.history_csv(store)
            )
        _emit(text, output, force)
        return

    fmt = _format_for(output, fmt, ExportFormat.markdown)
    library = load_library(bank or [])
    with open_store(paths.coach_home(), read_only=True) as store:
        if session_id is None:
            if not last:
                raise UsageError("name a session id, or use --last (ids: `coach history`)")
            latest = store.latest()
            if latest is None:
                raise UsageError("no sessions yet; start one with `coach mock`")
            session_id = latest.id
        if fmt is ExportFormat.csv:
            text = archive.history_csv(store, session_id)
            _emit(text, output, force)
            return
        if output is not None:
            write_export(store, library, session_id, output, fmt.value, force=force)
            typer.echo(f"wrote {output}", err=True)
            return
        view = load_session_view(store, library, session_id)
    if fmt is ExportFormat.json:
        typer.echo(json.dumps(view.to_json(), indent=2, ensure_ascii=False))
    else:
        typer.echo(session_markdown(view, library), nl=False)


def _emit(text: str, output: Path | None, force: bool) -> None:
    """Write an export to `output`, or to stdout without one."""
    if output is None:
        typer.echo(text, nl=False)
        return
    from coach.export.destination import write_export_text

    write_export_text(output, text, force=force)
    typer.echo(f"wrote {output}", err=True)
