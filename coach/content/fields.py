"""The pieces every content class is validated with: id shapes, bounds, checks.

`check` raises ValueError, which pydantic reports at the field's location like
any other error; `reflow` undoes the hard line breaks a YAML block keeps.
"""

from __future__ import annotations

import re
from typing import Literal

from coach.common.regex_store import cached_regex

# A weight is relative to the others; a bound keeps sums finite (two 1e308 weights are inf).
MAX_WEIGHT = 100

# Unknown keys are errors, and so are inf and nan ("weight: 1e999", ".nan"): they
# would reach the score and make `coach score --format json` print invalid JSON.
FORBID = {"extra": "forbid", "allow_inf_nan": False}
SLUG = cached_regex(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ITEM_ID = cached_regex(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
RULE_CODE = cached_regex(r"^MSD\d{3}$")

Level = Literal["error", "warning", "info"]
Difficulty = Literal["easy", "medium", "hard"]
Need = Literal["number", "quantity"]
RuleKind = Literal["missing", "when", "order", "forbid", "limit", "timing"]
Countable = Literal["words", "quantities", "questions", "mentions"]


def check(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)


def nonblank(value: str, what: str) -> None:
    check(bool(value.strip()), f"{what} must not be empty")


_LIST_LINE = cached_regex(r"\s*(?:[-*+]|\d+[.)])\s")


def reflow(text: str) -> str:
    """Each paragraph on one line; blank lines and list lines kept as written."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if lines and not _LIST_LINE.match(line):
                lines[-1] = f"{lines[-1]} {line.strip()}"
            else:
                lines.append(line.rstrip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs) + ("\n" if text.endswith("\n") else "")
