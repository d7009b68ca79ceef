"""`coach show` as plain text: a static page needs no rich (~70 ms of imports)."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from typing import TextIO

from coach.common.textsafe import printable as shown
from coach.common.timefmt import budget_text
from coach.content.library import Library
from coach.content.schema import Question
from coach.store.attempts import Attempts

__all__ = ["attempts_text", "render_question", "render_reference"]


def attempts_text(attempts: Attempts | None) -> str:
    """ "3 attempts, best 71" (or "not practised yet")."""
    if attempts is None or not attempts.count:
        return "not practised yet"
    best = f", best {attempts.best}" if attempts.best is not None else ""
    return f"{attempts.count} attempt{'s' * (attempts.count != 1)}{best}"


def _styled(stream: TextIO) -> bool:
    return (
        stream.isatty()
        and "NO_COLOR" not in os.environ
        and os.environ.get("TERM", "") not in ("dumb", "")
    )


def render_question(
    library: Library,
    question: Question,
    *,
    with_facts: bool,
    attempts: Attempts | None = None,
    out: TextIO | None = None,
) -> None:
    stream = out or sys.stdout
    width = min(100, shutil.get_terminal_size((90, 24)).columns)
    bold, dim, reset = ("\x1b[1m", "\x1b[2m", "\x1b[0m") if _styled(stream) else ("", "", "")

    def para(text: str, indent: str = "") -> None:
        for line in textwrap.wrap(
            " ".join(shown(text).split()), width, initial_indent=indent, subsequent_indent=indent
        ) or [""]:
            print(line, file=stream)

    # A bank's text may hold escape sequences (YAML's "\e"): shown, never sent.
    print(f"{bold}{shown(question.title)}{reset}  {dim}({question.id}){reset}", file=stream)
    tags = shown(", ".join(question.tags) or "-")
    print(f"{dim}{question.category} · {question.difficulty} · tags: {tags}{reset}", file=stream)
    if attempts is not None:
        last = f", last on {attempts.last[:10]}" if attempts.last else ""
        print(f"{dim}Practised: {attempts_text(attempts)}{last}{reset}", file=stream)
    print(file=stream)
    para(question.prompt)
    print(file=stream)

    print(f"{bold}Phases{reset}", file=stream)
    name_width = max(len(shown(p.name)) for p in library.framework.phases)
    for n, phase in enumerate(library.framework.phases, 1):
        budget = budget_text(phase.min_minutes, phase.max_minutes)
        print(f"  {n}. {shown(phase.name):<{name_width}}  {budget:>9}", file=stream)
        para(phase.goal, indent=" " * 7)
    print(file=stream)

    print(f"{bold}Checklist{reset}", file=stream)
    items = library.items_for(question)
    id_width = max(len(i.id) for i in items)
    for phase in library.framework.phases:
        for item in (i for i in items if i.phase == phase.id):
            title = shown(item.title)
            print(f"  {dim}{phase.id:<9}{reset} {item.id:<{id_width}}  {title}", file=stream)
    print(file=stream)

    if with_facts:
        print(f"{bold}Interviewer facts{reset}", file=stream)
        for fact in question.facts:
            para(f"{fact.topic}: {fact.answer}", indent="  ")
    else:
        print(f"{dim}Interviewer facts are hidden; add --facts to see them.{reset}", file=stream)


def render_reference(reference: str | None, out: TextIO | None = None) -> None:
    """The reference answer: headings bold, paragraphs and list items reflowed."""
    stream = out or sys.stdout
    width = min(100, shutil.get_terminal_size((90, 24)).columns)
    bold, dim, reset = ("\x1b[1m", "\x1b[2m", "\x1b[0m") if _styled(stream) else ("", "", "")
    print(file=stream)
    if reference is None:
        print(f"{dim}This question has no reference answer.{reset}", file=stream)
        return
    print(f"{bold}Reference answer{reset}", file=stream)
    for block in shown(reference).split("\n\n"):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        print(file=stream)
        for line in _joined_items(lines):
            if line.startswith("#"):
                print(f"{bold}{line.lstrip('#').strip()}{reset}", file=stream)
            elif line.startswith(("- ", "* ")):
                wrapped = textwrap.wrap(line[2:], width - 4) or [""]
                print(f"  - {wrapped[0]}", file=stream)
                for rest in wrapped[1:]:
                    print(f"    {rest}", file=stream)
            else:
                for text in textwrap.wrap(line, width):
                    print(text, file=stream)


def _joined_items(lines: list[str]) -> list[str]:
    """A block's lines as headings, list items and paragraphs, each one string."""
    out: list[str] = []
    for line in lines:
        starts = line.startswith(("#", "- ", "* "))
        if out and not starts and not out[-1].startswith("#"):
            out[-1] += " " + line
        else:
            out.append(line)
    return out
