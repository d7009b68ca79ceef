"""How well a card went, on FSRS's four-point scale: what a quiz suggests and asks."""

from __future__ import annotations

__all__ = ["AGAIN", "EASY", "GOOD", "HARD", "RATING_NAMES"]

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "again", HARD: "hard", GOOD: "good", EASY: "easy"}
