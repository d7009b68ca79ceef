"""A COLUMNS of 0 or nonsense falls back to a sane width instead of printing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.ui.console import MAX_WIDTH
from tests.helpers import invoke

# Each command, and a word its output shows at any width.
COMMANDS = {
    "rules": (["rules"], "MSD101"),
    "questions": (["questions"], "medium"),
    "history": (["history"], "sessions"),
    "stats": (["stats"], "sessions"),
}


@pytest.mark.parametrize("columns", ["0", "-3", "abc", "5", "999999999"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_any_columns_value_prints_the_output(
    command: str, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args, expected = COMMANDS[command]
    monkeypatch.setenv("COLUMNS", columns)
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert expected in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= MAX_WIDTH


def test_score_with_columns_zero_prints_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = tmp_path / "answer.md"
    answer.write_text("The business goal is fewer cancellations.\n", encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "0")
    result = invoke("score", str(answer))
    assert result.exit_code in (0, 1), result.output
    assert "Score " in result.stdout and "/100" in result.stdout


def test_emoji_codes_in_an_answer_stay_text(tmp_path: Path) -> None:
    answer = tmp_path / "a.md"
    answer.write_text("## Clarify\n\nThe goal is :rocket: growth in watch time.\n")
    shown = invoke("score", str(answer)).stdout
    assert ":rocket:" in shown and "🚀" not in shown
