"""Ask the interviewer: a candidate's question matched against the question's facts."""

from __future__ import annotations

from collections.abc import Sequence

from coach.content.schema import Fact
from coach.engine.patterns import compile_phrase
from coach.engine.text import parse_document

__all__ = ["NO_MATCH", "reply_to"]

NO_MATCH = "Good question: make an assumption and state it."


def reply_to(question: str, facts: Sequence[Fact], most: int = 2) -> str:
    """The facts whose trigger terms the question uses, best first; else NO_MATCH."""
    doc = parse_document(question)
    scored: list[tuple[int, int, Fact]] = []
    for order, fact in enumerate(facts):
        hits = 0
        for trigger in fact.triggers:
            phrase = compile_phrase(trigger)
            for sentence in doc.sentences:
                if any(
                    phrase.match_at(sentence.tokens, i) is not None
                    for i in range(len(sentence.tokens))
                ):
                    hits += 1
                    break
        if hits:
            scored.append((-hits, order, fact))
    if not scored:
        return NO_MATCH
    scored.sort(key=lambda entry: entry[:2])
    return " ".join(fact.answer.strip() for _, _, fact in scored[:most])
