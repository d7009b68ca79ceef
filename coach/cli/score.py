"""`coach score`: grade written answers like a linter."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coach.cli import app, report_error
from coach.cli.options import BankOpt, ReferenceOpt


class ScoreFormat(StrEnum):
    text = "text"
    concise = "concise"
    json = "json"
    markdown = "markdown"


@app.command("score")
def score_command(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH...", help="Answer files (markdown or text); - reads stdin."),
    ],
    question: Annotated[
        str | None, typer.Option("--question", "-q", help="Grade against this question's rubric.")
    ] = None,
    fmt: Annotated[ScoreFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ScoreFormat.text
    ),
    bank: BankOpt = None,
    reference: ReferenceOpt = True,
) -> None:
    """Grade written answers: checklist coverage, mistakes, a score.

    Exit code 0, 1 when an answer has error-level findings, 2 when a file cannot
    be read (the others are still graded).

    Example: coach score answer.md --question video-recommendations
    """
    from coach.content.library import load_library
    from coach.engine import grade_text
    from coach.engine.answer_files import read_answer
    from coach.engine.cache import warm_engine
    from coach.errors import UsageError

    if sum(str(path) == "-" for path in paths) > 1:
        raise UsageError("'-' (standard input) can be read only once")
    library = load_library(bank or [])
    warm_engine(library)
    chosen = library.question(question) if question else None
    stdin = sys.stdin.buffer if sys.stdin is not None else None
    # Like a linter: a file that cannot be read is reported, the others are graded.
    answers = []
    for path in paths:
        try:
            answers.append((str(path), read_answer(path, stdin)))
        except UsageError as exc:
            report_error(exc)
    if not answers:
        raise typer.Exit(2)
    model = None
    if chosen is not None and reference:
        from coach.content.references import load_reference

        model = load_reference(library, chosen)
    reports = [(name, grade_text(text, library, chosen, reference=model)) for name, text in answers]

    if fmt is ScoreFormat.json:
        from coach.cli.jsonout import print_json
        from coach.engine.report_json import report_to_dict

        dicts = [report_to_dict(report, name) for name, report in reports]
        print_json(dicts[0] if len(paths) == 1 else dicts)
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
    if len(answers) < len(paths):
        raise typer.Exit(2)
    if any(report.has_errors for _, report in reports):
        raise typer.Exit(1)


def _title(name: str, question: object) -> str:
    label = "standard input" if name == "-" else name
    qtitle = getattr(question, "title", None)
    return f"{label} — {qtitle}" if qtitle else f"{label} — generic rubric"
