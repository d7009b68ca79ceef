"""Options shared by several commands, spelled once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

__all__ = [
    "BankOpt",
    "ForceOpt",
    "ListFormat",
    "ListFormatOpt",
    "QuestionArg",
    "ReferenceOpt",
    "ShowFormat",
]


class ListFormat(StrEnum):
    table = "table"
    json = "json"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


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
ListFormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]
QuestionArg = Annotated[
    str, typer.Argument(metavar="ID", help="A question id, as `coach questions` lists them.")
]
