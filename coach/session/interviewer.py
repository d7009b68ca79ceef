"""Ask the interviewer: a candidate's question matched against the question's facts."""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.content.schema import Fact
from coach.engine.patterns import compile_phrase
from coach.engine.text import parse_document
from coach.engine.tokens import Token

__all__ = ["NO_MATCH", "reply_to"]

NO_MATCH = "Good question: make an assumption and state it."

# Where one ask ends and the next begins: "How many users, and what is the latency?"
_NEXT_ASK = re.compile(r"[?;]|\band\b|\balso\b|\bplus\b", re.IGNORECASE)


def reply_to(question: str, facts: Sequence[Fact], most: int = 2) -> str:
    """The fact each ask of the question is about, at most `most`; else NO_MATCH.

    An ask is about the first thing it names: "What data do we have about customers?"
    asks for the data, not the number of customers, so it gets one fact, not two.
    """
    chosen: list[Fact] = []
    for ask in _NEXT_ASK.split(question):
        fact = _first_named(_tokens(ask), facts)
        if fact is not None and fact not in chosen:
            chosen.append(fact)
    if not chosen:
        return NO_MATCH
    return " ".join(fact.answer.strip() for fact in chosen[:most])


def _tokens(text: str) -> list[Token]:
    return [token for sentence in parse_document(text).sentences for token in sentence.tokens]


def _first_named(tokens: Sequence[Token], facts: Sequence[Fact]) -> Fact | None:
    """The fact with a trigger earliest in the ask (ties: the fact listed first)."""
    best: tuple[int, int] | None = None
    found: Fact | None = None
    for order, fact in enumerate(facts):
        for trigger in fact.triggers:
            phrase = compile_phrase(trigger)
            at = next(
                (i for i in range(len(tokens)) if phrase.match_at(tokens, i) is not None), None
            )
            if at is not None and (best is None or (at, order) < best):
                best, found = (at, order), fact
    return found
