"""Long output goes through a pager on a terminal, the way git does it."""

from __future__ import annotations

import io
import shlex
import shutil
import sys
from pathlib import Path

import pytest
from rich.console import Console

from coach.ui import pager
from coach.ui.pager import paged, pager_command
from tests.terminal import COACH, Terminal


@pytest.fixture(autouse=True)
def _no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("COACH_PAGER", "PAGER", "LESS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(pager, "_disabled", False)


def test_the_pager_is_coach_pager_then_pager_then_less(monkeypatch: pytest.MonkeyPatch) -> None:
    assert pager_command() == ["less"]
    monkeypatch.setenv("PAGER", "more -d")
    assert pager_command() == ["more", "-d"]
    monkeypatch.setenv("COACH_PAGER", "most")
    assert pager_command() == ["most"]


@pytest.mark.parametrize("setting", ["", "cat", "  ", "less 'unbalanced"])
def test_an_empty_or_cat_or_unreadable_setting_prints_as_it_is(
    monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    monkeypatch.setenv("COACH_PAGER", setting)
    assert pager_command() is None


def test_no_pager_turns_it_off() -> None:
    pager.disable()
    assert pager_command() is None


def _pager_writing_to(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pager that keeps what it was given, to read back."""
    copy = "import shutil, sys; shutil.copyfileobj(sys.stdin, open(sys.argv[1], 'w'))"
    monkeypatch.setenv("COACH_PAGER", shlex.join([sys.executable, "-c", copy, str(path)]))


def terminal_console() -> Console:
    return Console(
        file=io.StringIO(), force_terminal=True, width=60, no_color=True, highlight=False
    )


def print_lines(console: Console, count: int) -> None:
    with paged(console):
        for n in range(count):
            console.print(f"report line {n}")


def test_output_taller_than_the_terminal_goes_through_the_pager(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paged_to = tmp_path / "paged.txt"
    _pager_writing_to(paged_to, monkeypatch)
    monkeypatch.setenv("LINES", "10")
    console = terminal_console()
    print_lines(console, 30)
    assert paged_to.read_text().splitlines()[29] == "report line 29"
    assert console.file.getvalue() == ""  # type: ignore[attr-defined]


def test_output_that_fits_or_is_not_for_a_terminal_is_printed_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paged_to = tmp_path / "paged.txt"
    _pager_writing_to(paged_to, monkeypatch)
    monkeypatch.setenv("LINES", "10")
    short = terminal_console()
    print_lines(short, 1)
    assert short.file.getvalue() == "report line 0\n"  # type: ignore[attr-defined]
    piped = Console(file=io.StringIO(), width=60)
    print_lines(piped, 30)
    assert "report line 29" in piped.file.getvalue()  # type: ignore[attr-defined]
    assert not paged_to.exists()


def test_a_pager_that_cannot_start_prints_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_PAGER", "/nonexistent/pager")
    monkeypatch.setenv("LINES", "5")
    console = terminal_console()
    print_lines(console, 20)
    assert "report line 19" in console.file.getvalue()  # type: ignore[attr-defined]


@pytest.mark.slow
@pytest.mark.skipif(not Path(COACH).exists(), reason="coach is not installed")
@pytest.mark.skipif(shutil.which("less") is None, reason="no less on this machine")
def test_a_long_report_opens_in_less_on_a_terminal_and_q_quits(tmp_path: Path) -> None:
    answer = Path(__file__).parent / "fixtures" / "thin" / "fraud.md"
    term = Terminal("score", str(answer), home=tmp_path, rows=20, cols=80, pager=None)
    term.wait_for("Problem clarification")
    assert "Practise next" not in term.text  # the end is a page or more below
    term.type("G")  # less: to the end
    term.wait_for("Practise next")
    term.type("q")
    assert term.finish() == 1  # a thin answer: error-level findings


@pytest.mark.slow
@pytest.mark.skipif(not Path(COACH).exists(), reason="coach is not installed")
def test_no_pager_prints_the_whole_report(tmp_path: Path) -> None:
    answer = Path(__file__).parent / "fixtures" / "thin" / "fraud.md"
    term = Terminal("--no-pager", "score", str(answer), home=tmp_path, rows=20, cols=80, pager=None)
    assert term.finish() == 1  # a thin answer: error-level findings
    assert "Practise next" in term.text
