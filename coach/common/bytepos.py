"""Where a byte offset is in a file, as an editor shows it."""

from __future__ import annotations

__all__ = ["line_col"]


def line_col(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of the byte at `offset`, counting characters, not bytes
    (a bad byte is reported where an editor would put the cursor)."""
    start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, col
