"""The history table (`coach history`): one page of sessions, newest first.

Wide enough, every column; narrower, the time, verdict and status columns go (the
score column says the status of a session with no score) and the date loses its
time. Session ids are never cut; a question id wraps only after a hyphen.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table

from coach.common.textsafe import printable
from coach.common.timefmt import clock_text
from coach.store.db import HistoryRow
from coach.ui.console import print_table, shown

__all__ = ["render_history"]

# The narrowest a question column gets before rows take more lines than they must.
_MIN_QUESTION = 12


def render_history(console: Console, rows: Sequence[HistoryRow], total: int) -> None:
    """`rows` are the newest sessions of `total`; a line says how to see the rest."""
    if not rows:
        console.print("No sessions yet. Start one with `coach mock`.")
        return
    noun = "session" if total == 1 else "sessions"
    console.print(f"{total} {noun}", style="title")
    print_table(console, _table(rows, console.width))
    hidden = total - len(rows)
    if hidden > 0:
        console.print(
            f"[muted]The newest {len(rows)} shown; {hidden} more: "
            "`coach history --limit N` or `--all`.[/]"
        )


def _cells(r: HistoryRow, wide: bool) -> dict[str, str]:
    score = "" if r.score is None else str(r.score)
    cells = {
        "id": printable(r.id),
        "question": printable(r.question_id),
        "playbook": printable(r.playbook),
    }
    if wide:
        cells["started (UTC)"] = printable(r.started_at.replace("T", " ")[:16])
        cells["score"] = score
        cells["verdict"] = printable(r.verdict or "")
        cells["time"] = "" if r.seconds is None else clock_text(r.seconds)
        cells["status"] = printable(r.status)
    else:
        cells["date"] = printable(r.started_at[:10])
        cells["score"] = score or printable(r.status)
    return cells


_WIDE = ("id", "started (UTC)", "question", "playbook", "score", "verdict", "time", "status")
_NARROW = ("id", "date", "question", "playbook", "score")
_RIGHT = frozenset({"score", "time"})


def _table(rows: Sequence[HistoryRow], width: int) -> Table:
    for columns in (_WIDE, _NARROW):
        grid = [_cells(r, columns is _WIDE) for r in rows]
        widths = {c: max(len(c), *(len(g[c]) for g in grid)) for c in columns}
        # each gap between columns is a padding, a rule and a padding
        room = width - sum(w for c, w in widths.items() if c != "question") - 3 * (len(columns) - 1)
        if room >= min(widths["question"], _MIN_QUESTION + 4) or columns is _NARROW:
            break
    question = max(min(widths["question"], room), _MIN_QUESTION)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for c in columns:
        table.add_column(
            c,
            justify="right" if c in _RIGHT else "left",
            no_wrap=c != "question",
            style="bold" if c == "id" else None,
            min_width=widths[c] if c != "question" else None,
            overflow="fold",
        )
    for g in grid:
        # Every cell comes from the history, which an import or a hand edit may have filled.
        g["question"] = "\n".join(_wrap(g["question"], question))
        table.add_row(*(shown(g[c]) for c in columns))
    return table


def _wrap(text: str, width: int) -> list[str]:
    """An id on lines of at most `width`, broken after hyphens, mid-word only when one
    part alone is longer than the line."""
    return textwrap.wrap(text, width, break_on_hyphens=True) or [""]
