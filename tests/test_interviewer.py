"""The interviewer answers what was asked: one fact per ask, the one the ask is about."""

from __future__ import annotations

import pytest

from coach.content.library import load_library
from coach.session.interviewer import NO_MATCH, reply_to

FACTS = {fact.topic: fact for fact in load_library().questions["customer-churn-prediction"].facts}


def said(*topics: str) -> str:
    return " ".join(FACTS[topic].answer.strip() for topic in topics)


@pytest.mark.parametrize(
    ("question", "topics"),
    [
        # "customers" is a scale trigger too, but the ask is about the data
        ("What data do we have about customers?", ("data",)),
        ("How many customers do we have?", ("scale",)),
        (
            "How many subscribers are there, and what is the latency requirement?",
            ("scale", "latency"),
        ),
        ("What is the goal? How are labels defined?", ("goal", "labels")),
        # two asks about one thing get it once
        ("What is the goal, and what is the business objective?", ("goal",)),
    ],
)
def test_each_ask_gets_the_fact_it_is_about(question: str, topics: tuple[str, ...]) -> None:
    assert reply_to(question, list(FACTS.values())) == said(*topics)


def test_at_most_two_facts_and_none_when_nothing_matches() -> None:
    facts = list(FACTS.values())
    many = reply_to("What is the goal? How many users? What latency? Which data?", facts)
    assert many == said("goal", "scale")
    assert reply_to("Can I assume a team of five engineers?", facts) == NO_MATCH
