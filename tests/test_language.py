"""Which answers are not English: read from what the answer says, not from its code."""

from __future__ import annotations

from coach.engine.language import language_problem
from coach.engine.text import parse_document

ITALIAN = "Il modello per la raccolta dei dati e per la valutazione della qualità."


def test_prose_in_another_language_is_flagged() -> None:
    assert language_problem(parse_document(ITALIAN)) is not None


def test_the_words_of_a_code_block_do_not_count() -> None:
    """Hypothesis found it: "Per 1,000 per 1,000." fenced below itself was not English."""
    answer = "The model is scored per 1,000 requests.\n\n```\n" + ITALIAN + "\n```\n"
    assert language_problem(parse_document(answer)) is None
    assert language_problem(parse_document("```\n" + ITALIAN + "\n```\n")) is None
