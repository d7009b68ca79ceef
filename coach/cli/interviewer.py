"""`coach interviewer`: pair practice, a second person plays the interviewer."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli import app
from coach.cli.options import BankOpt, ForceOpt, complete_question
from coach.cli.practice import CategoryOpt, DifficultyOpt, ExportOpt, FrameworkOpt, SeedOpt

QuestionOpt = Annotated[
    str | None,
    typer.Argument(
        metavar="ID",
        help="A question id; without one, the question `coach mock` would pick.",
        autocompletion=complete_question,
    ),
]


@app.command("interviewer")
def interviewer_command(
    ctx: typer.Context,
    question_id: QuestionOpt = None,
    category: CategoryOpt = None,
    difficulty: DifficultyOpt = None,
    seed: SeedOpt = None,
    framework: FrameworkOpt = None,
    export: ExportOpt = None,
    bank: BankOpt = None,
    force: ForceOpt = False,
) -> None:
    """Play the interviewer for a friend: the question, the phase timer, the facts to
    reveal, follow-up probes, and a checklist to tick as they talk; the ticks are
    scored with the grader's weights and saved as a session.

    Example: coach interviewer video-recommendations
    """
    from coach.practice.pair import PairDeps, start_interviewer
    from coach.practice.runner import QuestionChoice

    start_interviewer(
        ctx.obj if isinstance(ctx.obj, PairDeps) else PairDeps(),
        QuestionChoice(question_id, category, difficulty, seed),
        framework=framework,
        banks=bank or [],
        export=export,
        force=force,
    )
