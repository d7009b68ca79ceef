"""`coach questions` and `coach show`: browse the question bank."""

from __future__ import annotations

from typing import Annotated

import typer

from coach import paths
from coach.cli import app
from coach.cli.options import BankOpt, Format, ListFormatOpt, QuestionArg, ShowFormatOpt


@app.command("questions")
def questions_command(
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    tag: Annotated[str | None, typer.Option(help="Only questions with this tag.")] = None,
    difficulty: Annotated[
        str | None, typer.Option(help="Only this difficulty: easy, medium or hard.")
    ] = None,
    fmt: ListFormatOpt = Format.table,
    bank: BankOpt = None,
) -> None:
    """List the design questions.

    Example: coach questions --category recommendation --difficulty hard
    """
    from coach.content.browse import filter_questions
    from coach.content.listing import question_entries

    entries = question_entries(bank or [])
    chosen = filter_questions(entries, category=category, tag=tag, difficulty=difficulty)
    if fmt is Format.json:
        from coach.cli.jsonout import print_json
        from coach.content.browse import question_summary

        print_json([question_summary(q) for q in chosen])
        return
    from coach.store.db import read_attempts
    from coach.ui.question_view import render_question_table

    render_question_table(chosen, read_attempts(paths.coach_home()))


@app.command("show")
def show_command(
    question_id: QuestionArg,
    facts: Annotated[
        bool, typer.Option("--facts", help="Also show the interviewer's facts.")
    ] = False,
    reference: Annotated[
        bool, typer.Option("--reference", help="Also show the question's reference answer.")
    ] = False,
    fmt: ShowFormatOpt = Format.text,
    bank: BankOpt = None,
) -> None:
    """Show a question: prompt, phases with budgets, checklist.

    Example: coach show video-recommendations --facts --reference
    """
    from coach.content.library import load_library
    from coach.content.references import load_reference

    library = load_library(bank or [])
    question = library.question(question_id)
    model = load_reference(library, question) if reference else None
    if fmt is Format.json:
        from coach.cli.jsonout import print_json
        from coach.content.browse import question_detail

        detail = question_detail(library, question, with_facts=facts)
        print_json({**detail, "reference": model} if reference else detail)
        return
    from coach.store.db import read_attempts
    from coach.ui.pager import paged
    from coach.ui.question_text import render_question, render_reference

    attempts = read_attempts(paths.coach_home()).get(question.id)
    with paged():
        render_question(library, question, with_facts=facts, attempts=attempts)
        if reference:
            render_reference(model)
