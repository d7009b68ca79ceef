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
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH...", help="Bank, rubric or concept files to check."),
    ],
) -> None:
    """Check bank, rubric or concept files against the schema; list every problem.

    Example: coach bank validate my-bank.yaml
    """
    from coach.content.validation import validate_files

    checked = validate_files(paths)
    summary = f"ok: {len(checked.files)} file(s), {checked.questions} question(s)"
    if checked.concepts:
        summary += f", {checked.concepts} concept(s)"
    if checked.empty:
        summary += "; empty, nothing in it: " + ", ".join(str(path) for path in checked.empty)
    typer.echo(summary)
