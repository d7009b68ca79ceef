"""The `coach` command line: a thin layer over the library.

Each command module registers its commands on `app`. Commands turn coach's own
errors, and Click's usage errors, into one line on stderr and exit code 2 (see
`CoachGroup`); nothing a user can cause prints a traceback.

The top layer: may import anything. Each command parses, calls the library, renders.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

# typer 0.26-0.28 (the versions pyproject allows) ship Click inside typer._click.
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from coach import __version__
from coach.errors import MAX_SHOWN, CoachError, ContentError

__all__ = ["app", "run"]


class CoachGroup(TyperGroup):
    """Reports CoachError and usage errors as one line for a person.

    Click prints a usage error as three lines (usage, a hint, the error); coach
    prints every error as one `error: ...` line.
    """

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        with _usage_errors_as_one_line():  # coach's own options: `coach --bogus`
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        # an unknown command, a command's arguments, and coach's own errors
        with _usage_errors_as_one_line():
            try:
                return super().invoke(ctx)
            except CoachError as exc:
                report_error(exc)
                raise typer.Exit(exc.exit_code) from None


@contextmanager
def _usage_errors_as_one_line() -> Iterator[None]:
    try:
        yield
    except NoArgsIsHelpError:  # `coach bank`: the help, not an error line
        raise
    except ClickUsageError as exc:
        report_usage_error(exc)
        raise typer.Exit(exc.exit_code) from None


def report_error(exc: CoachError) -> None:
    """The error for a person; values it quotes (ids, paths, file contents) cannot send
    escape sequences to the terminal."""
    from coach.common.textsafe import printable

    if isinstance(exc, ContentError):
        # every problem an `error:` line like any other error; the count and hint follow
        shown = min(len(exc.problems), MAX_SHOWN)
        for n, line in enumerate(exc.lines()):
            print(printable(f"{exc.label}{line}" if n < shown else line), file=sys.stderr)
    else:
        print(printable(f"{exc.label}{exc}"), file=sys.stderr)


def report_usage_error(exc: ClickUsageError) -> None:
    """`error: missing argument 'PATH...' (see 'coach score --help')`."""
    message = exc.format_message().removesuffix(".")
    if message[1:2].islower():  # "Missing argument" but not "JSON"
        message = message[0].lower() + message[1:]
    hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
    from coach.common.textsafe import printable

    print(printable(f"error: {message}{hint}"), file=sys.stderr)


app = typer.Typer(
    cls=CoachGroup,
    name="coach",
    help="Practise machine-learning system design interviews in the terminal.",
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"coach {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Print long reports as they are, without a pager (or COACH_PAGER=cat).",
        ),
    ] = False,
) -> None:
    """Practise machine-learning system design interviews in the terminal.

    Example: coach questions --category fraud
    """
    if no_pager:
        from coach.ui.pager import disable

        disable()
    if ctx.invoked_subcommand is None:
        from coach.cli.default import default_action

        default_action(ctx)


# The module that defines each command. `coach show X` imports and builds only
# coach.cli.questions: Typer inspects every registered command's parameters on
# each run, so registering one instead of seventeen is a visible part of start-up.
COMMAND_MODULES = {
    "bank": "bank", "export": "history", "history": "history", "import": "archive_cmd",
    "interviewer": "interviewer",
    "next": "plan", "mock": "practice", "drill": "practice", "sprint": "practice",
    "resume": "practice", "questions": "questions", "show": "questions", "quiz": "quiz",
    "rule": "rules", "rules": "rules", "score": "score", "stats": "stats",
}  # fmt: skip


def register(command: str | None = None) -> None:
    """Register one command's module, or all of them (help, tests, unknown names)."""
    import importlib

    module = COMMAND_MODULES.get(command or "")
    for name in [module] if module else sorted(set(COMMAND_MODULES.values())):
        importlib.import_module(f"coach.cli.{name}")


def run(command: str | None = None) -> None:
    """The console script: only the named command is registered (see COMMAND_MODULES)."""
    _tolerate_narrow_encodings()
    register(command)
    app()


def _tolerate_narrow_encodings() -> None:
    """An ASCII-only terminal must not turn a ✓ into a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def full_app() -> typer.Typer:
    """The app with every command registered (tests, documentation)."""
    register()
    return app
