"""`coach quiz`: the ML concepts a design answer leans on, with spaced repetition."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli import app
from coach.cli.options import complete_topic


@app.command("quiz")
def quiz_command(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Option(
            help="Only this topic (e.g. metrics, ensembles).", autocompletion=complete_topic
        ),
    ] = None,
    count: Annotated[int, typer.Option(min=1, max=100, help="How many concepts.")] = 5,
    cram: Annotated[
        bool, typer.Option("--cram", help="Practise without changing the schedule.")
    ] = False,
    seed: Annotated[int | None, typer.Option(help="Seed the order of new concepts.")] = None,
) -> None:
    """A short concept quiz: timed answers, the key points you made and missed, a rating.

    Example: coach quiz --topic metrics --count 3
    """
    from coach.cli.practice import deps_of
    from coach.practice.runner import run_concept_quiz

    run_concept_quiz(deps_of(ctx), topic=topic, count=count, cram=cram, seed=seed)
