"""What plain `coach` does: offer a mock interview on a question not practised yet,
showing the question first, with another one or quit a keypress away."""

from __future__ import annotations

import typer


def default_action(ctx: typer.Context) -> None:
    from coach.cli.practice import deps_of
    from coach.playbooks import mock
    from coach.practice.runner import QuestionChoice, start_session

    start_session(deps_of(ctx), mock.plan, QuestionChoice(confirm=True))
