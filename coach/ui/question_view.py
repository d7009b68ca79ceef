"""The list of questions: a table on a wide screen, grouped lines on a narrow one.

Printed as styled lines (coach.ui.styled), not through rich: a bank of 10,000
questions took 2.5 s to lay out as a rich table, and a listing's cost should be
that of the lines it prints.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Protocol

from coach.store.attempts import Attempts
from coach.ui.question_text import attempts_text
from coach.ui.styled import Line, as_printed, cells, screen_width, styling_for, write_lines

__all__ = ["render_question_table"]

# Below this width a title column would wrap into a word a line: each question takes
# two lines instead, its id and level, then its title across the width.
TABLE_WIDTH = 110
_GAP = "   "


class ListedQuestion(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def difficulty(self) -> str: ...


def render_question_table(
    questions: Sequence[ListedQuestion], attempts: Mapping[str, Attempts] | None = None
) -> None:
    """The list; with `attempts` (a history), how often each was practised and its best."""
    attempts = attempts or {}
    width = screen_width()
    if not questions:
        lines = [Line(("", "No questions match. Try `coach questions` without filters."))]
    else:
        layout = _table if width >= TABLE_WIDTH else _grouped
        lines = [
            Line(("title", f"{len(questions)} questions")),
            *layout(questions, attempts, width),
            Line(("muted", "Show one with `coach show ID`.")),
        ]
    write_lines(lines, sys.stdout, styling=styling_for(sys.stdout), width=width)


def _table(
    questions: Sequence[ListedQuestion], attempts: Mapping[str, Attempts], width: int
) -> list[Line]:
    """One row a question: id, level, category (and practised), then the title, whose
    wrapped rows stay in its column."""
    practised = {q.id: attempts_text(attempts[q.id]) for q in questions if q.id in attempts}
    columns = [  # as printed, so that widths are measured on what the screen shows
        ("id", [as_printed(q.id) for q in questions]),
        ("level", [as_printed(q.difficulty) for q in questions]),
        ("category", [as_printed(q.category) for q in questions]),
    ]
    if practised:
        columns.append(("practised", [practised.get(q.id, "") for q in questions]))
    widths = [max(cells(name), *(cells(v) for v in values)) for name, values in columns]
    title_at = sum(widths) + len(_GAP) * len(widths)
    if title_at > width - 20:  # an id so long the title would have no room: one per line
        return _grouped(questions, attempts, width)

    def cell(text: str, size: int) -> str:
        return text + " " * (size - cells(text)) + _GAP

    header = "".join(cell(name, size) for (name, _), size in zip(columns, widths, strict=True))
    lines = [Line(), Line(("title", header + "title")), Line(("muted", "─" * (width - 1)))]
    for row, q in enumerate(questions):
        texts = [cell(values[row], size) for (_, values), size in zip(columns, widths, strict=True)]
        lines.append(Line(("title", texts[0]), ("", "".join(texts[1:]) + q.title), hang=title_at))
    lines.append(Line())
    return lines


def _grouped(
    questions: Sequence[ListedQuestion], attempts: Mapping[str, Attempts], width: int
) -> list[Line]:
    """Grouped by category, in the order the bank has them; ids are never cut."""
    by_category: dict[str, list[ListedQuestion]] = {}
    for q in questions:
        by_category.setdefault(q.category, []).append(q)
    lines = []
    for category, members in by_category.items():
        lines += [Line(), Line(("title", f"{category} ({len(members)})"))]
        for q in members:
            done = f" · {attempts_text(attempts[q.id])}" if q.id in attempts else ""
            lines.append(Line(("", "  "), ("title", q.id), ("muted", f" · {q.difficulty}{done}")))
            lines.append(Line(("", "      " + q.title), hang=6))
    return lines
