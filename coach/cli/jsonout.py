"""JSON on stdout, the same way everywhere."""

from __future__ import annotations

import sys
from typing import Any

from coach.common.jsontext import indented_json

__all__ = ["print_json"]

# Written a piece at a time, as json.dump did: one write of megabytes to a pipe whose
# reader has gone is cut short without an error, and the next write is what reports
# the broken pipe (exit 141, not 0 as if everything had been read).
_PIECE = 8192


def print_json(value: Any) -> None:
    text = indented_json(value) + "\n"
    for start in range(0, len(text), _PIECE):
        sys.stdout.write(text[start : start + _PIECE])
