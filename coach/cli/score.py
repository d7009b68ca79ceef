"""`coach score`: grade written answers like a linter."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coach.cli import app, report_error
from coach.cli.options import BankOpt, Format, ReferenceOpt, ScoreFormatOpt

if TYPE_CHECKING:
    from coach.engine.grade_files import GradedFiles


@app.command("score")
def score_command(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH...", help="Answer files (markdown or text); - reads stdin."),
    ],
    question: Annotated[
        str | None, typer.Option("--question", "-q", help="Grade against this question's rubric.")
    ] = None,
    fmt: ScoreFormatOpt = Format.text,
    bank: BankOpt = None,
    reference: ReferenceOpt = True,
) -> None:
    """Grade written answers: checklist coverage, mistakes, a score.

    Exit code 0, 1 when an answer has error-level findings, 2 when a file cannot
    be read (the others are still graded).

    Example: coach score answer.md --question video-recommendations
    """
    from coach.engine.grade_files import grade_files

    stdin = sys.stdin.buffer if sys.stdin is not None else None
    graded = grade_files(
        paths, question_id=question, banks=bank or [], reference=reference, stdin=stdin
    )
    for error in graded.unreadable:
        report_error(error)
    _render(graded, fmt, single=len(paths) == 1)
    if graded.unreadable:
        raise typer.Exit(2)
    if graded.has_errors:
        raise typer.Exit(1)


def _render(graded: GradedFiles, fmt: Format, *, single: bool) -> None:
    reports, question = graded.reports, graded.question
    if fmt is Format.json:
        from coach.cli.jsonout import print_json
        from coach.engine.report_json import report_to_dict

        dicts = [report_to_dict(report, name) for name, report in reports]
        if dicts:
            print_json(dicts[0] if single else dicts)
    elif fmt is Format.concise:
        from coach.ui.report_lines import concise_lines

        for name, report in reports:
            for line in concise_lines(report, name):
                print(line)
    elif fmt is Format.markdown:
        from coach.export.score_markdown import report_markdown

        for name, report in reports:
            sys.stdout.write(report_markdown(report, _title(name, question)))
    else:
        _print_reports(graded)


def _print_reports(graded: GradedFiles) -> None:
    """The reports for a person, without rich (see coach.ui.styled): paged on a terminal."""
    from coach.ui.pager import paged
    from coach.ui.report_lines import report_lines
    from coach.ui.styled import rule_line, screen_width, styling_for, write_lines

    styling, width = styling_for(sys.stdout), screen_width()
    with paged():
        for n, (name, report) in enumerate(graded.reports):
            lines = report_lines(report, _title(name, graded.question))
            write_lines(
                [rule_line(width), *lines] if n else lines, sys.stdout, styling=styling, width=width
            )


def _title(name: str, question: object) -> str:
    label = "standard input" if name == "-" else name
    qtitle = getattr(question, "title", None)
    return f"{label} — {qtitle}" if qtitle else f"{label} — generic rubric"
