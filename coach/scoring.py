"""Reading answers to grade from files or standard input."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from coach.errors import UsageError

__all__ = ["read_answer"]

MAX_ANSWER_BYTES = 5_000_000


def read_answer(path: Path, stdin: TextIO) -> str:
    if str(path) == "-":
        return stdin.read()
    try:
        if path.stat().st_size > MAX_ANSWER_BYTES:
            raise UsageError(f"{path}: larger than 5 MB; is this really an answer?")
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise UsageError(f"{path}: permission denied") from None
