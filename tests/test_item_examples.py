"""Meta-tests over the checklist: each item's examples are its tests.

Every sentence an item lists under `credited` must earn it when graded alone,
and every sentence under `not_credited` must not. Each false or missed credit
found on real answers becomes one such example, in the rubric's own words.
"""

from __future__ import annotations

import pytest

from coach.content.library import CANONICAL_ITEMS, Library, load_library
from coach.content.schema import ChecklistItem, Question
from coach.engine import grade_text

LIBRARY: Library = load_library(include_user=False, use_cache=False)
ITEMS = list(LIBRARY.items.values())


def _question_for(item: ChecklistItem) -> Question | None:
    """A question that switches a category item on; None for the canonical items."""
    if not item.categories:
        return None
    return next(q for q in LIBRARY.questions.values() if q.category in item.categories)


def _earns(item: ChecklistItem, text: str) -> bool:
    report = grade_text(text, LIBRARY, _question_for(item))
    return any(r.covered for r in report.items if r.item.id == item.id)


CASES = [
    pytest.param(item, text, True, id=f"{item.id}+{n}")
    for item in ITEMS
    for n, text in enumerate(item.examples.credited)
] + [
    pytest.param(item, text, False, id=f"{item.id}-{n}")
    for item in ITEMS
    for n, text in enumerate(item.examples.not_credited)
]


@pytest.mark.parametrize(("item", "text", "expected"), CASES)
def test_an_example_earns_its_item_or_not(item: ChecklistItem, text: str, expected: bool) -> None:
    assert _earns(item, text) is expected, f"{item.id}: {text!r}"


@pytest.mark.parametrize("item_id", sorted(CANONICAL_ITEMS))
def test_every_canonical_item_has_examples_both_ways(item_id: str) -> None:
    examples = LIBRARY.items[item_id].examples
    assert len(examples.credited) >= 2, item_id
    assert len(examples.not_credited) >= 2, item_id
