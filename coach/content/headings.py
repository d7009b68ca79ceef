"""Which phase of a framework a markdown heading names ("## Data & labels" -> data)."""

from __future__ import annotations

import re
from collections.abc import Callable

from coach.common.regex_store import cached_regex
from coach.content.schema import Framework

__all__ = ["heading_mapper"]


def heading_mapper(framework: Framework) -> Callable[[str], str | None]:
    """Map a heading's words to the framework phase they name (None if none)."""
    patterns = [
        (
            phase.id,
            cached_regex(r"\b(?:" + "|".join(re.escape(w) for w in phase.headings) + ")", re.I),
        )
        for phase in framework.phases
        if phase.headings
    ]

    def phase_of(heading: str) -> str | None:
        best: tuple[int, int, str] | None = None
        for phase_id, pattern in patterns:
            found = list(pattern.finditer(heading))
            if found:
                # most matching words wins; a tie goes to the word that comes first
                rank = (len(found), -found[0].start(), phase_id)
                if best is None or rank[:2] > best[:2]:
                    best = rank
        return best[2] if best else None

    return phase_of
