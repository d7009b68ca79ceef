"""Styled lines: wrapping, colour decisions and the plain writer `coach score` uses."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from coach.ui.styled import Line, cells, screen_width, styling_for, wrap, write_lines
from tests.helpers import invoke


def rows_text(line: Line, width: int) -> list[str]:
    return ["".join(text for _, text in row) for row in wrap(line, width)]


def test_a_short_line_is_one_row() -> None:
    assert rows_text(Line(("", "  "), ("covered", "✓"), ("", " Goal")), 40) == ["  ✓ Goal"]


def test_wrapped_rows_break_between_words_and_keep_the_hang() -> None:
    line = Line(("", "      "), ("muted", "one two three four five six seven"), hang=6)
    rows = rows_text(line, 20)
    assert rows == ["      one two three", "      four five six", "      seven"]
    assert all(cells(row) <= 20 and row == row.rstrip() for row in rows)


def test_a_word_longer_than_a_row_is_cut_and_nothing_is_lost() -> None:
    word = "x" * 50
    rows = rows_text(Line(("", "  " + word), hang=2), 20)
    assert all(cells(row) <= 20 for row in rows)
    assert "".join(row.strip() for row in rows) == word


def test_wide_characters_count_two_columns() -> None:
    rows = rows_text(Line(("", "漢字 " * 10)), 12)
    assert all(cells(row) <= 12 for row in rows)
    assert cells("漢字") == 4 and cells("e\u0301") == 1


def test_a_newline_in_a_text_starts_a_row_at_the_hang() -> None:
    assert rows_text(Line(("", "    a\nb"), hang=4), 40) == ["    a", "    b"]


def test_adjacent_tokens_of_one_style_are_one_span() -> None:
    (row,) = wrap(Line(("muted", "line 3: we a/b test")), 80)
    assert row == [("muted", "line 3: we a/b test")]


def test_write_lines_styles_as_asked() -> None:
    lines = [Line(("error", "MSD101"), ("", " no baseline "), ("covered", "✓"))]
    written = {}
    for styling in ("colour", "mono", "plain"):
        out = io.StringIO()
        write_lines(lines, out, styling=styling, width=80)
        written[styling] = out.getvalue()
    assert written["colour"] == "\x1b[1;31mMSD101\x1b[0m no baseline \x1b[32m✓\x1b[0m\n"
    assert written["mono"] == "\x1b[1mMSD101\x1b[0m no baseline ✓\n"  # bold stays, no colour
    assert written["plain"] == "MSD101 no baseline ✓\n"


def test_a_tab_is_four_columns_and_counted_so() -> None:
    (row,) = wrap(Line(("", "a\tb")), 80)
    assert row == [("", "a    b")]


def test_escape_sequences_in_outside_text_are_shown_not_sent() -> None:
    out = io.StringIO()
    write_lines([Line(("", "evil \x1b]0;title\x07 text"))], out, styling="colour", width=80)
    assert "\x1b]" not in out.getvalue() and "\\x1b]0;title\\x07" in out.getvalue()


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        ({}, True, "colour"),
        ({}, False, "plain"),
        ({"NO_COLOR": "1"}, True, "mono"),
        ({"FORCE_COLOR": "1"}, False, "colour"),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, "mono"),
        ({"TERM": "dumb"}, True, "plain"),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, True, "plain"),
        ({"NO_COLOR": ""}, True, "colour"),
    ],
)
def test_styles_follow_the_terminal_and_the_usual_variables(
    env: dict[str, str], tty: bool, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert styling_for(Tty() if tty else io.StringIO()) == expected


def test_piped_output_is_as_wide_as_the_terminal_it_came_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("TERM", raising=False)

    def size(fd: int) -> os.terminal_size:
        if fd != 0:  # stdout and stderr piped, stdin the terminal
            raise OSError("not a terminal")
        return os.terminal_size((150, 40))

    monkeypatch.setattr(os, "get_terminal_size", size)
    for name, fd in (("__stdout__", 1), ("__stderr__", 2), ("__stdin__", 0)):
        monkeypatch.setattr(f"sys.{name}", FileNo(fd))
    assert screen_width() == 150


class FileNo(io.StringIO):
    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def fileno(self) -> int:
        return self.fd


@pytest.mark.parametrize(("columns", "width"), [("60", 60), ("0", 80), ("abc", 80), ("5", 80)])
def test_screen_width_takes_a_sane_columns_only(
    columns: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    for name in ("__stdout__", "__stderr__", "__stdin__"):
        monkeypatch.setattr(f"sys.{name}", io.StringIO())  # no terminal to ask
    assert screen_width() == width


def test_score_wraps_at_the_width_with_no_trailing_spaces(tmp_path: Path) -> None:
    answer = tmp_path / "a.md"
    answer.write_text(
        "## Evaluation\n\nWe A/B test the new ranker on 5% of traffic for two weeks and "
        "watch watch time per user, with a guardrail on the not-interested rate.\n",
        encoding="utf-8",
    )
    out = invoke("score", str(answer), width=40).stdout
    assert "Score " in out
    assert all(cells(row) <= 40 and row == row.rstrip() for row in out.splitlines())
    assert "\x1b[" not in out  # not a terminal: no colour
