"""What plain `coach` does."""

from __future__ import annotations

import typer


def default_action(ctx: typer.Context) -> None:
    typer.echo(ctx.get_help())
