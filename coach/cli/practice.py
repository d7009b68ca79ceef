"""`coach mock`, `coach drill`, `coach sprint`, `coach resume`: timed practice."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Any

import typer

from coach.cli import app
from coach.cli.options import (
    BankOpt,
    ForceOpt,
    ReferenceOpt,
    complete_category,
    complete_phase,
    complete_question,
)

QuestionOpt = Annotated[
    str | None,
    typer.Argument(
        metavar="ID",
        help="A question id; without one, a question you have not practised.",
        autocompletion=complete_question,
    ),
]
CategoryOpt = Annotated[
    str | None,
    typer.Option(help="Pick among this category.", autocompletion=complete_category),
]
DifficultyOpt = Annotated[str | None, typer.Option(help="Pick among this difficulty.")]
SeedOpt = Annotated[int | None, typer.Option(help="Seed the random pick (repeatable choice).")]
FrameworkOpt = Annotated[
    str | None,
    typer.Option(
        help="Interview framework: default, seven-step or six-by-eight (see rubrics.yaml)."
    ),
]
ExportOpt = Annotated[
    Path | None,
    typer.Option("--export", help="Write the session as markdown (.json: JSON) at the end."),
]


def deps_of(ctx: typer.Context):  # type: ignore[no-untyped-def]
    """The injected dependencies (tests), or the real ones."""
    from coach.practice.runner import Deps

    return ctx.obj if isinstance(ctx.obj, Deps) else Deps()


def _start(
    ctx: typer.Context,
    plan: Any,
    question_id: str | None,
    category: str | None,
    difficulty: str | None,
    seed: int | None,
    export: Path | None,
    bank: list[Path] | None,
    force: bool,
    reference: bool,
    *,
    confirm: bool = False,
) -> None:
    """The glue every practice command shares."""
    from coach.practice.runner import QuestionChoice, start_session

    choice = QuestionChoice(question_id, category, difficulty, seed, confirm=confirm)
    start_session(
        deps_of(ctx),
        plan,
        choice,
        banks=bank or [],
        export=export,
        force=force,
        reference=reference,
    )


@app.command("mock")
def mock_command(
    ctx: typer.Context,
    question_id: QuestionOpt = None,
    category: CategoryOpt = None,
    difficulty: DifficultyOpt = None,
    seed: SeedOpt = None,
    framework: FrameworkOpt = None,
    export: ExportOpt = None,
    bank: BankOpt = None,
    force: ForceOpt = False,
    reference: ReferenceOpt = True,
) -> None:
    """A full timed mock interview, phase by phase, with a graded report.

    Example: coach mock video-recommendations --export mock.md
    """
    from coach.playbooks import mock

    _start(
        ctx,
        functools.partial(mock.plan, framework=framework),
        question_id,
        category,
        difficulty,
        seed,
        export,
        bank,
        force,
        reference,
        confirm=question_id is None,  # a question it chose is shown before the clock starts
    )


@app.command("drill")
def drill_command(
    ctx: typer.Context,
    phase: Annotated[
        str,
        typer.Argument(
            metavar="PHASE",
            help="clarify, data, model, evaluate or wrapup.",
            autocompletion=complete_phase,
        ),
    ],
    question_id: QuestionOpt = None,
    category: CategoryOpt = None,
    difficulty: DifficultyOpt = None,
    seed: SeedOpt = None,
    export: ExportOpt = None,
    bank: BankOpt = None,
    force: ForceOpt = False,
    reference: ReferenceOpt = True,
) -> None:
    """Drill one phase on one question, timed with that phase's budget.

    Example: coach drill clarify realtime-payment-fraud
    """
    from coach.playbooks import drill

    _start(
        ctx,
        functools.partial(drill.plan, phase_id=phase),
        question_id,
        category,
        difficulty,
        seed,
        export,
        bank,
        force,
        reference,
    )


@app.command("sprint")
def sprint_command(
    ctx: typer.Context,
    minutes: Annotated[
        float, typer.Option("--minutes", "-m", help="Total minutes for all phases.")
    ],
    question_id: QuestionOpt = None,
    category: CategoryOpt = None,
    difficulty: DifficultyOpt = None,
    seed: SeedOpt = None,
    framework: FrameworkOpt = None,
    export: ExportOpt = None,
    bank: BankOpt = None,
    force: ForceOpt = False,
    reference: ReferenceOpt = True,
) -> None:
    """The full flow with every budget scaled to fit the minutes you have.

    Example: coach sprint --minutes 25
    """
    from coach.playbooks import sprint

    _start(
        ctx,
        functools.partial(sprint.plan, minutes=minutes, framework=framework),
        question_id,
        category,
        difficulty,
        seed,
        export,
        bank,
        force,
        reference,
    )


@app.command("resume")
def resume_command(
    ctx: typer.Context,
    session_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID", help="A session id (or prefix); default: the latest interrupted."
        ),
    ] = None,
    export: ExportOpt = None,
    bank: BankOpt = None,
    force: ForceOpt = False,
    reference: ReferenceOpt = True,
) -> None:
    """Continue an interrupted session where it stopped, keeping the time spent.

    Example: coach resume 3f9a1c2e
    """
    from coach.practice.runner import resume_session

    resume_session(
        deps_of(ctx),
        session_id,
        banks=bank or [],
        export=export,
        force=force,
        reference=reference,
    )
