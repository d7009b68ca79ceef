"""Reading answers to grade from files or standard input.

Both are read as bytes, at most MAX_ANSWER_BYTES of them (a device or an
endless pipe must not fill memory), and decoded the same way: UTF-8, with a
byte-order mark dropped; anything else is refused rather than graded as garbage.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from coach.common.bytepos import line_col
from coach.errors import UsageError

__all__ = ["MAX_ANSWER_BYTES", "read_answer"]

MAX_ANSWER_BYTES = 5_000_000


def read_answer(path: Path, stdin: BinaryIO | None) -> str:
    """The text of the answer at `path`; `-` is `stdin` (None when it is closed)."""
    if str(path) == "-":
        name = "standard input"
        data = _read_stdin(stdin)
    else:
        name = str(path)
        data = _read_file(path)
    if len(data) > MAX_ANSWER_BYTES:
        raise UsageError(f"{name}: larger than 5 MB; is this really an answer?")
    return _decode(data, name)


def _read_stdin(stdin: BinaryIO | None) -> bytes:
    if stdin is None:
        raise UsageError("standard input is closed")
    try:
        return stdin.read(MAX_ANSWER_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read standard input: {exc.strerror or exc}") from None


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_ANSWER_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise UsageError(f"{path}: permission denied") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UsageError(f"{name}: UTF-16 text; save it as UTF-8")
    data = data.removeprefix(b"\xef\xbb\xbf")
    nul = data.find(b"\0")
    if nul >= 0:
        raise UsageError(f"{name}: a binary file, not text (NUL byte at {_where(data, nul)})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{name}: not UTF-8 text ({_where(data, exc.start)})") from None


def _where(data: bytes, offset: int) -> str:
    line, col = line_col(data, offset)
    return f"line {line}, column {col}"
