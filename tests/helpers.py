"""Small helpers shared by tests."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from coach.cli import full_app

app = full_app()

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    """Run the CLI in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, list(args), input=stdin)
