"""The labelled answer sets that benchmarks/fidelity.py measures stay usable.

Every answer has a label; every label names a known question, known checklist
items (that apply to that question) and known mistake rules, and a 1-4 rating.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coach.content.library import Library, load_library

SETS = sorted(
    p for p in (Path(__file__).parent / "fixtures").iterdir() if (p / "labels.yaml").exists()
)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user=False, use_cache=False)


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_every_answer_is_labelled_with_known_ids(folder: Path, library: Library) -> None:
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    assert sorted(labels) == sorted(p.name for p in folder.glob("*.md"))
    rule_names = {rule.name for rule in library.rubric.rules}
    for name, label in labels.items():
        question = library.questions[label["question"]] if label.get("question") else None
        applicable = {item.id for item in library.items_for(question)}
        assert set(label.get("covered") or []) <= applicable, name
        assert set(label.get("mistakes") or []) <= rule_names, name
        assert label["rating"] in (1, 2, 3, 4), name
