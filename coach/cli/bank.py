"""`coach bank validate`: check question banks before using them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coach.cli import app

bank_app = typer.Typer(help="Work with question banks.", no_args_is_help=True)
app.add_typer(bank_app, name="bank")


@bank_app.command("validate")
def validate_command(
    paths: Annotated[list[Path], typer.Argument(help="Bank or rubric files to check.")],
) -> None:
    """Check bank files against the schema and the rubric; list every problem.

    Example: coach bank validate my-bank.yaml
    """
    from coach.content.validation import validate_files

    count = validate_files(paths)
    typer.echo(f"ok: {len(paths)} file(s), {count} question(s)")
