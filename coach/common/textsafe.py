"""Text from outside coach, made safe to store and to print.

- `storable`: text SQLite can store (UTF-8), whatever the locale it was typed in. A
  terminal read in a non-UTF-8 locale (`LC_ALL=C`) hands Python each non-ASCII byte as
  a lone surrogate (`\\udce2`); those bytes are decoded again as the UTF-8 they almost
  always are ("—", not "\\udce2\\udc80\\udc94"), and what still is not text is written
  as visible escapes (`\\xe2`, `\\ud800`), never an exception.
- `printable`: text with its control characters shown as `\\x1b` instead of being sent
  to the terminal, where an escape sequence from an answer or an imported history
  could recolour it, retitle its window (OSC 0) or hide a link (OSC 8). Tabs and line
  breaks stay.
"""

from __future__ import annotations

from typing import Any

__all__ = ["printable", "storable", "storable_value"]

# C0 and C1 control characters but tab and newline, and DEL.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (9, 10)}


def storable(text: str) -> str:
    """`text` unchanged when it is valid Unicode; otherwise repaired as described above."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    raw = text.encode(
        "utf-8", "surrogateescape" if _only_escaped_bytes(text) else "backslashreplace"
    )
    return raw.decode("utf-8", "backslashreplace")


def storable_value(value: Any) -> Any:
    """A JSON-like value with `storable` applied to every string in it, keys too."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable_value(k): storable_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable_value(v) for v in value]
    return value


def _only_escaped_bytes(text: str) -> bool:
    """Every surrogate is one that stands for a byte (U+DC80..U+DCFF, `surrogateescape`)."""
    return all(not "\ud800" <= c <= "\udfff" or "\udc80" <= c <= "\udcff" for c in text)


def printable(text: str) -> str:
    return text.translate(_CONTROLS)
