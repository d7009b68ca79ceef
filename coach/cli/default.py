"""What plain `coach` does: start a mock interview on a question not practised yet."""

from __future__ import annotations

import typer


def default_action(ctx: typer.Context) -> None:
    from coach.cli.practice import mock_command

    ctx.invoke(mock_command, ctx)
