"""Who scored a stored session: the grader (from the text) or a person (from ticks).

A report that `coach interviewer` stored says `"scored_by": "interviewer"`; a report the
grader wrote has no such key. Kept apart from coach.session.pair, so an export or the
history asks without importing the session machinery.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["SCORED_BY_INTERVIEWER", "scored_by_person"]

SCORED_BY_INTERVIEWER = "interviewer"


def scored_by_person(report: Mapping[str, Any] | None) -> bool:
    """Whether a stored report holds an interviewer's ticks rather than the grader's."""
    return isinstance(report, Mapping) and report.get("scored_by") == SCORED_BY_INTERVIEWER
