"""Numbers drawn as text, the same in the terminal and in markdown: sparklines and
trend arrows.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["BARS", "sparkline", "trend_arrow"]

BARS = "▁▂▃▄▅▆▇█"
_ARROWS = {"worse": "↑", "better": "↓", "same": "→"}


def sparkline(values: Sequence[float], lo: float | None = None, hi: float | None = None) -> str:
    """One bar per value, ▁ (lowest) to █ (highest).

    The scale runs from `lo` to `hi` (default: the smallest and largest value);
    values outside it are clamped. Constant input gives a row of mid-height bars.
    """
    if not values:
        return ""
    low = min(values) if lo is None else lo
    high = max(values) if hi is None else hi
    if high <= low:
        return BARS[len(BARS) // 2 - 1] * len(values)
    top = len(BARS) - 1
    out = []
    for value in values:
        fraction = (min(max(value, low), high) - low) / (high - low)
        out.append(BARS[int(fraction * top + 0.5)])
    return "".join(out)


def trend_arrow(trend: str | None) -> str:
    """↑ worse, ↓ better, → same; "·" when there is nothing to compare with."""
    return _ARROWS.get(trend or "", "·")
