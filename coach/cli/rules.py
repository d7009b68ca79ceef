"""`coach rules` and `coach rule CODE`: the mistake rules and their docs, like `ruff rule`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from coach.cli import app
from coach.cli.options import Format, ListFormatOpt


@app.command("rules")
def rules_command(fmt: ListFormatOpt = Format.table) -> None:
    """List the mistake rules the grader checks.

    Example: coach rules --format json
    """
    from coach.content.library import load_library

    library = load_library()
    if fmt is Format.json:
        from coach.cli.jsonout import print_json

        print_json([asdict(rule) for rule in library.rubric.rules])
        return
    from coach.ui.console import make_console
    from coach.ui.report_view import render_rules_table

    render_rules_table(make_console(), library.rubric.rules)


@app.command("rule")
def rule_command(
    code: Annotated[
        str, typer.Argument(metavar="CODE", help="A rule code (MSD101) or name (no-monitoring).")
    ],
) -> None:
    """Explain one rule: what it checks, why it matters, how to fix it.

    Example: coach rule MSD101
    """
    from coach.content.library import load_library, suggest
    from coach.errors import NotFoundError

    library = load_library()
    wanted = code.strip()
    for rule in library.rubric.rules:
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            from coach.ui.console import make_console
            from coach.ui.report_view import render_rule

            render_rule(make_console(), rule)
            return
    known = [r.code for r in library.rubric.rules] + [r.name for r in library.rubric.rules]
    raise NotFoundError(f"no rule '{code}'" + suggest(wanted, known))
