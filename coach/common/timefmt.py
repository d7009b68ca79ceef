"""Minutes and seconds as people read them."""

from __future__ import annotations

__all__ = ["budget_text", "clock_text", "overrun_text"]


def budget_text(min_minutes: float, max_minutes: float) -> str:
    """'5–10 min', or '10 min' when the budget is one number."""
    if min_minutes == max_minutes:
        return f"{max_minutes:g} min"
    return f"{min_minutes:g}–{max_minutes:g} min"


def clock_text(seconds: float) -> str:
    """'3:07' for 187 seconds."""
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def overrun_text(minutes: float) -> str:
    """Minutes past a budget, said without a minus sign: "2.1 min over", "9.8 min under"."""
    if abs(minutes) < 0.05:
        return "on budget"
    return f"{abs(minutes):.1f} min {'over' if minutes > 0 else 'under'}"
