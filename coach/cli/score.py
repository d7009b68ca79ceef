"""`coach score`: grade written answers like a linter."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coach.cli import app
from coach.cli.options import BankOpt


class ScoreFormat(StrEnum):
    text = "text"
    concise = "concise"
    json = "json"
    markdown = "markdown"


@app.command("score")
def score_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Answer files (markdown or text); - reads stdin.")
    ],
    question: Annotated[
        str | None, typer.Option("--question", "-q", help="Grade against this question's rubric.")
    ] = None,
    fmt: Annotated[ScoreFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ScoreFormat.text
    ),
    bank: BankOpt = None,
) -> None:
    """Grade written answers: checklist coverage, mistakes, a score.

    Exit code 0, or 1 when an answer has error-level findings.

    Example: coach score answer.md --question video-recommendations
    """
    from coach.content.library import load_library
    from coach.engine import grade_text
    from coach.enginecache import warm_engine
    from coach.scoring import read_answer

    library = load_library(bank or [])
    warm_engine(library)
    chosen = library.question(question) if question else None
    stdin = sys.stdin.buffer if sys.stdin is not None else None
    answers = [(str(p), read_answer(p, stdin)) for p in paths]
    reports = [(name, grade_text(text, library, chosen)) for name, text in answers]

    if fmt is ScoreFormat.json:
        from coach.export.score_json import report_to_dict
        from coach.jsonout import print_json

        dicts = [report_to_dict(report, name) for name, report in reports]
        print_json(dicts[0] if len(dicts) == 1 else dicts)
    elif fmt is ScoreFormat.concise:
        from coach.ui.report_view import concise_lines

        for name, report in reports:
            for line in concise_lines(report, name):
                print(line)
    elif fmt is ScoreFormat.markdown:
        from coach.export.score_markdown import report_markdown

        for name, report in reports:
            sys.stdout.write(report_markdown(report, _title(name, chosen)))
    else:
        from coach.ui.console import make_console
        from coach.ui.report_view import render_report

        console = make_console()
        for n, (name, report) in enumerate(reports):
            if n:
                console.rule()
            render_report(console, report, _title(name, chosen))
    if any(report.has_errors for _, report in reports):
        raise typer.Exit(1)


def _title(name: str, question: object) -> str:
    label = "standard input" if name == "-" else name
    qtitle = getattr(question, "title", None)
    return f"{label} — {qtitle}" if qtitle else f"{label} — generic rubric"
