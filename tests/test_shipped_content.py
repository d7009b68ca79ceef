"""The shipped question bank and rubric are complete and valid."""

from __future__ import annotations

import collections

import pytest

from coach.content.library import CANONICAL_ITEMS, Library, load_library


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user=False, use_cache=False)


def test_bank_size_and_facts(library: Library) -> None:
    assert len(library.questions) >= 50
    for q in library.questions.values():
        assert len(q.facts) >= 4, q.id
        assert q.category in library.categories, q.id


def test_every_category_has_questions(library: Library) -> None:
    used = collections.Counter(c for q in library.questions.values() for c in q.categories)
    for category in library.categories:
        assert used[category] >= 2, category


SEED_TOPICS = [
    "fraud",
    "churn",
    "forecast",
    "anomal",
    "stock",
    "chatbot",
    "supply",
    "autocomplete|type-ahead|typeahead",
    "language",
    "topic",
    "fake",
    "moderation|comment",
    "spam",
    "visual",
    "blur",
    "recycl|shape",
    "feed",
    "for-you|foryou",
    "people-you-may-know|pymk",
    "ads",
    "music|artist",
    "perception|driving",
    "entity",
    "feature-store",
    "a-b|ab-test|experiment",
    "gpu|distributed",
    "edge",
    "tenant",
    "ci-cd|cicd|deployment-pipeline",
    "explainab",
    "llm",
    "video",
    "ctr|click",
    "harmful",
    "eta",
    "similar",
    "question|qa",
]


@pytest.mark.parametrize("topic", SEED_TOPICS)
def test_seed_topics_are_covered(library: Library, topic: str) -> None:
    import re

    pattern = re.compile(topic)
    assert any(pattern.search(question_id) for question_id in library.questions), topic


def test_rubric_has_every_canonical_item(library: Library) -> None:
    for item_id in CANONICAL_ITEMS:
        item = library.items[item_id]
        assert item.title and item.why and item.hint and item.probe.endswith("?"), item_id


def test_default_framework_budgets_match_the_design(library: Library) -> None:
    budgets = {p.id: (p.min_minutes, p.max_minutes) for p in library.framework.phases}
    assert budgets == {
        "clarify": (5, 10),
        "data": (10, 10),
        "model": (10, 15),
        "evaluate": (10, 10),
        "wrapup": (2, 5),
    }


def test_category_items_exist_for_each_family(library: Library) -> None:
    by_category = collections.defaultdict(set)
    for item in library.items.values():
        for category in item.categories:
            by_category[category].add(item.id)
    for family in (
        "recommendation",
        "search",
        "feed",
        "ads",
        "fraud",
        "abuse",
        "forecasting",
        "vision",
        "nlp",
        "platform",
    ):
        assert by_category[family], family
