"""Bank files are read within bounds: regular files only, a size cap, and hostile content
(a symbolic link loop, a 5,000-digit number, thousands of unknown keys) as located lines."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.errors import MAX_SHOWN
from tests.conftest import MINI_BANK
from tests.helpers import invoke


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A read that blocks (a FIFO with no writer) fails the test instead of hanging it."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("the command blocked")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def lines_of(*args: str) -> list[str]:
    """A command that must refuse: exit 2, no traceback; its stderr lines."""
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    return str(result.stderr).splitlines()


def both_ways(path: Path) -> list[list[str]]:
    """What `bank validate PATH` and `questions --bank PATH` say about a bank."""
    return [lines_of("bank", "validate", str(path)), lines_of("questions", "--bank", str(path))]


def test_a_symbolic_link_loop_is_one_line(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.symlink_to(second)
    second.symlink_to(first)
    for lines in both_ways(first):
        assert lines == [f"error: {first}: a loop of symbolic links"]


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_only_regular_files_are_read(kind: str, tmp_path: Path) -> None:
    if kind == "device":
        path, reason = Path("/dev/zero"), "is a device, not a file"
    else:
        path, reason = tmp_path / "bank.yaml", "is a named pipe (FIFO), not a file"
        os.mkfifo(path)
    for lines in both_ways(path):
        assert lines == [f"error: {path}: {reason}"]


def test_a_bank_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(11_000_000)  # sparse: nothing is written, nothing should be read
    for lines in both_ways(path):
        assert lines == [f"error: {path}: larger than 10 MB; a bank is a few hundred KB"]


def test_a_number_python_cannot_read_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(MINI_BANK.replace("difficulty: hard", "difficulty: " + "9" * 5000))
    line = next(n for n, text in enumerate(MINI_BANK.splitlines(), 1) if "difficulty: hard" in text)
    for lines in both_ways(path):
        assert lines == [f"error: {path}:{line}:17: a number with more than 4300 digits"]


def test_a_date_that_does_not_exist_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(MINI_BANK.replace("difficulty: hard", "difficulty: 2026-02-30"))
    (message,) = lines_of("bank", "validate", str(path))
    assert message.endswith(":17: cannot read this value: day is out of range for month")


def test_thousands_of_problems_are_listed_ten_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    extra = "".join(f"    bogus{n}: 1\n" for n in range(900))
    text = MINI_BANK.replace("    difficulty: hard\n", "    difficulty: hard\n" + extra)
    path.write_text(text.replace("    difficulty: medium\n", "    difficulty: medium\n" + extra))
    for lines in both_ways(path):
        assert len(lines) == MAX_SHOWN + 1
        assert all(f"unknown key 'bogus{n}'" in lines[n] for n in range(MAX_SHOWN))
        assert lines[-1] == f"…and {1_800 - MAX_SHOWN:,} more"


def test_a_mapping_of_a_hundred_thousand_keys_is_one_located_line(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    extra = "".join(f"    bogus{n}: 1\n" for n in range(100_000))
    path.write_text(MINI_BANK.replace("    difficulty: hard\n", "    difficulty: hard\n" + extra))
    for lines in both_ways(path):
        assert lines == [f"error: {path}:10:5: a mapping with more than 1,000 keys"]
