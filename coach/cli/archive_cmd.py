"""`coach import`: restore a history written by `coach export --all --format json`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coach.cli import app


@app.command("import")
def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A file written by `coach export --all --format json`."
        ),
    ],
) -> None:
    """Restore an exported history (sessions, cards, reviews) into this coach home.

    All or nothing: a file that is not a coach history export, or that holds a session
    this history already has, is refused and nothing is written.

    Example: coach import coach-history.json
    """
    from coach import paths
    from coach.store.archive import import_history
    from coach.store.archive_read import read_document
    from coach.store.db import open_store

    rows = read_document(file)  # a bad file is refused before the database is touched
    with open_store(paths.coach_home()) as store:
        counts = import_history(store, rows, file)
    typer.echo(counts.summary(), err=True)
