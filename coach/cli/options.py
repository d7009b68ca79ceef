"""Options shared by several commands, spelled once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

__all__ = [
    "BankOpt",
    "ExportFormatOpt",
    "ForceOpt",
    "Format",
    "ListFormatOpt",
    "QuestionArg",
    "ReferenceOpt",
    "ScoreFormatOpt",
    "ShowFormatOpt",
    "StatsFormatOpt",
    "complete_category",
    "complete_phase",
    "complete_question",
    "complete_topic",
]


class Format(StrEnum):
    """Every output format; each command offers the ones that make sense for it."""

    text = "text"
    table = "table"
    concise = "concise"
    markdown = "markdown"
    json = "json"
    csv = "csv"


def _format_option(*offered: Format, help: str = "Output format.", default: bool = True) -> Any:
    """`--format/-f`, offering only `offered`: one enum, and each command its own choices.

    Typed as a string for Typer, so a wrong value is told the command's choices, not
    every format coach has; the callback turns the value into the Format.
    """
    names = [f.value for f in offered]

    def only_offered(value: str | None) -> Format | None:
        if value is None or value in names:
            return Format(value) if value is not None else None
        choices = ", ".join(f"'{name}'" for name in names)
        raise typer.BadParameter(f"'{value}' is not one of {choices}")

    return Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=help,
            metavar="[" + "|".join(names) + "]",
            callback=only_offered,
            show_default=default,
        ),
    ]


if TYPE_CHECKING:  # to mypy each is the enum; at run time, the option that offers it
    ListFormatOpt = Format
    ShowFormatOpt = Format
    StatsFormatOpt = Format
    ScoreFormatOpt = Format
    ExportFormatOpt = Format | None
else:
    ListFormatOpt = _format_option(Format.table, Format.json)
    ShowFormatOpt = _format_option(Format.text, Format.json)
    StatsFormatOpt = _format_option(Format.text, Format.json, Format.markdown)
    ScoreFormatOpt = _format_option(Format.text, Format.concise, Format.json, Format.markdown)
    ExportFormatOpt = _format_option(
        Format.markdown,
        Format.json,
        Format.csv,
        help="Output format; by default the --output extension, else markdown (json with --all).",
        default=False,
    )

BankOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--bank",
        help="An extra question bank (YAML); repeat for several.",
        dir_okay=False,
        show_default=False,
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace an existing file, or write through a symbolic link (never into coach's "
        "own files).",
    ),
]
ReferenceOpt = Annotated[
    bool,
    typer.Option(
        "--reference/--no-reference",
        help="Show what the question's reference answer says for each point missed or made "
        "in passing (--no-reference for a blind first attempt).",
    ),
]


# Shell completion (`coach --install-completion`): what each value may be. Called only
# by the shell while completing, never on an ordinary run.
def complete_question(incomplete: str) -> list[str]:
    from coach.content.library import load_library

    return sorted(q for q in load_library().questions if q.startswith(incomplete))


def complete_category(incomplete: str) -> list[str]:
    from coach.content.library import load_library

    found = {c for q in load_library().questions.values() for c in q.categories}
    return sorted(c for c in found if c.startswith(incomplete))


def complete_phase(incomplete: str) -> list[str]:
    from coach.content.library import load_library

    return [p.id for p in load_library().framework.phases if p.id.startswith(incomplete)]


def complete_topic(incomplete: str) -> list[str]:
    from coach.content.concepts import load_concepts

    topics = {c.topic for c in load_concepts().concepts}
    return sorted(t for t in topics if t.startswith(incomplete))


QuestionArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="A question id, as `coach questions` lists them.",
        autocompletion=complete_question,
    ),
]
